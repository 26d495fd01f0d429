import type { PaymentDeadlineListView, PaymentDeadlineView } from '@mi/contracts';
import { screen, within } from '@testing-library/react';
import { fakeFetch, problem } from '../test/fake-fetch';
import { renderAt } from '../test/render';
import { signInAs } from '../test/review-fixtures';
import { PaymentDeadlinePage, recentPeriods } from './payment-deadline-page';

jest.setTimeout(60_000);
const slow = { timeout: 10_000 };

const month = (period: string, over: Partial<PaymentDeadlineView>): PaymentDeadlineView => ({
  period,
  submissionDeadline: null,
  dueDate: null,
  state: 'NOT_DUE',
  workingDaysLeft: null,
  workingDaysLate: null,
  settlementId: null,
  settlementPeriod: null,
  approvedAt: null,
  paidOn: null,
  heldFen: null,
  overdueNotifiedAt: null,
  ...over,
});

const list: PaymentDeadlineListView = {
  admdvs: '430100',
  today: '2026-11-20',
  policy: { submissionDeadlineDay: 10, rollSubmissionDeadline: true, dueWorkingDays: 30, dueSoonWorkingDays: 5 },
  months: [
    month('2026-04', {
      submissionDeadline: '2026-05-11',
      dueDate: '2026-06-23',
      state: 'PAID_ON_TIME',
      settlementId: 's4',
      settlementPeriod: '2026-04',
      approvedAt: '2026-06-01T02:00:00Z',
      paidOn: '2026-06-01',
      heldFen: '1234500',
    }),
    month('2026-05', {
      submissionDeadline: '2026-06-10',
      dueDate: '2026-07-22',
      state: 'PAID_LATE',
      workingDaysLate: 3,
      settlementId: 's6',
      settlementPeriod: '2026-06',
      approvedAt: '2026-07-27T02:00:00Z',
      paidOn: '2026-07-27',
    }),
    month('2026-06', { submissionDeadline: '2026-07-10', dueDate: '2026-08-21', state: 'NOTHING_TO_PAY' }),
    month('2026-08', {
      submissionDeadline: '2026-09-10',
      dueDate: '2026-10-28',
      state: 'OVERDUE',
      workingDaysLate: 17,
      overdueNotifiedAt: '2026-10-29T00:10:00Z',
    }),
    month('2026-09', { submissionDeadline: '2026-10-12', dueDate: '2026-11-23', state: 'DUE_SOON', workingDaysLeft: 2 }),
    month('2026-10', { submissionDeadline: '2026-11-10', dueDate: null, state: 'NOT_DUE', workingDaysLeft: 24 }),
  ],
  notes: ['申报截止日：次月 10 日，遇休息日顺延', '拨付时限：申报截止日次日起 30 个工作日'],
};

describe('payment deadlines', () => {
  it('shows each month’s deadline, due date and state as a coloured tag, with working days left or late and the paying run', async () => {
    signInAs('cs.officer', ['city-officer']);
    const { calls } = fakeFetch([{ method: 'GET', path: '/api/v1/fund/payment-deadlines', status: 200, body: list }]);
    renderAt(<PaymentDeadlinePage />, '/fund/payment-deadlines?admdvs=430100&year=2026', '/fund/payment-deadlines');
    const table = await screen.findByTestId('deadlines-table', {}, slow);
    expect(calls[0].url).toBe('/api/v1/fund/payment-deadlines?admdvs=430100&year=2026');
    const row = (period: string) => table.querySelector(`tr[data-row-key="${period}"]`) as HTMLElement;
    const tag = (period: string) => within(row(period)).getByTestId('deadline-state');
    expect([tag('2026-04'), tag('2026-05'), tag('2026-06'), tag('2026-08'), tag('2026-09'), tag('2026-10')].map((t) => t.textContent)).toEqual([
      '按时拨付',
      '逾期拨付',
      '无需拨付',
      '已逾期',
      '即将到期',
      '未到期',
    ]);
    expect(tag('2026-08').className).toContain('red');
    expect(tag('2026-09').className).toContain('orange');
    expect(tag('2026-04').className).toContain('green');
    expect(tag('2026-06').className).not.toMatch(/red|orange|green/);
    expect(row('2026-08').classList.contains('mi-flagged')).toBe(true);
    expect(row('2026-08').textContent).toContain('已逾期 17 个工作日');
    expect(row('2026-08').textContent).toContain('2026-10-29 08:10');
    expect(row('2026-05').textContent).toContain('晚 3 个工作日');
    expect(row('2026-05').textContent).toContain('由 2026-06 月结算拨付（迟到结算）');
    expect(row('2026-04').textContent).toContain('当月结算拨付');
    expect(row('2026-04').textContent).toContain('暂缓拨付 ¥12,345.00（不计逾期）');
    expect(row('2026-09').textContent).toContain('剩 2 个工作日');
    expect(row('2026-10').textContent).toContain('待工作日历');
    expect(screen.getByTestId('overdue-count').textContent).toBe('逾期 1 个月');
    expect(screen.getByTestId('deadline-policy').textContent).toContain('次月 10 日（遇休息日顺延）');
    expect(screen.getByTestId('deadline-notes').textContent).toContain('30 个工作日');
  });

  it('shows another region’s months as not found', async () => {
    signInAs('cs.officer', ['city-officer']);
    fakeFetch([{ method: 'GET', path: '/api/v1/fund/payment-deadlines', status: 404, body: problem(404, 'NOT_FOUND', 'pooling region 430200 not found') }]);
    renderAt(<PaymentDeadlinePage />, '/fund/payment-deadlines?admdvs=430200&year=2026', '/fund/payment-deadlines');
    await screen.findByText(/404/, {}, slow);
    expect(screen.queryByTestId('deadlines-table')).toBeNull();
  });

  it('counts the last 24 months up to the current one', () => {
    expect(recentPeriods('2026-03-15')).toEqual({ fromPeriod: '2024-04', toPeriod: '2026-03' });
    expect(recentPeriods('2026-12-31')).toEqual({ fromPeriod: '2025-01', toPeriod: '2026-12' });
  });
});
