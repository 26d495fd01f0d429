import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { MemoryRouter } from 'react-router';
import { AuthProvider } from '../auth/auth';
import { I18nProvider } from '../i18n/i18n';
import { fakeFetch, problem } from '../test/fake-fetch';
import { aCaseSummary, signInAs } from '../test/review-fixtures';
import { ReviewCasesPage } from './review-cases-page';

jest.setTimeout(30_000);

const cases = [
  aCaseSummary(),
  aCaseSummary({ id: '0190a0b0-0000-7000-8000-000000000002', caseNo: 'RC-430100-2026-000002', workingDaysLeft: -3, overdue: true, dueOn: '2026-11-18' }),
];

function renderQueue(post: Parameters<typeof fakeFetch>[0] = [], roles: ('reviewer' | 'auditor')[] = ['reviewer']) {
  signInAs('cs.reviewer', roles);
  const fake = fakeFetch([...post, { method: 'GET', path: '/api/v1/review/cases', status: 200, body: { items: cases, total: 2, page: 1, pageSize: 20 } }]);
  render(
    <I18nProvider lang="zh-CN">
      <AntApp>
        <MemoryRouter>
          <AuthProvider>
            <ReviewCasesPage />
          </AuthProvider>
        </MemoryRouter>
      </AntApp>
    </I18nProvider>,
  );
  return fake;
}

async function selectAll() {
  const table = await screen.findByTestId('cases-table');
  await within(table).findByText('RC-430100-2026-000002');
  fireEvent.click(within(table).getAllByRole('checkbox')[0]);
}

describe('review case queue', () => {
  it('asks the server for the stage, overdue and page; shows amounts in yuan and the overdue row in red', async () => {
    const { calls } = renderQueue();
    const table = await screen.findByTestId('cases-table');
    await within(table).findByText('RC-430100-2026-000002');
    expect(calls[0].url).toBe('/api/v1/review/cases?stage=INITIAL&page=1&pageSize=20');
    expect(table.textContent).toContain('¥25.00');
    expect(table.querySelectorAll('.mi-overdue')).toHaveLength(1);
    fireEvent.click(screen.getByTestId('overdue-filter'));
    await waitFor(() => expect(calls.at(-1)?.url).toBe('/api/v1/review/cases?stage=INITIAL&overdue=true&page=1&pageSize=20'));
  });

  it('escalates the selected cases with the required note, naming the stage seen', async () => {
    const { calls } = renderQueue([{ method: 'POST', path: '/api/v1/review/cases/actions', status: 201, body: { cases } }]);
    await selectAll();
    fireEvent.click(await screen.findByTestId('bulk-escalate'));
    const form = within(await screen.findByTestId('bulk-form'));
    fireEvent.click(screen.getByRole('button', { name: /确\s*定|OK/ }));
    await waitFor(() => expect(document.querySelectorAll('.ant-form-item-explain-error')).toHaveLength(1));
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
    fireEvent.change(form.getByLabelText('审核意见'), { target: { value: '疑点成立，转复审' } });
    fireEvent.click(screen.getByRole('button', { name: /确\s*定|OK/ }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
        caseIds: cases.map((c) => c.id),
        action: 'escalate',
        expectedStage: 'INITIAL',
        note: '疑点成立，转复审',
      }),
    );
  });

  it('shows a stale-stage refusal and reloads the list', async () => {
    const { calls } = renderQueue([
      {
        method: 'POST',
        path: '/api/v1/review/cases/actions',
        status: 409,
        body: problem(409, 'REVIEW.CASE_MOVED', 'caseIds[1]: case RC-2 is at RE_REVIEW, not INITIAL; reload it'),
      },
    ]);
    await selectAll();
    fireEvent.click(await screen.findByTestId('bulk-dismiss'));
    fireEvent.change(within(await screen.findByTestId('bulk-form')).getByLabelText('审核意见'), { target: { value: '无违规' } });
    fireEvent.click(screen.getByRole('button', { name: /确\s*定|OK/ }));
    expect((await screen.findByTestId('case-moved')).textContent).toContain('案件已被他人办理');
    await waitFor(() => expect(calls.filter((c) => c.method === 'GET')).toHaveLength(2));
  });

  it('gives an auditor no selection and no bulk actions', async () => {
    renderQueue([], ['auditor']);
    const table = await screen.findByTestId('cases-table');
    await within(table).findByText('RC-430100-2026-000002');
    expect(within(table).queryAllByRole('checkbox')).toHaveLength(0);
  });
});
