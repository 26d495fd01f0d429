import { defineDictionary, type CodeOf } from './define-dictionary';

/** 严重程度 (`sev_deg`) — severity of a smart-review finding (3101/3102 output). */
export const Severity = defineDictionary('sev_deg', {
  '1': { zh: '明确违规', en: 'Definite violation' },
  '2': { zh: '高度可疑', en: 'Highly suspicious' },
  '3': { zh: '轻度可疑', en: 'Slightly suspicious' },
});
export type Severity = CodeOf<typeof Severity>;
