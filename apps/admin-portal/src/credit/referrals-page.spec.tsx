import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { aListDecision, aReferral } from '../test/credit-fixtures';
import { fakeFetch, problem } from '../test/fake-fetch';
import { okButton, renderAt, typeDate } from '../test/render';
import { signInAs } from '../test/review-fixtures';
import { ListDecisionsPage } from './list-decisions-page';
import { ReferralPage } from './referral-page';
import { ReferralsPage } from './referrals-page';

jest.setTimeout(90_000); // Ant Design's modals and selects are slow in jsdom
const slow = { timeout: 10_000 };

const draft = aReferral({
  id: '0190a0b0-0000-7000-8000-0000000000e2',
  status: 'DRAFT',
  documentNumber: null,
  issuedOn: null,
  referralOverdue: true,
  dueOn: '2026-11-11',
});
const reference = {
  referralReasons: [
    { code: 'B2C-4', direction: 'BUREAU_TO_COMMISSION', text: '过度诊疗' },
    { code: 'C2B-1', direction: 'COMMISSION_TO_BUREAU', text: '分解住院' },
  ],
  repairGrounds: [],
  jointDepartments: [],
  referWithinWorkingDays: 7,
  completionWithinDays: 3,
};

function renderLedger(extra: Parameters<typeof fakeFetch>[0] = [], roles: Parameters<typeof signInAs>[1] = ['city-officer']) {
  signInAs('cs.officer', roles);
  const fake = fakeFetch([
    ...extra,
    { method: 'GET', path: '/api/v1/credit/referrals', status: 200, body: { items: [aReferral(), draft], total: 2, limit: 20, offset: 0 } },
    { method: 'GET', path: '/api/v1/credit/reference', status: 200, body: reference },
  ]);
  renderAt(<ReferralsPage />, '/credit/referrals');
  return fake;
}

describe('referral ledger (线索移送台账)', () => {
  it('lists referrals with their document numbers, the draft by its status, and marks the overdue one', async () => {
    const { calls } = renderLedger();
    const table = await screen.findByTestId('referrals-table');
    await within(table).findByText('长医保案移字〔2026〕1号');
    expect(calls[0].url).toBe('/api/v1/credit/referrals?limit=20&offset=0');
    expect(within(table).getByText('（未编号）').closest('tr')?.textContent).toContain('待移送');
    expect(table.querySelectorAll('.mi-overdue')).toHaveLength(1);
    expect(table.querySelector('.mi-overdue')?.textContent).toContain('移送逾期');
    fireEvent.click(screen.getByTestId('overdue-filter'));
    await waitFor(() => expect(calls.at(-1)?.url).toBe('/api/v1/credit/referrals?overdue=true&limit=20&offset=0'));
  });

  it('registers a referral of the bureau’s direction without a number (the server assigns it) and shows field errors in place', async () => {
    const { calls } = renderLedger([
      {
        method: 'POST',
        path: '/api/v1/credit/referrals',
        status: 400,
        body: problem(400, 'VALIDATION', 'subjectCode: unknown institution', { fields: [{ field: 'subjectCode', reason: 'unknown institution' }] }),
      },
    ]);
    fireEvent.click(await screen.findByTestId('create-referral'));
    const form = within(await screen.findByTestId('referral-form'));
    fireEvent.change(form.getByLabelText('对象编码'), { target: { value: 'H43010200001' } });
    fireEvent.change(form.getByLabelText('对象名称'), { target: { value: '长沙芙蓉医院' } });
    fireEvent.mouseDown(form.getByLabelText('移送事由'));
    fireEvent.click(await screen.findByText('B2C-4 过度诊疗', {}, slow));
    expect(screen.queryByText('C2B-1 分解住院')).toBeNull();
    fireEvent.change(form.getByLabelText('违法违规事实'), { target: { value: '过度检查' } });
    typeDate(form.getByLabelText('起算日期（处罚决定/发现线索）'), '2026-11-02');
    fireEvent.click(okButton(screen));
    expect((await screen.findByText('unknown institution', {}, slow)).closest('.ant-form-item')?.textContent).toContain('对象编码');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      direction: 'BUREAU_TO_COMMISSION',
      admdvs: '430100',
      subjectType: 'institution',
      subjectCode: 'H43010200001',
      subjectName: '长沙芙蓉医院',
      reasonCodes: ['B2C-4'],
      facts: '过度检查',
      triggerDate: '2026-11-02',
    });
  });
});

describe('one referral', () => {
  function renderReferral(r = aReferral(), roles: Parameters<typeof signInAs>[1], extra: Parameters<typeof fakeFetch>[0] = []) {
    signInAs('liaison', roles);
    const fake = fakeFetch([...extra, { method: 'GET', path: `/api/v1/credit/referrals/${r.id}`, status: 200, body: r }]);
    renderAt(<ReferralPage />, `/credit/referrals/${r.id}`, '/credit/referrals/:id');
    return fake;
  }
  const steps = () => [...(screen.queryByTestId('referral-actions')?.querySelectorAll('button') ?? [])].map((b) => b.getAttribute('data-testid'));

  it('lets the receiving health commission sign the receipt; the issuing bureau cannot', async () => {
    const r = aReferral();
    const { calls } = renderReferral(r, ['health-liaison'], [{ method: 'POST', path: `/api/v1/credit/referrals/${r.id}/receipt`, status: 200, body: r }]);
    expect((await screen.findByTestId('referral-ledger')).textContent).toContain('ISSUED');
    expect(steps()).toEqual(['step-receipt']);
    fireEvent.click(screen.getByTestId('step-receipt'));
    fireEvent.change(within(await screen.findByTestId('referral-step-form')).getByLabelText('签收人'), { target: { value: '王卫健' } });
    fireEvent.click(okButton(screen));
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ signedBy: '王卫健' }), slow);
  });

  it('offers the issuing bureau to number and send its draft', async () => {
    renderReferral(draft, ['city-officer']);
    await screen.findByTestId('referral-ledger');
    expect(steps()).toEqual(['step-issue']);
  });
});

describe('red/black lists', () => {
  it('lists decisions and lets an officer propose, but not an auditor', async () => {
    signInAs('auditor', ['auditor']);
    const { calls } = fakeFetch([
      { method: 'GET', path: '/api/v1/credit/list-decisions', status: 200, body: { items: [aListDecision()], total: 1, limit: 20, offset: 0 } },
    ]);
    renderAt(<ListDecisionsPage />, '/credit/lists');
    const table = await screen.findByTestId('decisions-table');
    await within(table).findByText('长医保认〔2026〕1号');
    expect(table.textContent).toContain('严重失信（黑名单）');
    expect(table.textContent).toContain('2026-11-01 – 2029-10-31');
    expect(calls[0].url).toBe('/api/v1/credit/list-decisions?limit=20&offset=0');
    expect(screen.queryByTestId('propose-listing')).toBeNull();
  });
});
