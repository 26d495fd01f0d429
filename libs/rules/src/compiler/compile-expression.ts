import { LocalDate, Money, type RoundingMode } from '@mi/domain';
import { Quantity } from '../claim/quantity';
import { fieldEntry } from '../dsl/field-registry';
import { Rational } from '../dsl/rational';
import type { ValueType } from '../dsl/rule-definition';
import type { ResolvedWindow, TypedExpr, TypedHistory } from '../dsl/rule-validator';
import type { DateRange } from '../history/patient-history';
import { newContext, newFrame, type Capture, type EvalContext, type Evaluator, type LineView, type Value } from './runtime';

/** A rule's condition as another rule's `{ use }` sees it: run under the used rule's own params and lets. */
export interface UsableCondition {
  readonly params: ReadonlyMap<string, Value>;
  readonly lets: ReadonlyMap<string, Evaluator>;
  readonly condition: Evaluator;
}

export interface ExpressionEnv {
  /** Code sets resolved from the knowledge snapshot at compile time. */
  readonly codeSet: (name: string) => readonly string[];
  /** Late-bound: rules may use rules compiled after them. */
  readonly useRule: (ruleId: string) => UsableCondition;
  /**
   * The params of the rule being compiled. A `{ param }` node only ever runs under its own rule's
   * params (a `{ use }` runs the used rule's own closures), so it compiles to the constant value.
   */
  readonly params?: ReadonlyMap<string, Value>;
}

type Truth = boolean | null;

function truth(value: Value): Truth {
  return value === null ? null : value === true;
}

function compare(a: Value, b: Value): number {
  if (a instanceof Rational && b instanceof Rational) return a.compareTo(b);
  if (a instanceof Money && b instanceof Money) return a.compareTo(b);
  if (a instanceof LocalDate && b instanceof LocalDate) return a.compareTo(b);
  throw new Error('@mi/rules: compared values of different types (validator bug)');
}

/** {@link compare} for two operands the validator typed alike, without the type tests. */
function comparator(left: ValueType | undefined, right: ValueType | undefined): (a: Value, b: Value) => number {
  if (left !== right) return compare;
  switch (left) {
    case 'number':
      return (a, b) => (a as Rational).compareTo(b as Rational);
    case 'money':
      return (a, b) => (a as Money).compareTo(b as Money);
    case 'date':
      return (a, b) => (a as LocalDate).compareTo(b as LocalDate);
    default:
      return compare;
  }
}

/** The window's date range, anchored on the claim's admission/visit date. */
export function windowRange(window: ResolvedWindow, anchor: LocalDate): DateRange {
  switch (window.unit) {
    case 'days':
      return { from: anchor.minusDays(window.size - 1), to: anchor };
    case 'calendarDay':
      return { from: anchor, to: anchor };
    case 'calendarMonth': {
      const from = LocalDate.of(anchor.year, anchor.month, 1);
      const next = anchor.month === 12 ? LocalDate.of(anchor.year + 1, 1, 1) : LocalDate.of(anchor.year, anchor.month + 1, 1);
      return { from, to: next.minusDays(1) };
    }
    case 'calendarYear':
      return { from: LocalDate.of(anchor.year, 1, 1), to: LocalDate.of(anchor.year, 12, 31) };
  }
}

function inRange(date: LocalDate, range: DateRange): boolean {
  return !date.isBefore(range.from) && !date.isAfter(range.to);
}

export function compileExpression(node: TypedExpr, env: ExpressionEnv): Evaluator {
  switch (node.kind) {
    case 'field': {
      const entry = fieldEntry(node.name);
      if (!entry) throw new Error(`@mi/rules: unknown field ${node.name} (validator bug)`);
      return entry.get;
    }
    case 'param': {
      const name = node.name;
      if (env.params) {
        const value = env.params.get(name) ?? null;
        return () => value;
      }
      return (ctx) => ctx.frame.params.get(name) ?? null;
    }
    case 'ref': {
      const name = node.name;
      return (ctx) => letValue(ctx, name);
    }
    case 'literal': {
      const value = node.value;
      return () => value;
    }
    case 'codeSet': {
      const codes = env.codeSet(node.name);
      return () => codes;
    }
    case 'all': {
      const args = node.args.map((a) => compileExpression(a, env));
      return (ctx) => {
        let unknown = false;
        for (const arg of args) {
          const v = truth(arg(ctx));
          if (v === false) return false;
          if (v === null) unknown = true;
        }
        return unknown ? null : true;
      };
    }
    case 'any': {
      const args = node.args.map((a) => compileExpression(a, env));
      return (ctx) => {
        let unknown = false;
        for (const arg of args) {
          const v = truth(arg(ctx));
          if (v === true) return true;
          if (v === null) unknown = true;
        }
        return unknown ? null : false;
      };
    }
    case 'not': {
      const arg = compileExpression(node.arg, env);
      return (ctx) => {
        const v = truth(arg(ctx));
        return v === null ? null : !v;
      };
    }
    case 'op':
      return compileOperator(node, env);
    case 'agg':
      return compileAggregate(node, env);
    case 'history':
      return compileHistory(node, env);
    case 'use': {
      const ruleId = node.ruleId;
      return (ctx) => {
        const used = env.useRule(ruleId);
        return truth(used.condition(newContext(ctx.view, newFrame(used.params, used.lets), ctx.line, ctx.group, ctx.each, ctx.dx, ctx.oprn)));
      };
    }
  }
}

/** A `let` binding's value for this target, computed at most once. */
export function letValue(ctx: EvalContext, name: string): Value {
  const frame = ctx.frame;
  if (frame.letValues !== null && frame.letValues.has(name)) return frame.letValues.get(name) ?? null;
  const evaluator = frame.lets.get(name);
  if (!evaluator) throw new Error(`@mi/rules: let ${name} not compiled (validator bug)`);
  const value = evaluator(ctx);
  (frame.letValues ??= new Map()).set(name, value);
  return value;
}

function compileOperator(node: Extract<TypedExpr, { kind: 'op' }>, env: ExpressionEnv): Evaluator {
  const args = node.args.map((a) => compileExpression(a, env));
  const types = node.args.map((a) => a.type);
  const [first, second, third] = args;
  const rounding = node.rounding as RoundingMode;
  const both =
    (fn: (a: NonNullable<Value>, b: NonNullable<Value>) => Value): Evaluator =>
    (ctx) => {
      const a = first(ctx);
      if (a === null) return null;
      const b = second(ctx);
      if (b === null) return null;
      return fn(a as NonNullable<Value>, b as NonNullable<Value>);
    };

  const cmp = comparator(types[0], types[1]);
  const ordered = types[0] === 'number' || types[0] === 'money' || types[0] === 'date';
  switch (node.op) {
    case 'eq':
      return ordered ? both((a, b) => cmp(a, b) === 0) : both((a, b) => a === b);
    case 'ne':
      return ordered ? both((a, b) => cmp(a, b) !== 0) : both((a, b) => a !== b);
    case 'lt':
      return both((a, b) => cmp(a, b) < 0);
    case 'le':
      return both((a, b) => cmp(a, b) <= 0);
    case 'gt':
      return both((a, b) => cmp(a, b) > 0);
    case 'ge':
      return both((a, b) => cmp(a, b) >= 0);
    case 'in':
      return both((a, b) => (b as readonly string[]).includes(a as string));
    case 'startsWithAny':
      return both((a, b) => {
        const values = typeof a === 'string' ? [a] : (a as readonly string[]);
        const prefixes = b as readonly string[];
        return values.some((v) => prefixes.some((p) => v.startsWith(p)));
      });
    case 'intersects':
      return both((a, b) => {
        const right = new Set(b as readonly string[]);
        return (a as readonly string[]).some((v) => right.has(v));
      });
    case 'exists':
      return (ctx) => first(ctx) !== null;
    case 'add':
    case 'sub': {
      const sign = node.op === 'add' ? 1 : -1;
      if (types[0] === 'number') return both((a, b) => (sign > 0 ? (a as Rational).add(b as Rational) : (a as Rational).subtract(b as Rational)));
      if (types[0] === 'money') return both((a, b) => (sign > 0 ? (a as Money).add(b as Money) : (a as Money).subtract(b as Money)));
      return both((a, b) => {
        const days = b as Rational;
        if (!days.isInteger()) return null;
        return (a as LocalDate).plusDays(sign * Number(days.numerator));
      });
    }
    case 'mul':
      if (types[0] === 'number' && types[1] === 'number') return both((a, b) => (a as Rational).multiply(b as Rational));
      if (types[0] === 'money') return both((a, b) => (b as Rational).timesMoney(a as Money, rounding));
      return both((a, b) => (a as Rational).timesMoney(b as Money, rounding));
    case 'div':
      if (types[0] === 'number') return both((a, b) => (a as Rational).divide(b as Rational));
      if (types[1] === 'money') return both((a, b) => Rational.ratioOf(a as Money, b as Money));
      return both((a, b) => {
        const inverse = Rational.ONE.divide(b as Rational);
        return inverse === null ? null : inverse.timesMoney(a as Money, rounding);
      });
    case 'min':
    case 'max': {
      const pickSmaller = node.op === 'min';
      return (ctx) => {
        let best: Value = null;
        for (const arg of args) {
          const v = arg(ctx);
          if (v === null) return null;
          if (best === null || (pickSmaller ? compare(v, best) < 0 : compare(v, best) > 0)) best = v;
        }
        return best;
      };
    }
    case 'coalesce':
      return (ctx) => {
        for (const arg of args) {
          const v = arg(ctx);
          if (v !== null) return v;
        }
        return null;
      };
    case 'len':
      return (ctx) => {
        const v = first(ctx);
        return v === null ? null : Rational.fromInteger((v as readonly string[]).length);
      };
    case 'daysBetween':
      return both((a, b) => Rational.fromInteger((a as LocalDate).daysUntil(b as LocalDate)));
    case 'if':
      return (ctx) => {
        const c = truth(first(ctx));
        if (c === null) return null;
        return c ? second(ctx) : third(ctx);
      };
  }
}

function compileAggregate(node: Extract<TypedExpr, { kind: 'agg' }>, env: ExpressionEnv): Evaluator {
  const where = node.where ? compileExpression(node.where, env) : undefined;
  const of = node.of ? compileExpression(node.of, env) : undefined;
  const { agg, over, as } = node;
  const sumType = node.type;

  return (ctx) => {
    const count = over === 'lines' ? ctx.view.lines.length : over === 'diagnoses' ? ctx.view.diagnoses.length : ctx.view.operations.length;
    const matched: EvalContext[] = [];
    let unknown = false;
    for (let i = 0; i < count; i += 1) {
      const inner: EvalContext =
        over === 'lines'
          ? newContext(ctx.view, ctx.frame, ctx.line, ctx.group, ctx.view.lines[i], ctx.dx, ctx.oprn)
          : over === 'diagnoses'
            ? newContext(ctx.view, ctx.frame, ctx.line, ctx.group, ctx.each, ctx.view.diagnoses[i], ctx.oprn)
            : newContext(ctx.view, ctx.frame, ctx.line, ctx.group, ctx.each, ctx.dx, ctx.view.operations[i]);
      const v = where ? truth(where(inner)) : true;
      if (v === true) {
        matched.push(inner);
        if (agg === 'some' && as === undefined) break;
      } else if (v === null) unknown = true;
    }
    if (as !== undefined) {
      const capture: Capture =
        over === 'lines'
          ? { kind: 'lines', lines: matched.map((m) => m.each as LineView) }
          : over === 'diagnoses'
            ? { kind: 'codes', codes: matched.map((m) => (m.dx ? m.dx.diagnosis.code : '')) }
            : { kind: 'codes', codes: matched.map((m) => (m.oprn ? m.oprn.operation.code : '')) };
      (ctx.frame.captures ??= new Map()).set(as, capture);
    }
    switch (agg) {
      case 'some':
        return matched.length > 0 ? true : unknown ? null : false;
      case 'count':
        return Rational.fromInteger(matched.length);
      case 'sum': {
        // Unknown terms are skipped: the sum of what is known (documented in the README).
        let total: Rational | Money = sumType === 'money' ? Money.ZERO : Rational.ZERO;
        for (const inner of matched) {
          const v = (of as Evaluator)(inner);
          if (v === null) continue;
          total = total instanceof Money ? total.add(v as Money) : total.add(v as Rational);
        }
        return total;
      }
      case 'collect': {
        const out: string[] = [];
        for (const inner of matched) {
          const v = (of as Evaluator)(inner);
          if (typeof v === 'string' && !out.includes(v)) out.push(v);
        }
        return out;
      }
    }
  };
}

/** The item codes of an `items` value: one code (a string) or several. */
function codeSet(value: Value): ReadonlySet<string> | null {
  if (value === null) return null;
  return new Set(typeof value === 'string' ? [value] : (value as readonly string[]));
}

/**
 * Days of use of the items (限支付疗程): per calendar day the item is charged, its lines' largest
 * 用药天数 (`prd_days`; 1 for a line without it — a day's charge of an inpatient order), summed.
 */
function addDaysOfUse(byDay: Map<number, number>, serviceDate: LocalDate, days: number | undefined): void {
  const key = serviceDate.toEpochDay();
  const value = days !== undefined && days > 0 ? days : 1;
  const known = byDay.get(key);
  if (known === undefined || value > known) byDay.set(key, value);
}

function compileHistory(node: TypedHistory, env: ExpressionEnv): Evaluator {
  const items = node.items ? compileExpression(node.items, env) : undefined;
  const date = node.date ? compileExpression(node.date, env) : undefined;
  const { window, measure, sameInstitution, includeCurrent } = node;
  const treatmentModes = node.treatmentModes;
  const medTypes = node.medTypes;
  const sizeExpr = window.unit === 'days' && window.sizeExpr ? compileExpression(window.sizeExpr, env) : undefined;
  const maxSize = window.unit === 'days' ? window.size : 0;
  /** The window's range for this target: a size computed per target is cut to the bound; unknown when the size is. */
  const rangeOf = (ctx: EvalContext, anchor: LocalDate): DateRange | null => {
    if (!sizeExpr) return windowRange(window, anchor);
    const size = sizeExpr(ctx);
    if (!(size instanceof Rational) || !size.isInteger() || size.compareTo(Rational.ONE) < 0) return null;
    const days = size.compareTo(Rational.fromInteger(maxSize)) > 0 ? maxSize : Number(size.numerator);
    return windowRange({ unit: 'days', size: days }, anchor);
  };

  return (ctx) => {
    const { claim, history } = ctx.view;
    const psnNo = claim.patient.psnNo;
    const anchor = claim.admissionDate;
    const institution = claim.institution.code;
    switch (measure) {
      case 'visitCount': {
        const range = rangeOf(ctx, anchor);
        if (range === null) return null;
        let count = history.countVisits(psnNo, range, {
          ...(treatmentModes ? { treatmentModes } : {}),
          ...(medTypes ? { medTypes } : {}),
          ...(sameInstitution ? { institutionCode: institution } : {}),
          excludeClaimId: claim.claimId,
        });
        const currentMatches =
          (!treatmentModes || treatmentModes.includes(claim.treatmentMode)) && (!medTypes || medTypes.some((m) => claim.medType.startsWith(m)));
        if (includeCurrent && currentMatches) count += 1;
        return Rational.fromInteger(count);
      }
      case 'itemQuantity': {
        const set = codeSet((items as Evaluator)(ctx));
        if (set === null) return null;
        const range = rangeOf(ctx, anchor);
        if (range === null) return null;
        let total = Quantity.ZERO;
        for (const line of history.linesOf(psnNo, range, set)) {
          if (line.claimId === claim.claimId || !set.has(line.hilistCode)) continue;
          if (sameInstitution && line.institutionCode !== institution) continue;
          total = total.add(line.quantity);
        }
        if (includeCurrent) for (const line of claim.lines) if (set.has(line.hilistCode)) total = total.add(line.quantity);
        return total.toRational();
      }
      case 'itemDays': {
        const set = codeSet((items as Evaluator)(ctx));
        if (set === null) return null;
        const range = rangeOf(ctx, anchor);
        if (range === null) return null;
        const byDay = new Map<number, number>();
        for (const line of history.linesOf(psnNo, range, set)) {
          if (line.claimId === claim.claimId || !set.has(line.hilistCode)) continue;
          if (sameInstitution && line.institutionCode !== institution) continue;
          addDaysOfUse(byDay, line.serviceDate, line.days);
        }
        if (includeCurrent) for (const line of claim.lines) if (set.has(line.hilistCode)) addDaysOfUse(byDay, line.serviceDate, line.days);
        let total = 0;
        for (const days of byDay.values()) total += days;
        return Rational.fromInteger(total);
      }
      case 'staysContaining': {
        const day = date ? date(ctx) : anchor;
        if (day === null) return null;
        const d = day as LocalDate;
        const earliestAdmission = d.minusDays(window.unit === 'days' ? window.size : 0);
        let count = 0;
        for (const stay of history.inpatientStays(psnNo, { from: d, to: d })) {
          if (stay.claimId === claim.claimId || (sameInstitution && stay.institutionCode !== institution)) continue;
          if (stay.admissionDate.isBefore(earliestAdmission) || !stay.admissionDate.isBefore(d)) continue;
          if (stay.dischargeDate !== null && !d.isBefore(stay.dischargeDate)) continue;
          count += 1;
        }
        return Rational.fromInteger(count);
      }
      case 'daysSinceLastDischarge': {
        const size = window.unit === 'days' ? window.size : 0;
        const range: DateRange = { from: anchor.minusDays(size), to: anchor };
        let latest: LocalDate | null = null;
        for (const stay of history.inpatientStays(psnNo, range)) {
          if (stay.claimId === claim.claimId || stay.dischargeDate === null) continue;
          if (sameInstitution && stay.institutionCode !== institution) continue;
          if (!inRange(stay.dischargeDate, range)) continue;
          if (latest === null || stay.dischargeDate.isAfter(latest)) latest = stay.dischargeDate;
        }
        return latest === null ? null : Rational.fromInteger(latest.daysUntil(anchor));
      }
    }
  };
}
