import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { shanghaiToday } from '../format/format';
import { anAnnualReport } from '../test/credit-fixtures';
import { fakeFetch, problem } from '../test/fake-fetch';
import { renderAt } from '../test/render';
import { signInAs } from '../test/review-fixtures';
import { AnnualReportPage } from './annual-report-page';

// jsdom has no canvas: the chart is recorded with the option it was given.
const charts: { testId?: string; option: { series: { data: { value: number }[] }[] } }[] = [];
jest.mock('../shell/echart', () => ({
  EChart: (p: (typeof charts)[number]) => {
    charts.push(p);
    return <div data-testid={p.testId} />;
  },
}));

jest.setTimeout(60_000);
const slow = { timeout: 10_000 };
const lastYear = Number(shanghaiToday().slice(0, 4)) - 1;
const REPORT = '/api/v1/credit/referrals/annual-report';

function renderReport(roles: Parameters<typeof signInAs>[1], extra: Parameters<typeof fakeFetch>[0] = [], report = anAnnualReport({ year: lastYear })) {
  signInAs('cs.officer', roles);
  const fake = fakeFetch([...extra, { method: 'GET', path: REPORT, status: 200, body: report }]);
  renderAt(<AnnualReportPage />, '/credit/referrals/annual-report');
  return fake;
}

describe('referral annual report (年度移送情况报告)', () => {
  it('shows last year’s figures, the bar chart by reason, the overdue due date and each department’s submission', async () => {
    const { calls } = renderReport(['auditor']);
    const due = await screen.findByTestId('report-due');
    expect(calls[0].url).toBe(`${REPORT}?year=${lastYear}`);
    expect(due.className).toContain('mi-overdue');
    expect(due.textContent).toContain('2026-01-15');
    expect(due.textContent).toContain('报告逾期');
    expect(charts.at(-1)?.testId).toBe('reason-chart');
    expect(charts.at(-1)?.option.series[0].data.map((d) => d.value)).toEqual([4, 3]);
    const reasons = [...screen.getByTestId('by-reason').querySelectorAll('tbody tr[data-row-key]')].map((r) => r.textContent);
    expect(reasons).toEqual(['违反诊疗规范过度诊疗（B2C-4）4', '分解住院（C2B-1）3']);
    const subs = [...screen.getByTestId('report-submissions').querySelectorAll('tbody tr[data-row-key]')].map((r) => r.textContent ?? '');
    expect(subs[0]).toContain('医保局');
    expect(subs[0]).toContain('未报送');
    expect(subs[1]).toContain('卫健委');
    expect(subs[1]).toContain('liaison');
    expect(subs[1]).toContain('2026-01-20 10:00');
    expect(subs[1]).toContain('逾期报送');
    expect(screen.queryByTestId('submit-report')).toBeNull();
  });

  it('has no overdue marker when every department submitted in time', async () => {
    renderReport(['auditor'], [], anAnnualReport({ year: lastYear, reportOverdue: false, submissions: [] }));
    const due = await screen.findByTestId('report-due');
    expect(due.className).not.toContain('mi-overdue');
    expect(due.textContent).not.toContain('报告逾期');
  });

  it('submits the officer’s department’s report after confirmation and says plainly that it was already submitted', async () => {
    const { calls } = renderReport(
      ['city-officer'],
      [
        {
          method: 'POST',
          path: `${REPORT}/submissions`,
          status: 409,
          body: problem(409, 'REFERRAL.REPORT_SUBMITTED', `the 医保局 report of ${lastYear} for 430100 was submitted on 2026-01-10 by cs.other`, {
            field: 'year',
          }),
        },
      ],
    );
    await screen.findByTestId('report-due');
    fireEvent.click(screen.getByTestId('submit-report'));
    fireEvent.click(await screen.findByTestId('confirm-submit', {}, slow));
    const error = await screen.findByTestId('submit-error', {}, slow);
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ year: lastYear });
    expect(error.textContent).toContain('本部门该年度报告已经报送，不能重复报送。');
    expect(error.textContent).toContain('cs.other');
  });

  it('says plainly that a year not yet ended cannot be submitted', async () => {
    renderReport(
      ['health-liaison'],
      [{ method: 'POST', path: `${REPORT}/submissions`, status: 409, body: problem(409, 'REFERRAL.YEAR_NOT_ENDED', 'not ended') }],
      anAnnualReport({ year: lastYear, submissions: [] }),
    );
    await screen.findByTestId('report-due');
    fireEvent.click(screen.getByTestId('submit-report'));
    expect(screen.getByTestId('submit-report').textContent).toContain('卫健委');
    fireEvent.click(await screen.findByTestId('confirm-submit', {}, slow));
    await waitFor(() => expect(screen.getByTestId('submit-error').textContent).toContain(`${lastYear} 年尚未结束，次年 1 月 1 日起方可报送。`), slow);
  });

  it('offers no second submission once the department has submitted', async () => {
    renderReport(['health-liaison']);
    await screen.findByTestId('report-due');
    expect(within(screen.getByTestId('report-submissions')).getByText('逾期报送')).toBeTruthy();
    expect((screen.getByTestId('submit-report') as HTMLButtonElement).disabled).toBe(true);
  });
});
