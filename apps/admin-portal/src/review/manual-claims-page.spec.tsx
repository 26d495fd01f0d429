import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { fakeFetch, problem } from '../test/fake-fetch';
import { okButton, renderAt, typeDate } from '../test/render';
import { aManualClaim, signInAs } from '../test/review-fixtures';
import { ManualClaimsPage } from './manual-claims-page';

jest.setTimeout(90_000); // Ant Design's modals, date pickers and form lists are slow in jsdom
const slow = { timeout: 10_000 };

const claims = [
  aManualClaim(),
  aManualClaim({ id: '0190a0b0-0000-7000-8000-0000000000c2', claimNo: 'MC-430100-2026-000002', workingDaysLeft: -2, overdue: true, dueOn: '2026-11-20' }),
  aManualClaim({ id: '0190a0b0-0000-7000-8000-0000000000c3', claimNo: 'MC-430100-2026-000003', status: 'APPROVED', workingDaysLeft: null }),
];

function renderList(extra: Parameters<typeof fakeFetch>[0] = [], roles: Parameters<typeof signInAs>[1] = ['reviewer']) {
  signInAs('cs.reviewer', roles);
  const fake = fakeFetch([
    ...extra,
    { method: 'GET', path: '/api/v1/review/manual-claims', status: 200, body: { items: claims, total: 3, page: 1, pageSize: 20 } },
  ]);
  renderAt(<ManualClaimsPage />, '/review/manual-claims');
  return fake;
}

async function rows() {
  const table = await screen.findByTestId('claims-table');
  await within(table).findByText('MC-430100-2026-000002');
  return table;
}

describe('manual claims (大额手工报销)', () => {
  it('lists the claims with amounts in yuan and the working-day countdown, red when overdue, none once concluded', async () => {
    const { calls } = renderList();
    const table = await rows();
    expect(calls[0].url).toBe('/api/v1/review/manual-claims?page=1&pageSize=20');
    expect(table.textContent).toContain('¥68,000.00');
    const countdowns = within(table).getAllByTestId('countdown');
    expect(countdowns.map((c) => c.textContent)).toEqual(['剩 7 个工作日2026-12-02', '已超期 2 个工作日2026-11-20']);
    expect(table.querySelectorAll('.mi-overdue')).toHaveLength(1);
    expect(
      within(table)
        .getAllByTestId('claim-status')
        .map((s) => s.textContent),
    ).toEqual(['工作组核查中', '工作组核查中', '同意报销']);
    fireEvent.click(screen.getByTestId('overdue-filter'));
    await waitFor(() => expect(calls.at(-1)?.url).toBe('/api/v1/review/manual-claims?overdue=true&page=1&pageSize=20'));
  });

  it('offers an auditor no registration', async () => {
    renderList([], ['auditor']);
    await rows();
    expect(screen.queryByTestId('register-claim')).toBeNull();
  });

  async function fillRegistration() {
    fireEvent.click(await screen.findByTestId('register-claim'));
    const form = within(await screen.findByTestId('register-form'));
    fireEvent.change(form.getByLabelText('人员编号'), { target: { value: 'P430102000009' } });
    fireEvent.change(form.getByLabelText('就医机构'), { target: { value: '北京协和医院' } });
    typeDate(form.getByLabelText('就医开始日期'), '2026-10-08');
    typeDate(form.getByLabelText('就医结束日期'), '2026-10-30');
    fireEvent.change(form.getByLabelText('发票号码 1'), { target: { value: '11000001' } });
    fireEvent.change(form.getByLabelText('发票金额（元） 1'), { target: { value: '48,000' } });
    fireEvent.click(screen.getByTestId('add-invoice'));
    fireEvent.change(await form.findByLabelText('发票号码 2'), { target: { value: '11000002' } });
    fireEvent.change(form.getByLabelText('发票金额（元） 2'), { target: { value: '20000.5' } });
    return form;
  }

  it('checks that the total equals the invoices before sending, then registers in fen', async () => {
    const created = aManualClaim();
    const { calls } = renderList([{ method: 'POST', path: '/api/v1/review/manual-claims', status: 201, body: created }]);
    await rows();
    const form = await fillRegistration();
    fireEvent.change(form.getByLabelText('医疗费用总额（元）'), { target: { value: '68000' } });
    fireEvent.click(okButton(screen));
    expect(await screen.findByText('医疗费用总额须等于发票金额合计 ¥68,000.50', {}, slow)).toBeTruthy();
    expect(screen.getByTestId('to-group')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);

    fireEvent.change(form.getByLabelText('医疗费用总额（元）'), { target: { value: '68000.50' } });
    fireEvent.click(okButton(screen));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
        admdvs: '430100',
        psnNo: 'P430102000009',
        insutype: '310',
        institutionName: '北京协和医院',
        begndate: '2026-10-08',
        enddate: '2026-10-30',
        medfeeSumamtFen: '6800050',
        invoices: [
          { invoiceNo: '11000001', amountFen: '4800000' },
          { invoiceNo: '11000002', amountFen: '2000050' },
        ],
      }),
    );
    expect(await screen.findByTestId('navigated', {}, slow)).toBeTruthy();
  });

  it('puts the server’s field errors next to the fields, the nested invoice one next to that invoice', async () => {
    renderList([
      {
        method: 'POST',
        path: '/api/v1/review/manual-claims',
        status: 400,
        body: problem(400, 'VALIDATION', 'enddate: must not be in the future', {
          fields: [
            { field: 'enddate', reason: 'must not be in the future' },
            { field: 'invoices[1].invoiceNo', reason: 'invoiceNo must be 1–40 characters' },
          ],
        }),
      },
    ]);
    await rows();
    const form = await fillRegistration();
    fireEvent.change(form.getByLabelText('医疗费用总额（元）'), { target: { value: '68000.50' } });
    fireEvent.click(okButton(screen));
    const enddate = (await screen.findByText('must not be in the future', {}, slow)).closest('.ant-form-item');
    expect(enddate?.textContent).toContain('就医结束日期');
    const invoice = screen.getByText('invoiceNo must be 1–40 characters').closest('.ant-form-item');
    expect(invoice?.querySelector('input')?.getAttribute('aria-label')).toBe('发票号码 2');
    expect(screen.queryByTestId('form-error')).toBeNull();
  });
});
