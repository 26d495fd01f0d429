import { IsOptional, Matches } from 'class-validator';
import { Admdvs } from '@mi/domain';
import { ParsedBy } from '../validation/parsed-by';

/**
 * 指标考核与指标性扣款 (DOMAIN.md §2; 001_… 第七篇: quantified indicators written into the agreement
 * for the agency's assessment; 第九篇: 次均三费超5% among the deduction indicators) — per institution
 * and period (a month, or a quarter: 按月预付、季度考核), the reviewed inpatient settlements against
 * the indicators of the agreements in force during the period (`AgreementIndicators`, read from
 * agreement-service `mi.v1.agreement.indicators-in-force`):
 * - cost per admission and per bed-day (`costPerAdmissionFen`, `costPerBedDayFen`): beyond the
 *   tolerance (5 %) a deduction proposal for the period, which a second reviewer or city officer
 *   approves (`/api/v1/approvals/review/:id/decide`), emitting `evt.review.IndicatorDeductionConfirmed`;
 * - drug share, self-pay ratio and average length of stay (`drugSharePct`, `selfPayRatioPct`,
 *   `averageStayDays`): a finding (BREACHED or WITHIN) recorded for the agreement's assessment, no money
 *   — the sources name no deduction for them.
 * Not assessed: the transfer rate (`transferRatePct`: the settlement carries no discharge disposition
 * or referral record) and the stocking rates (pharmacy stock, not settlements).
 */
export const IndicatorSubjects = {
  /** Assesses a period (once; a repeat answers the stored assessment). Reply {@link IndicatorAssessmentPageView}. */
  assess: 'mi.v1.review.indicator.assess',
  /** Lists the stored assessment of a period. Reply {@link IndicatorAssessmentPageView}. */
  list: 'mi.v1.review.indicator.list',
} as const;
export const INDICATOR_DEDUCTION_ACTION = 'review.indicator-deduction';
export const INDICATOR_DEDUCTION_CONFIRMED_SUBJECT = 'evt.review.IndicatorDeductionConfirmed';

export const COST_INDICATORS = ['costPerAdmission', 'costPerBedDay'] as const;
/** 次均住院费用, 床日费用 — the money indicators: an excess beyond the tolerance is deducted. */
export type CostIndicator = (typeof COST_INDICATORS)[number];

export const RATIO_INDICATORS = ['drugShare', 'selfPayRatio', 'averageStay'] as const;
/** 药占比, 个人自费比例, 平均住院日 — assessed as findings without money. */
export type RatioIndicator = (typeof RATIO_INDICATORS)[number];

export type AssessedIndicator = CostIndicator | RatioIndicator;

/** `yyyy-MM` (a month) or `yyyy-Qn` (a quarter, as the seed's county assessed 2019 Q4). */
export const INDICATOR_PERIOD = /^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/;

export class AssessIndicatorsRequest {
  @ParsedBy((v) => Admdvs.parse(v, 'poolarea'))
  poolarea: string;

  @Matches(INDICATOR_PERIOD, { message: 'period must be yyyy-MM or yyyy-Qn (e.g. 2026-10 or 2026-Q4)' })
  period: string;
}

export class ListIndicatorAssessmentsRequest extends AssessIndicatorsRequest {
  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9]{8,29}$/, { message: 'institutionCode must be an institution code' })
  institutionCode?: string;
}

/**
 * The target of one agreement in force during part of the period. A period normally has one; two when
 * an agreement ended inside it and another began (each settlement is measured against the agreement in
 * force on its settlement date).
 */
export interface IndicatorTargetSpanView {
  agreementNumber: string;
  /** First and last day of the period the agreement was in force. */
  from: string;
  to: string;
  /** The target as the measure states it: fen (cost), percent with 2 decimals (`"35.00"`), days with 1 decimal (`"9.0"`). */
  target: string;
  /** Admissions or bed-days (cost, average stay) or fen of cost (drug share, self-pay ratio) measured under this target. */
  weight: string;
}

/** A cost indicator of one institution in the period. Money in fen as decimal strings. */
export interface IndicatorMeasureView {
  indicator: CostIndicator;
  /** DEDUCTION: its excess is withheld (absent on rows assessed before the ratio indicators, read as DEDUCTION). */
  consequence: 'DEDUCTION';
  /** BREACHED when over the target by more than the tolerance. */
  status: 'WITHIN' | 'BREACHED';
  /** The agreement's target (per admission or per bed-day); with two agreements, weighted by units (rounded half up). */
  targetFen: string;
  /** Admissions or bed-days in the period. */
  units: number;
  totalFen: string;
  /** totalFen / units, rounded half up. */
  actualFen: string;
  /** How far over the target, per mille (negative when under), truncated toward zero. */
  overPermille: number;
  /** What the tolerance allows: Σ units × target × (1 + tolerance), rounded up in the institution's favour. */
  allowedFen: string;
  /** totalFen − allowedFen when over the tolerance, else 0. */
  excessFen: string;
  /** The agreements' targets (absent on rows assessed before targets were read per period). */
  spans?: IndicatorTargetSpanView[];
  /** The sentence for this indicator, with its basis (absent on rows assessed before). */
  explanation?: string;
}

/**
 * A ratio indicator of one institution in the period: 药占比 (drug cost ÷ cost), 个人自费比例
 * (全自费 + 超限价自费 ÷ cost) in percent, 平均住院日 (bed-days ÷ admissions) in days. Actual is rounded
 * half up to the target's precision (0.01 % or 0.1 day) and that figure — the one the institution is
 * shown — is compared with the target: over it is BREACHED. No tolerance (the 5 % is for the cost
 * indicators) and no money.
 */
export interface IndicatorRatioMeasureView {
  indicator: RatioIndicator;
  consequence: 'FINDING';
  /** NO_DATA: nothing to measure it on (no settlement under the target carried the fields it needs). */
  status: 'WITHIN' | 'BREACHED' | 'NO_DATA';
  unit: 'percent' | 'days';
  /** Target (≤), 2 decimals for percent, 1 for days; with two agreements, weighted by the denominator. */
  target: string;
  /** null when NO_DATA. */
  actual: string | null;
  /** actual − target (percentage points or days), negative when under; null when NO_DATA. */
  over: string | null;
  /** Drug fen, self-pay fen, or bed-days. */
  numerator: string;
  /** Cost fen (drug share, self-pay ratio) or admissions (average stay). */
  denominator: string;
  /** Settlements measured. */
  units: number;
  spans: IndicatorTargetSpanView[];
  /** The sentence for this indicator, with its basis. */
  explanation: string;
}

export type AnyIndicatorMeasureView = IndicatorMeasureView | IndicatorRatioMeasureView;

/**
 * BREACHED: some measure breached (a deduction proposal only when a cost measure did); WITHIN: none
 * did; NO_TARGET: no agreement in force, no assessed target, or no data for the targets set.
 */
export type IndicatorOutcome = 'WITHIN' | 'BREACHED' | 'NO_TARGET';

export interface IndicatorAssessmentView {
  id: string;
  poolarea: string;
  period: string;
  institutionCode: string;
  outcome: IndicatorOutcome;
  /** Inpatient settlements of the period (reviewed, not reversed). */
  admissions: number;
  /** Cost measures first, then the ratio findings. */
  measures: AnyIndicatorMeasureView[];
  /** The larger excess of the two cost measures (they measure the same money), capped by what the pooled fund paid; ratio findings add nothing. */
  proposedFen: string;
  /** Split of `proposedFen` over insurance types in proportion to their cost (largest remainder). */
  byInsutype: Record<string, string>;
  explanation: string;
  /** The approval of the deduction (when a cost measure is BREACHED and something to withhold) and where it stands. */
  approvalId: string | null;
  approvalStatus: 'PENDING' | 'APPROVED' | 'REJECTED' | null;
  confirmedAt: string | null;
}

export interface IndicatorAssessmentPageView {
  poolarea: string;
  period: string;
  from: string;
  to: string;
  tolerancePermille: number;
  items: IndicatorAssessmentView[];
}

/** Payload of `evt.review.IndicatorDeductionConfirmed` (fund pooling withholds it from the payables). */
export interface IndicatorDeductionConfirmedPayload {
  assessmentId: string;
  institutionCode: string;
  poolarea: string;
  period: string;
  /** Last day of the period: the service date the ledger books it under. */
  periodEnd: string;
  amountFen: string;
  byInsutype: Record<string, string>;
  reason: string;
}
