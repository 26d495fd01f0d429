import { IsOptional, Matches } from 'class-validator';
import { Admdvs } from '@mi/domain';
import { ParsedBy } from '../validation/parsed-by';

/**
 * 指标性扣款 (DOMAIN.md §2, 001_… 9th article: 次均三费超5%) — per institution and period, the
 * inpatient cost per admission and per bed-day of the reviewed settlements against the targets of
 * the institution's agreement (`AgreementIndicators.costPerAdmissionFen`, `costPerBedDayFen`). An
 * institution over a target by more than the tolerance (5 %) gets one deduction proposal for the
 * period; a second reviewer or city officer approves it (`/api/v1/approvals/review/:id/decide`),
 * which emits `evt.review.IndicatorDeductionConfirmed`.
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
export type CostIndicator = (typeof COST_INDICATORS)[number];

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

/** One indicator of one institution in the period. Money in fen as decimal strings. */
export interface IndicatorMeasureView {
  indicator: CostIndicator;
  /** The agreement's target (per admission or per bed-day). */
  targetFen: string;
  /** Admissions or bed-days in the period. */
  units: number;
  totalFen: string;
  /** totalFen / units, rounded half up. */
  actualFen: string;
  /** How far over the target, per mille (negative when under). */
  overPermille: number;
  /** What the tolerance allows: units × target × (1 + tolerance), rounded up in the institution's favour. */
  allowedFen: string;
  /** totalFen − allowedFen when over the tolerance, else 0. */
  excessFen: string;
}

export type IndicatorOutcome = 'WITHIN' | 'BREACHED' | 'NO_TARGET';

export interface IndicatorAssessmentView {
  id: string;
  poolarea: string;
  period: string;
  institutionCode: string;
  outcome: IndicatorOutcome;
  /** Inpatient settlements of the period (reviewed, not reversed). */
  admissions: number;
  measures: IndicatorMeasureView[];
  /** The larger excess of the two (they measure the same money), capped by what the pooled fund paid. */
  proposedFen: string;
  /** Split of `proposedFen` over insurance types in proportion to their cost (largest remainder). */
  byInsutype: Record<string, string>;
  explanation: string;
  /** The approval of the deduction (when BREACHED and something to withhold) and where it stands. */
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
