import type { InstitutionStatementView, StatementItemView } from '@mi/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { fakeFetch, problem } from '../test/fake-fetch';
import { okButton, renderAt } from '../test/render';
import { anApproval, signInAs } from '../test/review-fixtures';
import { MonthlySettlementPage } from './monthly-settlement-page';
import { StatementPage } from './statement-page';

jest.setTimeout(90_000);
const slow = { timeout: 10_000 };

const line = (code: StatementItemView['lines'][number]['code'], label: string, amountFen: string, count?: number) => ({
  code,
  label,
  amount: '',
  amountFen,
  ...(count === undefined ? {} : { count }),
});
const item: StatementItemView = {
  institutionCode: 'H43010200001',
  insutype: '310',
  dueFen: '12345600',
  carriedInFen: '-50000',
  carriedOutFen: '0',
  prepaymentOffsetFen: '0',
  heldFen: '0',
  netFen: '12295600',
  lines: [
    line('SETTLEMENTS', '本月结算', '12000000', 40),
    line('LATE_SETTLEMENTS', '迟到结算（2026-09）', '345600', 2),
    line('CARRIED_IN', '上期结转', '-50000'),
    line('NET_PAYABLE', '实付', '12295600'),
  ],
  entryId: null,
};
const statement: InstitutionStatementView = {
  admdvs: '430100',
  period: '2026-10',
  institutionCode: 'H43010200001',
  status: 'SETTLED',
  settlementId: 's1',
  items: [item],
  totalNet: '122956.00',
};
const statementPath = '/api/v1/fund/monthly-settlements/430100/2026-10/statements/H43010200001';

describe('institution statement', () => {
  it('shows each line in yuan from fen, the late and carried lines marked, and downloads the CSV and the Excel workbook with the token', async () => {
    signInAs('cs.officer', ['city-officer']);
    const { calls } = fakeFetch([
      { method: 'GET', path: statementPath, status: 200, body: statement },
      { method: 'GET', path: `${statementPath}/csv`, status: 200, body: 'csv' },
      { method: 'GET', path: `${statementPath}/xlsx`, status: 200, body: 'xlsx' },
    ]);
    const saved: string[] = [];
    const save = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    Object.assign(URL, { createObjectURL: jest.fn(() => 'blob:x'), revokeObjectURL: jest.fn() });
    const fetchFn = globalThis.fetch as unknown as jest.Mock;
    const real = fetchFn.getMockImplementation();
    fetchFn.mockImplementation(async (...args: unknown[]) => ({ ...(await real?.(...args)), blob: async () => new Blob(['csv']) }));
    renderAt(<StatementPage />, '/fund/statements/430100/2026-10/H43010200001', '/fund/statements/:admdvs/:period/:code');
    const lines = await screen.findByTestId('lines-310');
    expect(screen.getByTestId('statement-status').textContent).toBe('已结算');
    expect(screen.getByTestId('statement-total').textContent).toBe('¥122,956.00');
    const rows = [...lines.querySelectorAll('tbody tr[data-row-key]')].map((r) => [r.getAttribute('data-row-key'), r.classList.contains('mi-flagged')]);
    expect(rows).toEqual([
      ['SETTLEMENTS', false],
      ['LATE_SETTLEMENTS', true],
      ['CARRIED_IN', true],
      ['NET_PAYABLE', false],
    ]);
    expect(lines.textContent).toContain('¥3,456.00');
    expect(lines.textContent).toContain('-¥500.00');
    fireEvent.click(screen.getByTestId('csv'));
    await waitFor(() => expect(calls.at(-1)?.url).toBe(`${statementPath}/csv`));
    expect(calls.at(-1)?.headers.authorization).toBe('Bearer x');
    expect(screen.getByTestId('xlsx').textContent).toBe('导出 Excel');
    fireEvent.click(screen.getByTestId('xlsx'));
    await waitFor(() => expect(calls.at(-1)?.url).toBe(`${statementPath}/xlsx`));
    expect(calls.at(-1)?.headers.authorization).toBe('Bearer x');
    await waitFor(() => expect(saved).toEqual(['H43010200001-2026-10.csv', 'H43010200001-2026-10.xlsx']));
    save.mockRestore();
  });
});

describe('monthly settlement runs', () => {
  const runs = { items: [], total: 0, limit: 10, offset: 0 };
  const run = anApproval({
    id: '0190a0b0-0000-7000-8000-0000000000f9',
    action: 'fund.monthly-settlement',
    summary: '430100 2026-10 月度结算',
    requiredRoles: ['city-officer'],
    payload: {
      admdvs: '430100',
      period: '2026-10',
      cutoff: '2026-11-01T00:00:00Z',
      institutions: 1,
      statements: 1,
      heldStatements: 0,
      totalDueFen: '12295600',
      totalPrepaymentOffsetFen: '0',
      totalHeldFen: '0',
      totalCarriedOutFen: '0',
      totalNetFen: '12295600',
      digest: 'ab'.repeat(32),
    },
  });
  const runItems = { approvalId: run.id, items: [{ key: 'H43010200001/310', item }], total: 1, limit: 20, offset: 0 };

  it('proposes a run; shows who proposed it, who must approve it and what it pays', async () => {
    signInAs('cs.officer', ['city-officer']);
    const { calls } = fakeFetch([
      { method: 'GET', path: '/api/v1/approvals/fund', status: 200, body: runs },
      { method: 'POST', path: '/api/v1/fund/monthly-settlements', status: 201, body: run },
      { method: 'GET', path: `/api/v1/approvals/fund/${run.id}/items`, status: 200, body: runItems },
    ]);
    renderAt(<MonthlySettlementPage />, '/fund');
    fireEvent.click(await screen.findByTestId('propose-run'));
    const form = within(await screen.findByTestId('run-form'));
    fireEvent.change(form.getByLabelText('结算月份（yyyy-MM）'), { target: { value: '2026-10' } });
    fireEvent.change(form.getByLabelText('理由'), { target: { value: '10 月结算' } });
    fireEvent.click(okButton(screen));
    const shown = await screen.findByTestId('run', {}, slow);
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ admdvs: '430100', period: '2026-10', reason: '10 月结算' });
    expect(within(shown).getByTestId('approval-note').textContent).toContain('须由以下角色的另一人审批: 市级经办人员');
    // The statements come a page at a time from the approval's items; the payload carries the totals.
    expect(await within(shown).findByText('H43010200001', {}, slow)).toBeTruthy();
    expect(within(shown).getByTestId('settlement-items').textContent).toContain('¥122,956.00');
    expect(within(shown).getByTestId('run-summary').textContent).toContain('¥122,956.00');
    expect(calls.find((c) => c.url.includes('/items'))?.url).toBe(`/api/v1/approvals/fund/${run.id}/items?limit=20&offset=0`);
  });

  it('puts the server’s period error next to the month', async () => {
    signInAs('cs.officer', ['city-officer']);
    fakeFetch([
      { method: 'GET', path: '/api/v1/approvals/fund', status: 200, body: runs },
      {
        method: 'POST',
        path: '/api/v1/fund/monthly-settlements',
        status: 400,
        body: problem(400, 'VALIDATION', 'period: 2026-11 has not ended', { fields: [{ field: 'period', reason: '2026-11 has not ended' }] }),
      },
    ]);
    renderAt(<MonthlySettlementPage />, '/fund');
    fireEvent.click(await screen.findByTestId('propose-run'));
    const form = within(await screen.findByTestId('run-form'));
    fireEvent.change(form.getByLabelText('结算月份（yyyy-MM）'), { target: { value: '2026-11' } });
    fireEvent.change(form.getByLabelText('理由'), { target: { value: '11 月结算' } });
    fireEvent.click(okButton(screen));
    expect((await screen.findByText('2026-11 has not ended', {}, slow)).closest('.ant-form-item')?.textContent).toContain('结算月份');
  });

  it('offers a county officer no proposal', async () => {
    signInAs('fr.officer', ['county-officer']);
    fakeFetch([{ method: 'GET', path: '/api/v1/approvals/fund', status: 200, body: { ...runs, items: [run], total: 1 } }]);
    renderAt(<MonthlySettlementPage />, '/fund');
    const table = await screen.findByTestId('runs-table');
    await within(table).findByText('2026-10');
    expect(table.textContent).toContain('¥122,956.00');
    expect(screen.queryByTestId('propose-run')).toBeNull();
  });
});
