import { defineDictionary, type CodeOf, type ViolationType } from '@mi/domain';

/**
 * 违规行为分类 (`vola_bhvr_type`) — the national dictionary was not found (NHSA-INTERFACES.md §7,
 * status U), so these are platform codes, one per violation type of DOMAIN.md §0 (`ViolationType`
 * in @mi/domain). A tenant whose HIS expects other codes maps them at the gateway.
 */
export const BehaviourType = defineDictionary('vola_bhvr_type', {
  '01': { zh: '分解住院', en: 'Decomposed admission', violationType: 'decomposed-admission' },
  '02': { zh: '挂床住院', en: 'Nominal admission', violationType: 'nominal-admission' },
  '03': { zh: '重复收费', en: 'Duplicate charging', violationType: 'duplicate-charging' },
  '04': { zh: '超标准收费', en: 'Charging above the standard price', violationType: 'over-standard-charging' },
  '05': { zh: '分解项目收费', en: 'Split-item charging', violationType: 'split-item-charging' },
  '06': { zh: '串换药品、医用耗材、诊疗项目和服务设施', en: 'Substitution', violationType: 'substitution' },
  '07': { zh: '转卖药品、返现', en: 'Drug resale or kickback', violationType: 'drug-resale-or-kickback' },
  '08': { zh: '将不属于基金支付范围的费用纳入结算', en: 'Non-covered costs settled', violationType: 'non-covered-settled' },
  '09': { zh: '伪造、变造、隐匿资料', en: 'Falsified records', violationType: 'falsified-records' },
  '10': { zh: '虚构医药服务项目', en: 'Fictitious services', violationType: 'fictitious-services' },
  '11': { zh: '未执行实名就医购药', en: 'No real-name verification', violationType: 'no-real-name-verification' },
  '12': { zh: '指定地点购药', en: 'Designated-place purchase', violationType: 'designated-place-purchase' },
  '13': { zh: '未经同意提供自费项目', en: 'Self-pay without consent', violationType: 'self-pay-without-consent' },
  '14': { zh: '过度诊疗、过度检查', en: 'Over-treatment', violationType: 'over-treatment' },
  '15': { zh: '分解处方', en: 'Split prescription', violationType: 'split-prescription' },
  '16': { zh: '超量开药', en: 'Excessive quantity', violationType: 'excessive-quantity' },
  '17': { zh: '重复开药', en: 'Duplicate prescribing', violationType: 'duplicate-prescribing' },
  '18': { zh: '无依据检查、重复检查', en: 'Unwarranted examination', violationType: 'unwarranted-examination' },
  '19': { zh: '诱导协助冒名或虚假就医购药', en: 'Impersonation or fake visit', violationType: 'impersonation-or-fake-visit' },
  '99': { zh: '其他违法违规行为', en: 'Other', violationType: 'other' },
} satisfies Record<string, { zh: string; en: string; violationType: ViolationType }>);
export type BehaviourType = CodeOf<typeof BehaviourType>;
