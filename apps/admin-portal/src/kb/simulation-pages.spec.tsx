import type { SimulationJobView, SimulationTally } from '@mi/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { fakeFetch, type FakeRoute, problem } from '../test/fake-fetch';
import { okButton, renderAt } from '../test/render';
import { signInAs } from '../test/review-fixtures';
import { SimulationPage } from './simulation-page';
import { StartSimulationDialog } from './simulation-start-dialog';
import { SimulationsPage } from './simulations-page';

jest.setTimeout(90_000);
const slow = { timeout: 10_000 };

const ID = '0190a0b0-0000-7000-8000-00000000b001';
const tally = (settlements: number, amountFen: string, lines = settlements): SimulationTally => ({ settlements, lines, amountFen });
const zero = tally(0, '0');

function aJob(over: Partial<SimulationJobView> = {}): SimulationJobView {
  return {
    id: ID,
    poolarea: '430100',
    from: '2026-09-01',
    to: '2026-11-30',
    status: 'RUNNING',
    baseRuleSet: '430100#3',
    rules: [{ ruleId: '430100-LOCAL-001', version: 2 }],
    remove: ['GENDER-DRUG'],
    reason: '本市频繁门诊规则第2版发布前评估',
    requestedBy: 'cs.officer',
    requestedAt: '2026-12-01T02:00:00Z',
    startedAt: '2026-12-01T02:00:01Z',
    finishedAt: null,
    progress: { total: 1000, done: 500 },
    attempts: 1,
    error: null,
    report: null,
    ...over,
  };
}

const report: NonNullable<SimulationJobView['report']> = {
  settlements: 1000,
  totals: { candidate: tally(12, '345600'), published: tally(10, '250000'), added: tally(3, '120000'), removed: tally(1, '24400') },
  byRule: [
    { ruleId: '430100-LOCAL-001', presence: 'candidate', candidate: tally(3, '120000'), published: zero, added: tally(3, '120000'), removed: zero },
    { ruleId: 'A-QUIET', presence: 'both', candidate: zero, published: zero, added: zero, removed: zero },
    { ruleId: 'DUP-ITEM', presence: 'both', candidate: tally(9, '225600'), published: tally(9, '225600'), added: zero, removed: zero },
    { ruleId: 'GENDER-DRUG', presence: 'published', candidate: zero, published: tally(1, '24400'), added: zero, removed: tally(1, '24400') },
  ],
  byInstitution: [
    { institutionCode: 'H43010200001', candidate: tally(12, '345600'), published: tally(10, '250000'), added: tally(3, '120000'), removed: tally(1, '24400') },
  ],
  shadow: [{ ruleId: 'SHADOW-1', flagged: tally(2, '5000') }],
};

const rowTexts = (table: HTMLElement) => [...table.querySelectorAll('tbody tr[data-row-key]')].map((r) => [r.getAttribute('data-row-key'), r.textContent]);

describe('start a simulation', () => {
  const versions = [
    {
      ruleId: '430100-LOCAL-001',
      version: 2,
      region: '430100',
      status: 'DRAFT',
      name: { zh: '本市频繁门诊', en: 'Frequent visits' },
      createdBy: 'x',
      createdAt: '2026-11-01',
      definition: {},
    },
  ];
  const base: FakeRoute[] = [
    { method: 'GET', path: '/api/v1/kb/rules/430100', status: 200, body: versions },
    { method: 'GET', path: '/api/v1/kb/rules/430000', status: 403, body: problem(403, 'FORBIDDEN', 'outside scope') },
    {
      method: 'GET',
      path: '/api/v1/kb/rule-sets/in-force',
      status: 200,
      body: { region: '430100', version: 3, effectiveFrom: '2026-01-01', publishedAt: '', rules: [{ id: 'GENDER-DRUG' }], overrides: [] },
    },
  ];

  function open(onStarted = jest.fn()) {
    renderAt(<StartSimulationDialog city="430100" preset={{ rules: ['430100-LOCAL-001@2'] }} onClose={jest.fn()} onStarted={onStarted} />);
  }

  it('sends the period, the picked versions as rule refs and the reason; hands back the queued job', async () => {
    signInAs('cs.officer', ['city-officer']);
    const { calls } = fakeFetch([...base, { method: 'POST', path: '/api/v1/review/simulations', status: 202, body: aJob({ status: 'QUEUED' }) }]);
    const started = jest.fn();
    open(started);
    const form = within(await screen.findByTestId('simulation-form'));
    await form.findByText(/430100-LOCAL-001 v2/);
    fireEvent.change(form.getByLabelText('模拟理由'), { target: { value: '第2版发布前评估' } });
    fireEvent.click(okButton(screen));
    await waitFor(() => expect(started).toHaveBeenCalledWith(expect.objectContaining({ id: ID, status: 'QUEUED' })), slow);
    const body = calls.find((c) => c.method === 'POST')?.body as Record<string, unknown>;
    expect(body).toMatchObject({ poolarea: '430100', rules: [{ ruleId: '430100-LOCAL-001', version: 2 }], reason: '第2版发布前评估' });
    expect(body.from).toMatch(/^\d{4}-\d{2}-01$/);
    expect(body.to).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(body).not.toHaveProperty('remove');
  });

  it('shows the server’s error on rules[0] at the candidate versions field', async () => {
    signInAs('cs.officer', ['city-officer']);
    fakeFetch([
      ...base,
      {
        method: 'POST',
        path: '/api/v1/review/simulations',
        status: 404,
        body: problem(404, 'NOT_FOUND', 'rules[0]: 430100-LOCAL-001 v2 not found', { field: 'rules[0]', reason: '430100-LOCAL-001 v2 not found' }),
      },
    ]);
    open();
    const form = within(await screen.findByTestId('simulation-form'));
    fireEvent.change(form.getByLabelText('模拟理由'), { target: { value: '第2版发布前评估' } });
    fireEvent.click(okButton(screen));
    const error = await screen.findByText('430100-LOCAL-001 v2 not found', {}, slow);
    expect(error.closest('.ant-form-item')?.textContent).toContain('候选规则版本');
  });

  it('does not send without a reason', async () => {
    signInAs('cs.officer', ['city-officer']);
    const { calls } = fakeFetch(base);
    open();
    await screen.findByTestId('simulation-form');
    fireEvent.click(okButton(screen));
    await screen.findByText('请填写 4–500 字的理由', {}, slow);
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });
});

describe('a simulation job', () => {
  it('polls while RUNNING, stops when DONE and shows the report per rule and per institution in yuan', async () => {
    signInAs('cs.officer', ['city-officer']);
    const routes: FakeRoute[] = [{ method: 'GET', path: `/api/v1/review/simulations/${ID}`, status: 200, body: aJob() }];
    const { calls } = fakeFetch(routes);
    renderAt(<SimulationPage pollMs={50} />, `/kb/simulations/${ID}`, '/kb/simulations/:id');
    expect((await screen.findByTestId('simulation-status')).textContent).toBe('运行中');
    expect(screen.getByTestId('simulation-progress').textContent).toContain('500/1000');
    await waitFor(() => expect(calls.length).toBeGreaterThanOrEqual(3), slow);

    routes[0].body = aJob({ status: 'DONE', progress: { total: 1000, done: 1000 }, finishedAt: '2026-12-01T02:05:00Z', report });
    const byRule = await screen.findByTestId('sim-by-rule', {}, slow);
    expect(screen.getByTestId('simulation-status').textContent).toBe('已完成');
    const rules = rowTexts(byRule);
    // Changed rules first (most settlements added or removed), then rules with hits, then the rest.
    expect(rules.map(([k]) => k)).toEqual(['430100-LOCAL-001', 'GENDER-DRUG', 'DUP-ITEM', 'A-QUIET']);
    expect(rules[0][1]).toContain('仅候选');
    expect(rules[0][1]).toContain('¥1,200.00');
    expect(rules[1][1]).toContain('仅已发布');
    expect(rules[1][1]).toContain('¥244.00');
    expect(byRule.querySelectorAll('tr.mi-flagged')).toHaveLength(2);
    expect(screen.getByTestId('sim-totals').textContent).toContain('¥3,456.00');
    expect(rowTexts(screen.getByTestId('sim-by-institution'))[0][1]).toContain('¥2,500.00');
    expect(screen.getByTestId('sim-shadow').textContent).toContain('SHADOW-1');

    const settled = calls.length;
    await new Promise((r) => setTimeout(r, 400));
    expect(calls.length).toBe(settled);
  });

  it('lists the city’s jobs paged by the server with their progress', async () => {
    signInAs('rev.a', ['reviewer']);
    const { calls } = fakeFetch([
      {
        method: 'GET',
        path: '/api/v1/review/simulations',
        status: 200,
        body: { items: [aJob({ status: 'DONE', progress: { total: 8, done: 8 } })], total: 11, limit: 10, offset: 0 },
      },
    ]);
    renderAt(<SimulationsPage pollMs={50} />, '/kb/simulations');
    const table = await screen.findByTestId('simulations-table');
    await within(table).findByText('已完成');
    expect(table.textContent).toContain('+430100-LOCAL-001 v2，−GENDER-DRUG');
    expect(table.textContent).toContain('8/8');
    expect(calls[0].url).toBe('/api/v1/review/simulations?poolarea=430100&limit=10&offset=0');
    await new Promise((r) => setTimeout(r, 300));
    expect(calls).toHaveLength(1);
  });
});
