import { defineDictionary, type CodeOf } from '../dictionaries/define-dictionary';

/**
 * 门诊统筹不予支付的11种情形 — the eleven cases in which the employees' general outpatient
 * pooling fund does not pay (Hunan 湘医保函〔2023〕36号, seeds/000_…, section 一). `ordinal` is
 * the item number in that notice; ids are stable and persisted.
 */
export const OutpatientPoolExclusion = defineDictionary('outpatient_pool_exclusion', {
  'work-injury': {
    ordinal: 1,
    zh: '应当从工伤保险基金中支付的',
    en: 'Payable by the work-injury insurance fund',
  },
  'third-party-liability': {
    ordinal: 2,
    zh: '应当由第三人负担的，如交通事故、医疗事故，以及有第三人责任伤害等',
    en: 'Borne by a liable third party, such as traffic or medical accidents and third-party injuries',
  },
  'public-health': {
    ordinal: 3,
    zh: '应当由公共卫生负担的，如疾病筛查、预防接种等',
    en: 'Borne by public health, such as disease screening and vaccination',
  },
  'non-functional-care': {
    ordinal: 4,
    zh: '健康体检、心理咨询、美容、义齿、视力矫正、辅助生育，以及产后康复等身心非功能性医疗保健与康复服务',
    en: 'Non-functional care: health check-ups, psychological counselling, cosmetic treatment, dentures, vision correction, assisted reproduction, postpartum rehabilitation and similar',
  },
  'during-inpatient-stay': {
    ordinal: 5,
    zh: '参保患者住院期间发生的门诊就医与药店购药费用',
    en: 'Outpatient visits and pharmacy purchases during an inpatient stay',
  },
  'chronic-or-dual-channel-covered': {
    ordinal: 6,
    zh: '参保患者已经享受慢特病门诊待遇或“双通道”管理药品待遇的医药费用',
    en: 'Costs already covered as an outpatient chronic/special disease or a "dual channel" drug',
  },
  'non-designated-institution': {
    ordinal: 7,
    zh: '非医保定点医药机构发生的医药费用',
    en: 'Costs at a non-designated institution or pharmacy',
  },
  'preventive-stock': {
    ordinal: 8,
    zh: '个人及家庭预防性备用药物及医用耗材等',
    en: 'Preventive stock of medicines or consumables for an individual or family',
  },
  'imprisonment-or-crime': {
    ordinal: 9,
    zh: '在监狱服刑期间以及因犯罪行为发生的医药费用',
    en: 'Costs during imprisonment or caused by a criminal act',
  },
  'unlicensed-service': {
    ordinal: 10,
    zh: '未经主管部门许可的诊疗项目、执业范围和经营范围的医疗费用',
    en: 'Services, practice or business scope not licensed by the competent authority',
  },
  'other-national-or-provincial': {
    ordinal: 11,
    zh: '国家和省规定不予支付的其他情形',
    en: 'Other cases excluded by national or provincial rules',
  },
});
export type OutpatientPoolExclusion = CodeOf<typeof OutpatientPoolExclusion>;
