import { defaultCalendar, DomainError, LocalDate, WorkingDayCalendar } from '@mi/domain';
import { type MonthFacts, paymentDeadline, type PaymentDeadlinePolicy } from './payment-deadline';

const POLICY: PaymentDeadlinePolicy = { submissionDeadlineDay: 10, rollSubmissionDeadline: true, dueWorkingDays: 30, dueSoonWorkingDays: 5 };

describe('拨付时限 — payment deadline of a month (SET-06)', () => {
  const sut = (facts: Partial<MonthFacts> & { period: string }, policy = POLICY, calendar = defaultCalendar()) => {
    const s = paymentDeadline(calendar, policy, { today: LocalDate.parse('2026-12-04'), approvedAt: null, hasPostings: true, ...facts });
    return {
      ...s,
      submissionDeadline: s.submissionDeadline?.toString() ?? null,
      dueDate: s.dueDate?.toString() ?? null,
      paidOn: s.paidOn?.toString() ?? null,
    };
  };
  const on = (today: string) => ({ period: '2026-08', today: LocalDate.parse(today) });

  it('counts 30 working days from the day after the 10th of the following month, through 中秋 and the 国庆 week', () => {
    // A plain Monday–Friday count would end on 22 October; 中秋 (25 Sep) and 国庆 (1–7 Oct) push it,
    // the Sundays worked in lieu (20 Sep) and the Saturday 10 Oct pull it back.
    expect(sut(on('2026-09-01'))).toMatchObject({ submissionDeadline: '2026-09-10', dueDate: '2026-10-28' });
    const noHolidays = new WorkingDayCalendar([{ year: 2026, sources: ['test: weekends only'], holidays: [], workdays: [] }]);
    expect(sut(on('2026-09-01'), POLICY, noHolidays).dueDate).toBe('2026-10-22');
  });

  it('moves a submission deadline on a rest day to the next working day, unless configured not to', () => {
    // 10 May 2026 is a Sunday; 10 January 2026 a Saturday (1–3 January off).
    expect(sut({ period: '2026-04' })).toMatchObject({ submissionDeadline: '2026-05-11', dueDate: '2026-06-23' });
    expect(sut({ period: '2025-12' })).toMatchObject({ submissionDeadline: '2026-01-12', dueDate: '2026-02-28' });
    expect(sut({ period: '2026-04' }, { ...POLICY, rollSubmissionDeadline: false })).toMatchObject({ submissionDeadline: '2026-05-10', dueDate: '2026-06-22' });
    // The deadline day is configuration.
    expect(sut({ period: '2026-04' }, { ...POLICY, submissionDeadlineDay: 15 }).submissionDeadline).toBe('2026-05-15');
  });

  it('is NOT_DUE, then DUE_SOON with ≤ 5 working days left, then OVERDUE the day after the due date', () => {
    expect(sut(on('2026-09-05'))).toMatchObject({ state: 'NOT_DUE', workingDaysLeft: 34, workingDaysLate: null });
    expect(sut(on('2026-10-20'))).toMatchObject({ state: 'NOT_DUE', workingDaysLeft: 6 });
    expect(sut(on('2026-10-21'))).toMatchObject({ state: 'DUE_SOON', workingDaysLeft: 5 });
    expect(sut(on('2026-10-28'))).toMatchObject({ state: 'DUE_SOON', workingDaysLeft: 0 });
    expect(sut(on('2026-10-29'))).toMatchObject({ state: 'OVERDUE', workingDaysLeft: null, workingDaysLate: 1 });
    // On a Saturday the next chance to pay is Monday 2 November: 3 working days late.
    expect(sut(on('2026-10-31'))).toMatchObject({ state: 'OVERDUE', workingDaysLate: 3 });
    expect(sut(on('2026-10-21'), { ...POLICY, dueSoonWorkingDays: 3 }).state).toBe('NOT_DUE');
  });

  it('judges a paid month by the Beijing date of the run’s approval', () => {
    const paid = (approvedAt: string) => sut({ period: '2026-08', today: LocalDate.parse('2026-12-04'), approvedAt: new Date(approvedAt) });
    // 23:59:59 on the due date in Beijing is on time; one second later is the next day.
    expect(paid('2026-10-28T15:59:59Z')).toMatchObject({ state: 'PAID_ON_TIME', paidOn: '2026-10-28', workingDaysLate: null, workingDaysLeft: null });
    expect(paid('2026-10-28T16:00:00Z')).toMatchObject({ state: 'PAID_LATE', paidOn: '2026-10-29', workingDaysLate: 1 });
    expect(paid('2026-11-10T02:00:00Z')).toMatchObject({ state: 'PAID_LATE', workingDaysLate: 9 });
    // Paid even before the submission deadline: on time.
    expect(paid('2026-09-05T02:00:00Z').state).toBe('PAID_ON_TIME');
  });

  it('counts a rest day after the due date as the next working day, and one before it as on time', () => {
    // June 2026 is due on Friday 21 August.
    const june = (o: Partial<MonthFacts>) => sut({ period: '2026-06', ...o });
    expect(june({}).dueDate).toBe('2026-08-21');
    expect(june({ today: LocalDate.parse('2026-08-22') })).toMatchObject({ state: 'OVERDUE', workingDaysLate: 1 });
    expect(june({ approvedAt: new Date('2026-08-22T02:00:00Z') })).toMatchObject({ state: 'PAID_LATE', workingDaysLate: 1 });
    expect(june({ approvedAt: new Date('2026-08-15T02:00:00Z') }).state).toBe('PAID_ON_TIME');
  });

  it('has NOTHING_TO_PAY once the submission deadline passed without postings; before that it is NOT_DUE', () => {
    expect(sut({ ...on('2026-09-10'), hasPostings: false }).state).toBe('NOT_DUE');
    expect(sut({ ...on('2026-09-11'), hasPostings: false })).toMatchObject({ state: 'NOTHING_TO_PAY', workingDaysLeft: null, workingDaysLate: null });
    expect(sut({ ...on('2026-12-01'), hasPostings: false }).state).toBe('NOTHING_TO_PAY');
  });

  it('never guesses a year the calendar has no data for, yet tells what it can', () => {
    // November 2026 is due in January 2027 (no 2027 data built in): no due date, but the days left are exact.
    expect(sut({ period: '2026-11' })).toMatchObject({ submissionDeadline: '2026-12-10', dueDate: null, state: 'NOT_DUE', workingDaysLeft: 34 });
    expect(sut({ period: '2026-11', approvedAt: new Date('2026-12-20T02:00:00Z') }).state).toBe('PAID_ON_TIME');
    expect(sut({ period: '2026-11', approvedAt: new Date('2027-01-20T02:00:00Z') }).state).toBe('CALENDAR_MISSING');
    // December 2026: the 10 January 2027 deadline cannot be checked for a rest day.
    expect(sut({ period: '2026-12' })).toMatchObject({ submissionDeadline: null, dueDate: null, state: 'NOT_DUE', workingDaysLeft: null });
    expect(sut({ period: '2026-12', today: LocalDate.parse('2027-01-15') }).state).toBe('CALENDAR_MISSING');
    expect(sut({ period: '2026-12' }, { ...POLICY, rollSubmissionDeadline: false }).submissionDeadline).toBe('2027-01-10');
  });

  it('refuses a malformed month naming the field', () => {
    for (const period of ['2026-13', '2026-4', '202604']) {
      let error: unknown;
      try {
        sut({ period });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).details.field).toBe('period');
    }
  });
});
