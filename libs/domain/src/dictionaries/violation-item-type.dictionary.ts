import { defineDictionary, type CodeOf } from './define-dictionary';

/** 违规明细类型 (`vola_item_type`) — whether a detail line is the violating item or only involved. */
export const ViolationItemType = defineDictionary('vola_item_type', {
  '1': { zh: '违规项', en: 'Violating item' },
  '2': { zh: '涉及项', en: 'Involved item' },
});
export type ViolationItemType = CodeOf<typeof ViolationItemType>;
