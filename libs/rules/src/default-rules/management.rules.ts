import type { Expr, RuleDefinition } from '../dsl/rule-definition';
import { ALL_STAGES, field, GENDER_KNOWN, genderLabel, nationalBasis, text } from './fragments';

/** 管理类 — data and conduct supervision (DOMAIN-RULES.md KB-04, REV-06, REV-07). */

/** 计费日期与住院时间不符 GZ10000201008000: an inpatient charge dated before admission or after discharge. */
export const CHARGE_DATE_OUTSIDE_STAY: RuleDefinition = {
  id: 'GZ10000201008000',
  version: 1,
  name: { zh: '计费日期与住院时间不符', en: 'Charge dated outside the inpatient stay' },
  category: { tier1: '管理类', tier2: '信息数据监管类' },
  stage: ALL_STAGES,
  scope: { treatmentModes: ['2'] },
  target: { kind: 'line' },
  condition: {
    any: [
      { op: 'lt', args: [field('line.serviceDate'), field('claim.admissionDate')] },
      { op: 'gt', args: [field('line.serviceDate'), field('claim.dischargeDate')] },
    ],
  },
  severity: '2',
  behaviourType: '10',
  amount: { kind: 'target' },
  explanation: {
    volaCont: '{{line.name}}计费日期{{line.serviceDate}}不在住院期间（{{claim.admissionDate}}至{{claim.dischargeDate}}），涉及金额{{amount}}元',
    volaEvid: nationalBasis('GZ10000201008000'),
  },
  notes: 'An open stay (no discharge date) is checked against admission only.',
};

const DX_MALFORMED: Expr = { op: 'eq', args: [field('dx.wellFormed'), { const: false }] };

/**
 * 疾病诊断编码异常 GZ10000201003000: a diagnosis code that does not have the ICD-10 医保版 shape
 * (`I63`, `I63.9`: incomplete) or is not in the knowledge base's 医保疾病诊断分类与代码 table. Without a
 * code table in the snapshot only the shape is checked.
 */
export const DIAGNOSIS_CODE_INVALID: RuleDefinition = {
  id: 'GZ10000201003000',
  version: 1,
  name: { zh: '疾病诊断编码异常', en: 'Diagnosis code not a valid ICD-10 医保版 code' },
  category: { tier1: '管理类', tier2: '信息数据监管类' },
  stage: ALL_STAGES,
  target: { kind: 'claim' },
  let: {
    malformed: { agg: 'collect', over: 'diagnoses', where: DX_MALFORMED, of: field('dx.code') },
    unlisted: {
      agg: 'collect',
      over: 'diagnoses',
      where: { all: [field('dx.wellFormed'), { op: 'eq', args: [field('dx.listed'), { const: false }] }] },
      of: field('dx.code'),
    },
  },
  condition: {
    agg: 'some',
    over: 'diagnoses',
    as: 'abnormal',
    where: { any: [DX_MALFORMED, { op: 'eq', args: [field('dx.listed'), { const: false }] }] },
  },
  severity: '3',
  behaviourType: '99',
  amount: { kind: 'none' },
  explanation: {
    volaCont:
      '诊断编码{{capture.abnormal}}不是有效的医保疾病诊断编码：格式不符{{let.malformed}}，编码库中不存在{{let.unlisted}}，请按《医疗保障疾病诊断分类与代码》（ICD-10医保版）核实后上传',
    volaEvid: `${nationalBasis('GZ10000201003000')}；《医疗保障信息业务编码标准》疾病诊断编码须使用ICD-10医保版`,
  },
  notes: 'A data-quality warning: no amount. The shape is 医保版 (a category, a dot and three characters, optionally an x-extension).',
};

/** 手术操作编码与性别不符 GZ10000201005000: an operation (ICD-9-CM-3 医保版) possible only for the other sex. */
export const OPERATION_GENDER: RuleDefinition = {
  id: 'GZ10000201005000',
  version: 1,
  name: { zh: '手术操作编码与性别不符', en: 'Operation code inconsistent with sex' },
  category: { tier1: '管理类', tier2: '信息数据监管类' },
  stage: ALL_STAGES,
  target: { kind: 'claim' },
  let: {
    patientGender: genderLabel('patient.gender'),
    kinds: {
      agg: 'collect',
      over: 'operations',
      where: { op: 'ne', args: [field('oprnRule.gender'), field('patient.gender')] },
      of: field('oprnRule.name'),
    },
  },
  condition: {
    all: [
      GENDER_KNOWN,
      {
        agg: 'some',
        over: 'operations',
        as: 'mismatched',
        where: { op: 'ne', args: [field('oprnRule.gender'), field('patient.gender')] },
      },
    ],
  },
  severity: '2',
  behaviourType: '99',
  amount: { kind: 'none' },
  explanation: {
    volaCont: '手术操作编码{{capture.mismatched}}（{{let.kinds}}）与患者性别（{{let.patientGender}}）不符，请核实手术操作编码或就医人身份',
    volaEvid: `${nationalBasis('GZ10000201005000')}；《医疗保障信息业务编码标准》手术操作编码（ICD-9-CM-3医保版）；异常预警：诊疗与性别不符`,
  },
  notes: 'Operations come from 3101/3102 fsi_operation_dtos and the settlement list oprninfo; a visit without operations never fires.',
};

/** 诊断与患者性别不符 GZ10000204006000. */
export const DIAGNOSIS_GENDER: RuleDefinition = {
  id: 'GZ10000204006000',
  version: 1,
  name: { zh: '诊断与患者性别不符', en: 'Diagnosis inconsistent with sex' },
  category: { tier1: '管理类', tier2: '行为主体监管类' },
  stage: ALL_STAGES,
  target: { kind: 'claim' },
  let: { patientGender: genderLabel('patient.gender') },
  condition: {
    all: [
      GENDER_KNOWN,
      {
        agg: 'some',
        over: 'diagnoses',
        as: 'mismatched',
        where: { op: 'ne', args: [field('dxRule.gender'), field('patient.gender')] },
      },
    ],
  },
  severity: '2',
  behaviourType: '99',
  amount: { kind: 'none' },
  explanation: {
    volaCont: '诊断{{capture.mismatched}}与患者性别（{{let.patientGender}}）不符，请核实诊断编码或就医人身份',
    volaEvid: `${nationalBasis('GZ10000204006000')}；《医疗保障基金使用监督管理条例》要求诊疗与性别相符（异常预警：诊疗与性别不符）`,
  },
};

/** 诊断与患者年龄不符 GZ10000204007000. */
export const DIAGNOSIS_AGE: RuleDefinition = {
  id: 'GZ10000204007000',
  version: 1,
  name: { zh: '诊断与患者年龄不符', en: 'Diagnosis inconsistent with age' },
  category: { tier1: '管理类', tier2: '行为主体监管类' },
  stage: ALL_STAGES,
  target: { kind: 'claim' },
  condition: {
    agg: 'some',
    over: 'diagnoses',
    as: 'mismatched',
    where: {
      any: [
        { op: 'lt', args: [field('patient.age'), field('dxRule.minAge')] },
        { op: 'gt', args: [field('patient.age'), field('dxRule.maxAge')] },
      ],
    },
  },
  severity: '2',
  behaviourType: '99',
  amount: { kind: 'none' },
  explanation: {
    volaCont: '诊断{{capture.mismatched}}与患者年龄（{{patient.age}}岁）不符，请核实诊断编码或就医人身份',
    volaEvid: nationalBasis('GZ10000204007000'),
  },
};

/**
 * More than `maxVisits` settlements of one treatment mode in the `windowDays` days ending on this
 * one's visit/admission date, this one included, at any institution (a person, not an institution,
 * is watched: 行为主体监管类).
 */
function frequentVisits(spec: {
  readonly code: string;
  readonly name: RuleDefinition['name'];
  readonly mode: '1' | '2' | '3';
  readonly windowDays: number;
  readonly maxVisits: number;
  readonly volaCont: string;
  readonly notes: string;
}): RuleDefinition {
  return {
    id: spec.code,
    version: 1,
    name: spec.name,
    category: { tier1: '管理类', tier2: '行为主体监管类' },
    stage: ['in', 'post'],
    scope: { treatmentModes: [spec.mode] },
    target: { kind: 'claim' },
    params: { windowDays: spec.windowDays, maxVisits: spec.maxVisits },
    let: {
      visits: { history: 'visitCount', window: { unit: 'days', size: { param: 'windowDays' } }, filter: { treatmentModes: [spec.mode] } },
    },
    condition: { op: 'gt', args: [{ ref: 'visits' }, { param: 'maxVisits' }] },
    severity: '3',
    behaviourType: '99',
    amount: { kind: 'none' },
    explanation: { volaCont: spec.volaCont, volaEvid: `${nationalBasis(spec.code)}；异常预警：同一参保人多次结算` },
    notes: spec.notes,
  };
}

/** 频繁门诊 GZ10000204002000: more than `maxVisits` outpatient visits in `windowDays` days (this one included). */
export const FREQUENT_OUTPATIENT = frequentVisits({
  code: 'GZ10000204002000',
  name: { zh: '频繁门诊', en: 'Frequent outpatient visits' },
  mode: '1',
  windowDays: 30,
  maxVisits: 10,
  volaCont: '参保人{{param.windowDays}}日内门诊就诊{{let.visits}}次（含本次），超过{{param.maxVisits}}次',
  notes: 'Thresholds are a city setting; 30 days / 10 visits is a starting point [I].',
});

/** 频繁购药 GZ10000204003000: more than `maxVisits` pharmacy purchases in `windowDays` days (this one included). */
export const FREQUENT_PURCHASES = frequentVisits({
  code: 'GZ10000204003000',
  name: { zh: '频繁购药', en: 'Frequent pharmacy purchases' },
  mode: '3',
  windowDays: 30,
  maxVisits: 8,
  volaCont: '参保人{{param.windowDays}}日内定点药店购药结算{{let.visits}}次（含本次），超过{{param.maxVisits}}次，疑似囤药、倒卖药品',
  notes: 'Thresholds are a city setting; 30 days / 8 purchases is a starting point [I].',
});

/**
 * 频繁住院 GZ10000204004000: more than `maxVisits` inpatient admissions in `windowDays` days (this
 * one included), counted by admission date at any institution.
 *
 * The defaults — more than 3 admissions in 180 days — are an assumption [I]: the framework names the
 * rule without a number, and neither DOMAIN-RULES.md (KB-04, REV-06 "one person settling many times")
 * nor the seeds give one. 180 days is the longest history window the default set already reads
 * (MI-OUTPATIENT-DURING-STAY), so the rule adds no history load; each city sets its own.
 * A readmission at the same institution within 15 days is 分解住院 (GZ10000204001000) as well.
 */
export const FREQUENT_ADMISSIONS = frequentVisits({
  code: 'GZ10000204004000',
  name: { zh: '频繁住院', en: 'Frequent inpatient admissions' },
  mode: '2',
  windowDays: 180,
  maxVisits: 3,
  volaCont: '参保人{{param.windowDays}}日内住院{{let.visits}}次（含本次，入院日期{{claim.admissionDate}}），超过{{param.maxVisits}}次，疑似频繁住院',
  notes: 'Thresholds are a city setting; 180 days / 3 admissions is an assumption with no cited basis [I]. Counted by admission date, any institution.',
});

const DRUG_LINE: Expr = { op: 'eq', args: [field('each.listCategory'), text('drug')] };

/**
 * 药品种类超标 GZ10000202004000: an outpatient visit prescribing more than `maxDrugKinds` distinct
 * western/patent drugs (TCM pieces are a separate prescription).
 */
export const TOO_MANY_DRUG_KINDS: RuleDefinition = {
  id: 'GZ10000202004000',
  version: 1,
  name: { zh: '药品种类超标', en: 'Too many drug kinds on one prescription' },
  category: { tier1: '管理类', tier2: '药品监管类' },
  stage: ALL_STAGES,
  scope: { treatmentModes: ['1'] },
  target: { kind: 'claim' },
  params: { maxDrugKinds: 5 },
  let: {
    drugCodes: { agg: 'collect', over: 'lines', where: DRUG_LINE, of: field('each.hilistCode') },
    drugs: { agg: 'collect', over: 'lines', where: DRUG_LINE, of: field('each.name') },
    drugKinds: { op: 'len', args: [{ ref: 'drugCodes' }] },
  },
  condition: { op: 'gt', args: [{ ref: 'drugKinds' }, { param: 'maxDrugKinds' }] },
  severity: '2',
  behaviourType: '16',
  amount: { kind: 'none' },
  explanation: {
    volaCont: '本次门诊开具西药、中成药{{let.drugKinds}}种（{{let.drugs}}），超过每张处方{{param.maxDrugKinds}}种',
    volaEvid: `${nationalBasis('GZ10000202004000')}；《处方管理办法》第六条：西药、中成药处方，每一种药品应当另起一行，每张处方不得超过5种药品`,
  },
  notes: 'Counted per visit (one prescription): the settlement carries no prescription number. Distinct by catalogue code.',
};

/** 分解住院 GZ10000204001000: admitted again at the same institution within `maxGapDays` of the last discharge. */
export const DECOMPOSED_ADMISSION: RuleDefinition = {
  id: 'GZ10000204001000',
  version: 1,
  name: { zh: '分解住院', en: 'Decomposed admission (readmission within N days)' },
  category: { tier1: '管理类', tier2: '行为主体监管类' },
  stage: ALL_STAGES,
  scope: { treatmentModes: ['2'] },
  target: { kind: 'claim' },
  params: { maxGapDays: 15 },
  let: {
    gap: { history: 'daysSinceLastDischarge', window: { unit: 'days', size: { param: 'maxGapDays' } }, filter: { sameInstitution: true } },
  },
  condition: { op: 'le', args: [{ ref: 'gap' }, { param: 'maxGapDays' }] },
  severity: '2',
  behaviourType: '01',
  amount: { kind: 'none' },
  explanation: {
    volaCont: '参保人于本机构出院{{let.gap}}天后再次入院（入院日期{{claim.admissionDate}}），间隔不超过{{param.maxGapDays}}天，疑似分解住院',
    volaEvid: `${nationalBasis('GZ10000204001000')}；相邻两次住院间隔异常`,
  },
  notes: 'The framework gives no interval; 15 days is the engine default (DOMAIN-RULES.md REV-07), Beijing watches 7, Jinhua 10.',
};

/**
 * Local rule 住院期间门诊: an outpatient or pharmacy settlement on a day the patient is in hospital
 * (strictly between admission and discharge, so the admission and discharge days are allowed).
 */
export const OUTPATIENT_DURING_STAY: RuleDefinition = {
  id: 'MI-OUTPATIENT-DURING-STAY',
  version: 1,
  name: { zh: '住院期间门诊结算', en: 'Outpatient settlement during an inpatient stay' },
  category: { tier1: '管理类', tier2: '行为主体监管类' },
  stage: ALL_STAGES,
  scope: { treatmentModes: ['1', '3'] },
  target: { kind: 'claim' },
  params: { maxStayDays: 180 },
  let: { stays: { history: 'staysContaining', window: { unit: 'days', size: { param: 'maxStayDays' } } } },
  condition: { op: 'gt', args: [{ ref: 'stays' }, { const: 0 }] },
  severity: '2',
  behaviourType: '08',
  amount: { kind: 'target' },
  explanation: {
    volaCont: '参保人{{claim.admissionDate}}门诊/购药结算时处于住院期间，门诊费用{{amount}}元不应由门诊统筹支付',
    volaEvid: '门诊统筹不予支付情形：住院期间发生的门诊及药店购药费用；异常预警：住院期间门诊结算',
  },
  notes: 'maxStayDays bounds how far back an open stay is searched.',
};

export const MANAGEMENT_RULES: readonly RuleDefinition[] = [
  DIAGNOSIS_CODE_INVALID,
  OPERATION_GENDER,
  CHARGE_DATE_OUTSIDE_STAY,
  DECOMPOSED_ADMISSION,
  FREQUENT_OUTPATIENT,
  FREQUENT_PURCHASES,
  FREQUENT_ADMISSIONS,
  TOO_MANY_DRUG_KINDS,
  DIAGNOSIS_GENDER,
  DIAGNOSIS_AGE,
  OUTPATIENT_DURING_STAY,
];
