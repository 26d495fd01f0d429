import { Money } from '@mi/domain';
import {
  InMemoryKnowledgeBase,
  type CatalogueEntry,
  type DiagnosisCode,
  type DiseaseList,
  type KnowledgeBase,
  type KnowledgeBaseData,
  type OperationConstraint,
} from '../knowledge/knowledge';

/**
 * A small synthetic knowledge base for tests, simulations and demos: invented codes in the
 * national shapes (drug `X…` 17 characters, service 15 digits, consumable `C…`), limits chosen
 * to exercise every default rule. Not real catalogue data.
 */
export const SAMPLE_CODES = {
  progesterone: 'XG03DAA001A000001',
  tamsulosin: 'XG04CAA001A000001',
  paediatricColdGranules: 'XR05XAA001A000001',
  surfactant: 'XR07AAA001A000001',
  ceftriaxone: 'XJ01DDA001A000001',
  cefotaxime: 'XJ01DDA002A000001',
  meropenem: 'XJ01DHA001A000001',
  liraglutide: 'XA10BJA001A000001',
  atorvastatin: 'XC10AAA001A000001',
  paracetamol: 'XN02BEA001A000001',
  trastuzumab: 'XL01XCA001A000001',
  albumin: 'XB05AAA001A000001',
  omeprazole: 'XA02BCA001A000001',
  rabeprazole: 'XA02BCA002A000001',
  transvaginalUltrasound: '003103010010000',
  prostateMassage: '003111000010000',
  outpatientConsultation: '001102000010000',
  levelOneNursing: '001201000010000',
  haemodialysis: '003107010010000',
  generalAnaesthesia: '003306000010000',
  trachealIntubation: '003306000030000',
  liverPanel: '002503000010000',
  alt: '002503010010000',
  ast: '002503010020000',
  bilirubin: '002503010030000',
  venousBloodSampling: '002501000010000',
  hyperbaricOxygen: '003105000010000',
  umbilicalClamp: 'C1405000000000001',
  bonePeptide: 'XM05XXA001A000001',
  dydrogesterone: 'XG03DBA001A000001',
  paediatricFeverGranules: 'ZA01BAX0001010101',
  levofloxacin: 'XJ01MAA001A000001',
  diazepam: 'XN05BAA001A000001',
  cordyceps: 'T000900101',
  wolfberry: 'T000500303',
  occupationalRehab: '004300000010000',
  prenatalCheck: '003114000020000',
  neonatalBilirubin: '002502000010000',
  paediatricTuina: '004400000010000',
  behaviouralAudiometry: '003102000010000',
  colposcopy: '003114000030000',
  cholecystectomy: '003310000010000',
  herniaRepair: '003310000020000',
  lithotripsy: '003109000010000',
  paediatricScalpNeedle: 'C1401020000000001',
  ivCannula: 'C1401030000000001',
  stapler: 'C1407010000000001',
  salvianolate: 'XC01EXD001A000001',
  shockWaveTherapy: '003400000010000',
  acarbose: 'XA10BFA001A000001',
  nifedipine: 'XC08CAA005A000001',
} as const;

const C = SAMPLE_CODES;
const yuan = (value: string): Money => Money.parseYuan(value, 'sample');

export const SAMPLE_CATALOGUE: readonly CatalogueEntry[] = [
  { hilistCode: C.progesterone, name: '黄体酮注射液', listType: '101', gender: '2' },
  { hilistCode: C.tamsulosin, name: '盐酸坦索罗辛缓释胶囊', listType: '101', gender: '1' },
  { hilistCode: C.paediatricColdGranules, name: '小儿氨酚黄那敏颗粒', listType: '101', childOnly: true },
  { hilistCode: C.surfactant, name: '注射用牛肺表面活性剂', listType: '101', newbornOnly: true, indicationText: '限新生儿呼吸窘迫综合征' },
  { hilistCode: C.ceftriaxone, name: '注射用头孢曲松钠', listType: '101', drugClass: 'J01DD' },
  { hilistCode: C.cefotaxime, name: '注射用头孢噻肟钠', listType: '101', drugClass: 'J01DD' },
  {
    hilistCode: C.meropenem,
    name: '注射用美罗培南',
    listType: '101',
    drugClass: 'J01DH',
    secondLine: true,
    firstLineCodes: [C.ceftriaxone, C.cefotaxime],
  },
  {
    hilistCode: C.liraglutide,
    name: '利拉鲁肽注射液',
    listType: '101',
    indicationPrefixes: ['E11'],
    indicationText: '限二甲双胍等口服降糖药或胰岛素控制效果不佳的2型糖尿病患者',
  },
  { hilistCode: C.atorvastatin, name: '阿托伐他汀钙片', listType: '101', maxDays: 30 },
  { hilistCode: C.paracetamol, name: '对乙酰氨基酚片', listType: '101', maxQuantityPerVisit: 2 },
  {
    hilistCode: C.trastuzumab,
    name: '注射用曲妥珠单抗',
    listType: '101',
    minInstitutionLevel: 2,
    indicationPrefixes: ['C50'],
    indicationText: '限HER2阳性的乳腺癌',
  },
  { hilistCode: C.albumin, name: '人血白蛋白注射液', listType: '101', treatmentModes: ['2'] },
  { hilistCode: C.omeprazole, name: '奥美拉唑肠溶胶囊', listType: '101', drugClass: 'A02BC' },
  { hilistCode: C.rabeprazole, name: '雷贝拉唑钠肠溶片', listType: '101', drugClass: 'A02BC' },
  { hilistCode: C.transvaginalUltrasound, name: '经阴道彩色多普勒超声检查', listType: '201', gender: '2' },
  { hilistCode: C.prostateMassage, name: '前列腺按摩', listType: '201', gender: '1' },
  { hilistCode: C.outpatientConsultation, name: '普通门诊诊查费', listType: '201' },
  {
    hilistCode: C.levelOneNursing,
    name: 'Ⅰ级护理',
    listType: '201',
    maxPerDay: 1,
    treatmentModes: ['2'],
    priceCaps: { 3: yuan('26.00'), 2: yuan('22.00'), 1: yuan('18.00') },
  },
  { hilistCode: C.haemodialysis, name: '血液透析', listType: '201', priceCaps: { 3: yuan('420.00'), 2: yuan('400.00'), 1: yuan('380.00') } },
  { hilistCode: C.generalAnaesthesia, name: '全身麻醉', listType: '201', contains: [C.trachealIntubation] },
  { hilistCode: C.trachealIntubation, name: '气管插管术', listType: '201' },
  { hilistCode: C.liverPanel, name: '肝功能检查（组合）', listType: '201', bundleParts: [C.alt, C.ast, C.bilirubin] },
  { hilistCode: C.alt, name: '丙氨酸氨基转移酶测定', listType: '201' },
  { hilistCode: C.ast, name: '天门冬氨酸氨基转移酶测定', listType: '201' },
  { hilistCode: C.bilirubin, name: '总胆红素测定', listType: '201' },
  { hilistCode: C.venousBloodSampling, name: '静脉采血', listType: '201', maxPerDay: 2 },
  {
    hilistCode: C.hyperbaricOxygen,
    name: '高压氧舱治疗',
    listType: '201',
    treatmentModes: ['2'],
    minInstitutionLevel: 2,
    indicationPrefixes: ['T58', 'T70.3'],
    indicationText: '限一氧化碳中毒、减压病',
  },
  { hilistCode: C.umbilicalClamp, name: '一次性使用新生儿脐带夹', listType: '301', newbornOnly: true },
  // payment limits by insurance type (国家医保药品目录 / 医疗服务项目目录 备注“限工伤保险”“限生育保险”)
  { hilistCode: C.bonePeptide, name: '复方骨肽注射液', listType: '101', workInjuryOnly: true, indicationText: '限工伤保险' },
  { hilistCode: C.dydrogesterone, name: '地屈孕酮片', listType: '101', maternityOnly: true, indicationText: '限生育保险' },
  { hilistCode: C.occupationalRehab, name: '职业康复训练', listType: '201', workInjuryOnly: true },
  { hilistCode: C.prenatalCheck, name: '产前检查', listType: '201', maternityOnly: true },
  // 中药饮片: 单味或复方均不予支付 / 单味使用不予支付 (药品目录凡例)
  { hilistCode: C.cordyceps, name: '冬虫夏草', listType: '102', tcmNotPayable: 'always' },
  { hilistCode: C.wolfberry, name: '枸杞子', listType: '102', tcmNotPayable: 'single' },
  // label age limits (说明书): 儿童专用 (maxAge < 18), 儿童禁用 (minAge), 老年人潜在不适当用药
  { hilistCode: C.paediatricFeverGranules, name: '小儿豉翘清热颗粒', listType: '101', maxAge: 14 },
  { hilistCode: C.levofloxacin, name: '左氧氟沙星片', listType: '101', minAge: 18 },
  { hilistCode: C.diazepam, name: '地西泮片', listType: '101', elderlyAvoid: true },
  { hilistCode: C.behaviouralAudiometry, name: '儿童行为测听', listType: '201', maxAge: 14 },
  // services and consumables limited to newborns / children
  { hilistCode: C.neonatalBilirubin, name: '新生儿经皮胆红素测定', listType: '201', newbornOnly: true },
  { hilistCode: C.paediatricTuina, name: '小儿推拿治疗', listType: '201', childOnly: true },
  { hilistCode: C.paediatricScalpNeedle, name: '一次性使用小儿头皮静脉输液针', listType: '301', childOnly: true },
  // 限科室: national department codes (A05 妇产科)
  { hilistCode: C.colposcopy, name: '电子阴道镜检查', listType: '201', departments: ['A05'] },
  // 手术折价: an additional operation through the same incision at 50 % of the price
  {
    hilistCode: C.cholecystectomy,
    name: '腹腔镜下胆囊切除术',
    listType: '201',
    additionalSurgeryPercent: 50,
    priceCaps: { 3: yuan('1800.00'), 2: yuan('1650.00'), 1: yuan('1500.00') },
  },
  {
    hilistCode: C.herniaRepair,
    name: '腹股沟疝修补术',
    listType: '201',
    additionalSurgeryPercent: 50,
    priceCaps: { 3: yuan('1200.00'), 2: yuan('1100.00'), 1: yuan('1000.00') },
  },
  // 限定报销总额 per visit/stay; 数量超标 per day
  { hilistCode: C.lithotripsy, name: '体外冲击波碎石', listType: '201', maxAmountPerVisit: '1500.00' },
  { hilistCode: C.stapler, name: '一次性使用吻合器', listType: '301', maxAmountPerVisit: '3000.00' },
  { hilistCode: C.ivCannula, name: '一次性使用静脉留置针', listType: '301', maxPerDay: 1 },
  // 限支付疗程: days of use paid per course, counted in the item's course window (疗程周期)
  {
    hilistCode: C.salvianolate,
    name: '注射用丹参多酚酸盐',
    listType: '101',
    courseDays: 14,
    courseWindowDays: 30,
    indicationText: '限缺血性脑梗死急性发作期，支付不超过14天',
  },
  { hilistCode: C.shockWaveTherapy, name: '体外冲击波治疗（骨肌疾病）', listType: '201', courseDays: 5, courseWindowDays: 30 },
  // 限定病种目录: on the medication lists of the 两病 (高血压、糖尿病) outpatient benefit only
  { hilistCode: C.acarbose, name: '阿卡波糖片', listType: '101', diseaseLists: ['LB-DM'] },
  { hilistCode: C.nifedipine, name: '硝苯地平控释片', listType: '101', diseaseLists: ['LB-HTN', 'MTB-CKD'] },
];

/**
 * A representative slice of 医保疾病诊断分类与代码 (ICD-10 医保版): every code the samples, the
 * generator and the tests use, so a code outside it is 疾病诊断编码异常. Names shortened.
 */
export const SAMPLE_DIAGNOSIS_CODES: readonly DiagnosisCode[] = [
  { code: 'A09.900', name: '胃肠炎' },
  { code: 'C50.900', name: '乳房恶性肿瘤' },
  { code: 'C53.900', name: '子宫颈恶性肿瘤' },
  { code: 'C61.X00', name: '前列腺恶性肿瘤' },
  { code: 'E10.900', name: '1型糖尿病' },
  { code: 'E11.900', name: '2型糖尿病' },
  { code: 'E66.900', name: '肥胖症' },
  { code: 'E78.500', name: '高脂血症' },
  { code: 'E88.001', name: '低蛋白血症' },
  { code: 'G47.000', name: '失眠' },
  { code: 'I10.X00', name: '原发性高血压' },
  { code: 'I11.900', name: '高血压性心脏病' },
  { code: 'I25.100', name: '动脉粥样硬化性心脏病' },
  { code: 'I63.900', name: '脑梗死' },
  { code: 'J06.900', name: '急性上呼吸道感染' },
  { code: 'J18.900', name: '肺炎' },
  { code: 'J44.100', name: '慢性阻塞性肺病伴急性加重' },
  { code: 'K29.700', name: '胃炎' },
  { code: 'K35.800', name: '急性阑尾炎' },
  { code: 'K40.900', name: '单侧腹股沟疝' },
  { code: 'K80.100', name: '胆囊结石伴胆囊炎' },
  { code: 'M54.500', name: '腰痛' },
  { code: 'M75.100', name: '肩袖综合征' },
  { code: 'M81.000', name: '绝经后骨质疏松' },
  { code: 'N18.500', name: '慢性肾脏病5期' },
  { code: 'N20.000', name: '肾结石' },
  { code: 'N39.000', name: '泌尿道感染' },
  { code: 'N40.X00', name: '前列腺增生' },
  { code: 'N80.000', name: '子宫内膜异位症' },
  { code: 'O20.000', name: '先兆流产' },
  { code: 'O80.000', name: '单胎顺产' },
  { code: 'O80.001', name: '单胎顺产（头位）' },
  { code: 'P07.100', name: '低出生体重' },
  { code: 'P07.300', name: '早产儿' },
  { code: 'P22.000', name: '新生儿呼吸窘迫综合征' },
  { code: 'R10.400', name: '腹痛' },
  { code: 'R54.X00', name: '老年性衰弱' },
  { code: 'S06.000', name: '脑震荡' },
  { code: 'T58.X00', name: '一氧化碳中毒' },
];

/**
 * 手术操作编码与性别 (ICD-9-CM-3 医保版 chapters): male genital organs 60–64, female genital organs
 * 65–71, obstetric procedures 72–75.
 */
export const SAMPLE_OPERATION_CONSTRAINTS: readonly OperationConstraint[] = [
  { codePrefix: '60', name: '前列腺和精囊手术', gender: '1' },
  { codePrefix: '61', name: '阴囊和睾丸鞘膜手术', gender: '1' },
  { codePrefix: '62', name: '睾丸手术', gender: '1' },
  { codePrefix: '63', name: '精索、附睾和输精管手术', gender: '1' },
  { codePrefix: '64', name: '阴茎手术', gender: '1' },
  { codePrefix: '65', name: '卵巢手术', gender: '2' },
  { codePrefix: '66', name: '输卵管手术', gender: '2' },
  { codePrefix: '67', name: '子宫颈手术', gender: '2' },
  { codePrefix: '68', name: '子宫切开术和切除术', gender: '2' },
  { codePrefix: '69', name: '子宫和支持结构的其他手术', gender: '2' },
  { codePrefix: '70', name: '阴道和直肠子宫陷凹手术', gender: '2' },
  { codePrefix: '71', name: '外阴和会阴手术', gender: '2' },
  { codePrefix: '72', name: '产钳、真空吸引和臀位助产', gender: '2' },
  { codePrefix: '73', name: '其他引产或助产操作', gender: '2' },
  { codePrefix: '74', name: '剖宫产术和胎儿取出术', gender: '2' },
  { codePrefix: '75', name: '其他产科手术', gender: '2' },
];

/**
 * 限定病种目录: 两病 (高血压、糖尿病) outpatient medication benefit and one 门诊慢特病 病种; codes
 * are the city's (invented), prefixes ICD-10.
 */
export const SAMPLE_DISEASE_LISTS: readonly DiseaseList[] = [
  { code: 'LB-HTN', name: '高血压（两病）', benefit: '两病门诊用药保障', diagnosisPrefixes: ['I10', 'I11', 'I12', 'I13', 'I15'] },
  { code: 'LB-DM', name: '糖尿病（两病）', benefit: '两病门诊用药保障', diagnosisPrefixes: ['E10', 'E11', 'E12', 'E13', 'E14'] },
  { code: 'MTB-CKD', name: '慢性肾脏病（门诊慢特病）', benefit: '门诊慢特病', diagnosisPrefixes: ['N18'] },
];

/**
 * The bundled sample knowledge (version `sample-2026.1`): what a new install seeds as provincial
 * defaults, and what tests evaluate against. Invented codes; no real data.
 */
export const SAMPLE_KNOWLEDGE_DATA: KnowledgeBaseData = {
  version: 'sample-2026.1',
  items: SAMPLE_CATALOGUE,
  diagnoses: [
    { codePrefix: 'O', name: '妊娠、分娩和产褥期', gender: '2', minAge: 10, maxAge: 60 },
    { codePrefix: 'N40', name: '前列腺增生', gender: '1' },
    { codePrefix: 'C61', name: '前列腺恶性肿瘤', gender: '1' },
    { codePrefix: 'C53', name: '子宫颈恶性肿瘤', gender: '2' },
    { codePrefix: 'N80', name: '子宫内膜异位症', gender: '2' },
    { codePrefix: 'M81.0', name: '绝经后骨质疏松', gender: '2', minAge: 40 },
    { codePrefix: 'P07', name: '早产和低出生体重', maxAge: 1 },
    { codePrefix: 'R54', name: '老年性衰弱', minAge: 60 },
  ],
  drugClasses: [
    { code: 'J01DD', name: '第三代头孢菌素类' },
    { code: 'J01DH', name: '碳青霉烯类' },
    { code: 'A02BC', name: '质子泵抑制剂' },
  ],
  codeSets: { 'high-cost-drugs': [C.trastuzumab, C.meropenem] },
  diagnosisCodes: SAMPLE_DIAGNOSIS_CODES,
  operations: SAMPLE_OPERATION_CONSTRAINTS,
  diseaseLists: SAMPLE_DISEASE_LISTS,
};

/** The sample snapshot (version `sample-2026.1`). */
export function sampleKnowledgeBase(): KnowledgeBase {
  return InMemoryKnowledgeBase.from(SAMPLE_KNOWLEDGE_DATA);
}
