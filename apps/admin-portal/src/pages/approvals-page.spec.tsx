import { fireEvent, screen, within } from '@testing-library/react';
import { fakeFetch } from '../test/fake-fetch';
import { okButton, renderAt } from '../test/render';
import { anApproval, signInAs } from '../test/review-fixtures';
import { ApprovalsPage } from './approvals-page';

jest.setTimeout(60_000);
const slow = { timeout: 10_000 };

describe('approvals inbox', () => {
  const prepayment = anApproval({
    id: '0190a0b0-0000-7000-8000-0000000000e1',
    action: 'fund.monthly-prepayment',
    targetType: 'monthly-prepayment',
    targetId: '430100/2026-12',
    admdvs: '430100',
    summary: '月度预付 430100 2026-12：2 家机构 2 条，合计 ¥80.83',
    reason: '本月预付',
    proposedBy: { kind: 'user', id: 'id-cs.maker', name: 'cs.maker', roles: ['city-officer'], scope: '430100' },
    payload: { admdvs: '430100', period: '2026-12', institutions: 2, itemCount: 2, heldItems: 1, totalFen: '8083', digest: 'ab'.repeat(32) },
  });
  const item = (institutionCode: string, amountFen: string, status: 'PREPAY' | 'HELD') => ({
    key: `${institutionCode}/310`,
    item: { institutionCode, insutype: '310', indicatorFen: '100000', sharePercent: '97', amountFen, status, explanation: `${institutionCode} 的计算过程` },
  });

  it('names each business area in Chinese, opens a fund proposal’s line items from the server and lets a second officer approve', async () => {
    signInAs('cs.checker', ['city-officer']);
    const { calls } = fakeFetch([
      { method: 'GET', path: '/api/v1/approvals/fund', status: 200, body: { items: [prepayment], total: 1, limit: 20, offset: 0 } },
      {
        method: 'GET',
        path: `/api/v1/approvals/fund/${prepayment.id}/items`,
        status: 200,
        body: { approvalId: prepayment.id, items: [item('H43010200001', '8083', 'PREPAY'), item('H43010200002', '0', 'HELD')], total: 2, limit: 10, offset: 0 },
      },
      { method: 'POST', path: `/api/v1/approvals/fund/${prepayment.id}/decide`, status: 200, body: { ...prepayment, status: 'APPROVED' } },
    ]);
    renderAt(<ApprovalsPage />, '/approvals?context=fund', '/approvals');
    expect(within(screen.getByTestId('approval-context')).getByText('基金结算')).toBeTruthy();
    const table = await screen.findByTestId('approvals-table');
    const row = (await within(table).findByText(/月度预付 430100/, {}, slow)).closest('tr') as HTMLElement;
    expect(within(row).getByTestId('approve')).toBeTruthy();
    fireEvent.click(row.querySelector('.ant-table-row-expand-icon') as HTMLElement);
    const payload = await screen.findByTestId('approval-payload', {}, slow);
    await within(payload).findByText('H43010200002', {}, slow);
    expect(payload.textContent).toContain('预付明细数（机构×险种） 2');
    expect(payload.textContent).toContain('¥80.83');
    expect(payload.textContent).toContain('H43010200001 的计算过程');
    expect(calls.find((c) => c.url.includes('/items'))?.url).toBe(`/api/v1/approvals/fund/${prepayment.id}/items?limit=10&offset=0`);
    fireEvent.click(within(row).getByTestId('approve'));
    fireEvent.change(await screen.findByRole('textbox', {}, slow), { target: { value: '同意预付' } });
    fireEvent.click(okButton(screen));
    await screen.findByText('已处理', {}, slow);
    expect(calls.find((c) => c.method === 'POST')).toMatchObject({
      url: `/api/v1/approvals/fund/${prepayment.id}/decide`,
      body: { decision: 'approve', note: '同意预付' },
    });
  });
});
