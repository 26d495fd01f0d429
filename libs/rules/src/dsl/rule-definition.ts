import type {
  BaseMedicalType,
  InstitutionLevelNumber,
  InstitutionType,
  InsuranceType,
  ListType,
  RoundingMode,
  Severity,
  TreatmentMode,
  TriggerScene,
} from '@mi/domain';
import type { RuleStage } from '../claim/claim';
import type { CatalogueAttribute } from '../knowledge/knowledge';
import type { BehaviourType } from './behaviour-type.dictionary';

/**
 * The rule DSL: plain JSON, stored by monitoring-kb per city and version, checked by
 * `validateRule` and turned into closures by `compileRuleSet`. No code is ever executed from a
 * rule: expressions are a closed set of typed nodes.
 */
export interface RuleDefinition {
  /** National code (`GZ10000101006000`, must exist in the framework) or a city id (`430100-LOCAL-001`). */
  readonly id: string;
  /** Positive integer; a published version is immutable — change means a new version. */
  readonly version: number;
  /** The national rule a city rule refines. */
  readonly nationalRuleId?: string;
  readonly name: { readonly zh: string; readonly en: string };
  /** Framework 1.0 category: tier1 政策类/管理类/医疗类, tier2 as in the framework. */
  readonly category: { readonly tier1: string; readonly tier2: string };
  /** Review stages the rule runs in. */
  readonly stage: readonly RuleStage[];
  readonly scope?: RuleScope;
  readonly target: RuleTarget;
  /** Named constants (thresholds) a city may change without touching the condition. */
  readonly params?: Readonly<Record<string, ParamValue>>;
  /** Named sub-expressions, referenced as `{ "ref": name }`; evaluated at most once per target. */
  readonly let?: Readonly<Record<string, Expr>>;
  /** Must be a boolean expression; the rule fires only when it is TRUE (not unknown). */
  readonly condition: Expr;
  /** `sev_deg`: 1 明确违规, 2 高度可疑, 3 轻度可疑. */
  readonly severity: Severity;
  /** `vola_bhvr_type` (platform dictionary, see BehaviourType). */
  readonly behaviourType: BehaviourType;
  readonly amount: AmountSpec;
  /** `vola_cont` and `vola_evid` templates with `{{placeholders}}`. */
  readonly explanation: { readonly volaCont: string; readonly volaEvid: string };
  /** Free text for reviewers (sources, assumptions). */
  readonly notes?: string;
}

/** Which claims a rule applies to; every listed dimension must match, an absent one matches all. */
export interface RuleScope {
  readonly insutypes?: readonly InsuranceType[];
  /** National `med_type`s; regional sub-codes match by prefix. */
  readonly medTypes?: readonly BaseMedicalType[];
  readonly treatmentModes?: readonly TreatmentMode[];
  readonly institutionLevels?: readonly InstitutionLevelNumber[];
  readonly institutionTypes?: readonly InstitutionType[];
  /** Admdvs prefixes of the institution (`43` province, `4301` city, `430102` county). */
  readonly regions?: readonly string[];
  readonly triggerScenes?: readonly TriggerScene[];
}

export type RuleTarget = LineTarget | ClaimTarget;

/**
 * One evaluation per charge line (or per group of lines) that matches every given selector. With
 * `groupBy`, lines sharing those keys are evaluated once as a group (`group.*` fields), e.g. per
 * item and day for frequency limits.
 */
export interface LineTarget {
  readonly kind: 'line';
  readonly listTypes?: readonly ListType[];
  readonly itemCodes?: readonly string[];
  readonly itemSet?: ItemSetRef;
  readonly groupBy?: readonly ('hilistCode' | 'serviceDate')[];
}

/** One evaluation per claim. */
export interface ClaimTarget {
  readonly kind: 'claim';
}

/** A knowledge-base table as the set of target items: catalogue items carrying a limit, or a named code set. */
export type ItemSetRef = { readonly table: 'catalogue'; readonly with: CatalogueAttribute } | { readonly table: 'codeSet'; readonly name: string };

export type ParamValue = number | string | boolean | readonly string[] | { readonly money: string };

/** Violation amount and the lines reported (`judge_result_detail_dtos`). */
export type AmountSpec =
  /** The target line(s) in full (claim target: every line). */
  | { readonly kind: 'target'; readonly involved?: readonly string[] }
  /** A money expression, clamped to [0, target amount] and charged to the latest target lines first. */
  | { readonly kind: 'expr'; readonly value: Expr; readonly involved?: readonly string[] }
  /** No amount (a warning): target lines are listed as 涉及项 at 0. */
  | { readonly kind: 'none'; readonly involved?: readonly string[] };

export type ValueType = 'boolean' | 'number' | 'money' | 'string' | 'date' | 'strings';

export const OPERATORS = [
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'in',
  'startsWithAny',
  'intersects',
  'exists',
  'add',
  'sub',
  'mul',
  'div',
  'min',
  'max',
  'coalesce',
  'len',
  'daysBetween',
  'if',
] as const;
export type Operator = (typeof OPERATORS)[number];

export type Expr =
  | { readonly field: string }
  | { readonly param: string }
  | { readonly ref: string }
  | { readonly const: string | number | boolean | readonly string[] }
  | { readonly money: string }
  | { readonly date: string }
  | { readonly codeSet: string }
  | { readonly all: readonly Expr[] }
  | { readonly any: readonly Expr[] }
  | { readonly not: Expr }
  | { readonly op: Operator; readonly args: readonly Expr[]; readonly rounding?: RoundingMode }
  | AggregateExpr
  | HistoryExpr
  | { readonly use: string };

/**
 * A quantifier over the claim's lines (`each.*`, `eachItem.*`), diagnoses (`dx.*`, `dxRule.*`) or
 * operations (`oprn.*`, `oprnRule.*`). `as` names the matching lines/codes for `amount.involved`
 * (lines only) and `{{capture.name}}`.
 */
export interface AggregateExpr {
  readonly agg: 'some' | 'count' | 'sum' | 'collect';
  readonly over: AggregateOver;
  readonly where?: Expr;
  readonly of?: Expr;
  readonly as?: string;
}

export const AGGREGATE_OVER = ['lines', 'diagnoses', 'operations'] as const;
export type AggregateOver = (typeof AGGREGATE_OVER)[number];

/**
 * Calendar days ending on the claim's admission/visit date, or the calendar day/month/year containing
 * it. `size` is a number of days or a `{ param }`; it may be any number expression (e.g. a catalogue
 * attribute with a default, per target) when `maxSize` bounds it — the history loaded for a claim
 * covers `maxSize` days, and a larger value is cut to it.
 */
export type WindowSpec =
  | { readonly unit: 'days'; readonly size: number | { readonly param: string } }
  | { readonly unit: 'days'; readonly size: Expr; readonly maxSize: number | { readonly param: string } }
  | { readonly unit: 'calendarDay' | 'calendarMonth' | 'calendarYear' };

export type HistoryMeasure = 'visitCount' | 'itemQuantity' | 'itemDays' | 'staysContaining' | 'daysSinceLastDischarge';

/** A lookup in the patient's history through `PatientHistory`. */
export interface HistoryExpr {
  readonly history: HistoryMeasure;
  readonly window: WindowSpec;
  readonly filter?: {
    readonly treatmentModes?: readonly TreatmentMode[];
    readonly medTypes?: readonly BaseMedicalType[];
    readonly sameInstitution?: boolean;
  };
  /** `itemQuantity`, `itemDays`: the item code(s) to add up (a string or strings expression). */
  readonly items?: Expr;
  /** `staysContaining`: the date to test (default `claim.admissionDate`). */
  readonly date?: Expr;
  /** `visitCount`, `itemQuantity`, `itemDays`: count the claim under review too (default true). */
  readonly includeCurrent?: boolean;
}
