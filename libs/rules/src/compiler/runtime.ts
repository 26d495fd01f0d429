import type { LocalDate, Money } from '@mi/domain';
import type { Claim, ClaimDiagnosis, ClaimLine, ClaimOperation } from '../claim/claim';
import type { Rational } from '../dsl/rational';
import type { PatientHistory } from '../history/patient-history';
import type { CatalogueItem, DiagnosisCode, DiagnosisConstraint, KnowledgeBase, OperationConstraint } from '../knowledge/knowledge';

/**
 * A DSL value at run time. `null` is "unknown" (a missing field, a division by zero): comparisons
 * with it are unknown, and a rule fires only on a definite TRUE.
 */
export type Value = null | boolean | string | Rational | Money | LocalDate | readonly string[];

/** A claim line with its position (1-based, claim order) and catalogue entry, looked up once per claim. */
export interface LineView {
  readonly line: ClaimLine;
  readonly seq: number;
  readonly item: CatalogueItem | undefined;
}

/** Lines evaluated together (`target.groupBy`); `lines[0]` is the earliest and stands for `line.*`. */
export interface GroupView {
  readonly lines: readonly LineView[];
  readonly quantity: Rational;
  readonly amount: Money;
  readonly days: Rational | null;
}

export interface DiagnosisView {
  readonly diagnosis: ClaimDiagnosis;
  readonly seq: number;
  readonly constraint: DiagnosisConstraint | undefined;
  /** The code's entry in the ICD-10 医保版 table; undefined when absent or when the snapshot has no table. */
  readonly listed: DiagnosisCode | undefined;
}

export interface OperationView {
  readonly operation: ClaimOperation;
  readonly seq: number;
  readonly constraint: OperationConstraint | undefined;
}

/** Everything derived from a claim once, shared by every rule evaluated on it. */
export interface ClaimView {
  readonly claim: Claim;
  readonly knowledge: KnowledgeBase;
  readonly history: PatientHistory;
  /** Whole years / days of life on the admission (visit) date. */
  readonly age: number;
  readonly ageDays: number;
  readonly lines: readonly LineView[];
  readonly diagnoses: readonly DiagnosisView[];
  readonly operations: readonly OperationView[];
  readonly itemCodes: readonly string[];
  readonly diagnosisCodes: readonly string[];
  readonly operationCodes: readonly string[];
  readonly totalAmount: Money;
}

/** What an aggregate's `as` captured: lines, or the codes of the diagnoses/operations that matched. */
export type Capture = { readonly kind: 'lines'; readonly lines: readonly LineView[] } | { readonly kind: 'codes'; readonly codes: readonly string[] };

/**
 * Per rule and target: the rule's params, its `let` bindings (memoised) and the captures made so
 * far. The two maps are created on first use (most targets compute no `let` and capture nothing).
 */
export interface Frame {
  readonly params: ReadonlyMap<string, Value>;
  readonly lets: ReadonlyMap<string, Evaluator>;
  letValues: Map<string, Value> | null;
  captures: Map<string, Capture> | null;
}

export function newFrame(params: ReadonlyMap<string, Value>, lets: ReadonlyMap<string, Evaluator>): Frame {
  return { params, lets, letValues: null, captures: null };
}

export interface EvalContext {
  readonly view: ClaimView;
  readonly frame: Frame;
  readonly line: LineView | undefined;
  readonly group: GroupView | undefined;
  readonly each: LineView | undefined;
  readonly dx: DiagnosisView | undefined;
  readonly oprn: OperationView | undefined;
}

/** Every context has the same seven keys (one object shape for the field readers). */
export function newContext(
  view: ClaimView,
  frame: Frame,
  line: LineView | undefined,
  group: GroupView | undefined,
  each: LineView | undefined,
  dx: DiagnosisView | undefined,
  oprn: OperationView | undefined,
): EvalContext {
  return { view, frame, line, group, each, dx, oprn };
}

export type Evaluator = (ctx: EvalContext) => Value;

/** Reaching this is a compiler bug: the validator guarantees the binding exists. */
export function bound<T>(value: T | undefined, binding: string): T {
  if (value === undefined) throw new Error(`@mi/rules: ${binding} is not bound here (validator bug)`);
  return value;
}
