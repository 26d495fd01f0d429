import type { DipSettlementProposal, DipSettlementView } from '@mi/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { shanghaiToday } from '../format/format';
import { ApprovalsPage } from '../pages/approvals-page';
import { fakeFetch, problem } from '../test/fake-fetch';
import { okButton, renderAt } from '../test/render';
import { anApproval, signInAs } from '../test/review-fixtures';
import { DipSettlementPage } from './dip-settlement-page';

jest.setTimeout(90_000);
const slow = { timeout: 10_000 };

const path = '/api/v1/fund/case-payment/dip-settlements/430100/2025';
const page = '/fund/case-payment/dip-settlements?admdvs=430100&year=2025';
const route = '/fund/case-payment/dip-settlements';

const summary: DipSettlementView['summary'] = {
  admdvs: '430100',
  year: 2025,
  schemeVersion: 2,
  availableFen: '47500000000',
  totalPoints: '4900000.000000',
  budgetPointValue: '预算点值 = (¥500,000,000.00 − ¥25,000,000.00) ÷ 4750000 分 ≈ ¥100.00/分',
  settlementPointValue: '结算点值 = ¥475,000,000.00 ÷ 4900000.000000 分 ≈ ¥96.94/分',
  cases: 12000,
  institutions: 2,
  totalAdjustmentFen: '-1469387755',
  digest: 'cd'.repeat(32),
};
const items: DipSettlementView['items'] = [
  {
    institutionCode: 'H43010200001',
    insutype: '310',
    cases: 8000,
    points: '3200000.000000',
    paidFen: '32000000000',
    settledFen: '31020408163',
    adjustmentFen: '-979591837',
  },
  {
    institutionCode: 'H43010200002',
    insutype: '390',
    cases: 4000,
    points: '1700000.000000',
    paidFen: '17000000000',
    settledFen: '16510204082',
    adjustmentFen: '-489795918',
  },
];
const provisional: DipSettlementView = {
  admdvs: '430100',
  year: 2025,
  status: 'PROVISIONAL',
  approvalId: null,
  summary,
  items,
  total: 120,
  limit: 50,
  offset: 0,
};

describe('DIP 年终结算', () => {
  it('shows the provisional settlement — both point values, what they divide, the total difference — and pages the institutions from the server; an auditor cannot propose', async () => {
    signInAs('au.auditor', ['auditor']);
    const { calls } = fakeFetch([{ method: 'GET', path, status: 200, body: provisional }]);
    renderAt(<DipSettlementPage />, page, route);
    const figures = await screen.findByTestId('dip-figures', {}, slow);
    expect(within(figures).getByTestId('dip-status').textContent).toBe('测算（未入账，随病例变化）');
    expect(within(figures).getByTestId('dip-available').textContent).toBe('¥475,000,000.00');
    expect(within(figures).getByTestId('dip-budget-point-value').textContent).toBe(summary.budgetPointValue);
    expect(within(figures).getByTestId('dip-total-points').textContent).toBe('4900000.000000');
    expect(within(figures).getByTestId('dip-settlement-point-value').textContent).toBe('结算点值 = ¥475,000,000.00 ÷ 4900000.000000 分 ≈ ¥96.94/分');
    expect(within(figures).getByTestId('dip-cases').textContent).toBe('12000 例 · 2 家机构');
    expect(within(figures).getByTestId('dip-total-adjustment').textContent).toBe('-¥14,693,877.55');
    expect(figures.textContent).toContain('长沙市 430100 · 2025 · 第 2 版');

    const table = screen.getByTestId('dip-items');
    const row = within(table).getByText('H43010200001').closest('tr') as HTMLElement;
    expect([...row.querySelectorAll('td')].map((td) => td.textContent)).toEqual([
      'H43010200001',
      '310',
      '8000',
      '3200000.000000',
      '¥320,000,000.00',
      '¥310,204,081.63',
      '-¥9,795,918.37',
    ]);
    // No entry column before the settlement is posted.
    expect(table.textContent).not.toContain('记账凭证');
    expect(calls[0].url).toBe(`${path}?limit=50&offset=0`);
    expect(screen.queryByTestId('propose-dip')).toBeNull();

    fireEvent.click(screen.getByTitle('2'));
    await waitFor(() => expect(calls.at(-1)?.url).toBe(`${path}?limit=50&offset=50`), slow);
  });

  it('shows a posted settlement with its approval and each institution’s entry; a posted year cannot be proposed again', async () => {
    signInAs('cs.officer', ['city-officer']);
    const posted: DipSettlementView = {
      ...provisional,
      status: 'POSTED',
      approvalId: '0190a0b0-0000-7000-8000-0000000005d1',
      items: [{ ...items[0], entryId: '0190a0b0-0000-7000-8000-0000000005e1' }],
      total: 1,
    };
    fakeFetch([{ method: 'GET', path, status: 200, body: posted }]);
    renderAt(<DipSettlementPage />, page, route);
    const status = await screen.findByTestId('dip-status', {}, slow);
    expect(status.textContent).toBe('已入账审批单 0190a0b0-0000-7000-8000-0000000005d1');
    const row = within(screen.getByTestId('dip-items')).getByText('H43010200001').closest('tr') as HTMLElement;
    expect(row.textContent).toContain('0190a0b0-0000-7000-8000-0000000005e1');
    expect(screen.queryByTestId('propose-dip')).toBeNull();
  });

  it('says plainly when there is nothing to settle (no DIP scheme, no grouped case), and that a year not ended is only computed', async () => {
    signInAs('cs.officer', ['city-officer']);
    const year = shanghaiToday().slice(0, 4);
    fakeFetch([
      { method: 'GET', path, status: 404, body: problem(404, 'NOT_FOUND', 'DIP scheme 430100/2025/DIP not found') },
      {
        method: 'GET',
        path: '/api/v1/fund/case-payment/dip-settlements/430100/2024',
        status: 409,
        body: problem(409, 'FUND.NO_DIP_CASES', 'year: 430100 has no grouped DIP cases in 2024; nothing to settle', { field: 'year', reason: 'no DIP cases' }),
      },
      { method: 'GET', path: `/api/v1/fund/case-payment/dip-settlements/430100/${year}`, status: 200, body: { ...provisional, year: Number(year) } },
    ]);
    const { unmount } = renderAt(<DipSettlementPage />, page, route);
    expect((await screen.findByTestId('dip-none', {}, slow)).textContent).toBe('该统筹区 2025 年没有 DIP 付费方案，无需年终结算');
    expect(screen.queryByTestId('propose-dip')).toBeNull();
    unmount();

    renderAt(<DipSettlementPage />, '/fund/case-payment/dip-settlements?admdvs=430100&year=2024', route);
    expect((await screen.findByTestId('dip-none', {}, slow)).textContent).toBe('该统筹区 2024 年没有已分组的 DIP 病例，无需年终结算');
    // Another year through the key form.
    fireEvent.change(screen.getByLabelText('年度'), { target: { value: year } });
    fireEvent.click(screen.getByTestId('fund-key-submit'));
    expect((await screen.findByTestId('dip-not-ended', {}, slow)).textContent).toBe(`${year} 年尚未结束：以下为按目前病例的测算，年度结束后方可提出结算`);
    expect(screen.getByTestId('dip-figures')).toBeTruthy();
    expect(screen.queryByTestId('propose-dip')).toBeNull();
  });

  it('proposes the settlement: checked before it is sent, the server’s refusals shown at their field, then the proposal with its figures', async () => {
    signInAs('cs.officer', ['city-officer']);
    const post = {
      method: 'POST',
      path: '/api/v1/fund/case-payment/dip-settlements',
      status: 409,
      body: problem(
        409,
        'FUND.DIP_SETTLEMENT_ALREADY_POSTED',
        "430100 2025's DIP settlement was already posted (0190a0b0-0000-7000-8000-0000000005d9): a year is settled once",
        { field: 'year', reason: 'already posted' },
      ) as unknown,
    };
    const { calls } = fakeFetch([{ method: 'GET', path, status: 200, body: provisional }, post]);
    renderAt(<DipSettlementPage />, page, route);
    fireEvent.click(await screen.findByTestId('propose-dip', {}, slow));
    const form = within(await screen.findByTestId('dip-form'));
    const year = form.getByLabelText('年度') as HTMLInputElement;
    expect(year.value).toBe('2025');

    // Nothing is sent while a field is invalid: no reason, a year not ended.
    fireEvent.change(year, { target: { value: shanghaiToday().slice(0, 4) } });
    fireEvent.click(okButton(screen));
    expect(await form.findByText('只能结算已结束的年度', {}, slow)).toBeTruthy();
    expect(form.getByText('请填写 2–500 字')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    fireEvent.change(year, { target: { value: '2025' } });
    fireEvent.change(form.getByLabelText('理由'), { target: { value: '2025 年度 DIP 结算点值清算' } });
    fireEvent.click(okButton(screen));
    // The server's sentence at the field it names.
    const refusal = await form.findByText(
      "430100 2025's DIP settlement was already posted (0190a0b0-0000-7000-8000-0000000005d9): a year is settled once",
      {},
      slow,
    );
    expect(refusal.closest('.ant-form-item')?.textContent).toContain('年度');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ admdvs: '430100', year: 2025, reason: '2025 年度 DIP 结算点值清算' });

    post.status = 400;
    post.body = problem(400, 'VALIDATION', 'reason: reason must be 2–500 characters', {
      fields: [{ field: 'reason', reason: 'reason must be 2–500 characters' }],
    });
    fireEvent.click(okButton(screen));
    const invalid = await form.findByText('reason must be 2–500 characters', {}, slow);
    expect(invalid.closest('.ant-form-item')?.textContent).toContain('理由');

    const proposal: DipSettlementProposal = { ...summary, reason: '2025 年度 DIP 结算点值清算' };
    post.status = 201;
    post.body = anApproval({
      action: 'fund.dip-settlement',
      targetType: 'dip-settlement',
      targetId: '430100/2025',
      admdvs: '430100',
      summary: 'DIP 年度清算 430100 2025：2 家机构 12000 例，结算点值 = ¥475,000,000.00 ÷ 4900000.000000 分 ≈ ¥96.94/分，差额合计 -¥14,693,877.55',
      proposedBy: { kind: 'user', id: 'id-cs.officer', name: 'cs.officer', roles: ['city-officer'], scope: '430100' },
      payload: proposal,
    });
    fireEvent.click(okButton(screen));
    const proposed = await screen.findByTestId('dip-proposed', {}, slow);
    expect(proposed.textContent).toContain('2025 年 DIP 年终结算已提交，须由另一名市级经办人员在“待我审批”（基金结算）中批准后入账');
    expect(within(proposed).getByTestId('dip-total-adjustment').textContent).toBe('-¥14,693,877.55');
    expect(within(proposed).getByRole('link', { name: '待我审批' }).getAttribute('href')).toBe('/approvals?context=fund');
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(3);
  });

  it('shows a DIP settlement proposal in the approvals inbox: its figures and its institutions from the approval’s items', async () => {
    signInAs('cs.checker', ['city-officer']);
    const approval = anApproval({
      id: '0190a0b0-0000-7000-8000-0000000005d2',
      action: 'fund.dip-settlement',
      targetType: 'dip-settlement',
      targetId: '430100/2025',
      admdvs: '430100',
      summary: 'DIP 年度清算 430100 2025',
      reason: '2025 年度 DIP 结算点值清算',
      proposedBy: { kind: 'user', id: 'id-cs.officer', name: 'cs.officer', roles: ['city-officer'], scope: '430100' },
      payload: { ...summary, reason: '2025 年度 DIP 结算点值清算' },
    });
    const { calls } = fakeFetch([
      { method: 'GET', path: '/api/v1/approvals/fund', status: 200, body: { items: [approval], total: 1, limit: 20, offset: 0 } },
      {
        method: 'GET',
        path: `/api/v1/approvals/fund/${approval.id}/items`,
        status: 200,
        body: { approvalId: approval.id, items: items.map((i) => ({ key: `${i.institutionCode}/${i.insutype}`, item: i })), total: 2, limit: 20, offset: 0 },
      },
    ]);
    renderAt(<ApprovalsPage />, '/approvals?context=fund', '/approvals');
    const table = await screen.findByTestId('approvals-table');
    const row = (await within(table).findByText('DIP 年终结算', {}, slow)).closest('tr') as HTMLElement;
    fireEvent.click(row.querySelector('.ant-table-row-expand-icon') as HTMLElement);
    const payload = await screen.findByTestId('approval-payload', {}, slow);
    expect(within(payload).getByTestId('dip-settlement-point-value').textContent).toBe(summary.settlementPointValue);
    expect(within(payload).getByTestId('dip-available').textContent).toBe('¥475,000,000.00');
    const institutions = within(payload).getByTestId('dip-items');
    expect((await within(institutions).findByText('H43010200002', {}, slow)).closest('tr')?.textContent).toContain('-¥4,897,959.18');
    expect(calls.find((c) => c.url.includes('/items'))?.url).toBe(`/api/v1/approvals/fund/${approval.id}/items?limit=20&offset=0`);
  });
});
