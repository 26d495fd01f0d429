import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { aPenalty } from '../test/credit-fixtures';
import { fakeFetch, problem } from '../test/fake-fetch';
import { okButton, renderAt, typeDate } from '../test/render';
import { signInAs } from '../test/review-fixtures';
import { PenaltiesPage } from './penalties-page';

jest.setTimeout(90_000); // Ant Design's modals and selects are slow in jsdom
const slow = { timeout: 10_000 };
const page = (items = [aPenalty()]) => ({ items, total: items.length, limit: 20, offset: 0 });

function renderPenalties(extra: Parameters<typeof fakeFetch>[0] = [], path = '/credit/penalties', roles: Parameters<typeof signInAs>[1] = ['city-officer']) {
  signInAs('cs.officer', roles);
  const fake = fakeFetch([...extra, { method: 'GET', path: '/api/v1/credit/penalties', status: 200, body: page() }]);
  renderAt(<PenaltiesPage />, path, '/credit/penalties');
  return fake;
}

/** Picks `label` in the Select of `row` (the last open dropdown: earlier ones stay in the DOM). */
async function pick(row: HTMLElement, label: string) {
  fireEvent.mouseDown(within(row).getByRole('combobox'));
  await waitFor(() => expect(screen.getAllByTitle(label).length).toBeGreaterThan(0), slow);
  fireEvent.click(screen.getAllByTitle(label).at(-1) as HTMLElement);
}

/** Fills the decision with two measures: 警告 (no amount) and 罚款 ¥12,345.67. */
async function fillDecision() {
  fireEvent.click(await screen.findByTestId('record-penalty'));
  const form = within(await screen.findByTestId('penalty-form'));
  fireEvent.change(form.getByLabelText('对象编码'), { target: { value: 'h43010200001' } });
  fireEvent.change(form.getByLabelText('对象名称'), { target: { value: '长沙芙蓉医院' } });
  fireEvent.change(form.getByLabelText('处罚决定书文号'), { target: { value: '长医保罚〔2026〕9号' } });
  typeDate(form.getByLabelText('决定日期'), '2026-11-20');
  fireEvent.change(form.getByLabelText('法律依据'), { target: { value: '《医疗保障基金使用监督管理条例》第四十条' } });
  fireEvent.change(form.getByLabelText('违法事实'), { target: { value: '串换药品' } });
  await pick(screen.getByTestId('measure-0'), '警告');
  expect(within(screen.getByTestId('measure-0')).queryByPlaceholderText('金额（元）')).toBeNull();
  fireEvent.click(screen.getByTestId('add-measure'));
  await pick(await screen.findByTestId('measure-1'), '罚款');
  fireEvent.change(await within(screen.getByTestId('measure-1')).findByPlaceholderText('金额（元）'), { target: { value: '12,345.67' } });
  fireEvent.change(form.getByLabelText('证据材料（每行一项）'), { target: { value: '行政处罚决定书\n 询问笔录 \n' } });
}

describe('penalty decisions (行政处罚)', () => {
  it('lists the decisions paged by the server with measures in yuan and the score change, filtered by the subject in the address', async () => {
    const { calls } = renderPenalties([], '/credit/penalties?subjectType=institution&subjectCode=H43010200001');
    const table = await screen.findByTestId('penalties-table');
    await within(table).findByText('长医保罚〔2026〕3号');
    expect(calls[0].url).toBe('/api/v1/credit/penalties?subjectType=institution&subjectCode=H43010200001&limit=20&offset=0');
    const row = table.querySelector('tbody tr[data-row-key]')?.textContent ?? '';
    expect(row).toContain('责令退回 ¥12,345.50');
    expect(row).toContain('罚款 ¥24,691.00');
    expect(row).toContain('¥37,036.50');
    expect(row).toContain('-80 → 820');
    expect(row).toContain('芙蓉区');
    expect(within(table).getByRole('link', { name: 'H43010200001' }).getAttribute('href')).toBe('/credit/H43010200001');
  });

  it('offers no recording to an auditor', async () => {
    renderPenalties([], '/credit/penalties', ['auditor']);
    await screen.findByText('长医保罚〔2026〕3号');
    expect(screen.queryByTestId('record-penalty')).toBeNull();
  });

  it('validates before sending and shows the server’s error of a measure’s amount at that row', async () => {
    const { calls } = renderPenalties([
      {
        method: 'POST',
        path: '/api/v1/credit/penalties',
        status: 400,
        body: problem(400, 'VALIDATION', 'measures[1].amountFen: above the legal maximum', {
          fields: [{ field: 'measures[1].amountFen', reason: 'above the legal maximum' }],
        }),
      },
    ]);
    fireEvent.click(await screen.findByTestId('record-penalty'));
    await screen.findByTestId('penalty-form');
    fireEvent.click(okButton(screen));
    await waitFor(() => expect(document.querySelectorAll('.ant-form-item-explain-error').length).toBeGreaterThanOrEqual(5), slow);
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: /取\s*消|Cancel/ }));

    await fillDecision();
    fireEvent.click(okButton(screen));
    const error = await screen.findByText('above the legal maximum', {}, slow);
    expect(screen.getByTestId('measure-1').contains(error)).toBe(true);
    expect(screen.getByTestId('measure-0').textContent).not.toContain('above the legal maximum');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      subjectType: 'institution',
      subjectCode: 'H43010200001',
      subjectName: '长沙芙蓉医院',
      admdvs: '430100',
      decisionNo: '长医保罚〔2026〕9号',
      decidedOn: '2026-11-20',
      legalBasis: '《医疗保障基金使用监督管理条例》第四十条',
      facts: '串换药品',
      measures: [{ kind: 'WARNING' }, { kind: 'FINE', amountFen: '1234567' }],
      evidence: [{ title: '行政处罚决定书' }, { title: '询问笔录' }],
    });
  });

  it('records the decision and shows what it did to the subject’s credit score', async () => {
    const recorded = aPenalty({ decisionNo: '长医保罚〔2026〕9号', scoreDelta: -50, scoreAfter: 770 });
    const { calls } = renderPenalties([{ method: 'POST', path: '/api/v1/credit/penalties', status: 201, body: recorded }]);
    await fillDecision();
    fireEvent.click(okButton(screen));
    expect((await screen.findByTestId('penalty-recorded', {}, slow)).textContent).toContain('已登记 长医保罚〔2026〕9号：信用分 -50，现为 770');
    await waitFor(() => expect(calls.filter((c) => c.method === 'GET')).toHaveLength(2));
  });
});
