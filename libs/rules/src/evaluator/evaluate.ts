import { LocalDate, Money } from '@mi/domain';
import { ageInDays, ageInYears, type Claim, type ClaimLine } from '../claim/claim';
import type { CompiledRuleSet, RuleRuntime } from '../compiler/compile';
import { letValue } from '../compiler/compile-expression';
import {
  newContext,
  newFrame,
  type Capture,
  type ClaimView,
  type DiagnosisView,
  type EvalContext,
  type Evaluator,
  type Frame,
  type GroupView,
  type LineView,
  type OperationView,
  type Value,
} from '../compiler/runtime';
import { Rational } from '../dsl/rational';
import { NO_HISTORY, type PatientHistory } from '../history/patient-history';
import type { CatalogueItem, KnowledgeBase } from '../knowledge/knowledge';
import type { FactValue, Finding, FindingLine } from './finding';
import { AMOUNT_SLOT, captureFact, renderFact, toFact, yuan, type FactTemplate, type FindingShape } from './finding-shape';

/** A claim line with its position; its catalogue entry is looked up when a rule first reads `item.*`. */
class LazyLineView implements LineView {
  private looked = false;
  private itemValue: CatalogueItem | undefined;

  constructor(
    readonly line: ClaimLine,
    readonly seq: number,
    private readonly knowledge: KnowledgeBase,
  ) {}

  get item(): CatalogueItem | undefined {
    if (!this.looked) {
      this.itemValue = this.knowledge.item(this.line.hilistCode);
      this.looked = true;
    }
    return this.itemValue;
  }
}

/**
 * Everything derived from a claim once, shared by every rule evaluated on it. The line views are
 * built up front (every target needs them); the rest only when a rule reads it.
 */
class LazyClaimView implements ClaimView {
  readonly lines: readonly LineView[];
  private ageValue: number | undefined;
  private ageDaysValue: number | undefined;
  private diagnosesValue: readonly DiagnosisView[] | undefined;
  private operationsValue: readonly OperationView[] | undefined;
  private itemCodesValue: readonly string[] | undefined;
  private diagnosisCodesValue: readonly string[] | undefined;
  private operationCodesValue: readonly string[] | undefined;
  private totalAmountValue: Money | undefined;

  constructor(
    readonly claim: Claim,
    readonly knowledge: KnowledgeBase,
    readonly history: PatientHistory,
  ) {
    const source = claim.lines;
    const lines: LineView[] = new Array<LineView>(source.length);
    for (let i = 0; i < source.length; i += 1) lines[i] = new LazyLineView(source[i], i + 1, knowledge);
    this.lines = lines;
  }

  get age(): number {
    return (this.ageValue ??= ageInYears(this.claim.patient.birthDate, this.claim.admissionDate));
  }

  get ageDays(): number {
    return (this.ageDaysValue ??= ageInDays(this.claim.patient.birthDate, this.claim.admissionDate));
  }

  get diagnoses(): readonly DiagnosisView[] {
    return (this.diagnosesValue ??= this.claim.diagnoses.map((diagnosis, i) => ({
      diagnosis,
      seq: i + 1,
      constraint: this.knowledge.diagnosisConstraint(diagnosis.code),
      listed: this.knowledge.diagnosisCode(diagnosis.code),
    })));
  }

  get operations(): readonly OperationView[] {
    return (this.operationsValue ??= this.claim.operations.map((operation, i) => ({
      operation,
      seq: i + 1,
      constraint: this.knowledge.operationConstraint(operation.code),
    })));
  }

  get itemCodes(): readonly string[] {
    // Distinct codes in first-seen order (a Set: claims of 500+ lines made the array scan quadratic).
    return (this.itemCodesValue ??= Object.freeze([...new Set(this.claim.lines.map((l) => l.hilistCode))]));
  }

  get diagnosisCodes(): readonly string[] {
    return (this.diagnosisCodesValue ??= Object.freeze(this.claim.diagnoses.map((d) => d.code)));
  }

  get operationCodes(): readonly string[] {
    return (this.operationCodesValue ??= Object.freeze(this.claim.operations.map((o) => o.code)));
  }

  get totalAmount(): Money {
    return (this.totalAmountValue ??= Money.sum(this.claim.lines.map((l) => l.amount)));
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
const EMPTY_PARAMS: ReadonlyMap<string, Value> = new Map();
const EMPTY_LETS: ReadonlyMap<string, Evaluator> = new Map();

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

function render(template: FactTemplate, values: readonly FactValue[], captures: ReadonlyMap<string, Capture> | null, amount: FactValue): string {
  if (typeof template === 'string') return template;
  let out = '';
  for (const part of template) {
    if (typeof part === 'string') out += part;
    else if (typeof part === 'number') out += renderFact(part === AMOUNT_SLOT ? amount : values[part]);
    else {
      const capture = captures?.get(part.capture);
      out += renderFact(capture === undefined ? undefined : captureFact(capture));
    }
  }
  return out;
}

/** The finding as plain data; two literals so that both object shapes stay fixed (with and without `nationalRuleId`). */
function findingObject(
  shape: FindingShape,
  claimId: string,
  lines: readonly FindingLine[],
  amount: Money,
  amountStatus: Finding['amountStatus'],
  facts: Readonly<Record<string, FactValue>>,
  volaCont: string,
  volaEvid: string,
): Finding {
  if (shape.nationalRuleId !== undefined) {
    return {
      ruleId: shape.ruleId,
      ruleVersion: shape.ruleVersion,
      ruleName: shape.ruleName,
      nationalRuleId: shape.nationalRuleId,
      severity: shape.severity,
      behaviourType: shape.behaviourType,
      claimId,
      lines,
      amount,
      amountStatus,
      facts,
      volaCont,
      volaEvid,
    };
  }
  return {
    ruleId: shape.ruleId,
    ruleVersion: shape.ruleVersion,
    ruleName: shape.ruleName,
    severity: shape.severity,
    behaviourType: shape.behaviourType,
    claimId,
    lines,
    amount,
    amountStatus,
    facts,
    volaCont,
    volaEvid,
  };
}

function makeFinding(runtime: RuleRuntime, ctx: EvalContext, targets: readonly LineView[]): Finding {
  const rule = runtime.rule;
  const shape = runtime.finding;
  let lines: FindingLine[];
  let amount: Money;
  let amountStatus: Finding['amountStatus'] = 'computed';

  if (!runtime.isClaim && targets.length === 1 && shape.involved === null) {
    // One line, nothing else involved: the general path below without its map, sort and sums.
    const view = targets[0];
    const lineAmount = view.line.amount;
    let itemType: '1' | '2' = '2';
    let share = Money.ZERO;
    if (shape.amountKind === 'target') {
      itemType = '1';
      share = lineAmount;
    } else if (shape.amountKind === 'expr') {
      const value = rule.amountValue ? rule.amountValue(ctx) : null;
      if (!(value instanceof Money)) amountStatus = 'unknown';
      else {
        share = Money.min(Money.max(value, Money.ZERO), lineAmount);
        itemType = share.isPositive() ? '1' : '2';
      }
    }
    lines = [{ lineId: view.line.lineId, itemType, amount: share }];
    amount = itemType === '1' ? share : Money.ZERO;
  } else {
    const spec = rule.definition.amount;
    const reported = new Map<string, FindingLine>();
    const report = (view: LineView, itemType: '1' | '2', lineAmount: Money): void => {
      if (!reported.has(view.line.lineId)) reported.set(view.line.lineId, { lineId: view.line.lineId, itemType, amount: lineAmount });
    };
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
      const capture = ctx.frame.captures?.get(name);
      if (capture?.kind === 'lines') for (const view of capture.lines) report(view, '2', Money.ZERO);
    }
    lines = [...reported.values()];
    amount = Money.sum(lines.filter((l) => l.itemType === '1').map((l) => l.amount));
  }

  const keys = shape.factKeys;
  const values: FactValue[] = new Array<FactValue>(keys.length);
  const fieldCount = rule.facts.length;
  for (let i = 0; i < fieldCount; i += 1) values[i] = toFact(rule.facts[i].get(ctx));
  const paramFacts = shape.paramFacts;
  for (let i = 0; i < paramFacts.length; i += 1) {
    const fact = paramFacts[i];
    values[fieldCount + i] = Array.isArray(fact) ? [...fact] : fact;
  }
  const letOffset = fieldCount + paramFacts.length;
  for (let i = 0; i < shape.letNames.length; i += 1) values[letOffset + i] = toFact(letValue(ctx, shape.letNames[i]));
  const facts: Record<string, FactValue> = {};
  for (let i = 0; i < keys.length; i += 1) facts[keys[i]] = values[i];
  const captures = ctx.frame.captures;
  if (captures !== null) for (const [name, capture] of captures) facts[`capture.${name}`] = captureFact(capture);
  const amountFact = amountStatus === 'computed' ? yuan(amount) : null;
  facts.amount = amountFact;
  return findingObject(
    shape,
    ctx.view.claim.claimId,
    lines,
    amount,
    amountStatus,
    Object.freeze(facts),
    render(shape.volaCont, values, captures, amountFact),
    render(shape.volaEvid, values, captures, amountFact),
  );
}

/**
 * Runs the rule set on one claim: synchronous, no I/O beyond the `history` the caller supplies
 * (default: none). Returns the findings in rule order, then line order. A rule fires only where
 * its condition is TRUE; an unknown (missing data) never fires.
 */
export function evaluate(ruleSet: CompiledRuleSet, claim: Claim, history: PatientHistory = NO_HISTORY): Finding[] {
  const view = new LazyClaimView(claim, ruleSet.knowledge, history);
  const findings: Finding[] = [];
  // One context for every single-line target: nothing keeps it once the target is done (a
  // finding copies what it reports), so it is reset instead of allocated per line.
  const frame: Mutable<Frame> = newFrame(EMPTY_PARAMS, EMPTY_LETS);
  const lineCtx: Mutable<EvalContext> = newContext(view, frame, undefined, undefined, undefined, undefined, undefined);
  const plan = ruleSet.planInto(claim);
  try {
    const runtimes = ruleSet.runtimes;
    for (let k = 0; k < plan.count; k += 1) {
      const runtime = runtimes[plan.orders[k]];
      const rule = runtime.rule;
      if (runtime.isClaim) {
        const ctx = newContext(view, newFrame(rule.params, rule.lets), undefined, undefined, undefined, undefined, undefined);
        if (rule.condition(ctx) === true) findings.push(makeFinding(runtime, ctx, view.lines));
        continue;
      }
      const indexes = plan.lines[runtime.order];
      if (!runtime.grouped) {
        frame.params = rule.params;
        frame.lets = rule.lets;
        for (let j = 0; j < indexes.length; j += 1) {
          const line = view.lines[indexes[j]];
          frame.letValues = null;
          frame.captures = null;
          lineCtx.line = line;
          if (rule.condition(lineCtx) === true) findings.push(makeFinding(runtime, lineCtx, [line]));
        }
      } else {
        for (const group of groupLines(
          indexes.map((i) => view.lines[i]),
          rule.groupBy,
        )) {
          const ctx = newContext(view, newFrame(rule.params, rule.lets), group.lines[0], group, undefined, undefined, undefined);
          if (rule.condition(ctx) === true) findings.push(makeFinding(runtime, ctx, group.lines));
        }
      }
    }
  } finally {
    ruleSet.release(plan);
  }
  return findings;
}
