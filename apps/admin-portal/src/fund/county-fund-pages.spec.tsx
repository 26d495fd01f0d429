import type { CountyShortfallView } from '@mi/contracts';
import type { Role } from '@mi/domain';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { sessionStore } from '../api/session';
import { shanghaiToday } from '../format/format';
import { fakeFetch, problem } from '../test/fake-fetch';
import { okButton, renderAt } from '../test/render';
import { anApproval } from '../test/review-fixtures';
import { CountyFundPage } from './county-fund-page';
import { FundApprovalPayload, isFundAction } from './fund-approval';
import { TerminatedHoldPage } from './terminated-hold-page';

jest.setTimeout(90_000);
const slow = { timeout: 10_000 };

function signIn(username: string, roles: Role[], scope: string) {
  sessionStore.write({
    accessToken: 'x',
    refreshToken: 'y',
    user: { id: `id-${username}`, username, displayName: username, roles, scope, mustChangePassword: false },
  });
}

const shortfall: CountyShortfallView = {
  county: '430102',
  city: '430100',
  year: 2025,
  insutype: '310',
  planFen: '1000000000',
  collectedFen: '900000000',
  spentFen: '950000050',
  gapFen: '50000050',
  coveredBy: 'county',
  explanation: [
    '2025 年 430102（310）年度收入计划 ¥10,000,000.00',
    '当年各月全额上解市级基金收入 ¥9,000,000.00',
    '当年辖区定点机构统筹基金支出（结算 − 冲正 − 扣款）¥9,500,000.50',
    '未完成年度收入计划：缺口 ¥500,000.50 由县级自行补足',
  ],
};
const shortfallPath = '/api/v1/fund/county-shortfall/430102/2025/310';

describe('county income plan and year-end shortfall', () => {
  it('explains who covers the gap from fen, proposes posting it, and sets a plan in yuan sent as fen with the server’s refusal at the year', async () => {
    signIn('cs.officer', ['city-officer'], '430100');
    const year = shanghaiToday().slice(0, 4);
    const { calls } = fakeFetch([
      { method: 'GET', path: shortfallPath, status: 200, body: shortfall },
      {
        method: 'POST',
        path: '/api/v1/fund/county-shortfall-postings',
        status: 201,
        body: anApproval({
          action: 'fund.county-shortfall-posting',
          admdvs: '430100',
          summary: 'county shortfall 430102/2025/310',
          payload: { shortfall, reason: '年终' },
        }),
      },
      {
        method: 'PUT',
        path: '/api/v1/fund/county-plans',
        status: 422,
        body: problem(422, 'FUND.YEAR_ENDED', `year: ${year} has ended; its plan decides the year-end shortfall rule and is no longer changed`, {
          field: 'year',
          reason: 'year ended',
        }),
      },
    ]);
    renderAt(<CountyFundPage />, '/fund/counties?county=430102&year=2025&insutype=310', '/fund/counties');
    const view = await screen.findByTestId('shortfall', {}, slow);
    expect(within(view).getByTestId('shortfall-gap').textContent).toBe('¥500,000.50');
    expect(view.textContent).toContain('¥10,000,000.00');
    expect(view.textContent).toContain('¥9,500,000.50');
    expect(within(view).getByTestId('covered-by').textContent).toBe('县级自行补足');
    expect(within(view).getByTestId('shortfall-explanation').textContent).toContain('由县级自行补足');

    fireEvent.click(screen.getByTestId('propose-posting'));
    const posting = within(await screen.findByTestId('posting-form'));
    fireEvent.change(posting.getByLabelText('理由'), { target: { value: '年终' } });
    fireEvent.click(okButton(screen));
    await screen.findByTestId('approval-note', {}, slow);
    expect(calls.find((c) => c.method === 'POST')).toMatchObject({
      url: '/api/v1/fund/county-shortfall-postings',
      body: { county: '430102', year: 2025, insutype: '310', reason: '年终' },
    });

    fireEvent.click(screen.getByTestId('set-plan'));
    const form = within(await screen.findByTestId('county-plan-form'));
    fireEvent.change(form.getByLabelText('年度收入计划（元）'), { target: { value: '12,345,678.9' } });
    fireEvent.change(form.getByLabelText('理由'), { target: { value: '下达年度计划' } });
    fireEvent.click(okButton(screen));
    const error = await form.findByText(`${year} has ended; its plan decides the year-end shortfall rule and is no longer changed`, {}, slow);
    expect(error.closest('.ant-form-item')?.textContent).toContain('年度');
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
      county: '430102',
      year: Number(year),
      insutype: '310',
      planFen: '1234567890',
      reason: '下达年度计划',
    });
  });

  it('lets a county officer read the rule and record a remittance, but not set plans or post; a year not ended is said plainly', async () => {
    signIn('fr.county', ['county-officer'], '430102');
    const { calls } = fakeFetch([
      {
        method: 'GET',
        path: /^\/api\/v1\/fund\/county-shortfall\//,
        status: 422,
        body: problem(422, 'FUND.YEAR_NOT_ENDED', 'year: 2026 has not ended; the shortfall rule is applied at year end', {
          field: 'year',
          reason: 'year not ended',
        }),
      },
      {
        method: 'POST',
        path: '/api/v1/fund/county-income',
        status: 201,
        body: {
          entryId: 'e1',
          replayed: false,
          county: '430102',
          city: '430100',
          insutype: '310',
          period: '2026-10',
          amountFen: '8800000',
          incomeAccount: '430100-310-INCOME-430102',
        },
      },
    ]);
    renderAt(<CountyFundPage />, '/fund/counties?year=2026', '/fund/counties');
    expect((await screen.findByTestId('year-not-ended', {}, slow)).textContent).toContain('年度尚未结束');
    expect(calls[0].url).toBe('/api/v1/fund/county-shortfall/430102/2026/310');
    expect(screen.queryByTestId('set-plan')).toBeNull();
    expect(screen.queryByTestId('propose-posting')).toBeNull();
    fireEvent.click(screen.getByTestId('record-income'));
    const form = within(await screen.findByTestId('income-form'));
    fireEvent.change(form.getByLabelText('计划月份（yyyy-MM）'), { target: { value: '2026-10' } });
    fireEvent.change(form.getByLabelText('上解金额（元）'), { target: { value: '88000' } });
    fireEvent.change(form.getByLabelText('缴库 / 划转凭证号'), { target: { value: 'JK-2026-1001' } });
    fireEvent.click(okButton(screen));
    expect((await screen.findByTestId('income-recorded', {}, slow)).textContent).toContain('¥88,000.00');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      county: '430102',
      insutype: '310',
      period: '2026-10',
      amountFen: '8800000',
      reference: 'JK-2026-1001',
    });
  });

  it('says when the county has no plan for the year', async () => {
    signIn('cs.officer', ['city-officer'], '430100');
    fakeFetch([{ method: 'GET', path: shortfallPath, status: 404, body: problem(404, 'NOT_FOUND', 'county income plan 430102/2025/310 not found') }]);
    renderAt(<CountyFundPage />, '/fund/counties?county=430102&year=2025&insutype=310', '/fund/counties');
    await screen.findByTestId('no-county-plan', {}, slow);
  });
});

describe('held money of a terminated institution', () => {
  it('shows the refusal at the institution, then the proposal with what is held per insurance type', async () => {
    signIn('cs.officer', ['city-officer'], '430100');
    const route = { method: 'POST', path: '/api/v1/fund/terminated-hold-decisions', status: 409, body: {} as unknown };
    route.body = problem(
      409,
      'FUND.NOT_TERMINATED',
      "H43010200001's agreement in 430100 is not terminated (SUSPENDED): held money is released on resumption, not by decision",
      {
        field: 'institutionCode',
        reason: 'not terminated',
      },
    );
    const { calls } = fakeFetch([route]);
    renderAt(<TerminatedHoldPage />, '/fund/holds', '/fund/holds');
    fireEvent.click(await screen.findByTestId('propose-hold', {}, slow));
    const form = within(await screen.findByTestId('hold-form'));
    fireEvent.change(form.getByLabelText('定点机构'), { target: { value: 'h43010200001' } });
    fireEvent.click(form.getByLabelText('收回基金'));
    fireEvent.change(form.getByLabelText('理由'), { target: { value: '骗保追回' } });
    fireEvent.change(form.getByLabelText('依据（条款、解除协议决定文号）'), { target: { value: '长医保解〔2026〕3号' } });
    fireEvent.click(okButton(screen));
    const error = await form.findByText(/is not terminated \(SUSPENDED\)/, {}, slow);
    expect(error.closest('.ant-form-item')?.textContent).toContain('定点机构');
    expect(calls[0].body).toEqual({
      admdvs: '430100',
      institutionCode: 'H43010200001',
      outcome: 'RETURN_TO_FUND',
      reason: '骗保追回',
      legalBasis: '长医保解〔2026〕3号',
    });

    route.status = 201;
    route.body = anApproval({
      action: 'fund.terminated-hold-decision',
      admdvs: '430100',
      summary: 'terminated hold H43010200001: RETURN_TO_FUND',
      payload: {
        admdvs: '430100',
        institutionCode: 'H43010200001',
        outcome: 'RETURN_TO_FUND',
        reason: '骗保追回',
        legalBasis: '长医保解〔2026〕3号',
        heldFen: { '390': '50000', '310': '123456789' },
      },
    });
    fireEvent.click(okButton(screen));
    const proposed = await screen.findByTestId('hold-proposed', {}, slow);
    expect(within(proposed).getByTestId('held-total').textContent).toBe('¥1,235,067.89');
    expect(within(proposed).getByTestId('held-amounts').textContent).toContain('¥500.00');
    expect(proposed.textContent).toContain('收回基金');
  });

  it('offers the proposal to city officers only', async () => {
    signIn('au.auditor', ['auditor'], '430100');
    fakeFetch([]);
    renderAt(<TerminatedHoldPage />, '/fund/holds', '/fund/holds');
    await screen.findByText('解除协议机构的暂缓拨付款');
    expect(screen.queryByTestId('propose-hold')).toBeNull();
  });
});

describe('these proposals in the approvals inbox', () => {
  it('shows a disbursement request, a shortfall posting and a held-money decision in figures', async () => {
    signIn('cs.checker', ['city-officer'], '430100');
    fakeFetch([]);
    const disbursement = anApproval({
      action: 'fund.disbursement-request',
      payload: {
        summary: {
          city: '430100',
          period: '2026-12',
          insutype: '310',
          plans: 3,
          plannedFen: '300000000',
          totalFen: '289999950',
          adjusted: 1,
          notAccepted: 0,
          digest: 'cd'.repeat(32),
        },
        reason: '12 月拨款',
      },
    });
    const posting = anApproval({ action: 'fund.county-shortfall-posting', payload: { shortfall, reason: '年终' } });
    const hold = anApproval({
      action: 'fund.terminated-hold-decision',
      payload: {
        admdvs: '430100',
        institutionCode: 'H43010200001',
        outcome: 'PAY_OUT',
        reason: '无违规',
        legalBasis: '协议第 30 条',
        heldFen: { '310': '9900' },
      },
    });
    expect([disbursement, posting, hold].every((a) => isFundAction(a.action))).toBe(true);
    renderAt(
      <>
        {[disbursement, posting, hold].map((a) => (
          <section key={a.action} data-testid={a.action}>
            <FundApprovalPayload approval={a} />
          </section>
        ))}
      </>,
    );
    const d = await screen.findByTestId('fund.disbursement-request', {}, slow);
    expect(within(d).getByTestId('requested-total').textContent).toBe('¥2,899,999.50');
    expect(d.textContent).toContain('¥3,000,000.00');
    expect(d.textContent).toContain('长沙市 430100 · 2026-12 · 310');
    const p = screen.getByTestId('fund.county-shortfall-posting');
    expect(within(p).getByTestId('shortfall-gap').textContent).toBe('¥500,000.50');
    expect(within(p).getByTestId('covered-by').textContent).toBe('县级自行补足');
    const h = screen.getByTestId('fund.terminated-hold-decision');
    expect(within(h).getByTestId('held-total').textContent).toBe('¥99.00');
    expect(h.textContent).toContain('支付给机构');
    expect(h.textContent).toContain('协议第 30 条');
    await waitFor(() => expect(screen.getAllByTestId('approval-payload')).toHaveLength(3));
  });
});
