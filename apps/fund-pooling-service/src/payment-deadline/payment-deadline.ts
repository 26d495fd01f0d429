import type { PaymentDeadlineState } from '@mi/contracts';
import { DomainError, LocalDate, ValidationError, type WorkingDayCalendar } from '@mi/domain';

/** How the payment deadline of a month is counted (from the service's config). */
export interface PaymentDeadlinePolicy {
  /** 申报截止日 — the day of the month after the service month by which institutions submit (1–28). */
  submissionDeadlineDay: number;
  /**
   * A submission deadline on a non-working day moves to the next working day (民法典 第二百零三条:
   * a period ending on a statutory rest day ends on the day after it).
   */
  rollSubmissionDeadline: boolean;
  /** 拨付时限 — working days to pay, counted from the day after the submission deadline (SET-06: 30). */
  dueWorkingDays: number;
  /** DUE_SOON with this many working days left or fewer. */
  dueSoonWorkingDays: number;
}

/** What is known about a region's month. */
export interface MonthFacts {
  /** The service month, `yyyy-MM`. */
  period: string;
  /** Today's business date (Beijing). */
  today: LocalDate;
  /** When the run that paid the month was approved (the payment entries posted); null while unpaid. */
  approvedAt: Date | null;
  /** The month has postings a run takes (settlements, deductions): without them there is nothing to pay. */
  hasPostings: boolean;
}

export interface PaymentDeadlineStatus {
  period: string;
  /** null when the calendar lacks the year needed to move a deadline off a rest day. */
  submissionDeadline: LocalDate | null;
  /** null when the count of working days reaches a year the calendar has no data for. */
  dueDate: LocalDate | null;
  state: PaymentDeadlineState;
  /** Working days after today up to and including the due date (0 = due today); unpaid and not overdue only. */
  workingDaysLeft: number | null;
  /** OVERDUE: how late a payment on the next working day would be; PAID_LATE: how late it was. */
  workingDaysLate: number | null;
  /** The Beijing date of the paying run's approval. */
  paidOn: LocalDate | null;
}

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A calendar question the calendar cannot answer (a year without holiday data) is null, never guessed. */
function known<T>(f: () => T): T | null {
  try {
    return f();
  } catch (e) {
    if (e instanceof DomainError && e.code === 'CALENDAR.YEAR_NOT_CONFIGURED') return null;
    throw e;
  }
}

/** The date itself when a working day, else the next working day (a payment on a rest day is made on it). */
function onOrNextWorkingDay(calendar: WorkingDayCalendar, date: LocalDate): LocalDate {
  return calendar.isWorkingDay(date) ? date : calendar.nextWorkingDay(date);
}

/** The nominal submission deadline of a service month: the policy's day of the following month. */
export function nominalSubmissionDeadline(period: string, day: number): LocalDate {
  const m = PERIOD.exec(period);
  if (!m) throw new ValidationError('period', 'must be yyyy-MM');
  const [year, month] = [Number(m[1]), Number(m[2])];
  return month === 12 ? LocalDate.of(year + 1, 1, day, 'period') : LocalDate.of(year, month + 1, day, 'period');
}

/**
 * 拨付时限 — SET-06 (医保办发〔2024〕9号) and AGR-13: a month's settlements are paid within
 * `dueWorkingDays` working days counted from the day after the month's submission deadline, so
 * the due date is `addWorkingDays(submissionDeadline, n)`.
 *
 * Counts are taken as working days elapsed since the submission deadline, so the state and the days
 * left are exact even when the due date itself lies in a year the calendar has no data for yet
 * (the due date is then null). A payment (or today) on a rest day counts as on the next working
 * day: paid on the Saturday after a Friday due date is one working day late, and on the Saturday
 * before a Monday due date on time.
 *
 * States: PAID_ON_TIME / PAID_LATE once a run paid the month; otherwise NOTHING_TO_PAY when the
 * submission deadline has passed without postings, NOT_DUE, DUE_SOON (≤ `dueSoonWorkingDays`
 * left), OVERDUE (the due date has passed); CALENDAR_MISSING when the calendar cannot tell.
 * Pure: the same facts always give the same status.
 */
export function paymentDeadline(calendar: WorkingDayCalendar, policy: PaymentDeadlinePolicy, facts: MonthFacts): PaymentDeadlineStatus {
  const n = policy.dueWorkingDays;
  const nominal = nominalSubmissionDeadline(facts.period, policy.submissionDeadlineDay);
  const deadline = policy.rollSubmissionDeadline ? known(() => onOrNextWorkingDay(calendar, nominal)) : nominal;
  const due = deadline && known(() => calendar.addWorkingDays(deadline, n));
  const paidOn = facts.approvedAt ? LocalDate.fromInstant(facts.approvedAt, 'approvedAt') : null;
  const status = (state: PaymentDeadlineState, o: { left?: number | null; late?: number | null } = {}): PaymentDeadlineStatus => ({
    period: facts.period,
    submissionDeadline: deadline,
    dueDate: due,
    state,
    workingDaysLeft: o.left ?? null,
    workingDaysLate: o.late ?? null,
    paidOn,
  });

  if (paidOn) {
    if (deadline === null) return status('CALENDAR_MISSING');
    const elapsed = known(() => calendar.workingDaysBetween(deadline, onOrNextWorkingDay(calendar, paidOn)));
    if (elapsed === null) return status('CALENDAR_MISSING');
    return elapsed <= n ? status('PAID_ON_TIME') : status('PAID_LATE', { late: elapsed - n });
  }
  const today = facts.today;
  if (deadline === null) return today.isAfter(nominal) ? status('CALENDAR_MISSING') : status('NOT_DUE');
  if (!facts.hasPostings && today.isAfter(deadline)) return status('NOTHING_TO_PAY');
  const elapsed = known(() => calendar.workingDaysBetween(deadline, today));
  if (elapsed === null) return status('CALENDAR_MISSING');
  // Past the due date: more than n working days elapsed, or exactly n and today is a rest day after it.
  const overdue = elapsed > n || (elapsed === n && !calendar.isWorkingDay(today));
  if (overdue) {
    const late = known(() => calendar.workingDaysBetween(deadline, onOrNextWorkingDay(calendar, today)) - n);
    return status('OVERDUE', { late });
  }
  const left = n - elapsed;
  return status(left <= policy.dueSoonWorkingDays ? 'DUE_SOON' : 'NOT_DUE', { left });
}
