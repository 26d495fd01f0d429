import type { ListType } from '@mi/domain';
import type { Expr, RuleDefinition } from '../dsl/rule-definition';
import { nationalRule } from '../dsl/national-rules';

/** Pieces shared by the default rules. They build plain JSON: a stored rule contains no code. */

export const ALL_STAGES = ['pre', 'in', 'post'] as const;

/** 违规依据 opening for a national rule: the framework document and the rule's official name and code. */
export function nationalBasis(code: string): string {
  const rule = nationalRule(code);
  if (!rule) throw new Error(`@mi/rules: ${code} is not a framework 1.0 rule`);
  return `《医疗保障基金智能审核和监控知识库、规则库框架体系（1.0版）》${rule.tier1}·${rule.tier2}·“${rule.nameZh}”（${code}）`;
}

export const field = (name: string): Expr => ({ field: name });
export const text = (value: string): Expr => ({ const: value });

/** '男' / '女' for a gend field (used only after the rule checked it is 1 or 2). */
export function genderLabel(name: string): Expr {
  return { op: 'if', args: [{ op: 'eq', args: [field(name), text('1')] }, text('男'), text('女')] };
}

/** 门诊 / 住院 / 购药 / 其他 for `claim.treatmentMode`. */
export const TREATMENT_MODE_LABEL: Expr = {
  op: 'if',
  args: [
    { op: 'eq', args: [field('claim.treatmentMode'), text('1')] },
    text('门诊'),
    {
      op: 'if',
      args: [
        { op: 'eq', args: [field('claim.treatmentMode'), text('2')] },
        text('住院'),
        { op: 'if', args: [{ op: 'eq', args: [field('claim.treatmentMode'), text('3')] }, text('购药'), text('其他')] },
      ],
    },
  ],
};

/** The patient's gender is recorded (1 or 2): 0 未知 / 9 未说明 never fire a gender rule. */
export const GENDER_KNOWN: Expr = { op: 'in', args: [field('patient.gender'), { const: ['1', '2'] }] };

export const DRUG_LIST_TYPES = ['101', '106'] as const;

/**
 * Per item and day, more units than the catalogue's `maxPerDay` (限定频次 for services, 数量超标 for
 * consumables); the excess units are charged.
 */
export function perDayQuantity(spec: {
  readonly code: string;
  readonly name: RuleDefinition['name'];
  readonly category: RuleDefinition['category'];
  readonly listTypes: readonly ListType[];
  readonly volaCont: string;
  readonly basis: string;
}): RuleDefinition {
  return {
    id: spec.code,
    version: 1,
    name: spec.name,
    category: spec.category,
    stage: ALL_STAGES,
    target: { kind: 'line', listTypes: spec.listTypes, itemSet: { table: 'catalogue', with: 'maxPerDay' }, groupBy: ['hilistCode', 'serviceDate'] },
    condition: { op: 'gt', args: [field('group.quantity'), field('item.maxPerDay')] },
    severity: '1',
    behaviourType: '14',
    amount: {
      kind: 'expr',
      value: { op: 'mul', rounding: 'HALF_UP', args: [{ op: 'sub', args: [field('group.quantity'), field('item.maxPerDay')] }, field('line.unitPrice')] },
    },
    explanation: { volaCont: spec.volaCont, volaEvid: `${nationalBasis(spec.code)}；${spec.basis}` },
  };
}
