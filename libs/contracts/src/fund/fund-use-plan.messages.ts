import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Min, ValidateIf } from 'class-validator';

/**
 * 月度资金使用计划 → 拨款申请 (统收统支, 003_…): "设区市医疗保障部门根据预算或信息系统结算数据，对辖区内
 * 县(市、区)医疗保障部门申报的月度资金使用计划进行审核汇总后，统一向设区市财政部门申报拨款".
 *
 * A county officer submits the county's monthly fund-use plan for a month and insurance type (one
 * per county, month and insurance type; resubmitted as a new version while SUBMITTED or RETURNED,
 * never after it was accepted), shown beside what the ledger says the county's institutions used in
 * the last ended months. A city officer accepts it (optionally at an adjusted amount, with a note)
 * or returns it with a reason. The city then aggregates the month's accepted plans into one
 * disbursement request (拨款申请) to the city finance bureau by maker-checker: a city officer
 * proposes (the approval payload is a summary with a sha256 digest of the plans, never the plans),
 * a different city officer approves through `approvalSubjects('fund')`; approval re-computes the
 * digest (refused if the plans changed) and records the request, its plans marked INCLUDED.
 */
export const FundUsePlanSubjects = {
  /** gateway → fund: submit or resubmit a county's monthly plan (county officers of that county). Reply: {@link FundUsePlanView}. */
  submit: 'mi.v1.fund.fund-use-plan.submit',
  /** gateway → fund: accept (optionally adjusted) or return a submitted plan (city officers). Reply: {@link FundUsePlanView}. */
  review: 'mi.v1.fund.fund-use-plan.review',
  /** gateway → fund: one plan with its versions and reviews. Reply: {@link FundUsePlanView}. */
  get: 'mi.v1.fund.fund-use-plan.get',
  /** gateway → fund: a month's plans of a city (or one county) with what a disbursement request would include. Reply: {@link FundUsePlanMonthView}. */
  list: 'mi.v1.fund.fund-use-plan.list',
  /** gateway → fund: propose the month's disbursement request (city officers; approved through `approvalSubjects('fund')`). Reply: `ApprovalView<DisbursementRequestProposal>`. */
  proposeDisbursement: 'mi.v1.fund.fund-use-plan.propose-disbursement',
} as const;

/** The maker-checker action of a disbursement request (拨款申请). */
export const DISBURSEMENT_REQUEST_ACTION = 'fund.disbursement-request';

export const FundUsePlanEventSubjects = {
  /** A county submitted (or resubmitted) its monthly plan. Payload: {@link FundUsePlanEventPayload}. */
  FundUsePlanSubmitted: 'evt.fund.FundUsePlanSubmitted',
  /** The city returned a plan to the county. Payload: {@link FundUsePlanEventPayload}. */
  FundUsePlanReturned: 'evt.fund.FundUsePlanReturned',
  /** The city accepted a plan (at `acceptedFen`). Payload: {@link FundUsePlanEventPayload}. */
  FundUsePlanAccepted: 'evt.fund.FundUsePlanAccepted',
  /** A disbursement request to the city finance bureau was approved. Payload: {@link DisbursementRequestApprovedPayload}. */
  DisbursementRequestApproved: 'evt.fund.DisbursementRequestApproved',
} as const;

export const FUND_USE_PLAN_STATUSES = ['SUBMITTED', 'RETURNED', 'ACCEPTED', 'INCLUDED'] as const;
/** SUBMITTED: awaiting the city; RETURNED: sent back, the county resubmits; ACCEPTED: reviewed; INCLUDED: in an approved disbursement request. */
export type FundUsePlanStatus = (typeof FUND_USE_PLAN_STATUSES)[number];

const COUNTY = /^\d{4}(?!00)\d{2}$/;
const COUNTY_MESSAGE = 'county must be a county-level region code (6 digits, not ending in 00)';
const REGION = /^\d{6}$/;
const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
const INSUTYPES = ['310', '390', '510'];
const INSUTYPE_MESSAGE = 'insutype must be 310, 390 or 510';
/** A positive whole number of fen (at most 10^16 − 1). */
const POSITIVE_FEN = /^[1-9]\d{0,15}$/;

/** A county, a month and an insurance type: the key of a plan. */
export class FundUsePlanKeyRequest {
  @Matches(COUNTY, { message: COUNTY_MESSAGE })
  county: string;

  /** The month the money is for, `yyyy-MM`. */
  @Matches(PERIOD, { message: 'period must be yyyy-MM' })
  period: string;

  @IsIn(INSUTYPES, { message: INSUTYPE_MESSAGE })
  insutype: string;
}

export class SubmitFundUsePlanRequest extends FundUsePlanKeyRequest {
  /** 计划使用金额 in fen. */
  @Matches(POSITIVE_FEN, { message: 'plannedFen must be a positive whole number of fen' })
  plannedFen: string;

  /** 编制依据 — why this amount (settlement trend, known large cases, prepayments due…). */
  @IsString({ message: 'basis must be text' })
  @Length(2, 500, { message: 'basis must be 2–500 characters' })
  basis: string;
}

export const FUND_USE_PLAN_DECISIONS = ['accept', 'return'] as const;
export type FundUsePlanDecision = (typeof FUND_USE_PLAN_DECISIONS)[number];

export class ReviewFundUsePlanRequest extends FundUsePlanKeyRequest {
  /** The version reviewed: a plan resubmitted meanwhile is refused (`FUND.PLAN_VERSION_CHANGED`). */
  @IsInt({ message: 'version must be a whole number' })
  @Min(1, { message: 'version must be 1 or more' })
  version: number;

  @IsIn(FUND_USE_PLAN_DECISIONS, { message: "decision must be 'accept' or 'return'" })
  decision: FundUsePlanDecision;

  /** accept only: the amount the city accepts when it differs from the plan (then `note` says why). */
  @IsOptional()
  @Matches(POSITIVE_FEN, { message: 'acceptedFen must be a positive whole number of fen' })
  acceptedFen?: string;

  /** accept: 审核意见 (required with an adjusted amount); return: 退回原因 (required). */
  @ValidateIf((o: ReviewFundUsePlanRequest) => o.decision === 'return' || o.note !== undefined)
  @IsString({ message: 'note must be text' })
  @Length(2, 500, { message: 'note must be 2–500 characters (required when returning a plan)' })
  note?: string;
}

/** The plans of a city (or of one county) for a month and insurance type. */
export class ListFundUsePlansRequest {
  /** A city (all its counties in the caller's scope) or a county. */
  @Matches(REGION, { message: 'admdvs must be a city or county region code (6 digits)' })
  admdvs: string;

  @Matches(PERIOD, { message: 'period must be yyyy-MM' })
  period: string;

  @IsIn(INSUTYPES, { message: INSUTYPE_MESSAGE })
  insutype: string;
}

/** Propose the disbursement request of a city, month and insurance type (maker). */
export class ProposeDisbursementRequest {
  @Matches(/^\d{4}00$/, { message: 'admdvs must be a city (pooling region) code xxxx00' })
  admdvs: string;

  @Matches(PERIOD, { message: 'period must be yyyy-MM' })
  period: string;

  @IsIn(INSUTYPES, { message: INSUTYPE_MESSAGE })
  insutype: string;

  @IsString({ message: 'reason must be text' })
  @Length(2, 500, { message: 'reason must be 2–500 characters' })
  reason: string;
}

/** What the ledger says the county's institutions used in the last ended months (settlements − reversals − deductions), as shown at submission. */
export interface RecentFundUseView {
  /** The months compared, oldest first (`yyyy-MM`, the last ended months by Beijing date). */
  months: string[];
  /** Net fund use per month, fen, in the order of `months`. */
  usedFen: string[];
  /** Average of those months, half-up to the fen. */
  averageFen: string;
  /** (planned − average) ÷ average in percent, 2 decimals, signed; null without fund use to compare. */
  deviationPercent: string | null;
  /** The comparison in words. It explains; it never blocks a plan. */
  explanation: string[];
}

export interface FundUsePlanVersionView {
  version: number;
  plannedFen: string;
  basis: string;
  submittedBy: string;
  submittedAt: string;
  recentUse: RecentFundUseView;
}

export interface FundUsePlanReviewView {
  version: number;
  decision: FundUsePlanDecision;
  /** accept only. */
  acceptedFen: string | null;
  note: string | null;
  reviewedBy: string;
  reviewedAt: string;
}

export interface FundUsePlanView {
  id: string;
  county: string;
  city: string;
  period: string;
  insutype: string;
  version: number;
  status: FundUsePlanStatus;
  plannedFen: string;
  basis: string;
  /** What the city accepted (ACCEPTED, INCLUDED), else null. */
  acceptedFen: string | null;
  submittedBy: string;
  submittedAt: string;
  reviewedBy: string | null;
  reviewedAt: string | null;
  /** The last review's note: the return reason (RETURNED) or the acceptance note. */
  reviewNote: string | null;
  /** As computed when the current version was submitted. */
  recentUse: RecentFundUseView;
  /** The disbursement request it is included in (INCLUDED). */
  disbursementRequestId: string | null;
  /** True when this exact submission or review was already recorded (a retried message): nothing changed. */
  replayed?: boolean;
  /** Every version and review, oldest first (`get` only). */
  versions?: FundUsePlanVersionView[];
  reviews?: FundUsePlanReviewView[];
}

/** What a disbursement request of the month would include now: the accepted plans not yet included. */
export interface DisbursementSummaryView {
  city: string;
  period: string;
  insutype: string;
  /** Accepted plans (one per county). */
  plans: number;
  /** Σ what the counties planned, fen. */
  plannedFen: string;
  /** Σ what the city accepted, fen: the amount requested from the finance bureau. */
  totalFen: string;
  /** Plans accepted at an amount other than planned. */
  adjusted: number;
  /** Plans of the month not yet accepted (SUBMITTED or RETURNED): not included. */
  notAccepted: number;
  /** sha256 over the included plans (id, county, version, accepted fen) in county order. */
  digest: string;
}

/**
 * An approved disbursement request (拨款申请). It posts no ledger entry: it asks the finance bureau
 * to release money from the fiscal special account (`…-FUND`), and the money leaves that account
 * only when institutions are paid (prepayments, monthly settlements), which post then.
 */
export interface DisbursementRequestView {
  id: string;
  city: string;
  period: string;
  insutype: string;
  /** 1 for the month's first request, 2… for supplementary ones (plans accepted later). */
  seq: number;
  approvalId: string;
  plans: number;
  plannedFen: string;
  totalFen: string;
  digest: string;
  proposedBy: string;
  approvedBy: string;
  approvedAt: string;
}

export interface FundUsePlanMonthView {
  admdvs: string;
  period: string;
  insutype: string;
  /** The month's plans in the caller's scope, by county. */
  plans: FundUsePlanView[];
  counts: Record<FundUsePlanStatus, number>;
  /** What a disbursement request proposed now would include (cities only; null for a county). */
  pending: DisbursementSummaryView | null;
  /** Disbursement requests approved for the month. */
  requests: DisbursementRequestView[];
}

/** What the approver approves: a summary only (the plans are read with `list`); approval refuses if the digest changed. */
export interface DisbursementRequestProposal {
  summary: DisbursementSummaryView;
  reason: string;
}

/** Result of the approval and payload of `evt.fund.DisbursementRequestApproved`. */
export interface DisbursementRequestApprovedPayload {
  requestId: string;
  approvalId: string;
  city: string;
  period: string;
  insutype: string;
  seq: number;
  plans: number;
  totalFen: string;
  digest: string;
  approvedBy: string;
}

/** Payload of `evt.fund.FundUsePlanSubmitted|Returned|Accepted`. */
export interface FundUsePlanEventPayload {
  planId: string;
  county: string;
  city: string;
  period: string;
  insutype: string;
  version: number;
  status: FundUsePlanStatus;
  plannedFen: string;
  acceptedFen: string | null;
  note: string | null;
}
