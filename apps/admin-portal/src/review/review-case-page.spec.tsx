import type { CaseStage } from '@mi/contracts';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { MemoryRouter, Route, Routes } from 'react-router';
import { AuthProvider } from '../auth/auth';
import { I18nProvider } from '../i18n/i18n';
import { fakeFetch, problem } from '../test/fake-fetch';
import { aCaseDetail, aCaseSummary, signInAs } from '../test/review-fixtures';
import { CaseCountdown } from './case-countdown';
import { actionsAt } from './case-stage';
import { ReviewCasePage } from './review-case-page';

jest.setTimeout(30_000); // Ant Design's modals are slow in jsdom

const okButton = () => screen.getByRole('button', { name: /确\s*定|OK/ });

/** The action buttons in the case's header (an empty bar renders nothing). */
const shownActions = () => screen.queryByTestId('case-actions')?.querySelectorAll('button') ?? [];

function inPortal(ui: React.ReactNode, path = '/') {
  return render(
    <I18nProvider lang="zh-CN">
      <AntApp>
        <MemoryRouter initialEntries={[path]}>
          <AuthProvider>{ui}</AuthProvider>
        </MemoryRouter>
      </AntApp>
    </I18nProvider>,
  );
}

function renderCase(stage: CaseStage, roles: ('reviewer' | 'city-officer' | 'auditor')[] = ['reviewer'], extraRoutes: Parameters<typeof fakeFetch>[0] = []) {
  signInAs('cs.reviewer', roles);
  const c = aCaseDetail({ stage });
  const fake = fakeFetch([...extraRoutes, { method: 'GET', path: `/api/v1/review/cases/${c.id}`, status: 200, body: c }]);
  inPortal(
    <Routes>
      <Route path="/review/cases/:id" element={<ReviewCasePage />} />
    </Routes>,
    `/review/cases/${c.id}`,
  );
  return { c, ...fake };
}

describe('working-day countdown', () => {
  it('shows the working days left and the due date', () => {
    inPortal(<CaseCountdown c={aCaseSummary({ workingDaysLeft: 3, dueOn: '2026-11-26' })} />);
    const sut = screen.getByTestId('countdown');
    expect(sut.textContent).toContain('剩 3 个工作日');
    expect(sut.textContent).toContain('2026-11-26');
    expect(sut.className).not.toContain('mi-overdue');
  });

  it('shows an overdue case in red with the working days it is late', () => {
    inPortal(<CaseCountdown c={aCaseSummary({ workingDaysLeft: -2, dueOn: '2026-11-19', overdue: true })} />);
    const sut = screen.getByTestId('countdown');
    expect(sut.textContent).toContain('已超期 2 个工作日');
    expect(sut.className).toContain('mi-overdue');
    expect(sut.querySelector('.ant-typography-danger')).not.toBeNull();
  });

  it('says so when the calendar has no data for the deadline’s year', () => {
    inPortal(<CaseCountdown c={aCaseSummary({ workingDaysLeft: null, dueOn: null })} />);
    expect(screen.getByTestId('countdown').textContent).toBe('无截止日期');
  });
});

describe('case detail', () => {
  it('highlights the fee lines a finding names and shows the finding’s rule, version and facts', async () => {
    renderCase('INITIAL');
    const lines = await screen.findByTestId('case-lines');
    const rows = [...lines.querySelectorAll('tbody tr[data-row-key]')];
    expect(rows.map((r) => [r.getAttribute('data-row-key'), r.classList.contains('mi-flagged')])).toEqual([
      ['1', false],
      ['2', true],
    ]);
    const findings = within(screen.getByTestId('case-findings'));
    expect(findings.getByText('GENDER-DRUG')).toBeTruthy();
    expect(findings.getByText(/v2/)).toBeTruthy();
    expect(findings.getByText('男性患者使用黄体酮')).toBeTruthy();
    expect(screen.getByTestId('case-findings').textContent).toContain('XG03DAH');
  });

  it.each<[CaseStage, string[]]>([
    ['INITIAL', ['escalate', 'dismiss']],
    ['RE_REVIEW', ['notify', 'dismiss']],
    ['APPEAL', ['appeal']],
    ['VERIFY', ['uphold', 'overturn']],
    ['DISPOSAL', ['propose-deduction', 'close-without-deduction']],
    ['CLOSED', []],
  ])('offers a reviewer at %s only that stage’s actions', async (stage, expected) => {
    renderCase(stage);
    await screen.findByTestId('case-lines');
    const shown = [...shownActions()].map((b) => b.getAttribute('data-testid')?.replace('action-', ''));
    expect(shown).toEqual(expected);
  });

  it('offers an auditor no actions', async () => {
    renderCase('DISPOSAL', ['auditor']);
    await screen.findByTestId('case-lines');
    expect(shownActions()).toHaveLength(0);
    expect(actionsAt('INITIAL', ['auditor'])).toEqual([]);
  });

  it('validates a deduction before sending and then proposes it with the case', async () => {
    const { c, calls } = renderCase(
      'DISPOSAL',
      ['reviewer'],
      [{ method: 'POST', path: '/api/v1/review/deductions', status: 201, body: { id: '0190a0b0-0000-7000-8000-0000000000d1', status: 'PENDING' } }],
    );
    fireEvent.click(await screen.findByTestId('action-propose-deduction'));
    const form = within(await screen.findByTestId('action-form'));
    fireEvent.change(form.getByLabelText('扣款金额（元）'), { target: { value: '12.345' } });
    fireEvent.click(okButton());
    expect(await screen.findByText('请输入金额，最多两位小数')).toBeTruthy();
    expect(calls.filter((x) => x.method === 'POST')).toEqual([]);

    fireEvent.change(form.getByLabelText('扣款金额（元）'), { target: { value: '20' } });
    fireEvent.change(form.getByLabelText('扣款理由'), { target: { value: '男性患者使用黄体酮' } });
    fireEvent.click(okButton());
    expect(await screen.findByTestId('deduction-proposed')).toBeTruthy();
    expect(calls.find((x) => x.method === 'POST')?.body).toEqual({
      settlementId: c.settlementId,
      caseId: c.id,
      amountFen: '2000',
      findingIds: [c.findingsDetail[0].id],
      reason: '男性患者使用黄体酮',
    });
  });

  it('puts the server’s amount error next to the amount when notifying', async () => {
    const { calls } = renderCase(
      'RE_REVIEW',
      ['reviewer'],
      [
        {
          method: 'POST',
          path: '/api/v1/review/cases/actions',
          status: 400,
          body: problem(400, 'VALIDATION', 'amountFen: exceeds the pooled fund share', {
            fields: [{ field: 'amountFen', reason: 'exceeds the pooled fund share' }],
          }),
        },
      ],
    );
    fireEvent.click(await screen.findByTestId('action-notify'));
    const form = within(await screen.findByTestId('action-form'));
    expect((form.getByLabelText('告知违规金额（元）') as HTMLInputElement).value).toBe('25.00');
    fireEvent.change(form.getByLabelText('审核意见'), { target: { value: '告知疑点' } });
    fireEvent.click(okButton());
    expect(await screen.findByText('exceeds the pooled fund share')).toBeTruthy();
    expect(calls.find((x) => x.method === 'POST')?.body).toMatchObject({ action: 'notify', expectedStage: 'RE_REVIEW', amountFen: '2500', note: '告知疑点' });
  });

  it('shows a stale-stage refusal and reloads the case', async () => {
    const { calls } = renderCase(
      'INITIAL',
      ['reviewer'],
      [
        {
          method: 'POST',
          path: '/api/v1/review/cases/actions',
          status: 409,
          body: problem(409, 'REVIEW.CASE_MOVED', 'caseIds[0]: case RC-1 is at RE_REVIEW, not INITIAL; reload it'),
        },
      ],
    );
    fireEvent.click(await screen.findByTestId('action-escalate'));
    fireEvent.change(within(await screen.findByTestId('action-form')).getByLabelText('审核意见'), { target: { value: '转复审' } });
    fireEvent.click(okButton());
    expect((await screen.findByTestId('case-moved')).textContent).toContain('is at RE_REVIEW');
    await waitFor(() => expect(calls.filter((x) => x.method === 'GET' && x.url.startsWith('/api/v1/review/cases/'))).toHaveLength(2));
  });
});
