import { Type } from 'class-transformer';
import { IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { BudgetKeyRequest, ClearingBandsDto, type ClearingBandsView } from './budget.messages';

/**
 * 年终清算 — after a year ends, each institution's actual payable for the year (its settlements −
 * reversals − deductions − indicator deductions of the year's months, from the ledger, as posted by
 * the proposal's cut-off) is cleared against its total control indicator through the budget's bands
 * (结余留用、合理超支分担, SET-05): a surplus is partly retained by the institution (paid), an
 * overspend is partly borne by the fund and the rest recovered. Posted once per institution and
 * year by maker-checker; a what-if computes the same with other bands and posts nothing.
 */
export const ClearingSubjects = {
  /** gateway → fund: propose the year-end clearing of a region, year and insurance type (city officers). Reply: `ApprovalView<YearEndClearingProposal>`. */
  propose: 'mi.v1.fund.clearing.propose',
  /** gateway → fund: an institution's clearing statement, as posted or provisional. Reply: {@link ClearingStatementView}. */
  statement: 'mi.v1.fund.clearing.statement',
  /** gateway → fund: the clearing computed with other bands, nothing posted. Reply: {@link ClearingWhatIfView}. */
  whatIf: 'mi.v1.fund.clearing.what-if',
} as const;

export const YEAR_END_CLEARING_ACTION = 'fund.year-end-clearing';

export const ClearingEventSubjects = {
  /** A region's year-end clearing was approved and posted. Payload: {@link YearEndClearingPostedPayload}. */
  YearEndClearingPosted: 'evt.fund.YearEndClearingPosted',
} as const;

const INSTITUTION = /^[A-Za-z][0-9]{11}$/;
const INSTITUTION_MESSAGE = 'institutionCode must be a letter and 11 digits (e.g. H43010200001)';

export class ProposeYearEndClearingRequest extends BudgetKeyRequest {
  @IsString()
  @Length(2, 500, { message: 'reason must be 2–500 characters' })
  reason: string;
}

export class ClearingStatementRequest extends BudgetKeyRequest {
  @Matches(INSTITUTION, { message: INSTITUTION_MESSAGE })
  institutionCode: string;
}

export class ClearingWhatIfRequest extends BudgetKeyRequest {
  /** Other bands to try (default: the budget's). */
  @IsOptional()
  @ValidateNested()
  @Type(() => ClearingBandsDto)
  clearingBands?: ClearingBandsDto;

  /** Also one institution's statement under these bands. */
  @IsOptional()
  @Matches(INSTITUTION, { message: INSTITUTION_MESSAGE })
  institutionCode?: string;
}

export const CLEARING_LINE_CODES = [
  'INDICATOR',
  'SETTLEMENTS',
  'REVERSALS',
  'DEDUCTIONS',
  'INDICATOR_DEDUCTIONS',
  'CASE_PAYMENT',
  'ACTUAL',
  'SURPLUS',
  'OVERSPEND',
  'BAND',
  'RETAINED',
  'FUND_SHARE',
  'INSTITUTION_SHARE',
  'CLEARING_AMOUNT',
] as const;

/** One line: `amountFen` as the line states it (the institution recomputes each from the lines above). */
export interface ClearingLineView {
  code: (typeof CLEARING_LINE_CODES)[number];
  label: string;
  count?: number;
  /** Yuan, 2 decimals. */
  amount: string;
  amountFen: string;
}

export interface ClearingStatementView {
  admdvs: string;
  year: number;
  insutype: string;
  institutionCode: string;
  status: 'POSTED' | 'PROVISIONAL' | 'WHAT_IF';
  indicatorFen: string;
  /** settlements − reversals − deductions − indicator deductions of the year. */
  actualFen: string;
  kind: 'surplus' | 'overspend' | 'on-target';
  /** Retained surplus, or the fund's share of the overspend. */
  adjustmentFen: string;
  /** Signed: > 0 paid to the institution (retained surplus), < 0 recovered from it (overspend it bears). */
  clearingFen: string;
  lines: ClearingLineView[];
  entryId: string | null;
}

/** What a clearing comes to over all institutions of a region, year and insurance type. */
export interface ClearingSummaryView {
  admdvs: string;
  year: number;
  insutype: string;
  institutions: number;
  surplus: number;
  overspend: number;
  onTarget: number;
  indicatorsFen: string;
  actualFen: string;
  /** Σ positive clearing amounts (paid) and Σ of the negative ones as a positive amount (recovered). */
  paidFen: string;
  recoveredFen: string;
  /** sha256 over every institution's figures in code order: equal digests, equal results. */
  digest: string;
  clearingBands: ClearingBandsView;
}

export interface ClearingWhatIfView {
  summary: ClearingSummaryView;
  statement?: ClearingStatementView;
}

export interface YearEndClearingProposal {
  summary: ClearingSummaryView;
  /** Postings of the year's months made by this instant are cleared; the approval uses the same instant. */
  cutoff: string;
  reason: string;
}

export interface YearEndClearingPostedPayload {
  clearingId: string;
  approvalId: string;
  admdvs: string;
  year: number;
  insutype: string;
  institutions: number;
  entries: number;
  paidFen: string;
  recoveredFen: string;
  digest: string;
  approvedBy: string;
}
