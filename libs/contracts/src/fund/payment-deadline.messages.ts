import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/**
 * 拨付时限 — SET-06 (医保办发〔2024〕9号) and AGR-13: a pooling region's monthly settlements are paid
 * within 30 working days counted from the day after the month's submission deadline (申报截止日, by
 * default the 10th of the following month; a deadline on a rest day moves to the next working day).
 * A month is paid when its maker-checker run is approved (the payment entries are posted), or — for
 * a month that never had its own run — when a later run took its postings as late items. Amounts a
 * run held (暂缓拨付, agreement suspended or terminated) are not late payments: they are paid on
 * resumption or by the bureau's decision.
 *
 * fund-pooling-service answers the list; its sweeper emits `PaymentDeadlineApproaching` and
 * `PaymentDeadlineOverdue` once per region and month. Working days follow the platform calendar
 * (法定节假日 and 调休).
 */
export const PaymentDeadlineSubjects = {
  /** gateway → fund: each month's deadline, due date and state for a region (a year or a range of months). Reply: {@link PaymentDeadlineListView}. */
  list: 'mi.v1.fund.payment-deadline.list',
} as const;

export const PaymentDeadlineEventSubjects = {
  /** An unpaid month with postings has ≤ 5 working days left (configurable). Payload: {@link PaymentDeadlineApproachingPayload}. */
  PaymentDeadlineApproaching: 'evt.fund.PaymentDeadlineApproaching',
  /** An unpaid month with postings is past its due date. Payload: {@link PaymentDeadlineOverduePayload}. */
  PaymentDeadlineOverdue: 'evt.fund.PaymentDeadlineOverdue',
} as const;

/**
 * - `NOT_DUE`: unpaid, more working days left than the warning threshold;
 * - `DUE_SOON`: unpaid, ≤ the threshold (5) working days left, due date included;
 * - `OVERDUE`: unpaid with postings, the due date has passed;
 * - `PAID_ON_TIME` / `PAID_LATE`: a run paid it (approval date in Beijing, a rest day counting as the next working day);
 * - `NOTHING_TO_PAY`: the submission deadline passed and the month has no settlement or deduction posted;
 * - `CALENDAR_MISSING`: the working-day calendar has no holiday arrangement for a year the count needs
 *   (add it with `CALENDAR_YEARS_FILE`).
 */
export const PAYMENT_DEADLINE_STATES = ['NOT_DUE', 'DUE_SOON', 'OVERDUE', 'PAID_ON_TIME', 'PAID_LATE', 'NOTHING_TO_PAY', 'CALENDAR_MISSING'] as const;
export type PaymentDeadlineState = (typeof PAYMENT_DEADLINE_STATES)[number];

/** A region and either a year or a range of months (at most 36); months after the current one are left out. */
export class PaymentDeadlineListRequest {
  @Matches(/^\d{4}00$/, { message: 'admdvs must be a city (pooling region) code xxxx00' })
  admdvs: string;

  @IsOptional()
  @IsInt({ message: 'year must be a whole number' })
  @Min(2000, { message: 'year must be 2000–2100' })
  @Max(2100, { message: 'year must be 2000–2100' })
  year?: number;

  /** First service month, `yyyy-MM` (with `toPeriod`, instead of `year`). */
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'fromPeriod must be yyyy-MM' })
  fromPeriod?: string;

  /** Last service month, `yyyy-MM`. */
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'toPeriod must be yyyy-MM' })
  toPeriod?: string;
}

export interface PaymentDeadlineView {
  /** The service month, `yyyy-MM`. */
  period: string;
  /** 申报截止日, `yyyy-MM-dd`; null when the calendar cannot move it off a rest day. */
  submissionDeadline: string | null;
  /** The last day to pay, `yyyy-MM-dd`; null when the count reaches a year without calendar data (the state may still be known). */
  dueDate: string | null;
  state: PaymentDeadlineState;
  /** Unpaid and not overdue: working days after today up to and including the due date (0 = due today). */
  workingDaysLeft: number | null;
  /** OVERDUE: how many working days late a payment on the next working day would be; PAID_LATE: how late it was. */
  workingDaysLate: number | null;
  /** The run that paid the month: its own, or a later run that took its postings as late items. */
  settlementId: string | null;
  /** The month of that run (differs from `period` when a later run paid it). */
  settlementPeriod: string | null;
  /** When that run was approved (ISO instant); `paidOn` is its Beijing date. */
  approvedAt: string | null;
  paidOn: string | null;
  /** Fen that run held instead of paying (暂缓拨付): not late payment — paid on resumption. */
  heldFen: string | null;
  /** When the sweeper reported the month overdue (once), or null. */
  overdueNotifiedAt: string | null;
}

export interface PaymentDeadlineListView {
  admdvs: string;
  /** Beijing date the states are computed for. */
  today: string;
  /** The rule in force (service configuration). */
  policy: {
    submissionDeadlineDay: number;
    rollSubmissionDeadline: boolean;
    dueWorkingDays: number;
    dueSoonWorkingDays: number;
  };
  months: PaymentDeadlineView[];
  /** What each figure is, in words. */
  notes: string[];
}

/** Payload of `evt.fund.PaymentDeadlineApproaching` (once per region and month). */
export interface PaymentDeadlineApproachingPayload {
  noticeId: string;
  admdvs: string;
  period: string;
  submissionDeadline: string;
  /** null when the due date lies in a year the calendar has no data for yet. */
  dueDate: string | null;
  workingDaysLeft: number;
  /** The Beijing date of the notice. */
  noticedOn: string;
}

/** Payload of `evt.fund.PaymentDeadlineOverdue` (once per region and month). */
export interface PaymentDeadlineOverduePayload {
  noticeId: string;
  admdvs: string;
  period: string;
  submissionDeadline: string;
  dueDate: string;
  /** How many working days late a payment on the next working day would be. */
  workingDaysLate: number | null;
  noticedOn: string;
}
