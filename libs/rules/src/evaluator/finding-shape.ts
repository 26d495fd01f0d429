import { LocalDate, Money, type Severity } from '@mi/domain';
import type { CompiledRule } from '../compiler/compile';
import type { Capture, Value } from '../compiler/runtime';
import type { BehaviourType } from '../dsl/behaviour-type.dictionary';
import { NATIONAL_RULE_CODE } from '../dsl/national-rules';
import type { AmountSpec } from '../dsl/rule-definition';
import { Rational } from '../dsl/rational';
import type { TemplatePart } from '../dsl/template';
import type { FactValue } from './finding';

const MAX_SAFE_FEN = BigInt(Number.MAX_SAFE_INTEGER);

/** `Money.toYuanString()` (`'12.50'`, `'-0.05'`), with number arithmetic when the fen are a safe integer. */
export function yuan(money: Money): string {
  const fen = money.fenBigInt;
  if (fen > MAX_SAFE_FEN || fen < -MAX_SAFE_FEN) return money.toYuanString();
  const value = Number(fen);
  const magnitude = value < 0 ? -value : value;
  const cents = magnitude % 100;
  const text = `${(magnitude - cents) / 100}${cents < 10 ? '.0' : '.'}${cents}`;
  return value < 0 ? `-${text}` : text;
}

export function toFact(value: Value): FactValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (value instanceof Rational) return value.toNumber();
  if (value instanceof Money) return yuan(value);
  if (value instanceof LocalDate) return value.toString();
  return [...value];
}

export function renderFact(value: FactValue | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.join('、');
  return String(value);
}

/** The `capture.<name>` fact: the distinct names of the captured lines, or the captured codes. */
export function captureFact(capture: Capture): readonly string[] {
  const values = capture.kind === 'lines' ? capture.lines.map((v) => v.line.name) : capture.codes;
  return [...new Set(values)];
}

/** The placeholder `{{amount}}`. */
export const AMOUNT_SLOT = -1;

/**
 * A `vola_cont`/`vola_evid` template compiled against its rule: the finished text when it has no
 * placeholder left; else literal text, the index of a fact in {@link FindingShape.factKeys}, the
 * amount ({@link AMOUNT_SLOT}) or a capture. `{{param.x}}` is rendered at compile time (params are
 * constants), so is a placeholder naming no fact of the rule (`—`, as `renderFact(undefined)`).
 */
export type FactTemplate = string | readonly (string | number | { readonly capture: string })[];

/** What every finding of a rule shares, worked out once per rule set rather than per finding. */
export interface FindingShape {
  readonly ruleId: string;
  readonly ruleVersion: number;
  readonly ruleName: string;
  readonly nationalRuleId: string | undefined;
  readonly severity: Severity;
  readonly behaviourType: BehaviourType;
  readonly amountKind: AmountSpec['kind'];
  /** `amount.involved`, null when it names no capture. */
  readonly involved: readonly string[] | null;
  /** Fact keys in the order a finding's `facts` lists them: fields read, then `param.*`, then `let.*` (then captures and `amount`). */
  readonly factKeys: readonly string[];
  /** The `param.*` facts (formatted once), at `factKeys[fieldCount…]`. */
  readonly paramFacts: readonly FactValue[];
  /** `let` names, whose facts follow the params in `factKeys`. */
  readonly letNames: readonly string[];
  readonly volaCont: FactTemplate;
  readonly volaEvid: FactTemplate;
}

function compileText(parts: readonly TemplatePart[], rule: CompiledRule, keyIndex: ReadonlyMap<string, number>): FactTemplate {
  const out: (string | number | { readonly capture: string })[] = [];
  let literal = '';
  for (const part of parts) {
    if ('text' in part) {
      literal += part.text;
      continue;
    }
    const name = part.name;
    let slot: number | { readonly capture: string } | undefined;
    if (name === 'amount') slot = AMOUNT_SLOT;
    else if (name.startsWith('param.')) {
      const key = name.slice('param.'.length);
      literal += renderFact(rule.params.has(key) ? toFact(rule.params.get(key) ?? null) : undefined);
      continue;
    } else if (name.startsWith('capture.')) slot = { capture: name.slice('capture.'.length) };
    else slot = keyIndex.get(name);
    if (slot === undefined) {
      literal += renderFact(undefined);
      continue;
    }
    if (literal !== '') out.push(literal);
    literal = '';
    out.push(slot);
  }
  if (out.length === 0) return literal;
  if (literal !== '') out.push(literal);
  return out;
}

export function findingShape(rule: CompiledRule): FindingShape {
  const definition = rule.definition;
  const factKeys: string[] = rule.facts.map((f) => f.name);
  const paramFacts: FactValue[] = [];
  for (const [name, value] of rule.params) {
    factKeys.push(`param.${name}`);
    paramFacts.push(toFact(value));
  }
  const letNames = [...rule.lets.keys()];
  for (const name of letNames) factKeys.push(`let.${name}`);
  // A key given twice keeps its first position and its last value (as assigning an object's key twice).
  const keyIndex = new Map<string, number>();
  factKeys.forEach((key, i) => keyIndex.set(key, i));
  return {
    ruleId: rule.id,
    ruleVersion: rule.version,
    ruleName: definition.name.zh,
    severity: definition.severity,
    behaviourType: definition.behaviourType,
    amountKind: definition.amount.kind,
    involved: definition.amount.involved !== undefined && definition.amount.involved.length > 0 ? definition.amount.involved : null,
    nationalRuleId: definition.nationalRuleId ?? (NATIONAL_RULE_CODE.test(definition.id) ? definition.id : undefined),
    factKeys,
    paramFacts,
    letNames,
    volaCont: compileText(rule.templates.volaCont, rule, keyIndex),
    volaEvid: compileText(rule.templates.volaEvid, rule, keyIndex),
  };
}
