import { IsIn, IsString, Length, Matches } from 'class-validator';
import { YearInsutypeRequest } from './fund.messages';

/**
 * 统收统支 — county income and the year-end county shortfall (003_…): each county's fund income is
 * remitted in full to the city fund account (recorded once per remittance reference, on the
 * county's income sub-account); the city sets each county's annual income plan before the year
 * ends; after the year ends, a county whose fund use exceeded its income had its gap covered by the
 * city's pooled surplus if it met its plan, otherwise it must make the gap up itself.
 */
export const CountyFundSubjects = {
  /** gateway → fund: record a county's remittance (收入上解). Reply: {@link CountyIncomeRecordedView}. */
  recordIncome: 'mi.v1.fund.county-income.record',
  /** gateway → fund: set a county's annual income plan (city officers, before the year ends). Reply: {@link CountyIncomePlanView}. */
  setPlan: 'mi.v1.fund.county-plan.set',
  /** gateway → fund: the year-end shortfall rule for a county, explained. Reply: {@link CountyShortfallView}. */
  shortfall: 'mi.v1.fund.county-shortfall',
  /** gateway → fund: propose posting the year-end result (city officers; approved through `approvalSubjects('fund')`). Reply: `ApprovalView<CountyShortfallPostingProposal>`. */
  proposeShortfallPosting: 'mi.v1.fund.county-shortfall.propose-posting',
} as const;

export const COUNTY_SHORTFALL_POSTING_ACTION = 'fund.county-shortfall-posting';

export const CountyFundEventSubjects = {
  CountyIncomeRecorded: 'evt.fund.CountyIncomeRecorded',
  CountyIncomePlanSet: 'evt.fund.CountyIncomePlanSet',
  /** The year-end county shortfall was posted: the city's cover, or the county's make-up receivable. */
  CountyShortfallPosted: 'evt.fund.CountyShortfallPosted',
} as const;

const COUNTY = /^\d{4}(?!00)\d{2}$/;
const COUNTY_MESSAGE = 'county must be a county-level region code (6 digits, not ending in 00)';
const INSUTYPES = ['310', '390', '510'];
/** A positive whole number of fen (at most 10^16 − 1). */
const POSITIVE_FEN = /^[1-9]\d{0,15}$/;

export class RecordCountyIncomeRequest {
  @Matches(COUNTY, { message: COUNTY_MESSAGE })
  county: string;

  @IsIn(INSUTYPES, { message: 'insutype must be 310, 390 or 510' })
  insutype: string;

  /** The month the income belongs to, `yyyy-MM`; not a future month. */
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'period must be yyyy-MM' })
  period: string;

  @Matches(POSITIVE_FEN, { message: 'amountFen must be a positive whole number of fen' })
  amountFen: string;

  /** 缴库/划转凭证号 — one remittance is recorded once: the same reference again is a replay. */
  @Matches(/^[A-Za-z0-9-]{3,40}$/, { message: 'reference must be 3–40 letters, digits or hyphens' })
  reference: string;
}

export interface CountyIncomeRecordedView {
  entryId: string;
  /** True when this reference was already recorded (nothing posted again). */
  replayed: boolean;
  county: string;
  city: string;
  insutype: string;
  period: string;
  amountFen: string;
  /** The county's income sub-account credited. */
  incomeAccount: string;
}

/** A county, a year and an insurance type. */
export class CountyShortfallRequest extends YearInsutypeRequest {
  @Matches(COUNTY, { message: COUNTY_MESSAGE })
  county: string;
}

export class SetCountyIncomePlanRequest extends CountyShortfallRequest {
  @Matches(POSITIVE_FEN, { message: 'planFen must be a positive whole number of fen' })
  planFen: string;

  @IsString()
  @Length(2, 500, { message: 'reason must be 2–500 characters' })
  reason: string;
}

export interface CountyIncomePlanView {
  county: string;
  year: number;
  insutype: string;
  planFen: string;
  setBy: string;
  setAt: string;
}

export interface CountyShortfallView {
  county: string;
  city: string;
  year: number;
  insutype: string;
  planFen: string;
  /** Income remitted for the year's months. */
  collectedFen: string;
  /** The year's fund use by the county's institutions: settlements − reversals − deductions. */
  spentFen: string;
  /** max(spent − collected, 0). */
  gapFen: string;
  /** none: no gap; city: covered from the city's pooled surplus; county: the county makes it up. */
  coveredBy: 'none' | 'city' | 'county';
  /** Why, in words, with the figures. */
  explanation: string[];
}

/** Post the year-end shortfall result of a county, year and insurance type (maker). */
export class ProposeCountyShortfallPostingRequest extends CountyShortfallRequest {
  @IsString()
  @Length(2, 500, { message: 'reason must be 2–500 characters' })
  reason: string;
}

/** What the approver approves: the evaluation as proposed (approval refuses if it changed). */
export interface CountyShortfallPostingProposal {
  shortfall: CountyShortfallView;
  reason: string;
}

/** Result of the approval and payload of `evt.fund.CountyShortfallPosted`. */
export interface CountyShortfallPostedPayload {
  approvalId: string;
  county: string;
  city: string;
  year: number;
  insutype: string;
  gapFen: string;
  coveredBy: 'city' | 'county';
  entryId: string;
  /** Debited: the city's pooled surplus (city) or the county's make-up receivable (county). */
  debitAccount: string;
  /** Credited: the county's cover from the city (city) or its make-up obligation (county). */
  creditAccount: string;
  decidedBy: string;
}
