import { defineDictionary, type CodeOf } from './define-dictionary';

/** Broad catalogue category used by payment-limit rules. */
export type ListCategory = 'drug' | 'tcm-pieces' | 'service' | 'consumable' | 'other';

/**
 * 目录类别 (`list_type`, in 3101/3102 `hilist_type`) — which medical-insurance catalogue an
 * item belongs to. 101/102/201/301 are well attested; 105/106/501 come from one source
 * (NHSA-INTERFACES.md §5, C1).
 */
export const ListType = defineDictionary('list_type', {
  '101': { zh: '西药中成药', en: 'Western and Chinese patent medicine', category: 'drug' },
  '102': { zh: '中药饮片', en: 'TCM decoction pieces', category: 'tcm-pieces' },
  '105': { zh: '其他', en: 'Other', category: 'other' },
  '106': { zh: '中药颗粒', en: 'TCM granules', category: 'drug' },
  '201': { zh: '医疗服务项目', en: 'Medical service item', category: 'service' },
  '301': { zh: '医用耗材', en: 'Medical consumable', category: 'consumable' },
  '501': { zh: '长期服务项目', en: 'Long-term service item', category: 'other' },
} satisfies Record<string, { zh: string; en: string; category: ListCategory }>);
export type ListType = CodeOf<typeof ListType>;
