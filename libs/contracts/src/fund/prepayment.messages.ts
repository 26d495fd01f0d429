import { IsString, Length, Matches } from 'class-validator';
import { PageRequest } from '../agreement/registry.messages';

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
  /** gateway → fund: a region's prepayment of a month, as posted or provisional, a page of items at a time ({@link MonthlyPrepaymentQuery}). Reply: {@link MonthlyPrepaymentView}. */
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

/** A region's prepayment of a month with a page of its items (institution × insurance type, in code order; limit default 50). */
export class MonthlyPrepaymentQuery extends PageRequest {
  @Matches(/^\d{4}00$/, { message: 'admdvs must be a city (pooling region) code xxxx00' })
  admdvs: string;

  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'period must be yyyy-MM' })
  period: string;
}

/**
 * The payload of a proposed prepayment: its summary and a digest of its items. The items (one
 * {@link MonthlyPrepaymentItemView} per institution and insurance type, keyed
 * `institutionCode/insutype`) are the approval's line items (`GET /api/v1/approvals/fund/:id/items`):
 * a big city prepays thousands of institutions, more than one message may carry.
 */
export interface MonthlyPrepaymentProposal {
  admdvs: string;
  period: string;
  institutions: number;
  /** Items (institution × insurance type) = the approval's items; of them held (nothing prepaid). */
  itemCount: number;
  heldItems: number;
  totalFen: string;
  /** sha256 over every item's figures in order: approval re-computes it and refuses when it changed. */
  digest: string;
}

export interface MonthlyPrepaymentView {
  admdvs: string;
  period: string;
  status: 'POSTED' | 'PROVISIONAL';
  prepaymentId: string | null;
  totalFen: string;
  /** Items of the whole month (institution × insurance type), of them held. */
  itemCount: number;
  heldItems: number;
  /** The page asked for. */
  items: MonthlyPrepaymentItemView[];
  limit: number;
  offset: number;
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
