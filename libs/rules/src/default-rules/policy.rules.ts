import type { ListType } from '@mi/domain';
import type { RuleDefinition } from '../dsl/rule-definition';
import { ALL_STAGES, DRUG_LIST_TYPES, field, nationalBasis, TREATMENT_MODE_LABEL } from './fragments';

/** 政策类 — payment limits of the catalogue (DOMAIN-RULES.md KB-03). */

/** 药品限儿童使用 GZ10000101007000: a child-only drug for a patient aged `adultAge` or more. */
export const DRUG_CHILD_ONLY: RuleDefinition = {
  id: 'GZ10000101007000',
  version: 1,
  name: { zh: '药品限儿童使用', en: 'Drug payable for children only' },
  category: { tier1: '政策类', tier2: '药品政策限定类' },
  stage: ALL_STAGES,
  target: { kind: 'line', listTypes: DRUG_LIST_TYPES, itemSet: { table: 'catalogue', with: 'childOnly' } },
  params: { adultAge: 18 },
  condition: { op: 'ge', args: [field('patient.age'), { param: 'adultAge' }] },
  severity: '1',
  behaviourType: '08',
  amount: { kind: 'target' },
  explanation: {
    volaCont: '{{line.name}}限儿童使用，患者年龄{{patient.age}}岁（≥{{param.adultAge}}岁），不予支付，涉及金额{{amount}}元',
    volaEvid: `${nationalBasis('GZ10000101007000')}；国家医保药品目录限定支付范围“限儿童”`,
  },
  notes: '儿童 = under 18 [I]; a city may set adultAge.',
};

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
export const SERVICE_FREQUENCY: RuleDefinition = {
  id: 'GZ10000102014000',
  version: 1,
  name: { zh: '医疗服务项目限定频次', en: 'Service above its daily frequency limit' },
  category: { tier1: '政策类', tier2: '医疗服务项目政策限定类' },
  stage: ALL_STAGES,
  target: { kind: 'line', listTypes: ['201'], itemSet: { table: 'catalogue', with: 'maxPerDay' }, groupBy: ['hilistCode', 'serviceDate'] },
  condition: { op: 'gt', args: [field('group.quantity'), field('item.maxPerDay')] },
  severity: '1',
  behaviourType: '14',
  amount: {
    kind: 'expr',
    value: { op: 'mul', rounding: 'HALF_UP', args: [{ op: 'sub', args: [field('group.quantity'), field('item.maxPerDay')] }, field('line.unitPrice')] },
  },
  explanation: {
    volaCont: '{{line.name}}于{{line.serviceDate}}收费{{group.quantity}}次，超过每日限定{{item.maxPerDay}}次，超出部分金额{{amount}}元',
    volaEvid: `${nationalBasis('GZ10000102014000')}；医疗服务价格项目规范计价单位与频次限定`,
  },
};

export const POLICY_RULES: readonly RuleDefinition[] = [
  DRUG_SECOND_LINE,
  DRUG_NEWBORN_ONLY,
  DRUG_CHILD_ONLY,
  DRUG_INDICATION,
  DRUG_MAX_DAYS,
  DRUG_INSTITUTION_LEVEL,
  DRUG_INPATIENT_ONLY,
  SERVICE_PRICE_CAP,
  SERVICE_INDICATION,
  SERVICE_TREATMENT_MODE,
  SERVICE_INSTITUTION_LEVEL,
  SERVICE_DUPLICATE_CHARGE,
  SERVICE_SPLIT_CHARGE,
  SERVICE_FREQUENCY,
  CONSUMABLE_NEWBORN_ONLY,
];
