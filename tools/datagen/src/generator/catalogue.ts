import { SAMPLE_CODES } from '@mi/rules';
import { yuan, type Fen } from './money';

/**
 * The generator's price list. Every code of the @mi/rules sample knowledge base
 * (`SAMPLE_CODES`, limits in `SAMPLE_CATALOGUE`) plus a few invented everyday items (beds, tests,
 * infusions) that the sample knowledge base does not limit, so clean visits look like real ones.
 * Codes and prices are invented in the national shapes — not real catalogue data.
 */
export type GenListType = '101' | '102' | '201' | '301';

export interface GenItem {
  readonly code: string;
  readonly name: string;
  readonly listType: GenListType;
  /** `med_chrgitm_type` / chrg_type. */
  readonly chargeType: string;
  /** Unit price per institution level 0–3 (index = level). */
  readonly prices: readonly [Fen, Fen, Fen, Fen];
  /** Days of supply per unit (boxes of tablets), for `prd_days`. */
  readonly daysPerUnit?: number;
}

function flat(price: string): [Fen, Fen, Fen, Fen] {
  const p = yuan(price);
  return [p, p, p, p];
}

/** Level-dependent price `[level0, level1, level2, level3]`. */
function byLevel(l0: string, l1: string, l2: string, l3: string): [Fen, Fen, Fen, Fen] {
  return [yuan(l0), yuan(l1), yuan(l2), yuan(l3)];
}

const C = SAMPLE_CODES;

function item(code: string, name: string, listType: GenListType, chargeType: string, prices: [Fen, Fen, Fen, Fen], daysPerUnit?: number): GenItem {
  return { code, name, listType, chargeType, prices, ...(daysPerUnit !== undefined ? { daysPerUnit } : {}) };
}

export const ITEMS = {
  // --- @mi/rules sample knowledge base (limits there) ---
  progesterone: item(C.progesterone, '黄体酮注射液', '101', '09', flat('4.60')),
  tamsulosin: item(C.tamsulosin, '盐酸坦索罗辛缓释胶囊', '101', '09', flat('38.50'), 10),
  paediatricColdGranules: item(C.paediatricColdGranules, '小儿氨酚黄那敏颗粒', '101', '09', flat('12.80'), 5),
  surfactant: item(C.surfactant, '注射用牛肺表面活性剂', '101', '09', flat('1980.00')),
  ceftriaxone: item(C.ceftriaxone, '注射用头孢曲松钠', '101', '09', flat('6.50')),
  cefotaxime: item(C.cefotaxime, '注射用头孢噻肟钠', '101', '09', flat('5.20')),
  meropenem: item(C.meropenem, '注射用美罗培南', '101', '09', flat('85.00')),
  liraglutide: item(C.liraglutide, '利拉鲁肽注射液', '101', '09', flat('286.00'), 15),
  atorvastatin: item(C.atorvastatin, '阿托伐他汀钙片', '101', '09', flat('9.80'), 14),
  paracetamol: item(C.paracetamol, '对乙酰氨基酚片', '101', '09', flat('2.50'), 3),
  trastuzumab: item(C.trastuzumab, '注射用曲妥珠单抗', '101', '09', flat('1982.00')),
  albumin: item(C.albumin, '人血白蛋白注射液', '101', '09', flat('398.00')),
  omeprazole: item(C.omeprazole, '奥美拉唑肠溶胶囊', '101', '09', flat('25.80'), 14),
  rabeprazole: item(C.rabeprazole, '雷贝拉唑钠肠溶片', '101', '09', flat('32.60'), 14),
  transvaginalUltrasound: item(C.transvaginalUltrasound, '经阴道彩色多普勒超声检查', '201', '03', byLevel('120.00', '130.00', '150.00', '160.00')),
  prostateMassage: item(C.prostateMassage, '前列腺按摩', '201', '05', byLevel('20.00', '20.00', '22.00', '25.00')),
  outpatientConsultation: item(C.outpatientConsultation, '普通门诊诊查费', '201', '02', byLevel('6.00', '8.00', '10.00', '15.00')),
  levelOneNursing: item(C.levelOneNursing, 'Ⅰ级护理', '201', '07', byLevel('18.00', '18.00', '22.00', '26.00')),
  haemodialysis: item(C.haemodialysis, '血液透析', '201', '05', byLevel('380.00', '380.00', '400.00', '420.00')),
  generalAnaesthesia: item(C.generalAnaesthesia, '全身麻醉', '201', '06', byLevel('900.00', '900.00', '1050.00', '1200.00')),
  trachealIntubation: item(C.trachealIntubation, '气管插管术', '201', '05', flat('120.00')),
  liverPanel: item(C.liverPanel, '肝功能检查（组合）', '201', '04', flat('60.00')),
  alt: item(C.alt, '丙氨酸氨基转移酶测定', '201', '04', flat('12.00')),
  ast: item(C.ast, '天门冬氨酸氨基转移酶测定', '201', '04', flat('12.00')),
  bilirubin: item(C.bilirubin, '总胆红素测定', '201', '04', flat('8.00')),
  venousBloodSampling: item(C.venousBloodSampling, '静脉采血', '201', '05', flat('4.00')),
  hyperbaricOxygen: item(C.hyperbaricOxygen, '高压氧舱治疗', '201', '05', byLevel('150.00', '150.00', '170.00', '180.00')),
  umbilicalClamp: item(C.umbilicalClamp, '一次性使用新生儿脐带夹', '301', '08', flat('18.00')),
  bonePeptide: item(C.bonePeptide, '复方骨肽注射液', '101', '09', flat('35.00')),
  dydrogesterone: item(C.dydrogesterone, '地屈孕酮片', '101', '09', flat('96.00'), 10),
  paediatricFeverGranules: item(C.paediatricFeverGranules, '小儿豉翘清热颗粒', '101', '11', flat('22.00'), 3),
  levofloxacin: item(C.levofloxacin, '左氧氟沙星片', '101', '09', flat('15.00'), 5),
  diazepam: item(C.diazepam, '地西泮片', '101', '09', flat('3.20'), 10),
  cordyceps: item(C.cordyceps, '冬虫夏草', '102', '10', flat('300.00')),
  wolfberry: item(C.wolfberry, '枸杞子', '102', '10', flat('0.25')),
  occupationalRehab: item(C.occupationalRehab, '职业康复训练', '201', '05', flat('80.00')),
  prenatalCheck: item(C.prenatalCheck, '产前检查', '201', '02', flat('40.00')),
  neonatalBilirubin: item(C.neonatalBilirubin, '新生儿经皮胆红素测定', '201', '04', flat('15.00')),
  paediatricTuina: item(C.paediatricTuina, '小儿推拿治疗', '201', '05', flat('30.00')),
  behaviouralAudiometry: item(C.behaviouralAudiometry, '儿童行为测听', '201', '03', flat('60.00')),
  colposcopy: item(C.colposcopy, '电子阴道镜检查', '201', '03', byLevel('100.00', '110.00', '120.00', '130.00')),
  // operations at their capped prices (level 0 has no cap: operations are charged at hospitals)
  cholecystectomy: item(C.cholecystectomy, '腹腔镜下胆囊切除术', '201', '06', byLevel('1500.00', '1500.00', '1650.00', '1800.00')),
  herniaRepair: item(C.herniaRepair, '腹股沟疝修补术', '201', '06', byLevel('1000.00', '1000.00', '1100.00', '1200.00')),
  lithotripsy: item(C.lithotripsy, '体外冲击波碎石', '201', '05', flat('600.00')),
  paediatricScalpNeedle: item(C.paediatricScalpNeedle, '一次性使用小儿头皮静脉输液针', '301', '08', flat('1.50')),
  ivCannula: item(C.ivCannula, '一次性使用静脉留置针', '301', '08', flat('9.50')),
  stapler: item(C.stapler, '一次性使用吻合器', '301', '08', flat('1600.00')),
  // 限支付疗程 (14 days of use in 30 / 5 days in 30) and 限定病种目录 (两病, 门诊慢特病)
  salvianolate: item(C.salvianolate, '注射用丹参多酚酸盐', '101', '09', flat('52.00')),
  shockWaveTherapy: item(C.shockWaveTherapy, '体外冲击波治疗（骨肌疾病）', '201', '05', byLevel('150.00', '160.00', '180.00', '200.00')),
  acarbose: item(C.acarbose, '阿卡波糖片', '101', '09', flat('36.00'), 10),
  nifedipine: item(C.nifedipine, '硝苯地平控释片', '101', '09', flat('33.00'), 7),
  // --- invented everyday items, not limited by the sample knowledge base ---
  bed: item('001107000010000', '普通病房床位费', '201', '01', byLevel('25.00', '30.00', '45.00', '60.00')),
  levelTwoNursing: item('001201000020000', 'Ⅱ级护理', '201', '07', byLevel('12.00', '12.00', '15.00', '18.00')),
  bloodCount: item('002201000010000', '血细胞分析', '201', '04', flat('22.00')),
  urinalysis: item('002203000010000', '尿液分析', '201', '04', flat('10.00')),
  chestXray: item('002703000010000', '胸部X线摄影', '201', '03', byLevel('60.00', '60.00', '65.00', '70.00')),
  ecg: item('003101000020000', '常规心电图检查', '201', '03', flat('25.00')),
  ultrasound: item('003103000020000', '彩色多普勒超声常规检查', '201', '03', byLevel('120.00', '130.00', '140.00', '150.00')),
  ctScan: item('002600000010000', 'X线计算机体层(CT)平扫', '201', '03', byLevel('220.00', '220.00', '250.00', '280.00')),
  infusion: item('003106000010000', '静脉输液', '201', '05', flat('8.00')),
  injection: item('003107000010000', '肌肉注射', '201', '05', flat('3.00')),
  appendectomy: item('003108000010000', '阑尾切除术', '201', '06', byLevel('1200.00', '1200.00', '1350.00', '1500.00')),
  vaginalDelivery: item('003114000010000', '经阴道分娩', '201', '06', byLevel('800.00', '800.00', '900.00', '1000.00')),
  acupuncture: item('004100000010000', '普通针刺', '201', '05', flat('20.00')),
  amlodipine: item('XC08CAA001A000001', '苯磺酸氨氯地平片', '101', '09', flat('12.50'), 14),
  metformin: item('XA10BAA001A000001', '盐酸二甲双胍片', '101', '09', flat('8.90'), 15),
  insulin: item('XA10ABA001A000001', '门冬胰岛素注射液', '101', '09', flat('68.00'), 10),
  saline: item('XB05BBA001A000001', '氯化钠注射液', '101', '09', flat('3.20')),
  amoxicillin: item('XJ01CAA001A000001', '阿莫西林胶囊', '101', '09', flat('9.80'), 5),
  ambroxol: item('XR05CBA001A000001', '盐酸氨溴索口服溶液', '101', '09', flat('16.50'), 5),
  aspirin: item('XB01ACA001A000001', '阿司匹林肠溶片', '101', '09', flat('15.00'), 30),
  calcium: item('XA12AXA001A000001', '碳酸钙D3片', '101', '09', flat('28.00'), 30),
  lianhua: item('ZA01AAL0001010101', '连花清瘟胶囊', '101', '11', flat('14.80'), 4),
  astragalus: item('T000100101', '黄芪', '102', '10', flat('0.12')),
  angelica: item('T000100202', '当归', '102', '10', flat('0.30')),
  infusionSet: item('C1401010000000001', '一次性使用输液器', '301', '08', flat('3.50')),
  gauze: item('C0201010000000001', '医用纱布块', '301', '08', flat('1.20')),
  syringe: item('C1403010000000001', '一次性使用无菌注射器', '301', '08', flat('0.80')),
} as const satisfies Record<string, GenItem>;

export type ItemKey = keyof typeof ITEMS;

export interface DiagnosisInfo {
  readonly code: string;
  readonly name: string;
}

export const DX = {
  uri: { code: 'J06.900', name: '急性上呼吸道感染' },
  pneumonia: { code: 'J18.900', name: '肺炎' },
  gastritis: { code: 'K29.700', name: '胃炎' },
  hypertension: { code: 'I10.X00', name: '原发性高血压' },
  diabetes: { code: 'E11.900', name: '2型糖尿病' },
  hyperlipidaemia: { code: 'E78.500', name: '高脂血症' },
  stroke: { code: 'I63.900', name: '脑梗死' },
  chd: { code: 'I25.100', name: '动脉粥样硬化性心脏病' },
  appendicitis: { code: 'K35.800', name: '急性阑尾炎' },
  ckd5: { code: 'N18.500', name: '慢性肾脏病5期' },
  breastCancer: { code: 'C50.900', name: '乳腺恶性肿瘤' },
  coPoisoning: { code: 'T58.X00', name: '一氧化碳中毒' },
  backPain: { code: 'M54.500', name: '腰痛' },
  abdominalPain: { code: 'R10.400', name: '腹痛' },
  uti: { code: 'N39.000', name: '泌尿道感染' },
  obesity: { code: 'E66.900', name: '肥胖症' },
  hypoalbuminaemia: { code: 'E88.001', name: '低蛋白血症' },
  copd: { code: 'J44.100', name: '慢性阻塞性肺病伴急性加重' },
  gastroenteritis: { code: 'A09.900', name: '胃肠炎' },
  cholecystitis: { code: 'K80.100', name: '胆囊结石伴胆囊炎' },
  inguinalHernia: { code: 'K40.900', name: '腹股沟疝' },
  kidneyStone: { code: 'N20.000', name: '肾结石' },
  insomnia: { code: 'G47.000', name: '失眠' },
  // constrained by the sample knowledge base (sex / age)
  delivery: { code: 'O80.000', name: '单胎顺产' },
  threatenedAbortion: { code: 'O20.000', name: '先兆流产' },
  bph: { code: 'N40.X00', name: '前列腺增生' },
  endometriosis: { code: 'N80.000', name: '子宫内膜异位症' },
  cervicalCancer: { code: 'C53.900', name: '子宫颈恶性肿瘤' },
  osteoporosis: { code: 'M81.000', name: '绝经后骨质疏松' },
  prematurity: { code: 'P07.300', name: '早产儿' },
  rds: { code: 'P22.000', name: '新生儿呼吸窘迫综合征' },
  frailty: { code: 'R54.X00', name: '老年性衰弱' },
  shoulder: { code: 'M75.100', name: '肩袖综合征' },
} as const satisfies Record<string, DiagnosisInfo>;

/**
 * 手术操作 (ICD-9-CM-3 医保版 shape, invented leaves): the operations of the surgical stays, and two
 * of one sex only that the 手术操作编码与性别不符 injection puts on a patient of the other.
 */
export const OPERATIONS = {
  appendectomy: { code: '47.0900', name: '阑尾切除术' },
  cholecystectomy: { code: '51.2300', name: '腹腔镜下胆囊切除术' },
  herniaRepair: { code: '53.0000', name: '单侧腹股沟疝修补术' },
  vaginalDelivery: { code: '73.5900', name: '手法助产' },
  hysterectomy: { code: '68.4100', name: '腹腔镜下全子宫切除术' },
  prostatectomy: { code: '60.2900', name: '经尿道前列腺切除术' },
} as const satisfies Record<string, DiagnosisInfo>;

/** 科室 — department codes (national 科室代码 shape) and names. */
export const DEPARTMENTS = {
  general: ['A02', '全科医疗科'],
  internal: ['A03', '内科'],
  surgery: ['A04', '外科'],
  gyn: ['A05', '妇产科'],
  paediatrics: ['A07', '儿科'],
  oncology: ['A19', '肿瘤科'],
  tcm: ['A50', '中医科'],
  pharmacy: ['A99', '药店'],
} as const;
export type DepartmentKey = keyof typeof DEPARTMENTS;
