import type { ListType } from '@mi/domain';
import type { RuleDefinition } from '../dsl/rule-definition';
import { ALL_STAGES, DRUG_LIST_TYPES, field, nationalBasis, perDayQuantity, text, TREATMENT_MODE_LABEL } from './fragments';

/** 政策类 — payment limits of the catalogue (DOMAIN-RULES.md KB-03). */

function childOnly(code: string, name: RuleDefinition['name'], tier2: string, listTypes: readonly ListType[]): RuleDefinition {
  return {
    id: code,
    version: 1,
    name,
    category: { tier1: '政策类', tier2 },
    stage: ALL_STAGES,
    target: { kind: 'line', listTypes, itemSet: { table: 'catalogue', with: 'childOnly' } },
    params: { adultAge: 18 },
    condition: { op: 'ge', args: [field('patient.age'), { param: 'adultAge' }] },
    severity: '1',
    behaviourType: '08',
    amount: { kind: 'target' },
    explanation: {
      volaCont: '{{line.name}}限儿童使用，患者年龄{{patient.age}}岁（≥{{param.adultAge}}岁），不予支付，涉及金额{{amount}}元',
      volaEvid: `${nationalBasis(code)}；医保目录限定支付范围“限儿童”`,
    },
    notes: '儿童 = under 18 [I]; a city may set adultAge.',
  };
}

/** 药品限儿童使用 GZ10000101007000: a child-only drug for a patient aged `adultAge` or more. */
export const DRUG_CHILD_ONLY = childOnly('GZ10000101007000', { zh: '药品限儿童使用', en: 'Drug payable for children only' }, '药品政策限定类', DRUG_LIST_TYPES);

/** 医疗服务项目限儿童使用 GZ10000102006000. */
export const SERVICE_CHILD_ONLY = childOnly(
  'GZ10000102006000',
  { zh: '医疗服务项目限儿童使用', en: 'Service payable for children only' },
  '医疗服务项目政策限定类',
  ['201'],
);

/** 耗材限儿童使用 GZ10000103002000. */
export const CONSUMABLE_CHILD_ONLY = childOnly('GZ10000103002000', { zh: '耗材限儿童使用', en: 'Consumable payable for children only' }, '医用耗材政策限定类', [
  '301',
]);

function newbornOnly(code: string, name: RuleDefinition['name'], tier2: string, listTypes: readonly ListType[]): RuleDefinition {
  return {
    id: code,
    version: 1,
    name,
    category: { tier1: '政策类', tier2 },
    stage: ALL_STAGES,
    target: { kind: 'line', listTypes, itemSet: { table: 'catalogue', with: 'newbornOnly' } },
    params: { newbornMaxDays: 28 },
    condition: { op: 'gt', args: [field('patient.ageDays'), { param: 'newbornMaxDays' }] },
    severity: '1',
    behaviourType: '08',
    amount: { kind: 'target' },
    explanation: {
      volaCont: '{{line.name}}限新生儿使用，患者出生{{patient.ageDays}}天（超过{{param.newbornMaxDays}}天），不予支付，涉及金额{{amount}}元',
      volaEvid: `${nationalBasis(code)}；新生儿指出生28天以内`,
    },
  };
}

/** 药品限新生儿使用 GZ10000101006000. */
export const DRUG_NEWBORN_ONLY = newbornOnly(
  'GZ10000101006000',
  { zh: '药品限新生儿使用', en: 'Drug payable for newborns only' },
  '药品政策限定类',
  DRUG_LIST_TYPES,
);

/** 医疗服务项目限新生儿使用 GZ10000102005000. */
export const SERVICE_NEWBORN_ONLY = newbornOnly(
  'GZ10000102005000',
  { zh: '医疗服务项目限新生儿使用', en: 'Service payable for newborns only' },
  '医疗服务项目政策限定类',
  ['201'],
);

/** 耗材限新生儿使用 GZ10000103001000. */
export const CONSUMABLE_NEWBORN_ONLY = newbornOnly(
  'GZ10000103001000',
  { zh: '耗材限新生儿使用', en: 'Consumable payable for newborns only' },
  '医用耗材政策限定类',
  ['301'],
);

function indication(code: string, name: RuleDefinition['name'], tier2: string, listTypes: readonly ListType[]): RuleDefinition {
  return {
    id: code,
    version: 1,
    name,
    category: { tier1: '政策类', tier2 },
    stage: ALL_STAGES,
    target: { kind: 'line', listTypes, itemSet: { table: 'catalogue', with: 'indicationPrefixes' } },
    condition: { not: { op: 'startsWithAny', args: [field('claim.diagnosisCodes'), field('item.indicationPrefixes')] } },
    severity: '2',
    behaviourType: '08',
    amount: { kind: 'target' },
    explanation: {
      volaCont:
        '{{line.name}}{{item.indicationText}}；本次诊断（{{claim.diagnosisCodes}}）不在限定适应症（{{item.indicationPrefixes}}）内，涉及金额{{amount}}元',
      volaEvid: `${nationalBasis(code)}；医保目录限定支付范围：{{item.indicationText}}`,
    },
    notes: 'High suspicion, not definite: the indication may be documented only in the medical record.',
  };
}

/** 药品限适应症 GZ10000101008000. */
export const DRUG_INDICATION = indication(
  'GZ10000101008000',
  { zh: '药品限适应症', en: 'Drug outside its payable indication' },
  '药品政策限定类',
  DRUG_LIST_TYPES,
);

/** 医疗服务项目限适应症 GZ10000102007000. */
export const SERVICE_INDICATION = indication(
  'GZ10000102007000',
  { zh: '医疗服务项目限适应症', en: 'Service outside its payable indication' },
  '医疗服务项目政策限定类',
  ['201'],
);

/** 药品限二线使用 GZ10000101005000: no first-line alternative in this claim or in the last `lookbackDays` days. */
export const DRUG_SECOND_LINE: RuleDefinition = {
  id: 'GZ10000101005000',
  version: 1,
  name: { zh: '药品限二线使用', en: 'Second-line drug without first-line use' },
  category: { tier1: '政策类', tier2: '药品政策限定类' },
  stage: ALL_STAGES,
  target: { kind: 'line', listTypes: DRUG_LIST_TYPES, itemSet: { table: 'catalogue', with: 'secondLine' } },
  params: { lookbackDays: 30 },
  let: {
    firstLineUsed: {
      history: 'itemQuantity',
      items: field('item.firstLineCodes'),
      window: { unit: 'days', size: { param: 'lookbackDays' } },
    },
  },
  condition: { op: 'eq', args: [{ ref: 'firstLineUsed' }, { const: 0 }] },
  severity: '2',
  behaviourType: '08',
  amount: { kind: 'target' },
  explanation: {
    volaCont: '{{line.name}}限二线用药，本次就诊及前{{param.lookbackDays}}日内未见一线药品（{{item.firstLineCodes}}）使用记录，涉及金额{{amount}}元',
    volaEvid: `${nationalBasis('GZ10000101005000')}；限二线用药须有一线药品使用无效或不能耐受的依据`,
  },
};

/** 药品限最大支付天数/开药量 GZ10000101009000: days of supply above the payable maximum; the excess days are not paid. */
export const DRUG_MAX_DAYS: RuleDefinition = {
  id: 'GZ10000101009000',
  version: 1,
  name: { zh: '药品限最大支付天数/开药量', en: 'Drug supplied for more days than payable' },
  category: { tier1: '政策类', tier2: '药品政策限定类' },
  stage: ALL_STAGES,
  scope: { treatmentModes: ['1', '3'] },
  target: { kind: 'line', listTypes: DRUG_LIST_TYPES, itemSet: { table: 'catalogue', with: 'maxDays' } },
  condition: { op: 'gt', args: [field('line.days'), field('item.maxDays')] },
  severity: '1',
  behaviourType: '16',
  amount: {
    kind: 'expr',
    value: {
      op: 'mul',
      rounding: 'HALF_UP',
      args: [field('line.amount'), { op: 'div', args: [{ op: 'sub', args: [field('line.days'), field('item.maxDays')] }, field('line.days')] }],
    },
  },
  explanation: {
    volaCont: '{{line.name}}开药{{line.days}}天，超过限定最大支付天数{{item.maxDays}}天，超出部分金额{{amount}}元',
    volaEvid: `${nationalBasis('GZ10000101009000')}；超出天数按比例不予支付`,
  },
};

/**
 * 限支付疗程: the item's days of use — on this claim and on the patient's settlements in the course
 * window before it — above the catalogue's `courseDays`; the days beyond the course are not paid.
 *
 * A day counts once however many lines charge the item that day, or as its 用药天数 (`prd_days`) when
 * a line has them (an outpatient supply of 7 days is 7 days of use). The course window (疗程周期) is
 * the item's `courseWindowDays`, else `defaultWindowDays`, ending on the visit/admission date; it is
 * cut to `maxWindowDays`, the history a review loads (claims-review keeps 180 days).
 * One finding per item and claim; the amount is the claim's days beyond the course pro rata, charged
 * to the latest lines.
 */
function paymentCourse(code: string, name: RuleDefinition['name'], tier2: string, listTypes: readonly ListType[], basis: string): RuleDefinition {
  const window = { unit: 'days', size: { ref: 'windowDays' }, maxSize: { param: 'maxWindowDays' } } as const;
  return {
    id: code,
    version: 1,
    name,
    category: { tier1: '政策类', tier2 },
    stage: ALL_STAGES,
    target: { kind: 'line', listTypes, itemSet: { table: 'catalogue', with: 'courseDays' }, groupBy: ['hilistCode'] },
    params: { defaultWindowDays: 30, maxWindowDays: 180 },
    let: {
      windowDays: {
        op: 'min',
        args: [{ op: 'coalesce', args: [field('item.courseWindowDays'), { param: 'defaultWindowDays' }] }, { param: 'maxWindowDays' }],
      },
      priorDays: { history: 'itemDays', items: field('line.hilistCode'), window, includeCurrent: false },
      totalDays: { history: 'itemDays', items: field('line.hilistCode'), window },
      claimDays: { op: 'sub', args: [{ ref: 'totalDays' }, { ref: 'priorDays' }] },
      excessDays: { op: 'min', args: [{ ref: 'claimDays' }, { op: 'sub', args: [{ ref: 'totalDays' }, field('item.courseDays')] }] },
    },
    condition: {
      all: [
        { op: 'gt', args: [{ ref: 'totalDays' }, field('item.courseDays')] },
        { op: 'gt', args: [{ ref: 'claimDays' }, { const: 0 }] },
      ],
    },
    severity: '1',
    behaviourType: '08',
    amount: {
      kind: 'expr',
      value: { op: 'mul', rounding: 'HALF_UP', args: [field('group.amount'), { op: 'div', args: [{ ref: 'excessDays' }, { ref: 'claimDays' }] }] },
    },
    explanation: {
      volaCont:
        '{{line.name}}限支付疗程{{item.courseDays}}天（疗程周期{{let.windowDays}}日），周期内此前已使用{{let.priorDays}}天、本次{{let.claimDays}}天，累计{{let.totalDays}}天，超出{{let.excessDays}}天，超疗程金额{{amount}}元',
      volaEvid: `${nationalBasis(code)}；${basis}`,
    },
    notes:
      'History: the itemDays measure over the course window (per-item courseWindowDays, default 30 days [I]). The catalogue states the course (支付不超过N天); the window a course is counted in is a knowledge-base choice.',
  };
}

/** 药品限支付疗程 GZ10000101010000. */
export const DRUG_PAYMENT_COURSE = paymentCourse(
  'GZ10000101010000',
  { zh: '药品限支付疗程', en: 'Drug paid beyond its payable course' },
  '药品政策限定类',
  DRUG_LIST_TYPES,
  '医保药品目录限定支付疗程（如“支付不超过14天”），超出疗程的用药天数基金不予支付',
);

/** 医疗服务项目限支付疗程 GZ10000102010000. */
export const SERVICE_PAYMENT_COURSE = paymentCourse(
  'GZ10000102010000',
  { zh: '医疗服务项目限支付疗程', en: 'Service paid beyond its payable course' },
  '医疗服务项目政策限定类',
  ['201'],
  '医疗服务项目目录限定支付疗程，超出疗程的治疗天数基金不予支付',
);

/**
 * 药品超限定病种目录范围使用 GZ10000101011000: on a 门诊慢特病 settlement (med_type 14, which carries
 * the 门诊慢特病 and 两病 benefits), a drug on the medication list of restricted disease lists only
 * (`diseaseLists`, e.g. 两病·糖尿病) with no diagnosis in any of those lists.
 *
 * Not 药品限适应症 (GZ10000101008000): that one is the drug's own 限适应症 in the catalogue
 * (`indicationPrefixes`), checked on every settlement; this one is the benefit's 病种目录 — the drug is
 * payable under that benefit only for the diseases whose list it is on, whatever the catalogue says.
 */
export const DRUG_DISEASE_LIST: RuleDefinition = {
  id: 'GZ10000101011000',
  version: 1,
  name: { zh: '药品超限定病种目录范围使用', en: 'Drug outside its restricted disease lists' },
  category: { tier1: '政策类', tier2: '药品政策限定类' },
  stage: ALL_STAGES,
  scope: { medTypes: ['14'] },
  target: { kind: 'line', listTypes: DRUG_LIST_TYPES, itemSet: { table: 'catalogue', with: 'diseaseLists' } },
  condition: { not: { op: 'startsWithAny', args: [field('claim.diagnosisCodes'), field('item.diseaseListPrefixes')] } },
  severity: '2',
  behaviourType: '08',
  amount: { kind: 'target' },
  explanation: {
    volaCont:
      '{{line.name}}限{{item.diseaseListNames}}病种目录内使用，本次门诊慢特病结算诊断（{{claim.diagnosisCodes}}）不属于上述病种（{{item.diseaseListPrefixes}}），涉及金额{{amount}}元',
    volaEvid: `${nationalBasis('GZ10000101011000')}；门诊慢特病及“两病”门诊用药保障按限定病种目录及其用药范围支付`,
  },
  notes:
    'Scope med_type 14; a city that settles 两病 under another med_type adds it to the scope. The disease may be recorded only in the 病种认定 register, hence severity 2.',
};

function institutionLevel(code: string, name: RuleDefinition['name'], tier2: string, listTypes: readonly ListType[]): RuleDefinition {
  return {
    id: code,
    version: 1,
    name,
    category: { tier1: '政策类', tier2 },
    stage: ALL_STAGES,
    scope: { institutionTypes: ['hospital', 'primary-care', 'clinic'] },
    target: { kind: 'line', listTypes, itemSet: { table: 'catalogue', with: 'minInstitutionLevel' } },
    condition: { op: 'lt', args: [field('claim.institutionLevel'), field('item.minInstitutionLevel')] },
    severity: '1',
    behaviourType: '08',
    amount: { kind: 'target' },
    explanation: {
      volaCont: '{{line.name}}限{{item.minInstitutionLevel}}级及以上医疗机构使用，本机构等级为{{claim.institutionLevel}}级（0为未定级），涉及金额{{amount}}元',
      volaEvid: nationalBasis(code),
    },
    notes: 'Pharmacies are out of scope: 双通道 drugs are dispensed there by design.',
  };
}

/** 药品限医疗机构级别 GZ10000101012000. */
export const DRUG_INSTITUTION_LEVEL = institutionLevel(
  'GZ10000101012000',
  { zh: '药品限医疗机构级别', en: 'Drug below its institution level' },
  '药品政策限定类',
  DRUG_LIST_TYPES,
);

/** 医疗服务项目限医疗机构级别 GZ10000102011000. */
export const SERVICE_INSTITUTION_LEVEL = institutionLevel(
  'GZ10000102011000',
  { zh: '医疗服务项目限医疗机构级别', en: 'Service below its institution level' },
  '医疗服务项目政策限定类',
  ['201'],
);

/** 医疗服务项目限就医方式 GZ10000102009000: a service payable only under other treatment modes. */
export const SERVICE_TREATMENT_MODE: RuleDefinition = {
  id: 'GZ10000102009000',
  version: 1,
  name: { zh: '医疗服务项目限就医方式', en: 'Service outside its treatment mode' },
  category: { tier1: '政策类', tier2: '医疗服务项目政策限定类' },
  stage: ALL_STAGES,
  target: { kind: 'line', listTypes: ['201'], itemSet: { table: 'catalogue', with: 'treatmentModes' } },
  let: { modeLabel: TREATMENT_MODE_LABEL },
  condition: { not: { op: 'in', args: [field('claim.treatmentMode'), field('item.treatmentModes')] } },
  severity: '1',
  behaviourType: '08',
  amount: { kind: 'target' },
  explanation: {
    volaCont: '{{line.name}}限定就医方式为{{item.treatmentModes}}（1门诊、2住院、3购药），本次为{{let.modeLabel}}，涉及金额{{amount}}元',
    volaEvid: nationalBasis('GZ10000102009000'),
  },
};

/**
 * Local rule: an inpatient-only drug settled outside a stay. The framework has 限就医方式 for
 * services only; cities apply the same limit to drugs marked 限住院 in the catalogue.
 */
export const DRUG_INPATIENT_ONLY: RuleDefinition = {
  id: 'MI-DRUG-INPATIENT-ONLY',
  version: 1,
  name: { zh: '药品限住院使用', en: 'Inpatient-only drug outside a stay' },
  category: { tier1: '政策类', tier2: '药品政策限定类' },
  stage: ALL_STAGES,
  scope: { treatmentModes: ['1', '3', '4'] },
  target: { kind: 'line', listTypes: DRUG_LIST_TYPES, itemSet: { table: 'catalogue', with: 'treatmentModes' } },
  let: { modeLabel: TREATMENT_MODE_LABEL },
  condition: { op: 'eq', args: [field('item.inpatientOnly'), { const: true }] },
  severity: '1',
  behaviourType: '08',
  amount: { kind: 'target' },
  explanation: {
    volaCont: '{{line.name}}限住院使用，本次为{{let.modeLabel}}结算，涉及金额{{amount}}元',
    volaEvid: '医保药品目录限定支付范围“限住院”；参照规则库框架“限就医方式”（GZ10000102009000）',
  },
};

/** 医疗服务项目超限定单价收费 GZ10000102001000: unit price above the cap for the institution's level. */
export const SERVICE_PRICE_CAP: RuleDefinition = {
  id: 'GZ10000102001000',
  version: 1,
  name: { zh: '医疗服务项目超限定单价收费', en: 'Service charged above its capped unit price' },
  category: { tier1: '政策类', tier2: '医疗服务项目政策限定类' },
  stage: ALL_STAGES,
  target: { kind: 'line', listTypes: ['201'], itemSet: { table: 'catalogue', with: 'priceCaps' } },
  condition: { op: 'gt', args: [field('line.unitPrice'), field('item.priceCap')] },
  severity: '1',
  behaviourType: '04',
  amount: {
    kind: 'expr',
    value: { op: 'mul', rounding: 'HALF_UP', args: [{ op: 'sub', args: [field('line.unitPrice'), field('item.priceCap')] }, field('line.quantity')] },
  },
  explanation: {
    volaCont:
      '{{line.name}}单价{{line.unitPrice}}元，超过{{claim.institutionLevel}}级医疗机构限定单价{{item.priceCap}}元，数量{{line.quantity}}，超标准收费{{amount}}元',
    volaEvid: `${nationalBasis('GZ10000102001000')}；医疗服务价格项目规范及本地区限定价格`,
  },
};

/** 医疗服务项目重复收费 GZ10000102012000: an item charged on a day another charged item's price already includes it. */
export const SERVICE_DUPLICATE_CHARGE: RuleDefinition = {
  id: 'GZ10000102012000',
  version: 1,
  name: { zh: '医疗服务项目重复收费', en: 'Service charged though included in another' },
  category: { tier1: '政策类', tier2: '医疗服务项目政策限定类' },
  stage: ALL_STAGES,
  target: { kind: 'line', listTypes: ['201'], itemSet: { table: 'catalogue', with: 'containedIn' } },
  condition: {
    agg: 'some',
    over: 'lines',
    as: 'containers',
    where: {
      all: [
        { op: 'eq', args: [field('each.serviceDate'), field('line.serviceDate')] },
        { op: 'in', args: [field('line.hilistCode'), field('eachItem.contains')] },
      ],
    },
  },
  severity: '1',
  behaviourType: '03',
  amount: { kind: 'target', involved: ['containers'] },
  explanation: {
    volaCont: '{{line.name}}已包含在同日收费的{{capture.containers}}中，不得另行收费，重复收费{{amount}}元',
    volaEvid: `${nationalBasis('GZ10000102012000')}；医疗服务价格项目规范：项目内涵已包含的内容不得另行收费`,
  },
};

/** 医疗服务项目分解收费 GZ10000102013000: parts of one package item charged separately on the same day. */
export const SERVICE_SPLIT_CHARGE: RuleDefinition = {
  id: 'GZ10000102013000',
  version: 1,
  name: { zh: '医疗服务项目分解收费', en: 'Package service charged as separate parts' },
  category: { tier1: '政策类', tier2: '医疗服务项目政策限定类' },
  stage: ALL_STAGES,
  target: { kind: 'line', listTypes: ['201'], itemSet: { table: 'catalogue', with: 'bundleCodes' } },
  condition: {
    agg: 'some',
    over: 'lines',
    as: 'earlierParts',
    where: {
      all: [
        { op: 'eq', args: [field('each.serviceDate'), field('line.serviceDate')] },
        { op: 'lt', args: [field('each.seq'), field('line.seq')] },
        { op: 'ne', args: [field('each.hilistCode'), field('line.hilistCode')] },
        { op: 'intersects', args: [field('eachItem.bundleCodes'), field('item.bundleCodes')] },
      ],
    },
  },
  severity: '2',
  behaviourType: '05',
  amount: { kind: 'target', involved: ['earlierParts'] },
  explanation: {
    volaCont: '{{line.name}}与同日收费的{{capture.earlierParts}}同属组合项目（{{item.bundleCodes}}），应按组合项目收费，分解收费{{amount}}元',
    volaEvid: `${nationalBasis('GZ10000102013000')}；医疗服务价格项目规范：组合项目不得分解收费`,
  },
  notes: 'The first part of the package on a day is treated as legitimate; every later part is the split charge.',
};

/** 医疗服务项目限定频次 GZ10000102014000: more units of a service on one day than its limit; the excess units are charged. */
export const SERVICE_FREQUENCY: RuleDefinition = perDayQuantity({
  code: 'GZ10000102014000',
  name: { zh: '医疗服务项目限定频次', en: 'Service above its daily frequency limit' },
  category: { tier1: '政策类', tier2: '医疗服务项目政策限定类' },
  listTypes: ['201'],
  volaCont: '{{line.name}}于{{line.serviceDate}}收费{{group.quantity}}次，超过每日限定{{item.maxPerDay}}次，超出部分金额{{amount}}元',
  basis: '医疗服务价格项目规范计价单位与频次限定',
});

function insuranceTypeOnly(
  code: string,
  name: RuleDefinition['name'],
  tier2: string,
  listTypes: readonly ListType[],
  scheme: 'workInjuryOnly' | 'maternityOnly',
): RuleDefinition {
  const [insutype, label] = scheme === 'workInjuryOnly' ? ['410', '工伤保险'] : ['510', '生育保险'];
  return {
    id: code,
    version: 1,
    name,
    category: { tier1: '政策类', tier2 },
    stage: ALL_STAGES,
    target: { kind: 'line', listTypes, itemSet: { table: 'catalogue', with: scheme } },
    condition: { op: 'ne', args: [field('claim.insutype'), text(insutype)] },
    severity: '1',
    behaviourType: '08',
    amount: { kind: 'target' },
    explanation: {
      volaCont: `{{line.name}}限${label}（险种${insutype}）支付，本次按险种{{claim.insutype}}结算，不属于该基金支付范围，涉及金额{{amount}}元`,
      volaEvid: `${nationalBasis(code)}；《基本医疗保险、工伤保险和生育保险药品目录》及医疗服务项目目录限定支付范围“限${label}”`,
    },
    notes:
      scheme === 'maternityOnly'
        ? 'Maternity care settled under the merged employee scheme still carries insutype 510 on its settlement.'
        : 'Work-injury insurance is not settled through this platform: any medical-insurance settlement of such an item is outside the fund.',
  };
}

/** 药品限工伤保险 GZ10000101001000. */
export const DRUG_WORK_INJURY_ONLY = insuranceTypeOnly(
  'GZ10000101001000',
  { zh: '药品限工伤保险', en: 'Drug payable by work-injury insurance only' },
  '药品政策限定类',
  DRUG_LIST_TYPES,
  'workInjuryOnly',
);

/** 药品限生育保险 GZ10000101002000. */
export const DRUG_MATERNITY_ONLY = insuranceTypeOnly(
  'GZ10000101002000',
  { zh: '药品限生育保险', en: 'Drug payable by maternity insurance only' },
  '药品政策限定类',
  DRUG_LIST_TYPES,
  'maternityOnly',
);

/** 医疗服务项目限工伤保险 GZ10000102003000. */
export const SERVICE_WORK_INJURY_ONLY = insuranceTypeOnly(
  'GZ10000102003000',
  { zh: '医疗服务项目限工伤保险', en: 'Service payable by work-injury insurance only' },
  '医疗服务项目政策限定类',
  ['201'],
  'workInjuryOnly',
);

/** 医疗服务项目限生育保险 GZ10000102004000. */
export const SERVICE_MATERNITY_ONLY = insuranceTypeOnly(
  'GZ10000102004000',
  { zh: '医疗服务项目限生育保险', en: 'Service payable by maternity insurance only' },
  '医疗服务项目政策限定类',
  ['201'],
  'maternityOnly',
);

/** 中药饮片单复方均不予支付 GZ10000101003000: a TCM piece the catalogue never pays, alone or in a compound. */
export const TCM_PIECE_NEVER_PAID: RuleDefinition = {
  id: 'GZ10000101003000',
  version: 1,
  name: { zh: '中药饮片单复方均不予支付', en: 'TCM piece not payable alone or in a compound' },
  category: { tier1: '政策类', tier2: '药品政策限定类' },
  stage: ALL_STAGES,
  target: { kind: 'line', listTypes: ['102'], itemSet: { table: 'catalogue', with: 'tcmNotPayable' } },
  condition: { op: 'eq', args: [field('item.tcmNotPayable'), text('always')] },
  severity: '1',
  behaviourType: '08',
  amount: { kind: 'target' },
  explanation: {
    volaCont: '{{line.name}}属单味或复方均不予支付的中药饮片，不属于基金支付范围，涉及金额{{amount}}元',
    volaEvid: `${nationalBasis('GZ10000101003000')}；国家医保药品目录凡例：单味或复方均不予支付费用的中药饮片及药材`,
  },
};

/** 中药饮片单方使用不予支付 GZ10000101004000: a piece payable only in a compound, with no other piece charged that day. */
export const TCM_PIECE_SINGLE_USE: RuleDefinition = {
  id: 'GZ10000101004000',
  version: 1,
  name: { zh: '中药饮片单方使用不予支付', en: 'TCM piece used alone' },
  category: { tier1: '政策类', tier2: '药品政策限定类' },
  stage: ALL_STAGES,
  target: { kind: 'line', listTypes: ['102'], itemSet: { table: 'catalogue', with: 'tcmNotPayable' } },
  condition: {
    all: [
      { op: 'eq', args: [field('item.tcmNotPayable'), text('single')] },
      {
        not: {
          agg: 'some',
          over: 'lines',
          where: {
            all: [
              { op: 'eq', args: [field('each.listType'), text('102')] },
              { op: 'ne', args: [field('each.hilistCode'), field('line.hilistCode')] },
              { op: 'eq', args: [field('each.serviceDate'), field('line.serviceDate')] },
            ],
          },
        },
      },
    ],
  },
  severity: '1',
  behaviourType: '08',
  amount: { kind: 'target' },
  explanation: {
    volaCont: '{{line.name}}单味使用不予支付，{{line.serviceDate}}未与其他中药饮片组成复方使用，涉及金额{{amount}}元',
    volaEvid: `${nationalBasis('GZ10000101004000')}；国家医保药品目录凡例：单味使用不予支付费用的中药饮片及药材`,
  },
  notes: 'A prescription is the pieces charged on one day of the claim (the settlement carries no prescription number).',
};

/**
 * 手术项目未按规定折价收费 GZ10000102002000: an additional operation on the day of a dearer one
 * (the main operation, charged in full) billed above `additionalSurgeryPercent` of its price cap.
 */
export const SURGERY_NOT_DISCOUNTED: RuleDefinition = {
  id: 'GZ10000102002000',
  version: 1,
  name: { zh: '手术项目未按规定折价收费', en: 'Additional operation not charged at the discounted rate' },
  category: { tier1: '政策类', tier2: '医疗服务项目政策限定类' },
  stage: ALL_STAGES,
  target: { kind: 'line', listTypes: ['201'], itemSet: { table: 'catalogue', with: 'additionalSurgeryPercent' } },
  let: {
    discounted: {
      op: 'mul',
      rounding: 'HALF_UP',
      args: [field('item.priceCap'), { op: 'div', args: [field('item.additionalSurgeryPercent'), { const: 100 }] }],
    },
  },
  condition: {
    all: [
      {
        agg: 'some',
        over: 'lines',
        as: 'mainOperation',
        where: {
          all: [
            { op: 'eq', args: [field('each.serviceDate'), field('line.serviceDate')] },
            { op: 'ne', args: [field('each.seq'), field('line.seq')] },
            { op: 'exists', args: [field('eachItem.additionalSurgeryPercent')] },
            {
              any: [
                { op: 'gt', args: [field('each.unitPrice'), field('line.unitPrice')] },
                {
                  all: [
                    { op: 'eq', args: [field('each.unitPrice'), field('line.unitPrice')] },
                    { op: 'lt', args: [field('each.seq'), field('line.seq')] },
                  ],
                },
              ],
            },
          ],
        },
      },
      { op: 'gt', args: [field('line.unitPrice'), { ref: 'discounted' }] },
    ],
  },
  severity: '2',
  behaviourType: '04',
  amount: {
    kind: 'expr',
    value: { op: 'mul', rounding: 'HALF_UP', args: [{ op: 'sub', args: [field('line.unitPrice'), { ref: 'discounted' }] }, field('line.quantity')] },
    involved: ['mainOperation'],
  },
  explanation: {
    volaCont:
      '{{line.name}}与同日主要手术{{capture.mainOperation}}同时施行，应按{{item.additionalSurgeryPercent}}%收费（{{let.discounted}}元），实收单价{{line.unitPrice}}元，多收{{amount}}元',
    volaEvid: `${nationalBasis('GZ10000102002000')}；医疗服务价格项目规范：同一切口进行的多个手术，主要手术按全价收费，其余按规定比例折价收费`,
  },
  notes: 'The dearest operation of the day is the main one (equal prices: the first charged). Same incision is not recorded, hence severity 2.',
};

/** 医疗服务项目限科室使用 GZ10000102008000: ordered by a department (line's, else the visit's) outside the item's list. */
export const SERVICE_DEPARTMENT: RuleDefinition = {
  id: 'GZ10000102008000',
  version: 1,
  name: { zh: '医疗服务项目限科室使用', en: 'Service outside its departments' },
  category: { tier1: '政策类', tier2: '医疗服务项目政策限定类' },
  stage: ALL_STAGES,
  target: { kind: 'line', listTypes: ['201'], itemSet: { table: 'catalogue', with: 'departments' } },
  let: { department: { op: 'coalesce', args: [field('line.department'), field('claim.department')] } },
  condition: { not: { op: 'in', args: [{ ref: 'department' }, field('item.departments')] } },
  severity: '2',
  behaviourType: '08',
  amount: { kind: 'target' },
  explanation: {
    volaCont: '{{line.name}}限{{item.departments}}科室使用，开单科室为{{let.department}}，涉及金额{{amount}}元',
    volaEvid: `${nationalBasis('GZ10000102008000')}；科室按《医疗保障信息业务编码标准》科室代码`,
  },
  notes: 'Department codes are the national 科室代码 (A05 妇产科 …); a hospital reporting its own codes must map them first.',
};

function amountCap(code: string, name: RuleDefinition['name'], tier2: string, listTypes: readonly ListType[]): RuleDefinition {
  return {
    id: code,
    version: 1,
    name,
    category: { tier1: '政策类', tier2 },
    stage: ALL_STAGES,
    target: { kind: 'line', listTypes, itemSet: { table: 'catalogue', with: 'maxAmountPerVisit' }, groupBy: ['hilistCode'] },
    condition: { op: 'gt', args: [field('group.amount'), field('item.maxAmountPerVisit')] },
    severity: '1',
    behaviourType: '08',
    amount: { kind: 'expr', value: { op: 'sub', args: [field('group.amount'), field('item.maxAmountPerVisit')] } },
    explanation: {
      volaCont: '{{line.name}}本次就诊累计收费{{group.amount}}元（{{group.lineCount}}条明细），超过限定报销总额{{item.maxAmountPerVisit}}元，超出{{amount}}元',
      volaEvid: `${nationalBasis(code)}；医保目录限定报销总额，超出部分基金不予支付`,
    },
  };
}

/** 医疗服务项目超限定报销总额 GZ10000102015000. */
export const SERVICE_AMOUNT_CAP = amountCap(
  'GZ10000102015000',
  { zh: '医疗服务项目超限定报销总额', en: 'Service above its capped reimbursement total' },
  '医疗服务项目政策限定类',
  ['201'],
);

/** 耗材超限定报销总额 GZ10000103003000. */
export const CONSUMABLE_AMOUNT_CAP = amountCap(
  'GZ10000103003000',
  { zh: '耗材超限定报销总额', en: 'Consumable above its capped reimbursement total' },
  '医用耗材政策限定类',
  ['301'],
);

export const POLICY_RULES: readonly RuleDefinition[] = [
  DRUG_WORK_INJURY_ONLY,
  DRUG_MATERNITY_ONLY,
  TCM_PIECE_NEVER_PAID,
  TCM_PIECE_SINGLE_USE,
  DRUG_SECOND_LINE,
  DRUG_NEWBORN_ONLY,
  DRUG_CHILD_ONLY,
  DRUG_INDICATION,
  DRUG_MAX_DAYS,
  DRUG_PAYMENT_COURSE,
  DRUG_DISEASE_LIST,
  DRUG_INSTITUTION_LEVEL,
  DRUG_INPATIENT_ONLY,
  SERVICE_PRICE_CAP,
  SURGERY_NOT_DISCOUNTED,
  SERVICE_WORK_INJURY_ONLY,
  SERVICE_MATERNITY_ONLY,
  SERVICE_NEWBORN_ONLY,
  SERVICE_CHILD_ONLY,
  SERVICE_INDICATION,
  SERVICE_DEPARTMENT,
  SERVICE_TREATMENT_MODE,
  SERVICE_PAYMENT_COURSE,
  SERVICE_INSTITUTION_LEVEL,
  SERVICE_DUPLICATE_CHARGE,
  SERVICE_SPLIT_CHARGE,
  SERVICE_FREQUENCY,
  SERVICE_AMOUNT_CAP,
  CONSUMABLE_NEWBORN_ONLY,
  CONSUMABLE_CHILD_ONLY,
  CONSUMABLE_AMOUNT_CAP,
];
