import type { RuleSetView, RuleVersionView, ThresholdsView } from '@mi/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { fakeFetch, problem } from '../test/fake-fetch';
import { okButton, renderAt } from '../test/render';
import { anApproval, signInAs } from '../test/review-fixtures';
import { CataloguePage } from './catalogue-page';
import { base64Of } from './file-import';
import { exprText, type RuleJson } from './rule-dsl';
import { RulePage } from './rule-page';
import { RulesPage } from './rules-page';
import { ThresholdsPage } from './thresholds-page';

jest.setTimeout(90_000);
const slow = { timeout: 10_000 };

/** 频繁门诊 as the default rule set has it. */
const frequent: RuleJson = {
  id: 'GZ10000204002000',
  version: 1,
  name: { zh: '频繁门诊', en: 'Frequent outpatient visits' },
  category: { tier1: '管理类', tier2: '行为主体监管类' },
  stage: ['in', 'post'],
  scope: { treatmentModes: ['1'] },
  target: { kind: 'claim' },
  params: { windowDays: 30, maxVisits: 10 },
  let: { visits: { history: 'visitCount', window: { unit: 'days', size: { param: 'windowDays' } }, filter: { treatmentModes: ['1'] } } },
  condition: { op: 'gt', args: [{ ref: 'visits' }, { param: 'maxVisits' }] },
  severity: '3',
  behaviourType: '99',
  amount: { kind: 'none' },
  explanation: {
    volaCont: '参保人{{param.windowDays}}日内门诊就诊{{let.visits}}次（含本次），超过{{param.maxVisits}}次',
    volaEvid: '国家医保智能监管规则框架 GZ10000204002000',
  },
};
const childDrug: RuleJson = {
  ...frequent,
  id: 'GZ10000101007000',
  name: { zh: '药品限儿童使用', en: 'Child-only drug' },
  params: { maxAge: 18 },
  severity: '1',
};

const version = (def: RuleJson, over: Partial<RuleVersionView> = {}): RuleVersionView => ({
  ruleId: def.id,
  version: def.version,
  region: '430000',
  status: 'PUBLISHED',
  name: def.name,
  createdBy: 'system',
  createdAt: '2026-01-01T00:00:00Z',
  definition: def,
  ...over,
});

const cityInForce: RuleSetView = {
  region: '430100',
  version: 2,
  effectiveFrom: '2026-06-01',
  publishedAt: '2026-05-20T02:00:00Z',
  rules: [{ ...frequent, params: { windowDays: 30, maxVisits: 20 } }],
  overrides: [
    { ruleId: 'GZ10000204002000', params: { maxVisits: 20 } },
    { ruleId: 'GZ10000101007000', disabled: true },
  ],
};

describe('rule DSL as text', () => {
  it('reads conditions as formulas with parameters, references, history windows and quantifiers', () => {
    expect(exprText(frequent.condition)).toBe('visits > 〔maxVisits〕');
    expect(exprText((frequent.let as Record<string, unknown>).visits)).toBe('history.visitCount(〔windowDays〕 天 {"treatmentModes":["1"]})');
    expect(
      exprText({
        all: [
          { op: 'ge', args: [{ field: 'patient.age' }, { param: 'maxAge' }] },
          { not: { agg: 'some', over: 'diagnoses', where: { op: 'startsWithAny', args: [{ field: 'dx.code' }, { const: ['J'] }] } } },
        ],
      }),
    ).toBe('(patient.age ≥ 〔maxAge〕) 且 非 some(diagnoses 满足 startsWithAny(dx.code, ["J"]))');
  });
});

describe('rules in force in a city', () => {
  it('lists the city’s rules and shows its overrides against the provincial rule: the provincial value struck, the city’s beside it', async () => {
    signInAs('cs.officer', ['province-admin']);
    const { calls } = fakeFetch([
      { method: 'GET', path: '/api/v1/kb/rule-sets/in-force', status: 200, body: cityInForce },
      { method: 'GET', path: '/api/v1/kb/rules/430000', status: 200, body: [version(frequent), version(childDrug)] },
    ]);
    renderAt(<RulesPage />, '/kb/rules');
    const diff = await screen.findByTestId('overrides-diff', {}, slow);
    await within(diff).findByText('10', {}, slow);
    expect(calls[0].url).toMatch(/^\/api\/v1\/kb\/rule-sets\/in-force\?poolarea=430100&date=\d{4}-\d{2}-\d{2}$/);
    expect(calls[1].url).toBe('/api/v1/kb/rules/430000?status=PUBLISHED');
    const rows = [...diff.querySelectorAll('tbody tr[data-row-key]')];
    expect(rows.map((r) => r.getAttribute('data-row-key'))).toEqual(['GZ10000204002000#maxVisits', 'GZ10000101007000#disabled']);
    expect(rows[0].querySelector('del')?.textContent).toBe('10');
    expect(rows[0].querySelector('ins')?.textContent).toBe('20');
    expect(rows[0].textContent).toContain('频繁门诊');
    expect(rows[1].textContent).toContain('本市停用');
    expect(rows[1].textContent).toContain('药品限儿童使用');
    const table = screen.getByTestId('in-force-table');
    expect(table.textContent).toContain('频繁门诊');
    expect(table.textContent).toContain('国家规则');
    expect(table.textContent).toContain('轻度可疑');
  });

  it('says so when the account may not read the provincial rules, and still shows the city’s values', async () => {
    signInAs('cs.officer', ['city-officer']);
    fakeFetch([
      { method: 'GET', path: '/api/v1/kb/rule-sets/in-force', status: 200, body: cityInForce },
      { method: 'GET', path: '/api/v1/kb/rules/430000', status: 403, body: problem(403, 'FORBIDDEN.REGION', 'rules of 430000 is outside your region 430100') },
    ]);
    renderAt(<RulesPage />, '/kb/rules');
    expect(await screen.findByText('省级规则对本账号不可见', {}, slow)).toBeTruthy();
    const row = screen.getByTestId('overrides-diff').querySelector('tr[data-row-key="GZ10000204002000#maxVisits"]');
    expect(row?.querySelector('del')?.textContent).toBe('—');
    expect(row?.querySelector('ins')?.textContent).toBe('20');
  });

  it('proposes the city’s set: a rule switched off becomes a disabled override, its parameter overrides are kept; who must approve is shown', async () => {
    signInAs('cs.officer', ['city-officer']);
    const approval = anApproval({
      action: 'kb.publish-rule-set',
      admdvs: '430100',
      summary: 'publish rule set of 430100',
      requiredRoles: ['province-admin', 'city-officer'],
    });
    const { calls } = fakeFetch([
      { method: 'GET', path: '/api/v1/kb/rule-sets/in-force', status: 200, body: cityInForce },
      { method: 'GET', path: '/api/v1/kb/rules/430000', status: 403, body: problem(403, 'FORBIDDEN.REGION', 'outside') },
      { method: 'GET', path: '/api/v1/kb/rule-sets/430100', status: 200, body: [] },
      { method: 'GET', path: '/api/v1/approvals/kb', status: 200, body: { items: [], total: 0, limit: 50, offset: 0 } },
      { method: 'POST', path: '/api/v1/kb/rule-sets', status: 201, body: approval },
    ]);
    renderAt(<RulesPage />, '/kb/rules');
    fireEvent.click(await screen.findByRole('tab', { name: '规则集' }, slow));
    fireEvent.click(await screen.findByTestId('propose-set', {}, slow));
    const form = within(await screen.findByTestId('propose-set-form', {}, slow));
    const frequentBox = form.getByRole('checkbox', { name: /GZ10000204002000/ }) as HTMLInputElement;
    expect(frequentBox.checked).toBe(true);
    expect((form.getByRole('checkbox', { name: /GZ10000101007000/ }) as HTMLInputElement).checked).toBe(false);
    fireEvent.click(frequentBox);
    fireEvent.click(form.getByRole('checkbox', { name: /GZ10000101007000/ }));
    fireEvent.change(form.getByLabelText('理由'), { target: { value: '本市停用频繁门诊规则' } });
    fireEvent.click(okButton(screen));
    expect((await screen.findByTestId('approval-note', {}, slow)).textContent).toContain('须由以下角色的另一人审批: 省级管理员 / 市级经办人员');
    const body = calls.find((c) => c.method === 'POST')?.body as Record<string, unknown>;
    expect(body).toMatchObject({ region: '430100', rules: [], overrides: [{ ruleId: 'GZ10000204002000', disabled: true }], reason: '本市停用频繁门诊规则' });
    expect(body.effectiveFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('one rule and its draft', () => {
  const path = '/api/v1/kb/rules/430000';
  function renderRule(post: Parameters<typeof fakeFetch>[0] = []) {
    signInAs('p.admin', ['province-admin']);
    const fake = fakeFetch([...post, { method: 'GET', path, status: 200, body: [version(frequent), version(childDrug)] }]);
    renderAt(<RulePage />, '/kb/rules/430000/GZ10000204002000', '/kb/rules/:region/:ruleId');
    return fake;
  }

  it('renders the definition readably: scope, condition, parameters, severity, template and policy basis', async () => {
    renderRule();
    const view = await screen.findByTestId('rule-view', {}, slow);
    expect(within(view).getByTestId('rule-scope').textContent).toBe('就医方式: 门诊');
    expect(within(view).getByTestId('rule-condition').textContent).toBe('visits > 〔maxVisits〕');
    expect(within(view).getByTestId('rule-params').textContent).toBe('windowDays = 30maxVisits = 10');
    expect(within(view).getByTestId('rule-basis').textContent).toBe('国家医保智能监管规则框架 GZ10000204002000');
    expect(view.textContent).toContain('事中');
    expect(view.textContent).toContain('轻度可疑');
  });

  it('saves a draft from the form (name, severity, parameter) and puts the server’s DSL errors next to the field or above the form', async () => {
    const refusal = (field: string, reason: string) => ({
      method: 'POST',
      path: `${path}/drafts`,
      status: 400,
      body: problem(400, 'VALIDATION', `${field}: ${reason}`, { field, reason, fields: [{ field, reason }] }),
    });
    const { calls } = renderRule([refusal('definition.params.maxVisits', 'TYPE: must be a number ≥ 1')]);
    fireEvent.click(await screen.findByTestId('edit-draft', {}, slow));
    const form = within(await screen.findByTestId('rule-draft-form'));
    expect((form.getByLabelText('规则编码') as HTMLInputElement).disabled).toBe(true);
    fireEvent.change(form.getByLabelText('中文名称'), { target: { value: '频繁门诊（本省）' } });
    fireEvent.change(form.getByLabelText('maxVisits'), { target: { value: '0' } });
    fireEvent.click(okButton(screen));
    expect((await screen.findByText('TYPE: must be a number ≥ 1', {}, slow)).closest('.ant-form-item')?.textContent).toContain('maxVisits');
    const sent = calls.find((c) => c.method === 'POST')?.body as { definition: RuleJson };
    expect(sent.definition).toMatchObject({
      id: 'GZ10000204002000',
      name: { zh: '频繁门诊（本省）', en: 'Frequent outpatient visits' },
      params: { windowDays: 30, maxVisits: 0 },
      severity: '3',
      condition: frequent.condition,
      scope: { treatmentModes: ['1'] },
    });

    fakeFetch([refusal('definition.condition.args[1].param', 'UNKNOWN_PARAM: maxVisit'), { method: 'GET', path, status: 200, body: [version(frequent)] }]);
    fireEvent.click(form.getByRole('tab', { name: '高级：JSON' }));
    const json = form.getByTestId('rule-json') as HTMLTextAreaElement;
    expect(JSON.parse(json.value)).toMatchObject({ name: { zh: '频繁门诊（本省）' }, params: { maxVisits: 0 } });
    fireEvent.change(json, { target: { value: json.value.replace('"param": "maxVisits"', '"param": "maxVisit"') } });
    fireEvent.click(okButton(screen));
    expect((await screen.findByTestId('form-error', {}, slow)).textContent).toContain('definition.condition.args[1].param: UNKNOWN_PARAM: maxVisit');
  });
});

describe('catalogue import', () => {
  it('sends the CSV with region and date, and lists each row the server rejected', async () => {
    signInAs('cs.officer', ['city-officer']);
    const rejected = [
      { line: 3, field: 'max_age', reason: 'must be a whole number' },
      { line: 7, field: 'hilist_code', reason: 'required' },
      { line: 7, field: 'list_type', reason: 'unknown list type' },
    ];
    const { calls } = fakeFetch([
      {
        method: 'POST',
        path: '/api/v1/kb/catalogue/import',
        status: 400,
        body: problem(400, 'VALIDATION', 'items.csv: 3 problem(s), nothing imported', {
          field: 'csv',
          reason: 'rows rejected',
          fields: rejected.map((r) => ({ field: `line ${r.line}: ${r.field}`, reason: r.reason })),
          rejected,
          rows: 9,
        }),
      },
    ]);
    renderAt(<CataloguePage />, '/kb/catalogue');
    fireEvent.click(await screen.findByTestId('import', {}, slow));
    expect(await screen.findByText('请选择 CSV 或 Excel（.xlsx）文件', {}, slow)).toBeTruthy();
    const file = new File(['hilist_code,hilist_name,list_type\nX1,药,101\n'], 'items.csv', { type: 'text/csv' });
    Object.assign(file, { text: async () => 'hilist_code,hilist_name,list_type\nX1,药,101\n' });
    fireEvent.change(screen.getByTestId('csv-file'), { target: { files: [file] } });
    fireEvent.click(screen.getByTestId('import'));
    const report = await screen.findByTestId('import-report', {}, slow);
    expect(report.textContent).toContain('共 9 行，导入 0 行，拒收 2 行');
    const rows = [...within(report).getByTestId('rejected-rows').querySelectorAll('tbody tr[data-row-key]')].map((r) => r.textContent);
    expect(rows).toEqual(['3max_agemust be a whole number', '7hilist_coderequired', '7list_typeunknown list type']);
    expect(calls[0].body).toMatchObject({ region: '430100', fileName: 'items.csv', csv: 'hilist_code,hilist_name,list_type\nX1,药,101\n' });
    expect((calls[0].body as { validFrom: string }).validFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('offers CSV and Excel files, sends an .xlsx as base64 for the server to read, and shows a file problem by the file field', async () => {
    signInAs('cs.officer', ['city-officer']);
    const { calls } = fakeFetch([
      {
        method: 'POST',
        path: '/api/v1/kb/catalogue/import',
        status: 400,
        body: problem(400, 'VALIDATION', 'items.xlsx: the first sheet "Sheet1" is empty; nothing imported', {
          field: 'file',
          reason: 'the first sheet "Sheet1" is empty (the header row goes on the first sheet)',
        }),
      },
    ]);
    renderAt(<CataloguePage />, '/kb/catalogue');
    const input = (await screen.findByTestId('csv-file', {}, slow)) as HTMLInputElement;
    expect(input.accept.split(',')).toEqual(['.csv', 'text/csv', '.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
    const bytes = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0x00, 0x80]);
    const file = new File([bytes], 'items.xlsx', { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    Object.assign(file, { arrayBuffer: async () => bytes.buffer });
    fireEvent.change(input, { target: { files: [file] } });
    fireEvent.click(screen.getByTestId('import'));
    expect(await screen.findByText('the first sheet "Sheet1" is empty (the header row goes on the first sheet)', {}, slow)).toBeTruthy();
    expect(calls[0].body).toMatchObject({ region: '430100', fileName: 'items.xlsx', xlsx: 'UEsDBP8AgA==' });
    expect(calls[0].body).not.toHaveProperty('csv');
    expect(screen.queryByTestId('import-report')).toBeNull();
  });
});

describe('base64Of', () => {
  it('encodes a file larger than one call’s arguments, byte for byte', async () => {
    const bytes = Uint8Array.from({ length: 200_003 }, (_, i) => (i * 7) % 256);
    const blob = new Blob([bytes]);
    Object.assign(blob, { arrayBuffer: async () => bytes.buffer });
    expect(await base64Of(blob)).toBe(btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join('')));
  });
});

describe('anomaly thresholds', () => {
  const view: ThresholdsView = {
    region: '430100',
    detectors: [
      { type: 'LARGE_EXPENDITURE', params: { minAmountFen: 5_000_000 }, source: 'default' },
      { type: 'SETTLEMENT_BURST', params: { windowMinutes: 40, minPersons: 15, treatmentModes: ['1', '3'] }, source: '430100' },
    ],
  };

  it('shows each detector’s parameters with their source, and sends only what changed, the amount in fen', async () => {
    signInAs('cs.officer', ['city-officer']);
    const { calls } = fakeFetch([
      { method: 'GET', path: '/api/v1/kb/anomaly-thresholds/430100', status: 200, body: view },
      { method: 'PUT', path: '/api/v1/kb/anomaly-thresholds/430100/LARGE_EXPENDITURE', status: 200, body: view },
    ]);
    renderAt(<ThresholdsPage />, '/kb/thresholds');
    const table = await screen.findByTestId('thresholds-table', {}, slow);
    await within(table).findByText('¥50,000.00', {}, slow);
    expect(table.textContent).toContain('平台默认');
    expect(table.textContent).toContain('门诊、药店购药');
    expect(table.textContent).toContain('长沙市 430100');
    fireEvent.click(screen.getByTestId('edit-LARGE_EXPENDITURE'));
    const form = within(await screen.findByTestId('threshold-form'));
    expect((form.getByLabelText('金额下限（元）') as HTMLInputElement).value).toBe('50000.00');
    fireEvent.change(form.getByLabelText('金额下限（元）'), { target: { value: '30000' } });
    fireEvent.change(form.getByLabelText('理由'), { target: { value: '本市大额标准3万元' } });
    fireEvent.click(okButton(screen));
    await waitFor(() => expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ params: { minAmountFen: 3_000_000 }, reason: '本市大额标准3万元' }));
  });
});
