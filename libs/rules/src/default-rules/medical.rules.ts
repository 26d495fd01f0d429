import type { ListType } from '@mi/domain';
import type { RuleDefinition } from '../dsl/rule-definition';
import { ALL_STAGES, DRUG_LIST_TYPES, field, GENDER_KNOWN, genderLabel, nationalBasis, perDayQuantity } from './fragments';

/** 医疗类 — rational use (DOMAIN-RULES.md KB-05). */

function genderSpecific(code: string, name: RuleDefinition['name'], tier2: string, listTypes: readonly ListType[]): RuleDefinition {
  return {
    id: code,
    version: 1,
    name,
    category: { tier1: '医疗类', tier2 },
    stage: ALL_STAGES,
    target: { kind: 'line', listTypes, itemSet: { table: 'catalogue', with: 'gender' } },
    let: { itemGender: genderLabel('item.gender'), patientGender: genderLabel('patient.gender') },
    condition: { all: [GENDER_KNOWN, { op: 'ne', args: [field('patient.gender'), field('item.gender')] }] },
    severity: '1',
    behaviourType: '08',
    amount: { kind: 'target' },
    explanation: {
      volaCont: '{{line.name}}限{{let.itemGender}}性患者使用，患者性别为{{let.patientGender}}，涉及金额{{amount}}元',
      volaEvid: `${nationalBasis(code)}；异常预警：诊疗与性别不符`,
    },
  };
}

/** 药品区分性别使用 GZ10000301004000. */
export const DRUG_GENDER = genderSpecific(
  'GZ10000301004000',
  { zh: '药品区分性别使用', en: 'Sex-specific drug for the other sex' },
  '药品合理使用类',
  DRUG_LIST_TYPES,
);

/** 医疗服务项目区分性别使用 GZ10000302004000. */
export const SERVICE_GENDER = genderSpecific(
  'GZ10000302004000',
  { zh: '医疗服务项目区分性别使用', en: 'Sex-specific service for the other sex' },
  '医疗服务项目合理使用类',
  ['201'],
);

/**
 * 超说明书用量开药 GZ10000301005000, read as the label's maximum quantity per visit: the same drug
 * on one claim adds up over `maxQuantityPerVisit`; the excess units are charged.
 */
export const DRUG_QUANTITY_PER_VISIT: RuleDefinition = {
  id: 'GZ10000301005000',
  version: 1,
  name: { zh: '超说明书用量开药', en: 'Drug quantity above the label maximum per visit' },
  category: { tier1: '医疗类', tier2: '药品合理使用类' },
  stage: ALL_STAGES,
  scope: { treatmentModes: ['1', '3'] },
  target: { kind: 'line', listTypes: DRUG_LIST_TYPES, itemSet: { table: 'catalogue', with: 'maxQuantityPerVisit' }, groupBy: ['hilistCode'] },
  condition: { op: 'gt', args: [field('group.quantity'), field('item.maxQuantityPerVisit')] },
  severity: '2',
  behaviourType: '16',
  amount: {
    kind: 'expr',
    value: {
      op: 'mul',
      rounding: 'HALF_UP',
      args: [{ op: 'sub', args: [field('group.quantity'), field('item.maxQuantityPerVisit')] }, field('line.unitPrice')],
    },
  },
  explanation: {
    volaCont:
      '{{line.name}}本次共开具{{group.quantity}}（{{group.lineCount}}条明细），超过说明书用量折算的单次最大开药量{{item.maxQuantityPerVisit}}，超量金额{{amount}}元',
    volaEvid: `${nationalBasis('GZ10000301005000')}；药品说明书用法用量`,
  },
  notes: 'The knowledge base derives maxQuantityPerVisit from the label dose and the payable days.',
};

/** 重复开药 GZ10000301006000: a drug of the same class as one already prescribed on this claim (outpatient/pharmacy). */
export const DUPLICATE_PRESCRIBING: RuleDefinition = {
  id: 'GZ10000301006000',
  version: 1,
  name: { zh: '重复开药（药理作用相似药品同时开具）', en: 'Duplicate prescribing of same-class drugs' },
  category: { tier1: '医疗类', tier2: '药品合理使用类' },
  stage: ALL_STAGES,
  scope: { treatmentModes: ['1', '3'] },
  target: { kind: 'line', listTypes: DRUG_LIST_TYPES, itemSet: { table: 'catalogue', with: 'drugClass' } },
  condition: {
    agg: 'some',
    over: 'lines',
    as: 'sameClass',
    where: {
      all: [
        { op: 'lt', args: [field('each.seq'), field('line.seq')] },
        { op: 'ne', args: [field('each.hilistCode'), field('line.hilistCode')] },
        { op: 'eq', args: [field('eachItem.drugClass'), field('item.drugClass')] },
      ],
    },
  },
  severity: '2',
  behaviourType: '17',
  amount: { kind: 'target', involved: ['sameClass'] },
  explanation: {
    volaCont: '{{line.name}}与{{capture.sameClass}}同属{{item.drugClassName}}，同时开具属重复开药，涉及金额{{amount}}元',
    volaEvid: nationalBasis('GZ10000301006000'),
  },
  notes: 'The later line is the violation, the earlier ones are involved; inpatient switches between drugs are out of scope.',
};

function childSpecific(code: string, name: RuleDefinition['name'], tier2: string, listTypes: readonly ListType[]): RuleDefinition {
  return {
    id: code,
    version: 1,
    name,
    category: { tier1: '医疗类', tier2 },
    stage: ALL_STAGES,
    target: { kind: 'line', listTypes, itemSet: { table: 'catalogue', with: 'maxAge' } },
    params: { adultAge: 18 },
    condition: {
      all: [
        { op: 'lt', args: [field('item.maxAge'), { param: 'adultAge' }] },
        { op: 'gt', args: [field('patient.age'), field('item.maxAge')] },
      ],
    },
    severity: '2',
    behaviourType: '08',
    amount: { kind: 'target' },
    explanation: {
      volaCont: '{{line.name}}为儿童专用（适用于{{item.maxAge}}岁及以下），患者年龄{{patient.age}}岁，涉及金额{{amount}}元',
      volaEvid: `${nationalBasis(code)}；药品说明书、医疗服务项目内涵的适用人群`,
    },
    notes: 'An upper age limit below adultAge marks the item as for children; a higher limit is not a children-only item.',
  };
}

/** 药品儿童专用 GZ10000301002000: a children's drug (label age limit below 18) for an older patient. */
export const DRUG_PAEDIATRIC = childSpecific(
  'GZ10000301002000',
  { zh: '药品儿童专用', en: "Children's drug for an older patient" },
  '药品合理使用类',
  DRUG_LIST_TYPES,
);

/** 医疗服务项目儿童专用 GZ10000302003000. */
export const SERVICE_PAEDIATRIC = childSpecific(
  'GZ10000302003000',
  { zh: '医疗服务项目儿童专用', en: "Children's service for an older patient" },
  '医疗服务项目合理使用类',
  ['201'],
);

/** 药品儿童禁用 GZ10000301003000: a drug whose label forbids it below `minAge` (up to adultAge), for a younger patient. */
export const DRUG_FORBIDDEN_FOR_CHILDREN: RuleDefinition = {
  id: 'GZ10000301003000',
  version: 1,
  name: { zh: '药品儿童禁用', en: 'Drug contraindicated for children' },
  category: { tier1: '医疗类', tier2: '药品合理使用类' },
  stage: ALL_STAGES,
  target: { kind: 'line', listTypes: DRUG_LIST_TYPES, itemSet: { table: 'catalogue', with: 'minAge' } },
  params: { adultAge: 18 },
  condition: {
    all: [
      { op: 'le', args: [field('item.minAge'), { param: 'adultAge' }] },
      { op: 'lt', args: [field('patient.age'), field('item.minAge')] },
    ],
  },
  severity: '1',
  behaviourType: '08',
  amount: { kind: 'target' },
  explanation: {
    volaCont: '{{line.name}}说明书{{item.minAge}}岁以下儿童禁用，患者年龄{{patient.age}}岁，涉及金额{{amount}}元',
    volaEvid: `${nationalBasis('GZ10000301003000')}；药品说明书【禁忌】【儿童用药】`,
  },
  notes: 'A lower age limit above adultAge (e.g. a drug for the over-40s) is not a children contraindication.',
};

/** 老年人用药安全 GZ10000301009000: a drug on the elderly potentially-inappropriate list for a patient aged `elderlyAge` or more. */
export const DRUG_ELDERLY: RuleDefinition = {
  id: 'GZ10000301009000',
  version: 1,
  name: { zh: '老年人用药安全', en: 'Potentially inappropriate drug for an elderly patient' },
  category: { tier1: '医疗类', tier2: '药品合理使用类' },
  stage: ALL_STAGES,
  target: { kind: 'line', listTypes: DRUG_LIST_TYPES, itemSet: { table: 'catalogue', with: 'elderlyAvoid' } },
  params: { elderlyAge: 60 },
  condition: { op: 'ge', args: [field('patient.age'), { param: 'elderlyAge' }] },
  severity: '3',
  behaviourType: '99',
  amount: { kind: 'target' },
  explanation: {
    volaCont: '{{line.name}}属老年人潜在不适当用药，患者年龄{{patient.age}}岁（≥{{param.elderlyAge}}岁），请核实用药必要性，涉及金额{{amount}}元',
    volaEvid: `${nationalBasis('GZ10000301009000')}；《中国老年人潜在不适当用药判断标准（2017年版）》`,
  },
  notes: 'The Chinese criteria apply from 60 years; light suspicion only, since the benefit may outweigh the risk.',
};

/** 医用耗材数量超标 GZ10000303003000: per consumable and day, more units than `maxPerDay`; the excess units. */
export const CONSUMABLE_QUANTITY = perDayQuantity({
  code: 'GZ10000303003000',
  name: { zh: '医用耗材数量超标', en: 'Consumable quantity above its daily limit' },
  category: { tier1: '医疗类', tier2: '医用耗材合理使用类' },
  listTypes: ['301'],
  volaCont: '{{line.name}}于{{line.serviceDate}}使用{{group.quantity}}个，超过每日合理用量{{item.maxPerDay}}个，超出部分金额{{amount}}元',
  basis: '医用耗材使用规范及产品说明书',
});

export const MEDICAL_RULES: readonly RuleDefinition[] = [
  DRUG_PAEDIATRIC,
  DRUG_FORBIDDEN_FOR_CHILDREN,
  DRUG_GENDER,
  DRUG_QUANTITY_PER_VISIT,
  DUPLICATE_PRESCRIBING,
  DRUG_ELDERLY,
  SERVICE_PAEDIATRIC,
  SERVICE_GENDER,
  CONSUMABLE_QUANTITY,
];
