import type { FundUsePlanMonthView, FundUsePlanView } from '@mi/contracts';
import type { Role } from '@mi/domain';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { sessionStore } from '../api/session';
import { fakeFetch, problem } from '../test/fake-fetch';
import { okButton, renderAt } from '../test/render';
import { anApproval } from '../test/review-fixtures';
import { FundUsePlanPage } from './fund-use-plan-page';

jest.setTimeout(90_000);
const slow = { timeout: 10_000 };

function signIn(username: string, roles: Role[], scope: string) {
  sessionStore.write({
    accessToken: 'x',
    refreshToken: 'y',
    user: { id: `id-${username}`, username, displayName: username, roles, scope, mustChangePassword: false },
  });
}

const recentUse = {
  months: ['2026-09', '2026-10', '2026-11'],
  usedFen: ['100000000', '110000000', '120000000'],
  averageFen: '110000000',
  deviationPercent: '12.23',
  explanation: [
    '近 3 个月（2026-09 至 2026-11）本县基金使用 ¥1,000,000.00、¥1,100,000.00、¥1,200,000.00',
    '月均 ¥1,100,000.00；本计划 ¥1,234,567.89，高于月均 12.23%（供审核参考，不因此拒收）',
  ],
};

function aPlan(over: Partial<FundUsePlanView> = {}): FundUsePlanView {
  return {
    id: '0190a0b0-0000-7000-8000-0000000000p1',
    county: '430102',
    city: '430100',
    period: '2026-12',
    insutype: '310',
    version: 1,
    status: 'SUBMITTED',
    plannedFen: '123456789',
    basis: '按近三月结算趋势，另加两例已知大额住院',
    acceptedFen: null,
    submittedBy: 'fr.county',
    submittedAt: '2026-12-01T02:00:00Z',
    reviewedBy: null,
    reviewedAt: null,
    reviewNote: null,
    recentUse,
    disbursementRequestId: null,
    ...over,
  };
}

function aMonth(over: Partial<FundUsePlanMonthView> = {}): FundUsePlanMonthView {
  return {
    admdvs: '430100',
    period: '2026-12',
    insutype: '310',
    plans: [],
    counts: { SUBMITTED: 0, RETURNED: 0, ACCEPTED: 0, INCLUDED: 0 },
    pending: null,
    requests: [],
    ...over,
  };
}

describe('monthly fund-use plan: county officer', () => {
  const returned = aPlan({ status: 'RETURNED', reviewedBy: 'cs.officer', reviewedAt: '2026-12-02T02:00:00Z', reviewNote: '请补充大额病例的依据' });
  const detail = {
    ...returned,
    versions: [{ version: 1, plannedFen: '123456789', basis: returned.basis, submittedBy: 'fr.county', submittedAt: '2026-12-01T02:00:00Z', recentUse }],
    reviews: [
      { version: 1, decision: 'return', acceptedFen: null, note: '请补充大额病例的依据', reviewedBy: 'cs.officer', reviewedAt: '2026-12-02T02:00:00Z' },
    ],
  };
  const reads = () => [
    {
      method: 'GET',
      path: '/api/v1/fund/fund-use-plans',
      status: 200,
      body: aMonth({ admdvs: '430102', plans: [returned], counts: { SUBMITTED: 0, RETURNED: 1, ACCEPTED: 0, INCLUDED: 0 } }),
    },
    { method: 'GET', path: '/api/v1/fund/fund-use-plans/430102/2026-12/310', status: 200, body: detail },
  ];

  it('shows the county’s returned plan beside its recent fund use, resubmits in yuan sent as fen, and shows the new version beside what the reply explains', async () => {
    signIn('fr.county', ['county-officer'], '430102');
    const resubmitted = aPlan({
      version: 2,
      plannedFen: '130000050',
      basis: '补充：两例大额住院已入院',
      recentUse: {
        ...recentUse,
        deviationPercent: '18.18',
        explanation: [recentUse.explanation[0], '月均 ¥1,100,000.00；本计划 ¥1,300,000.50，高于月均 18.18%（供审核参考，不因此拒收）'],
      },
    });
    const { calls } = fakeFetch([...reads(), { method: 'POST', path: '/api/v1/fund/fund-use-plans', status: 201, body: resubmitted }]);
    renderAt(<FundUsePlanPage />, '/fund/use-plans?period=2026-12', '/fund/use-plans');
    const own = await screen.findByTestId('own-plan');
    await within(own).findByTestId('plan', {}, slow);
    expect(calls[0].url).toBe('/api/v1/fund/fund-use-plans?admdvs=430102&period=2026-12&insutype=310');
    expect(within(own).getByTestId('plan-status').textContent).toBe('已退回');
    expect(within(own).getByTestId('returned').textContent).toContain('请补充大额病例的依据');
    expect(within(own).getByTestId('plan-planned').textContent).toBe('¥1,234,567.89');
    const use = within(own).getByTestId('recent-use');
    expect(use.textContent).toContain('¥1,200,000.00');
    expect(use.textContent).toContain('¥1,100,000.00');
    expect(within(use).getByTestId('deviation').textContent).toBe('+12.23%');
    expect((await within(own).findByTestId('plan-history', {}, slow)).textContent).toContain('退回县级');
    // A county officer reviews nothing and requests no money.
    expect(screen.queryByTestId('plans-table')).toBeNull();
    expect(screen.queryByTestId('disbursement')).toBeNull();

    fireEvent.click(within(own).getByTestId('submit-plan'));
    const form = within(await screen.findByTestId('plan-form'));
    expect(screen.getByText('将替换第 1 版（¥1,234,567.89）')).toBeTruthy();
    fireEvent.change(form.getByLabelText('计划使用金额（元）'), { target: { value: '1,300,000.5' } });
    fireEvent.change(form.getByLabelText('编制依据'), { target: { value: '补充：两例大额住院已入院' } });
    fireEvent.click(okButton(screen));
    await waitFor(() => expect(within(screen.getByTestId('own-plan')).getByTestId('plan-status').textContent).toBe('待市级审核'), slow);
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      county: '430102',
      period: '2026-12',
      insutype: '310',
      plannedFen: '130000050',
      basis: '补充：两例大额住院已入院',
    });
    const shown = within(screen.getByTestId('own-plan'));
    expect(shown.getByTestId('plan-planned').textContent).toBe('¥1,300,000.50');
    expect(shown.getByTestId('plan').textContent).toContain('第 2 版');
    expect(shown.getByTestId('recent-use-explanation').textContent).toContain('高于月均 18.18%');
  });

  it('shows the server’s refusal of an ended month at the month field', async () => {
    signIn('fr.county', ['county-officer'], '430102');
    fakeFetch([
      ...reads(),
      {
        method: 'POST',
        path: '/api/v1/fund/fund-use-plans',
        status: 422,
        body: problem(422, 'FUND.PERIOD_ENDED', "period: 2026-12 has ended; a month's plan is submitted before or during the month", {
          field: 'period',
          reason: 'month ended',
        }),
      },
    ]);
    renderAt(<FundUsePlanPage />, '/fund/use-plans?period=2026-12', '/fund/use-plans');
    fireEvent.click(await screen.findByTestId('submit-plan', {}, slow));
    const form = within(await screen.findByTestId('plan-form'));
    fireEvent.change(form.getByLabelText('计划使用金额（元）'), { target: { value: '1000' } });
    fireEvent.change(form.getByLabelText('编制依据'), { target: { value: '按月均' } });
    fireEvent.click(okButton(screen));
    const error = await form.findByText("2026-12 has ended; a month's plan is submitted before or during the month", {}, slow);
    expect(error.closest('.ant-form-item')?.textContent).toContain('计划月份（yyyy-MM）');
    expect(screen.queryByTestId('form-error')).toBeNull();
  });
});

describe('monthly fund-use plans: city officer', () => {
  const submitted = aPlan();
  const accepted = aPlan({
    id: 'p2',
    county: '430103',
    status: 'ACCEPTED',
    plannedFen: '50000000',
    acceptedFen: '45000000',
    reviewedBy: 'cs.officer',
    reviewedAt: '2026-12-02T02:00:00Z',
    reviewNote: '按结算趋势核减',
  });
  const month = aMonth({
    plans: [submitted, accepted],
    counts: { SUBMITTED: 1, RETURNED: 0, ACCEPTED: 1, INCLUDED: 0 },
    pending: {
      city: '430100',
      period: '2026-12',
      insutype: '310',
      plans: 1,
      plannedFen: '50000000',
      totalFen: '45000000',
      adjusted: 1,
      notAccepted: 1,
      digest: 'ab'.repeat(32),
    },
  });

  it('lists the counties’ plans from fen, reviews a submitted one at an adjusted amount with a note, and proposes the disbursement request', async () => {
    signIn('cs.officer', ['city-officer'], '430100');
    const approval = anApproval({
      action: 'fund.disbursement-request',
      admdvs: '430100',
      summary: 'disbursement request 430100/2026-12/310: 1 county plan(s), ¥450,000.00',
      requiredRoles: ['city-officer'],
      payload: { summary: month.pending, reason: '12 月拨款' },
    });
    const { calls } = fakeFetch([
      { method: 'GET', path: '/api/v1/fund/fund-use-plans', status: 200, body: month },
      {
        method: 'POST',
        path: '/api/v1/fund/fund-use-plans/430102/2026-12/310/review',
        status: 200,
        body: aPlan({ status: 'ACCEPTED', acceptedFen: '100000000', reviewNote: '核减' }),
      },
      { method: 'POST', path: '/api/v1/fund/disbursement-requests', status: 201, body: approval },
    ]);
    renderAt(<FundUsePlanPage />, '/fund/use-plans?admdvs=430100&period=2026-12&insutype=310', '/fund/use-plans');
    const table = await screen.findByTestId('plans-table');
    await within(table).findByText('芙蓉区 430102', {}, slow);
    expect(table.textContent).toContain('¥1,234,567.89');
    expect(table.textContent).toContain('¥450,000.00');
    expect(table.textContent).toContain('+12.23%');
    expect(screen.getByTestId('count-SUBMITTED').textContent).toBe('待市级审核 1');
    // Only a submitted plan is reviewed; a city officer submits none.
    expect(within(table).queryByTestId('review-430103')).toBeNull();
    expect(screen.queryByTestId('submit-plan')).toBeNull();
    expect(screen.getByTestId('requested-total').textContent).toBe('¥450,000.00');

    fireEvent.click(within(table).getByTestId('review-430102'));
    const form = within(await screen.findByTestId('review-form'));
    expect(form.getByTestId('recent-use').textContent).toContain('¥1,100,000.00');
    fireEvent.change(form.getByLabelText('核定金额（元）'), { target: { value: '1000000' } });
    fireEvent.click(okButton(screen));
    // An adjusted amount needs a note: nothing is sent without it.
    await form.findByText('调整核定金额须填写 2–500 字的审核意见', {}, slow);
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    fireEvent.change(form.getByLabelText('审核意见'), { target: { value: '核减' } });
    fireEvent.click(okButton(screen));
    await waitFor(() => expect(screen.queryByTestId('review-form')).toBeNull(), slow);
    expect(calls.find((c) => c.method === 'POST')).toMatchObject({
      url: '/api/v1/fund/fund-use-plans/430102/2026-12/310/review',
      body: { version: 1, decision: 'accept', acceptedFen: '100000000', note: '核减' },
    });

    fireEvent.click(screen.getByTestId('propose-disbursement'));
    const dform = within(await screen.findByTestId('disbursement-form'));
    expect(screen.getByText('另有 1 个计划尚未受理，不纳入本次申请')).toBeTruthy();
    fireEvent.change(dform.getByLabelText('理由'), { target: { value: '12 月拨款' } });
    fireEvent.click(okButton(screen));
    await screen.findByTestId('approval-note', {}, slow);
    expect(calls.filter((c) => c.method === 'POST').at(-1)).toMatchObject({
      url: '/api/v1/fund/disbursement-requests',
      body: { admdvs: '430100', period: '2026-12', insutype: '310', reason: '12 月拨款' },
    });
  });

  it('returns a plan with its reason; a county resubmission meanwhile is said above the form', async () => {
    signIn('cs.officer', ['city-officer'], '430100');
    const { calls } = fakeFetch([
      { method: 'GET', path: '/api/v1/fund/fund-use-plans', status: 200, body: month },
      {
        method: 'POST',
        path: '/api/v1/fund/fund-use-plans/430102/2026-12/310/review',
        status: 409,
        body: problem(409, 'FUND.PLAN_VERSION_CHANGED', 'the fund-use plan 430102/2026-12/310 is at version 2; version 1 was reviewed', {
          field: 'version',
          reason: 'the county resubmitted: review the current version',
        }),
      },
    ]);
    renderAt(<FundUsePlanPage />, '/fund/use-plans?admdvs=430100&period=2026-12&insutype=310', '/fund/use-plans');
    fireEvent.click(await screen.findByTestId('review-430102', {}, slow));
    const form = within(await screen.findByTestId('review-form'));
    fireEvent.click(form.getByLabelText('退回县级'));
    fireEvent.change(await form.findByLabelText('退回原因'), { target: { value: '依据不足' } });
    fireEvent.click(okButton(screen));
    expect((await screen.findByTestId('form-error', {}, slow)).textContent).toContain('version 1 was reviewed');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ version: 1, decision: 'return', note: '依据不足' });
  });
});
