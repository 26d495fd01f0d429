import { render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { MemoryRouter } from 'react-router';
import { sessionStore } from '../api/session';
import { AuthProvider } from '../auth/auth';
import { shanghaiToday } from '../format/format';
import { I18nProvider } from '../i18n/i18n';
import { fakeFetch } from '../test/fake-fetch';
import { cityOf, DashboardPage, reserveMonths } from './dashboard-page';

// jsdom has no canvas: each chart is recorded with the option it was given.
const charts: { testId?: string; option: unknown }[] = [];
jest.mock('../shell/echart', () => ({
  EChart: (p: { testId?: string; option: unknown }) => {
    charts.push(p);
    return <div data-testid={p.testId} />;
  },
}));

jest.setTimeout(30_000);

describe('dashboard figures', () => {
  it('finds the pooling region of a county or city, none for a province', () => {
    expect([cityOf('430102'), cityOf('430100'), cityOf('430000'), cityOf(''), cityOf(undefined)]).toEqual([
      '430100',
      '430100',
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('counts months of reserve from the last balance and the average monthly expense', () => {
    const totals = [
      { period: '2026-01', incomeFen: 0n, expenseFen: 100_000n, balanceFen: 1_500_000n },
      { period: '2026-02', incomeFen: 0n, expenseFen: 300_000n, balanceFen: 1_200_000n },
    ];
    expect(reserveMonths(totals)).toBe(6); // 1,200,000 ÷ (400,000 ÷ 2)
    expect(reserveMonths([{ period: '2026-01', incomeFen: 0n, expenseFen: 0n, balanceFen: 5n }])).toBeUndefined();
  });
});

describe('dashboard page', () => {
  const year = shanghaiToday().slice(0, 4);
  const page = (items: unknown[], total = items.length) => ({ items, total, limit: 1, offset: 0 });

  it('shows the city’s fund by month with its reserve, the review backlog with overdue cases, new alerts by type and overdue referrals', async () => {
    sessionStore.write({
      accessToken: 'x',
      refreshToken: 'y',
      user: { id: 'u1', username: 'cs.officer', displayName: '长沙经办', roles: ['city-officer'], scope: '430100', mustChangePassword: false },
    });
    const { calls } = fakeFetch([
      { method: 'GET', path: '/api/v1/agreements', status: 200, body: page([], 3) },
      { method: 'GET', path: '/api/v1/approvals/agreement', status: 200, body: page([], 1) },
      {
        method: 'GET',
        path: `/api/v1/fund/reports/430100/${year}`,
        status: 200,
        body: {
          admdvs: '430100',
          year: Number(year),
          months: [`${year}-01`, `${year}-02`],
          notes: [],
          rows: [
            {
              period: `${year}-01`,
              region: '430100',
              regionLevel: 'city',
              insutype: '310',
              incomeFen: '2000000',
              expenseFen: '100000',
              netFen: '0',
              ytdNetFen: '0',
              balanceFen: '1500000',
              monthsOfReserve: null,
            },
            {
              period: `${year}-02`,
              region: '430100',
              regionLevel: 'city',
              insutype: '310',
              incomeFen: '0',
              expenseFen: '300000',
              netFen: '0',
              ytdNetFen: '0',
              balanceFen: '1200000',
              monthsOfReserve: null,
            },
            {
              period: `${year}-02`,
              region: '430102',
              regionLevel: 'county',
              insutype: '310',
              incomeFen: '0',
              expenseFen: '999999',
              netFen: '0',
              ytdNetFen: '0',
              balanceFen: null,
              monthsOfReserve: null,
            },
          ],
        },
      },
      { method: 'GET', path: '/api/v1/review/cases', status: 200, body: { items: [], total: 4, page: 1, pageSize: 1 } },
      {
        method: 'GET',
        path: '/api/v1/kb/alerts',
        status: 200,
        body: page([{ type: 'LARGE_EXPENDITURE' }, { type: 'LARGE_EXPENDITURE' }, { type: 'SETTLEMENT_BURST' }]),
      },
      { method: 'GET', path: '/api/v1/credit/referrals', status: 200, body: page([], 2) },
      {
        method: 'GET',
        path: '/api/v1/fund/payment-deadlines',
        status: 200,
        body: {
          admdvs: '430100',
          today: '2026-11-20',
          policy: {},
          notes: [],
          months: [
            { period: '2026-08', state: 'OVERDUE' },
            { period: '2026-09', state: 'DUE_SOON' },
          ],
        },
      },
      {
        method: 'GET',
        path: '/api/v1/credit-files/ranking',
        status: 200,
        body: {
          items: [
            {
              rank: 1,
              subjectType: 'institution',
              subjectCode: 'H43010300001',
              admdvs: '430103',
              score: 640,
              level: 'D',
              recentNegativeEntries: 1,
              recentScoreLost: 200,
              lastNegative: { kind: 'PENALTY', summary: '罚款 湘医保罚〔2026〕7号', occurredAt: '2026-11-14T02:00:00.000Z', scoreDelta: -60 },
            },
            {
              rank: 2,
              subjectType: 'institution',
              subjectCode: 'H43010200002',
              admdvs: '430102',
              score: 850,
              level: 'B',
              recentNegativeEntries: 0,
              recentScoreLost: 0,
              lastNegative: null,
            },
          ],
          total: 2,
          limit: 10,
          offset: 0,
        },
      },
    ]);
    render(
      <I18nProvider lang="zh-CN">
        <AntApp>
          <MemoryRouter>
            <AuthProvider>
              <DashboardPage />
            </AuthProvider>
          </MemoryRouter>
        </AntApp>
      </I18nProvider>,
    );
    const fund = within(await screen.findByTestId('dashboard-fund'));
    await waitFor(() => expect(fund.getByText('可支付月数')).toBeTruthy());
    expect(fund.getByText('6')).toBeTruthy(); // the city rows only: 1,200,000 ÷ (400,000 ÷ 2)
    const fundChart = charts.filter((c) => c.testId === 'fund-chart').at(-1)?.option as { series: { data: (number | null)[] }[] };
    expect(fundChart.series[1].data).toEqual([1000, 3000]); // expense in yuan, county rows left out
    const backlog = within(screen.getByTestId('dashboard-backlog'));
    await waitFor(() => expect(backlog.getByText('20')).toBeTruthy()); // 5 open stages × 4
    expect(calls.some((c) => c.url.includes('/api/v1/review/cases') && c.url.includes('overdue=true'))).toBe(true);
    await waitFor(() => expect(screen.getByText('待处理预警（3）按类型')).toBeTruthy());
    const alertChart = charts.filter((c) => c.testId === 'alerts-chart').at(-1)?.option as { yAxis: { data: string[] }; series: { data: number[] }[] };
    expect(alertChart.yAxis.data).toEqual(['单次大额支出', '多人集中时间段结算']);
    expect(alertChart.series[0].data).toEqual([2, 1]);
    expect(screen.getByText('超期的线索移送')).toBeTruthy();
    const overduePayments = within(screen.getByTestId('dashboard-overdue-payments'));
    await waitFor(() => expect(overduePayments.getByText('1')).toBeTruthy());
    expect(overduePayments.getByText('逾期未拨付的月份（近 24 个月）').closest('a')?.getAttribute('href')).toBe('/fund/payment-deadlines?admdvs=430100');
    expect(calls.find((c) => c.url.startsWith('/api/v1/fund/payment-deadlines'))?.url).toMatch(
      /^\/api\/v1\/fund\/payment-deadlines\?admdvs=430100&fromPeriod=\d{4}-\d{2}&toPeriod=\d{4}-\d{2}$/,
    );
    // The riskiest institutions first, each with why: the low-level ones marked, linked to their credit file.
    const ranking = within(screen.getByTestId('dashboard-ranking'));
    const first = (await ranking.findByText('H43010300001')).closest('tr');
    expect(first?.textContent).toContain('640');
    expect(first?.textContent).toContain('−200');
    expect(first?.textContent).toContain('2026-11-14 罚款 湘医保罚〔2026〕7号（-60）');
    expect(first?.classList.contains('mi-flagged')).toBe(true);
    expect(ranking.getByText('H43010300001').closest('a')?.getAttribute('href')).toBe('/credit/H43010300001');
    expect(ranking.getByText('H43010200002').closest('tr')?.textContent).toContain('—');
    expect(calls.find((c) => c.url.startsWith('/api/v1/credit-files/ranking'))?.url).toBe('/api/v1/credit-files/ranking?limit=10');
  });
});
