import type { AnnualBudgetView, ClearingStatementView, FundReportView } from '@mi/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { fakeFetch, problem } from '../test/fake-fetch';
import { okButton, renderAt } from '../test/render';
import { anApproval, signInAs } from '../test/review-fixtures';
import { BudgetPage } from './budget-page';
import { ClearingStatementPage, clearingChartOption } from './clearing-statement-page';
import { FundReportPage } from './fund-report-page';
import { PrepaymentPage } from './prepayment-page';

// jsdom has no canvas: the chart is recorded with the option it was given.
const charts: { testId?: string; option: unknown }[] = [];
jest.mock('../shell/echart', () => ({
  EChart: (p: { testId?: string; option: unknown }) => {
    charts.push(p);
    return <div data-testid={p.testId} />;
  },
}));

jest.setTimeout(90_000);
const slow = { timeout: 10_000 };
const rowKeys = (table: HTMLElement) => [...table.querySelectorAll('tbody tr[data-row-key]')].map((r) => r.getAttribute('data-row-key'));

const line = (code: ClearingStatementView['lines'][number]['code'], label: string, amountFen: string, count?: number) => ({
  code,
  label,
  amount: '',
  amountFen,
  ...(count === undefined ? {} : { count }),
});
const statement: ClearingStatementView = {
  admdvs: '430100',
  year: 2026,
  insutype: '310',
  institutionCode: 'H43010200001',
  status: 'PROVISIONAL',
  indicatorFen: '100000000',
  actualFen: '108000000',
  kind: 'overspend',
  adjustmentFen: '5600000',
  clearingFen: '-2400000',
  lines: [
    line('INDICATOR', '年度总额控制指标', '100000000'),
    line('SETTLEMENTS', '年度结算 40 笔 统筹基金支付', '110000000', 40),
    line('DEDUCTIONS', '年度确认扣款', '-2000000'),
    line('ACTUAL', '年度实际应付', '108000000'),
    line('OVERSPEND', '超支（实际 − 指标）', '8000000'),
    line('BAND', '至 5% ¥50,000.00 × 70%', '3500000'),
    line('BAND', '其余 ¥30,000.00 × 70%', '2100000'),
    line('FUND_SHARE', '合理超支分担（基金分担部分）', '5600000'),
    line('INSTITUTION_SHARE', '超支由机构承担部分（追回）', '2400000'),
    line('CLEARING_AMOUNT', '清算应追回', '-2400000'),
  ],
  entryId: null,
};

describe('clearing statement', () => {
  it('shows the statement line by line from fen, its status, and charts indicator vs actual with the overspend split', async () => {
    signInAs('cs.officer', ['city-officer']);
    fakeFetch([{ method: 'GET', path: '/api/v1/fund/year-end-clearings/430100/2026/310/statements/H43010200001', status: 200, body: statement }]);
    renderAt(<ClearingStatementPage />, '/fund/clearing/430100/2026/310/statements/H43010200001', '/fund/clearing/:admdvs/:year/:insutype/statements/:code');
    const lines = await screen.findByTestId('clearing-lines');
    expect(screen.getByTestId('clearing-status').textContent).toBe('预清算（年度未清算，数据可能变化）');
    expect(screen.getByTestId('clearing-kind').textContent).toBe('超支');
    expect(screen.getByTestId('clearing-amount').textContent).toBe('-¥24,000.00');
    expect(rowKeys(lines)).toEqual([
      'INDICATOR-0',
      'SETTLEMENTS-1',
      'DEDUCTIONS-2',
      'ACTUAL-3',
      'OVERSPEND-4',
      'BAND-5',
      'BAND-6',
      'FUND_SHARE-7',
      'INSTITUTION_SHARE-8',
      'CLEARING_AMOUNT-9',
    ]);
    expect(lines.textContent).toContain('¥1,000,000.00');
    expect(lines.textContent).toContain('-¥20,000.00');
    expect(lines.querySelectorAll('tr.mi-working')).toHaveLength(4);
    const chart = charts.find((c) => c.testId === 'clearing-chart')?.option as ReturnType<typeof clearingChartOption>;
    expect(chart.series.map((s) => s.data)).toEqual([
      [1_000_000, 1_080_000, null],
      [null, null, 56_000],
      [null, null, 24_000],
    ]);
  });
});

describe('annual budget', () => {
  const budget: AnnualBudgetView = {
    admdvs: '430100',
    year: 2026,
    insutype: '310',
    incomeFen: '1000000000',
    expenditureFen: '900000000',
    reserveSharePercent: '5',
    reserveFen: '50000000',
    availableFen: '950000000',
    prepaymentSharePercent: '97',
    clearingBands: {
      overspend: [
        { upToPercent: 5, fundSharePercent: 70 },
        { upToPercent: null, fundSharePercent: 0 },
      ],
      surplus: [{ upToPercent: null, retainedPercent: 50 }],
    },
    explanation: ['收入 ¥10,000,000.00', '支出预算 ≤ 可用于支出，结余 ¥1,000,000.00'],
    approvedBy: 'cs.checker',
    approvedAt: '2026-01-05T02:00:00Z',
    indicatorsFen: '800000000',
    indicatorCount: 2,
  };
  const budgetPath = '/api/v1/fund/budgets/430100/2026/310';
  const indicators = {
    admdvs: '430100',
    year: 2026,
    insutype: '310',
    totalFen: '800000000',
    items: [{ institutionCode: 'H43010200001', indicatorFen: '500000000', approvalId: 'a', approvedBy: 'cs.checker', approvedAt: '2026-01-06T02:00:00Z' }],
  };

  function reads() {
    return [
      { method: 'GET', path: budgetPath, status: 200, body: budget },
      { method: 'GET', path: `${budgetPath}/indicators`, status: 200, body: indicators },
    ];
  }

  it('explains the budget and lists the indicators', async () => {
    signInAs('fr.officer', ['county-officer']);
    fakeFetch(reads());
    renderAt(<BudgetPage />, '/fund/budgets?admdvs=430100&year=2026&insutype=310', '/fund/budgets');
    const shown = await screen.findByTestId('budget');
    expect(shown.textContent).toContain('¥9,500,000.00');
    expect(shown.textContent).toContain('¥8,000,000.00（2 家机构）');
    expect(screen.getByTestId('bands-overspend').textContent).toBe('至指标的 5%: 70%其余部分: 0%');
    expect(screen.getByTestId('budget-explanation').textContent).toContain('结余 ¥1,000,000.00');
    expect((await screen.findByTestId('indicators-table')).textContent).toContain('¥5,000,000.00');
    expect(screen.queryByTestId('propose-budget')).toBeNull();
  });

  it('sends amounts typed in yuan as fen and shows FUND.BUDGET_UNBALANCED at the expenditure', async () => {
    signInAs('cs.officer', ['city-officer']);
    const { calls } = fakeFetch([
      ...reads(),
      {
        method: 'POST',
        path: '/api/v1/fund/budgets',
        status: 409,
        body: problem(409, 'FUND.BUDGET_UNBALANCED', 'expenditureFen: 支出预算 ¥9,800,000.00 超过收入 ¥10,000,000.00 减结余留存后的 ¥9,500,000.00', {
          field: 'expenditureFen',
          reason: 'expenditure exceeds income less the reserve',
        }),
      },
    ]);
    renderAt(<BudgetPage />, '/fund/budgets?admdvs=430100&year=2026&insutype=310', '/fund/budgets');
    fireEvent.click(await screen.findByTestId('propose-budget'));
    const form = within(await screen.findByTestId('budget-form'));
    fireEvent.change(form.getByLabelText('基金收入预算（元）'), { target: { value: '10000000' } });
    fireEvent.change(form.getByLabelText('基金支出预算（元）'), { target: { value: '9800000.5' } });
    fireEvent.change(form.getByLabelText('理由'), { target: { value: '2026 年预算' } });
    fireEvent.click(okButton(screen));
    const error = await screen.findByText(/支出预算 ¥9,800,000.00 超过收入/, {}, slow);
    expect(error.closest('.ant-form-item')?.textContent).toContain('基金支出预算（元）');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      admdvs: '430100',
      year: 2026,
      insutype: '310',
      incomeFen: '1000000000',
      expenditureFen: '980000050',
      reserveSharePercent: '5',
      reason: '2026 年预算',
    });
  });

  it('proposes indicators as a table, each in fen, and says who must approve', async () => {
    signInAs('cs.officer', ['city-officer']);
    const approval = anApproval({ action: 'fund.total-control-indicators', requiredRoles: ['city-officer'] });
    const { calls } = fakeFetch([...reads(), { method: 'POST', path: '/api/v1/fund/total-control-indicators', status: 201, body: approval }]);
    renderAt(<BudgetPage />, '/fund/budgets?admdvs=430100&year=2026&insutype=310', '/fund/budgets');
    fireEvent.click(await screen.findByTestId('propose-indicators'));
    const form = within(await screen.findByTestId('indicators-form'));
    fireEvent.click(form.getByTestId('add-indicator'));
    const codes = form.getAllByLabelText('定点机构');
    const amounts = form.getAllByLabelText('年度指标（元）');
    fireEvent.change(codes[0], { target: { value: 'h43010200001' } });
    fireEvent.change(amounts[0], { target: { value: '5000000' } });
    fireEvent.change(codes[1], { target: { value: 'H43010200002' } });
    fireEvent.change(amounts[1], { target: { value: '1234.56' } });
    fireEvent.change(form.getByLabelText('谈判协商记录（谁、何时、文号）'), { target: { value: '2026-01-10 谈判纪要' } });
    fireEvent.click(okButton(screen));
    await screen.findByTestId('approval-note', {}, slow);
    expect(calls.find((c) => c.method === 'POST')?.body).toMatchObject({
      indicators: [
        { institutionCode: 'H43010200001', indicatorFen: '500000000' },
        { institutionCode: 'H43010200002', indicatorFen: '123456' },
      ],
    });
  });
});

describe('monthly prepayment', () => {
  it('shows each institution’s amount with its working and the status', async () => {
    signInAs('cs.officer', ['city-officer']);
    const { calls } = fakeFetch([
      {
        method: 'GET',
        path: '/api/v1/fund/monthly-prepayments/430100/2026-03',
        status: 200,
        body: {
          admdvs: '430100',
          period: '2026-03',
          status: 'PROVISIONAL',
          prepaymentId: null,
          totalFen: '40416667',
          itemCount: 2,
          heldItems: 1,
          limit: 50,
          offset: 0,
          items: [
            {
              institutionCode: 'H43010200001',
              insutype: '310',
              indicatorFen: '500000000',
              sharePercent: '97',
              amountFen: '40416667',
              status: 'PREPAY',
              explanation: '¥5,000,000.00 ÷ 12 × 97%',
            },
            {
              institutionCode: 'H43010200002',
              insutype: '310',
              indicatorFen: '100000000',
              sharePercent: '97',
              amountFen: '0',
              status: 'HELD',
              explanation: '暂缓拨付',
            },
          ],
        },
      },
    ]);
    renderAt(<PrepaymentPage />, '/fund/prepayments?admdvs=430100&period=2026-03', '/fund/prepayments');
    const table = await screen.findByTestId('prepayment-items');
    await within(table).findByText('¥5,000,000.00 ÷ 12 × 97%');
    expect(screen.getByTestId('prepayment-status').textContent).toBe('测算（未拨付）');
    expect(screen.getByTestId('prepayment-total').textContent).toBe('¥404,166.67');
    expect(table.querySelectorAll('tr.mi-flagged')).toHaveLength(1);
    expect(screen.getByTestId('propose-prepayment')).toBeTruthy();
    // A page at a time from the server: a big city prepays thousands of institutions.
    expect(calls[0].url).toBe('/api/v1/fund/monthly-prepayments/430100/2026-03?limit=50&offset=0');
  });
});

describe('fund report', () => {
  const row = (period: string, region: string, incomeFen: string, expenseFen: string, balanceFen: string | null) => ({
    period,
    region,
    regionLevel: region.endsWith('00') ? ('city' as const) : ('county' as const),
    insutype: '310',
    incomeFen,
    expenseFen,
    netFen: String(BigInt(incomeFen) - BigInt(expenseFen)),
    ytdNetFen: '0',
    balanceFen,
    monthsOfReserve: balanceFen ? '12.50' : null,
  });
  const report: FundReportView = {
    admdvs: '430100',
    year: 2026,
    months: ['2026-01', '2026-02'],
    rows: [
      row('2026-01', '430100', '500000', '200000', '300000'),
      row('2026-02', '430100', '400000', '300000', '400000'),
      row('2026-01', '430102', '100000', '50000', null),
    ],
    notes: ['收入：县级上解与市本级收入'],
  };

  it('charts and tabulates the city’s months; the insurance type filter is sent to the server', async () => {
    signInAs('cs.officer', ['city-officer']);
    const { calls } = fakeFetch([{ method: 'GET', path: '/api/v1/fund/reports/430100/2026', status: 200, body: report }]);
    renderAt(<FundReportPage />, '/fund/reports?admdvs=430100&year=2026', '/fund/reports');
    const table = await screen.findByTestId('report-rows');
    await within(table).findByText('2026-02');
    expect(rowKeys(table)).toEqual(['2026-01-430100-310', '2026-02-430100-310']);
    expect(table.textContent).toContain('12.50');
    const chart = charts.filter((c) => c.testId === 'fund-chart').at(-1)?.option as { series: { data: unknown[] }[] };
    expect(chart.series.map((s) => s.data)).toEqual([
      [5000, 4000],
      [2000, 3000],
      [3000, 4000],
    ]);
    expect(calls[0].url).toBe('/api/v1/fund/reports/430100/2026');
    fireEvent.mouseDown(within(screen.getByTestId('report-insutype')).getByRole('combobox'));
    fireEvent.click(await screen.findByTitle('390 城乡居民基本医疗保险'));
    await waitFor(() => expect(calls.at(-1)?.url).toBe('/api/v1/fund/reports/430100/2026?insutype=390'), slow);
  });

  it('downloads the report as CSV or as an Excel workbook, with the insurance type chosen', async () => {
    signInAs('cs.officer', ['city-officer']);
    const { calls, fn } = fakeFetch([
      { method: 'GET', path: '/api/v1/fund/reports/430100/2026', status: 200, body: report },
      { method: 'GET', path: /^\/api\/v1\/fund\/reports\/430100\/2026\/(csv|xlsx)$/, status: 200, body: 'file' },
    ]);
    const real = fn.getMockImplementation();
    fn.mockImplementation(
      async (...args: Parameters<typeof fetch>) => ({ ...(await real?.(...(args as [string]))), blob: async () => new Blob(['file']) }) as never,
    );
    Object.assign(URL, { createObjectURL: jest.fn(() => 'blob:x'), revokeObjectURL: jest.fn() });
    const saved: string[] = [];
    const save = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    renderAt(<FundReportPage />, '/fund/reports?admdvs=430100&year=2026', '/fund/reports');
    await within(await screen.findByTestId('report-rows')).findByText('2026-02');
    expect(screen.getByTestId('report-xlsx').textContent).toBe('导出 Excel');
    fireEvent.click(screen.getByTestId('report-xlsx'));
    await waitFor(() => expect(calls.at(-1)?.url).toBe('/api/v1/fund/reports/430100/2026/xlsx'));
    expect(calls.at(-1)?.headers.authorization).toBe('Bearer x');
    fireEvent.mouseDown(within(screen.getByTestId('report-insutype')).getByRole('combobox'));
    fireEvent.click(await screen.findByTitle('390 城乡居民基本医疗保险'));
    await waitFor(() => expect(calls.at(-1)?.url).toBe('/api/v1/fund/reports/430100/2026?insutype=390'), slow);
    fireEvent.click(screen.getByTestId('report-csv'));
    await waitFor(() => expect(calls.at(-1)?.url).toBe('/api/v1/fund/reports/430100/2026/csv?insutype=390'));
    fireEvent.click(screen.getByTestId('report-xlsx'));
    await waitFor(() => expect(calls.at(-1)?.url).toBe('/api/v1/fund/reports/430100/2026/xlsx?insutype=390'));
    await waitFor(() => expect(saved).toEqual(['fund-report-430100-2026.xlsx', 'fund-report-430100-2026-390.csv', 'fund-report-430100-2026-390.xlsx']));
    save.mockRestore();
  });
});
