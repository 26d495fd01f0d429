import { defineDictionary, type CodeOf } from '../dictionaries/define-dictionary';

/**
 * Which list of the 2022 Ningxia referral notice (seeds/004_…) a type comes from:
 * - `fund-use` — 二(二): suspected illegal use or fraud of the fund, referred by the health
 *   commission to the medical-insurance bureau (医保 handles it);
 * - `clinical-practice` — 二(一): unreasonable or unnecessary services against clinical norms,
 *   referred by the bureau to the health commission (卫健 handles it).
 * `other` belongs to either list (`null`): decided per case.
 * Most are also prohibited by 《医疗保障基金使用监督管理条例》 Art. 15 (DOMAIN-RULES.md REV-03).
 */
export type ViolationList = 'fund-use' | 'clinical-practice';

/**
 * 违规行为类型 — the violation types of DOMAIN.md §0 with stable English ids. The ids are
 * persisted and sent in events: never rename one; add a new id instead.
 */
export const ViolationType = defineDictionary('violation_type', {
  'decomposed-admission': { zh: '分解住院', en: 'Decomposed (split) admission', list: 'fund-use' },
  'nominal-admission': { zh: '挂床住院', en: 'Nominal admission (bed held without treatment)', list: 'fund-use' },
  'duplicate-charging': { zh: '重复收费', en: 'Duplicate charging', list: 'fund-use' },
  'over-standard-charging': { zh: '超标准收费', en: 'Charging above the standard price', list: 'fund-use' },
  'split-item-charging': { zh: '分解项目收费', en: 'Split-item charging', list: 'fund-use' },
  substitution: {
    zh: '串换药品、医用耗材、诊疗项目和服务设施',
    en: 'Substituting drugs, consumables, services or facilities',
    list: 'fund-use',
  },
  'drug-resale-or-kickback': {
    zh: '为参保人员转卖药品、接受返还现金或实物等提供便利',
    en: 'Enabling drug resale, cash-back or other illicit benefits',
    list: 'fund-use',
  },
  'non-covered-settled': {
    zh: '将不属于医疗保障基金支付范围的医药费用纳入基金结算',
    en: 'Settling non-covered costs to the fund',
    list: 'fund-use',
  },
  'falsified-records': {
    zh: '伪造、变造、隐匿、涂改、销毁医学文书、会计凭证等资料',
    en: 'Forging, altering, hiding or destroying records',
    list: 'fund-use',
  },
  'fictitious-services': { zh: '虚构医药服务项目', en: 'Fictitious medical services', list: 'fund-use' },
  'no-real-name-verification': {
    zh: '未执行实名就医和购药管理规定',
    en: 'Real-name treatment and purchase rules not applied',
    list: 'clinical-practice',
  },
  'designated-place-purchase': {
    zh: '违规安排患者到其他指定地点购买医药耗材',
    en: 'Steering patients to buy drugs or consumables at a designated place',
    list: 'clinical-practice',
  },
  'self-pay-without-consent': {
    zh: '未经参保人员或其近亲属、监护人同意提供基金支付范围以外的医药服务',
    en: 'Non-covered services without the consent of the insured or family',
    list: 'clinical-practice',
  },
  'over-treatment': { zh: '过度诊疗、过度检查', en: 'Over-treatment or over-examination', list: 'clinical-practice' },
  'split-prescription': { zh: '分解处方', en: 'Split prescription', list: 'clinical-practice' },
  'excessive-quantity': { zh: '超量开药', en: 'Prescribing excessive quantities', list: 'clinical-practice' },
  'duplicate-prescribing': { zh: '重复开药', en: 'Duplicate prescribing', list: 'clinical-practice' },
  'unwarranted-examination': {
    zh: '无依据检查、重复检查',
    en: 'Examinations without indication or repeated',
    list: 'clinical-practice',
  },
  'impersonation-or-fake-visit': {
    zh: '诱导、协助他人冒名或者虚假就医、购药',
    en: 'Inducing or helping impersonated or fake visits and purchases',
    list: 'clinical-practice',
  },
  other: { zh: '其他违法违规行为', en: 'Other violation', list: null },
} satisfies Record<string, { zh: string; en: string; list: ViolationList | null }>);
export type ViolationType = CodeOf<typeof ViolationType>;
