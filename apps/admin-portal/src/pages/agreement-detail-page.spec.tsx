import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { MemoryRouter, Route, Routes } from 'react-router';
import { sessionStore } from '../api/session';
import { AuthProvider } from '../auth/auth';
import { I18nProvider } from '../i18n/i18n';
import { fakeFetch, problem } from '../test/fake-fetch';
import { AgreementDetailPage } from './agreement-detail-page';

const code = 'P43010200061';
const agreement = {
  id: 'a1',
  number: `430100-2026-${code}`,
  institutionCode: code,
  institutionName: '长沙芙蓉康民大药房',
  institutionType: 'pharmacy',
  institutionLevel: '0',
  admdvs: '430102',
  poolarea: '430100',
  status: 'ACTIVE',
  validFrom: '2026-11-23',
  validTo: '2026-12-31',
  indicators: { costPerAdmissionFen: '850000' },
  clauses: '',
  publicHospital: false,
  signedAt: '2026-11-23T08:00:00Z',
  suspensions: [],
};

function renderPage() {
  sessionStore.write({
    accessToken: 'x',
    refreshToken: 'y',
    user: { id: 'u1', username: 'cs.maker', displayName: '长沙经办', roles: ['city-officer'], scope: '430100', mustChangePassword: false },
  });
  return render(
    <I18nProvider lang="zh-CN">
      <AntApp>
        <MemoryRouter initialEntries={[`/agreements/${code}`]}>
          <AuthProvider>
            <Routes>
              <Route path="/agreements/:code" element={<AgreementDetailPage />} />
            </Routes>
          </AuthProvider>
        </MemoryRouter>
      </AntApp>
    </I18nProvider>,
  );
}

async function openSuspensionForm() {
  fireEvent.click(await screen.findByTestId('propose-suspension'));
  return within(await screen.findByTestId('suspension-form'));
}

function typeDate(input: HTMLElement, value: string) {
  fireEvent.mouseDown(input);
  fireEvent.change(input, { target: { value } });
  fireEvent.keyDown(input, { key: 'Enter', code: 'Enter', keyCode: 13 });
}

jest.setTimeout(30_000); // Ant Design's modal and date pickers are slow in jsdom

describe('agreement detail: suspension proposal', () => {
  const routes = [
    { method: 'GET', path: `/api/v1/agreements/${code}`, status: 200, body: agreement },
    { method: 'GET', path: '/api/v1/approvals/agreement', status: 200, body: { items: [], total: 0, limit: 200, offset: 0 } },
  ];

  it('validates reason, legal basis and dates before sending', async () => {
    const { calls } = fakeFetch(routes);
    renderPage();
    await openSuspensionForm();
    fireEvent.click(screen.getByRole('button', { name: /确\s*定|OK/ }));
    await waitFor(() => expect(document.querySelectorAll('.ant-form-item-explain-error').length).toBeGreaterThanOrEqual(4));
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
  });

  it('puts the server’s field error next to the field', async () => {
    const { calls } = fakeFetch([
      ...routes,
      {
        method: 'POST',
        path: `/api/v1/agreements/${code}/suspensions`,
        status: 400,
        body: problem(400, 'VALIDATION', 'legalBasis: must name an article', { fields: [{ field: 'legalBasis', reason: 'must name an article' }] }),
      },
    ]);
    renderPage();
    const form = await openSuspensionForm();
    fireEvent.change(form.getByLabelText('理由'), { target: { value: '串换药品' } });
    fireEvent.change(form.getByLabelText('法律依据'), { target: { value: '某办法' } });
    typeDate(form.getByLabelText('开始日期'), '2026-11-24');
    typeDate(form.getByLabelText('结束日期'), '2026-12-23');
    fireEvent.click(screen.getByRole('button', { name: /确\s*定|OK/ }));
    expect(await screen.findByText('must name an article')).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ reason: '串换药品', legalBasis: '某办法', startsOn: '2026-11-24', endsOn: '2026-12-23' });
  });
});

describe('agreement detail: the agreement’s text and signatures', () => {
  it('shows the model agreement’s articles, the personalised clauses and who signed for the institution', async () => {
    fakeFetch([
      {
        method: 'GET',
        path: `/api/v1/agreements/${code}`,
        status: 200,
        body: {
          ...agreement,
          clauses: '夜间售药须双人复核',
          institutionSignatory: { name: '林某', position: '法定代表人', signedOn: '2026-11-20' },
          terms: {
            templateId: 'PROV-MODEL',
            version: '2025.1',
            title: '医疗保障定点医药机构服务协议（省范本）',
            articles: [
              { no: '第一条', key: 'parties', title: '协议双方与期限', text: '甲方为统筹地区医疗保障经办机构……' },
              { no: '第二条', key: 'pharmacy', title: '药店经营与处方管理', text: '不得串换药品。' },
            ],
          },
        },
      },
      { method: 'GET', path: '/api/v1/approvals/agreement', status: 200, body: { items: [], total: 0, limit: 200, offset: 0 } },
    ]);
    renderPage();
    const terms = within(await screen.findByTestId('agreement-terms'));
    expect(terms.getByText('第一条 协议双方与期限')).toBeTruthy();
    expect(terms.getByText('第二条 药店经营与处方管理')).toBeTruthy();
    expect(terms.getByText(/医疗保障定点医药机构服务协议（省范本）（2025.1）/)).toBeTruthy();
    expect(terms.getByText('夜间售药须双人复核')).toBeTruthy();
    expect(screen.getByText('林某（法定代表人）2026-11-20')).toBeTruthy();
  });
});
