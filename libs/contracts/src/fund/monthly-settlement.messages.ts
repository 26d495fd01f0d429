import { IsString, Length, Matches } from 'class-validator';

/**
 * 月度结算/拨付 — the monthly settlement of a pooling region (city): per institution and insurance
 * type, what the pooled fund owes for the month (payables posted for that month's settlements minus
 * deductions confirmed in that month), plus whatever of earlier months was posted after their own
 * run (late, shown apart with its service months), minus a negative amount carried in from the
 * previous statement, minus monthly prepayment already made, paid out of the fund account. Every
 * posted settlement and deduction is taken by exactly one run; a negative amount due is carried to
 * the next run, never paid as negative. A city officer proposes (`propose`), a different city officer of the region approves
 * through `approvalSubjects('fund')`; on approval fund-pooling posts the payment entries and emits
 * `evt.fund.MonthlySettlementApproved`. A region's month is settled once, and only after it ended.
 *
 * 一站式结算: a settlement's other fund parts (大病保险, 医疗救助 …) are statements of their own, one
 * per institution and fund, whose `insutype` is the fund's code (320, 330, 350, 370, 392, 610, 999;
 * docs/fund.md) and which are paid from that fund's account; deductions and prepayments stay on the
 * basic fund's statement (310/390/510).
 */
export const MonthlySettlementSubjects = {
  /** gateway → fund: propose the run of a region and month. Reply: `ApprovalView<MonthlySettlementProposal>`. */
  propose: 'mi.v1.fund.monthly-settlement.propose',
  /** gateway → fund: one institution's statement for a month (settled, or provisional before the run). Reply: {@link InstitutionStatementView}. */
  statement: 'mi.v1.fund.monthly-settlement.statement',
} as const;

export const MONTHLY_SETTLEMENT_ACTION = 'fund.monthly-settlement';
export const MONTHLY_SETTLEMENT_APPROVED_SUBJECT = 'evt.fund.MonthlySettlementApproved';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
const CITY = /^\d{4}00$/;

export class ProposeMonthlySettlementRequest {
  /** Pooling region: a city code (统筹区, `xxxx00`). */
  @Matches(CITY, { message: 'admdvs must be a city (pooling region) code xxxx00' })
  admdvs: string;

  /** The month settled, `yyyy-MM`; it must have ended. */
  @Matches(PERIOD, { message: 'period must be yyyy-MM' })
  period: string;

  /** 申请理由 shown to the approver. */
  @IsString()
  @Length(2, 500, { message: 'reason must be 2–500 characters' })
  reason: string;
}

export class InstitutionStatementRequest {
  @Matches(CITY, { message: 'admdvs must be a city (pooling region) code xxxx00' })
  admdvs: string;

  @Matches(PERIOD, { message: 'period must be yyyy-MM' })
  period: string;

  @IsString()
  @Length(3, 40)
  @Matches(/^[A-Za-z0-9]+$/, { message: 'institutionCode must be letters and digits' })
  institutionCode: string;
}

export const STATEMENT_LINE_CODES = [
  'SETTLEMENTS',
  'REVERSALS',
  'DEDUCTIONS',
  'LATE_SETTLEMENTS',
  'LATE_DEDUCTIONS',
  'INDICATOR_DEDUCTIONS',
  'CASE_PAYMENT',
  'CARRIED_IN',
  'AMOUNT_DUE',
  'PREPAYMENT_OFFSET',
  'CLEARING_RECOVERY',
  'HELD',
  'NET_PAYABLE',
  'CARRIED_OUT',
] as const;

/**
 * One explained figure of a statement. Amounts in yuan (2 decimals), signed as they enter the net,
 * except CARRIED_OUT: the negative amount due taken to the next statement (it is that statement's CARRIED_IN).
 */
export interface StatementLineView {
  code: (typeof STATEMENT_LINE_CODES)[number];
  label: string;
  count?: number;
  /** Yuan, 2 decimals. */
  amount: string;
  /** The same in fen (integer): what exports format from. */
  amountFen: string;
}

/** What one institution is paid for one insurance type (or one-stop fund) in the month, line by line. */
export interface StatementItemView {
  institutionCode: string;
  /** A basic insurance type (310/390/510), or a one-stop fund's code (392 居民大病保险, 610 医疗救助 …). */
  insutype: string;
  /** The fund that pays this statement: `统筹基金` (basic) or the one-stop fund's name; absent on items stored before it was added. */
  fund?: string;
  /** The NHSA settlement field whose amounts SETTLEMENTS sums (`hifp_pay`, `hifmi_pay`, `maf_pay` …): what the institution recomputes it from. */
  payer?: string;
  /** settlements + reversals − deductions + late items − indicator deductions − carried in. */
  dueFen: string;
  /** The negative amount due of the institution's previous statement, recovered here. */
  carriedInFen: string;
  /** max(−due, 0): recovered from the next statement. */
  carriedOutFen: string;
  prepaymentOffsetFen: string;
  /** Year-end clearing overspend recovered from this statement (年终清算应追回); absent when none. */
  clearingRecoveredFen?: string;
  /** Held instead of paid: the institution's agreement is suspended or terminated (暂缓拨付). */
  heldFen: string;
  /** What is paid: due − prepayment offset − held (never negative; a negative due is carried to the next statement). */
  netFen: string;
  lines: StatementLineView[];
  /** The payment entry, once the run is approved (none when nothing is paid). */
  entryId?: string | null;
}

/**
 * The payload of a proposed run: its summary and a digest of its statements. The statements
 * themselves (one {@link StatementItemView} per institution and insurance type, keyed
 * `institutionCode/insutype`) are the approval's line items, read page by page through
 * `approvalSubjects('fund').items` (`GET /api/v1/approvals/fund/:id/items`): a big city's run
 * pays thousands of institutions, more than one message may carry.
 */
export interface MonthlySettlementProposal {
  admdvs: string;
  period: string;
  /** Postings made after this instant are left for the next run (as late items when of this month or earlier). */
  cutoff: string;
  /** Institutions paid, and statements (institution × insurance type) = the approval's items. */
  institutions: number;
  statements: number;
  /** Statements whose payment is held (暂缓拨付). */
  heldStatements: number;
  totalDueFen: string;
  totalPrepaymentOffsetFen: string;
  totalHeldFen: string;
  totalCarriedOutFen: string;
  totalNetFen: string;
  /** What leaves each fund's account (`<city>-<code>-FUND`), by insurance type or one-stop fund code; absent on proposals made before it was added. */
  netFenByFund?: Record<string, string>;
  /** sha256 over every statement's figures in order: approval re-computes it and refuses when it changed. */
  digest: string;
}

export interface InstitutionStatementView {
  admdvs: string;
  period: string;
  institutionCode: string;
  /** SETTLED once the region's run for the month is approved; PROVISIONAL before (figures may still change). */
  status: 'SETTLED' | 'PROVISIONAL';
  settlementId: string | null;
  items: StatementItemView[];
  totalNet: string;
}

/** Payload of `evt.fund.MonthlySettlementApproved`. */
export interface MonthlySettlementApprovedPayload {
  settlementId: string;
  approvalId: string;
  admdvs: string;
  period: string;
  institutions: number;
  totalNetFen: string;
  /** What left each fund's account, by insurance type or one-stop fund code (一站式结算). */
  netFenByFund?: Record<string, string>;
  approvedBy: string;
}
