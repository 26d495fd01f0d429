import { LocalDate, Money } from '@mi/domain';
import { ageInDays, ageInYears, type Claim } from '../claim/claim';
import type { CompiledRule, CompiledRuleSet } from '../compiler/compile';
import { letValue } from '../compiler/compile-expression';
import type { ClaimView, EvalContext, GroupView, LineView, Value } from '../compiler/runtime';
import { NATIONAL_RULE_CODE } from '../dsl/national-rules';
import { Rational } from '../dsl/rational';
import { renderTemplate } from '../dsl/template';
import { NO_HISTORY, type PatientHistory } from '../history/patient-history';
import type { KnowledgeBase } from '../knowledge/knowledge';
import type { FactValue, Finding, FindingLine } from './finding';

function buildView(claim: Claim, knowledge: KnowledgeBase, history: PatientHistory): ClaimView {
  const lines = claim.lines.map((line, i) => ({ line, seq: i + 1, item: knowledge.item(line.hilistCode) }));
  // Distinct codes in first-seen order (a Set: claims of 500+ lines made the array scan quadratic).
  const itemCodes = [...new Set(claim.lines.map((l) => l.hilistCode))];
  return {
    claim,
    knowledge,
    history,
    age: ageInYears(claim.patient.birthDate, claim.admissionDate),
    ageDays: ageInDays(claim.patient.birthDate, claim.admissionDate),
    lines,
    diagnoses: claim.diagnoses.map((diagnosis, i) => ({ diagnosis, seq: i + 1, constraint: knowledge.diagnosisConstraint(diagnosis.code) })),
    itemCodes: Object.freeze(itemCodes),
    diagnosisCodes: Object.freeze(claim.diagnoses.map((d) => d.code)),
    totalAmount: Money.sum(claim.lines.map((l) => l.amount)),
  };
}

const byDateThenSeq = (a: LineView, b: LineView): number => LocalDate.compare(a.line.serviceDate, b.line.serviceDate) || a.seq - b.seq;

function groupLines(lines: readonly LineView[], keys: readonly ('hilistCode' | 'serviceDate')[]): GroupView[] {
  const groups = new Map<string, LineView[]>();
  for (const view of lines) {
    const k = keys.map((key) => (key === 'hilistCode' ? view.line.hilistCode : view.line.serviceDate.toString())).join('|');
    const list = groups.get(k);
    if (list) list.push(view);
    else groups.set(k, [view]);
  }
  return [...groups.values()].map((list) => {
    const sorted = [...list].sort(byDateThenSeq);
    const withDays = sorted.filter((v) => v.line.days !== undefined);
    return {
      lines: sorted,
      quantity: sorted.reduce((sum, v) => sum.add(v.line.quantity.toRational()), Rational.ZERO),
      amount: Money.sum(sorted.map((v) => v.line.amount)),
      days: withDays.length === 0 ? null : Rational.fromInteger(withDays.reduce((sum, v) => sum + (v.line.days ?? 0), 0)),
    };
  });
}

function context(view: ClaimView, rule: CompiledRule, bindings: { line?: LineView; group?: GroupView }): EvalContext {
  return { view, frame: { params: rule.params, lets: rule.lets, letValues: new Map(), captures: new Map() }, ...bindings };
}

function toFact(value: Value): FactValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (value instanceof Rational) return value.toNumber();
  if (value instanceof Money) return value.toYuanString();
  if (value instanceof LocalDate) return value.toString();
  return [...value];
}

function renderFact(value: FactValue | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.join('、');
  return String(value);
}

/** Charges `amount` to the latest lines first (the earliest units are the legitimate ones). */
function allocateLatestFirst(targets: readonly LineView[], amount: Money): Map<LineView, Money> {
  const shares = new Map<LineView, Money>();
  let remaining = amount;
  for (const view of [...targets].sort(byDateThenSeq).reverse()) {
    const share = Money.min(remaining, view.line.amount);
    shares.set(view, share);
    remaining = remaining.subtract(share);
  }
  return shares;
}

function makeFinding(rule: CompiledRule, ctx: EvalContext, targets: readonly LineView[]): Finding {
  const definition = rule.definition;
  const spec = definition.amount;
  const reported = new Map<string, FindingLine>();
  const report = (view: LineView, itemType: '1' | '2', amount: Money): void => {
    if (!reported.has(view.line.lineId)) reported.set(view.line.lineId, { lineId: view.line.lineId, itemType, amount });
  };
  let amountStatus: Finding['amountStatus'] = 'computed';

  if (spec.kind === 'target') {
    for (const view of targets) report(view, '1', view.line.amount);
  } else if (spec.kind === 'expr') {
    const value = rule.amountValue ? rule.amountValue(ctx) : null;
    if (!(value instanceof Money)) {
      amountStatus = 'unknown';
      for (const view of targets) report(view, '2', Money.ZERO);
    } else {
      const ceiling = Money.sum(targets.map((v) => v.line.amount));
      const clamped = Money.min(Money.max(value, Money.ZERO), ceiling);
      const shares = allocateLatestFirst(targets, clamped);
      for (const view of targets) {
        const share = shares.get(view) ?? Money.ZERO;
        report(view, share.isPositive() ? '1' : '2', share);
      }
    }
  } else if (rule.targetKind === 'line') {
    for (const view of targets) report(view, '2', Money.ZERO);
  }
  for (const name of spec.involved ?? []) {
    const capture = ctx.frame.captures.get(name);
    if (capture?.kind === 'lines') for (const view of capture.lines) report(view, '2', Money.ZERO);
  }
  const lines = [...reported.values()];
  const amount = Money.sum(lines.filter((l) => l.itemType === '1').map((l) => l.amount));

  const facts: Record<string, FactValue> = {};
  for (const fact of rule.facts) facts[fact.name] = toFact(fact.get(ctx));
  for (const [name, value] of rule.params) facts[`param.${name}`] = toFact(value);
  for (const name of rule.lets.keys()) facts[`let.${name}`] = toFact(letValue(ctx, name));
  for (const [name, capture] of ctx.frame.captures) {
    const values = capture.kind === 'lines' ? capture.lines.map((v) => v.line.name) : capture.codes;
    facts[`capture.${name}`] = [...new Set(values)];
  }
  facts.amount = amountStatus === 'computed' ? amount.toYuanString() : null;

  const lookup = (name: string): string => renderFact(facts[name]);
  const nationalRuleId = definition.nationalRuleId ?? (NATIONAL_RULE_CODE.test(definition.id) ? definition.id : undefined);
  return {
    ruleId: rule.id,
    ruleVersion: rule.version,
    ruleName: definition.name.zh,
    ...(nationalRuleId !== undefined ? { nationalRuleId } : {}),
    severity: definition.severity,
    behaviourType: definition.behaviourType,
    claimId: ctx.view.claim.claimId,
    lines,
    amount,
    amountStatus,
    facts: Object.freeze(facts),
    volaCont: renderTemplate(rule.templates.volaCont, lookup),
    volaEvid: renderTemplate(rule.templates.volaEvid, lookup),
  };
}

/**
 * Runs the rule set on one claim: synchronous, no I/O beyond the `history` the caller supplies
 * (default: none). Returns the findings in rule order, then line order. A rule fires only where
 * its condition is TRUE; an unknown (missing data) never fires.
 */
export function evaluate(ruleSet: CompiledRuleSet, claim: Claim, history: PatientHistory = NO_HISTORY): Finding[] {
  const view = buildView(claim, ruleSet.knowledge, history);
  const findings: Finding[] = [];
  for (const { rule, lineIndexes } of ruleSet.plan(claim)) {
    if (lineIndexes === null) {
      const ctx = context(view, rule, {});
      if (rule.condition(ctx) === true) findings.push(makeFinding(rule, ctx, view.lines));
      continue;
    }
    const targets = lineIndexes.map((i) => view.lines[i]);
    if (rule.groupBy.length === 0) {
      for (const line of targets) {
        const ctx = context(view, rule, { line });
        if (rule.condition(ctx) === true) findings.push(makeFinding(rule, ctx, [line]));
      }
    } else {
      for (const group of groupLines(targets, rule.groupBy)) {
        const ctx = context(view, rule, { line: group.lines[0], group });
        if (rule.condition(ctx) === true) findings.push(makeFinding(rule, ctx, group.lines));
      }
    }
  }
  return findings;
}
