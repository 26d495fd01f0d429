import { defineDictionary, type CodeOf } from './define-dictionary';

/** 性别 (`gend`) — NHSA gender codes (after GB/T 2261.1). */
export const Gender = defineDictionary('gend', {
  '0': { zh: '未知', en: 'Unknown' },
  '1': { zh: '男', en: 'Male' },
  '2': { zh: '女', en: 'Female' },
  '9': { zh: '未说明', en: 'Not stated' },
});
export type Gender = CodeOf<typeof Gender>;
