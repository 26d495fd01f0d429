import { defineDictionary, type CodeOf } from './define-dictionary';

/**
 * 险种类型 (`insutype`) — NHSA insurance type. 310, 390 and 510 are the platform's main
 * schemes (DOMAIN.md §0); 340, 391 and 399 appear in NHSA-INTERFACES.md §5 (one source each).
 */
export const InsuranceType = defineDictionary('insutype', {
  '310': { zh: '职工基本医疗保险', en: 'Employee basic medical insurance' },
  '340': { zh: '离休人员医疗保障', en: 'Retired veteran cadres medical care' },
  '390': { zh: '城乡居民基本医疗保险', en: 'Urban-rural resident basic medical insurance' },
  '391': { zh: '城镇居民基本医疗保险', en: 'Urban resident basic medical insurance' },
  '399': { zh: '其他特殊人员医疗保障', en: 'Other special groups medical care' },
  '510': { zh: '生育保险', en: 'Maternity insurance' },
});
export type InsuranceType = CodeOf<typeof InsuranceType>;
