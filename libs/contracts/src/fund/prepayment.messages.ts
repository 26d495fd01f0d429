import { IsString, Length, Matches } from 'class-validator';

/**
 * 月度预付 — each month, every institution with a total control indicator for the year gets a
 * prepayment of its indicator ÷ 12 × the city's prepayment share (the budget's, default 97 %),
 * posted once per institution, insurance type and month (debit its prepaid account, credit the
 * fund account) by maker-checker; the monthly settlement run of that month (or the next one, if
 * it was run already) offsets it against what the institution is due (`PREPAYMENT_OFFSET`).
 * Institutions whose payments are held (agreement suspended or terminated) get none.
 */
export const PrepaymentSubjects = {
  /** gateway → fund: propose a region's prepayment of a month (city officers). Reply: `ApprovalView<MonthlyPrepaymentProposal>`. */
  propose: 'mi.v1.fund.prepayment.propose',
  /** gateway → fund: a region's prepayment of a month, as posted or provisional. Reply: {@link MonthlyPrepaymentView}. */
  get: 'mi.v1.fund.prepayment.get',
} as const;

export const MONTHLY_PREPAYMENT_ACTION = 'fund.monthly-prepayment';

export const PrepaymentEventSubjects = {
  /** A region's prepayment of a month was approved and posted. Payload: {@link MonthlyPrepaymentPostedPayload}. */
  MonthlyPrepaymentPosted: 'evt.fund.MonthlyPrepaymentPosted',
} as const;

export class MonthlyPrepaymentRequest {
  @Matches(/^\d{4}00$/, { message: 'admdvs must be a city (pooling region) code xxxx00' })
  admdvs: string;

  /** The month prepaid, `yyyy-MM`: not a future month, not one already settled. */
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'period must be yyyy-MM' })
  period: string;
}

export class ProposeMonthlyPrepaymentRequest extends MonthlyPrepaymentRequest {
  @IsString()
  @Length(2, 500, { message: 'reason must be 2–500 characters' })
  reason: string;
}

/** One institution and insurance type: indicator ÷ 12 × share (half-up to the fen), or nothing while held. */
export interface MonthlyPrepaymentItemView {
  institutionCode: string;
  insutype: string;
  indicatorFen: string;
  sharePercent: string;
  amountFen: string;
  /** PREPAY: paid; HELD: nothing, the institution's payments are held (暂缓拨付). */
  status: 'PREPAY' | 'HELD';
  /** How the amount is computed, in words. */
  explanation: string;
  /** The posted entry, once approved. */
  entryId?: string | null;
}

export interface MonthlyPrepaymentProposal {
  admdvs: string;
  period: string;
  items: MonthlyPrepaymentItemView[];
  totalFen: string;
}

export interface MonthlyPrepaymentView extends MonthlyPrepaymentProposal {
  status: 'POSTED' | 'PROVISIONAL';
  prepaymentId: string | null;
}

export interface MonthlyPrepaymentPostedPayload {
  prepaymentId: string;
  approvalId: string;
  admdvs: string;
  period: string;
  /** Entries posted (institutions × insurance types prepaid). */
  entries: number;
  totalFen: string;
  approvedBy: string;
}
