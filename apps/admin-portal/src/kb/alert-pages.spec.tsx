import type { AlertDetailView, AlertSettlementView, AlertView } from '@mi/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { fakeFetch, problem } from '../test/fake-fetch';
import { okButton, renderAt } from '../test/render';
import { signInAs } from '../test/review-fixtures';
import { windowSeries } from './alert-chart';
import { AlertPage } from './alert-page';
import { AlertsPage } from './alerts-page';

// jsdom has no canvas: the chart is recorded with the option it was given (alert-chart.ts builds it).
const charts: { testId?: string; option: unknown }[] = [];
jest.mock('../shell/echart', () => ({
  EChart: (p: { testId?: string; option: unknown }) => {
    charts.push(p);
    return <div data-testid={p.testId} />;
  },
}));

jest.setTimeout(60_000);
const slow = { timeout: 10_000 };

const ID = '0190a0b0-0000-7000-8000-00000000a1e1';

function anAlert(over: Partial<AlertView> = {}): AlertView {
  return {
    id: ID,
    alertId: ID,
    type: 'LARGE_EXPENDITURE',
    poolarea: '430100',
    admdvs: '430102',
    institutionCode: 'H43010200001',
    psnNo: 'P430102000001',
    from: '2026-11-23T02:00:00.000Z',
    to: '2026-11-23T02:00:00.000Z',
    settlementIds: ['0190a0b0-0000-7000-8000-0000000000s1'],
    measured: { value: '62000.00', fen: '6200000' },
    threshold: { value: '50000.00', fen: '5000000' },
    explanation: '单次结算医疗费总额62000.00元，达到大额支出阈值50000.00元',
    status: 'NEW',
    detectedAt: '2026-11-23T02:00:05.000Z',
    updatedAt: '2026-11-23T02:00:05.000Z',
    note: null,
    decidedBy: null,
    decidedAt: null,
    ...over,
  };
}

function aSettlement(over: Partial<AlertSettlementView> = {}): AlertSettlementView {
  return {
    settlementId: '0190a0b0-0000-7000-8000-0000000000s1',
    setlId: 'S0001',
    mdtrtId: 'MD0001',
    psnNo: 'P430102000001',
    institutionCode: 'H43010200001',
    setlDate: '2026-11-23',
    setlTime: '2026-11-23T02:00:00.000Z',
    treatmentMode: '2',
    gend: '1',
    ageYears: 52,
    begndate: '2026-11-10',
    enddate: '2026-11-23',
    medfeeSumamtFen: '6200000',
    reversed: false,
    ...over,
  };
}

const detail = (over: Partial<AlertDetailView> = {}): AlertDetailView => ({ ...anAlert(), settlements: [aSettlement()], ...over });

describe('anomaly alert list', () => {
  it('shows the server’s page of alerts with type, subject, figures in yuan from fen, and asks again with the filters', async () => {
    signInAs('cs.officer', ['city-officer']);
    const { calls } = fakeFetch([
      {
        method: 'GET',
        path: '/api/v1/kb/alerts',
        status: 200,
        body: {
          items: [anAlert(), anAlert({ id: `${ID.slice(0, -1)}2`, type: 'SETTLEMENT_BURST', psnNo: null, measured: { value: 17 }, threshold: { value: 15 } })],
          total: 42,
          limit: 20,
          offset: 0,
        },
      },
    ]);
    renderAt(<AlertsPage />, '/kb/alerts');
    const table = await screen.findByTestId('alerts-table');
    await within(table).findByText('多人集中时间段结算', {}, slow);
    expect(calls[0].url).toBe('/api/v1/kb/alerts?limit=20&offset=0');
    const rows = [...table.querySelectorAll('tbody tr[data-row-key]')].map((r) => r.textContent);
    expect(rows[0]).toContain('单次大额支出');
    expect(rows[0]).toContain('H43010200001 · P430102000001');
    expect(rows[0]).toContain('¥62,000.00 / ¥50,000.00');
    expect(rows[0]).toContain('芙蓉区 430102');
    expect(rows[1]).toContain('17 / 15');
    expect(screen.getByText('共 42 条')).toBeTruthy();
    expect(within(table).getAllByRole('link')[0].getAttribute('href')).toBe(`/kb/alerts/${ID}`);

    fireEvent.mouseDown(within(screen.getByTestId('status-filter')).getByRole('combobox'));
    fireEvent.click(await screen.findByTitle('待核查'));
    await waitFor(() => expect(calls.at(-1)?.url).toBe('/api/v1/kb/alerts?status=NEW&limit=20&offset=0'));
    fireEvent.change(screen.getByPlaceholderText('机构编码'), { target: { value: 'H43010200001' } });
    fireEvent.keyDown(screen.getByPlaceholderText('机构编码'), { key: 'Enter', code: 'Enter', keyCode: 13 });
    await waitFor(() => expect(calls.at(-1)?.url).toBe('/api/v1/kb/alerts?status=NEW&institutionCode=H43010200001&limit=20&offset=0'));
  });
});

describe('one anomaly alert', () => {
  function renderAlert(a: AlertDetailView, roles: Parameters<typeof signInAs>[1], post: Parameters<typeof fakeFetch>[0] = []) {
    signInAs('cs.officer', roles);
    const fake = fakeFetch([...post, { method: 'GET', path: `/api/v1/kb/alerts/${ID}`, status: 200, body: a }]);
    renderAt(<AlertPage />, `/kb/alerts/${ID}`, '/kb/alerts/:id');
    return fake;
  }

  it('explains the alert and lists its settlements, a reversed one marked; an auditor cannot decide', async () => {
    renderAlert(detail({ settlements: [aSettlement(), aSettlement({ settlementId: 's2', setlId: 'S0002', reversed: true, medfeeSumamtFen: '-6200000' })] }), [
      'auditor',
    ]);
    expect((await screen.findByTestId('explanation', {}, slow)).textContent).toContain('达到大额支出阈值50000.00元');
    expect(screen.getByTestId('alert-figure').textContent).toBe('¥62,000.00 / ¥50,000.00');
    const rows = [...screen.getByTestId('alert-settlements').querySelectorAll('tbody tr[data-row-key]')].map((r) => r.textContent ?? '');
    expect(rows[0]).toContain('住院');
    expect(rows[0]).toContain('2026-11-10 ~ 2026-11-23');
    expect(rows[0]).toContain('¥62,000.00');
    expect(rows[1]).toContain('S0002 · 已冲正');
    expect(screen.getByTestId('window-chart')).toBeTruthy();
    expect(charts.at(-1)?.option).toMatchObject({
      xAxis: { type: 'time', min: '2026-11-23T01:00:00.000Z', max: '2026-11-23T03:00:00.000Z' },
      series: [{ type: 'bar', data: [['2026-11-23T02:00:00.000Z', 62000]], markLine: { data: [{ yAxis: 50000 }], label: { formatter: '阈值 50000' } } }],
    });
    expect(screen.queryByTestId('confirm-alert')).toBeNull();
  });

  it('lets an officer confirm it with a required note; the note is sent trimmed and shown once decided', async () => {
    const decided = anAlert({ status: 'CONFIRMED', note: '核实属实，转稽核', decidedBy: 'cs.officer', decidedAt: '2026-11-24T01:00:00.000Z' });
    signInAs('cs.officer', ['city-officer']);
    const { calls } = fakeFetch([
      { method: 'POST', path: `/api/v1/kb/alerts/${ID}/decision`, status: 200, body: decided },
      {
        method: 'GET',
        path: `/api/v1/kb/alerts/${ID}`,
        status: 200,
        // After the decision the page reloads the alert, which the server then answers decided.
        get body() {
          return calls.some((c) => c.method === 'POST') ? { ...detail(), ...decided } : detail();
        },
      },
    ]);
    renderAt(<AlertPage />, `/kb/alerts/${ID}`, '/kb/alerts/:id');
    fireEvent.click(await screen.findByTestId('confirm-alert', {}, slow));
    const form = within(await screen.findByTestId('decision-form'));
    fireEvent.click(okButton(screen));
    await waitFor(() => expect(document.querySelectorAll('.ant-form-item-explain-error')).toHaveLength(1));
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
    fireEvent.change(form.getByLabelText('核查结论'), { target: { value: '  核实属实，转稽核 ' } });
    fireEvent.click(okButton(screen));
    expect((await screen.findByTestId('alert-note', {}, slow)).textContent).toBe('核实属实，转稽核');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ decision: 'CONFIRM', note: '核实属实，转稽核' });
    expect(screen.queryByTestId('confirm-alert')).toBeNull();
  });

  it('shows the server’s note error next to the note', async () => {
    renderAlert(
      detail(),
      ['county-officer'],
      [
        {
          method: 'POST',
          path: `/api/v1/kb/alerts/${ID}/decision`,
          status: 400,
          body: problem(400, 'VALIDATION', 'note: must say why (at least 2 characters)', { field: 'note', reason: 'must say why' }),
        },
      ],
    );
    fireEvent.click(await screen.findByTestId('dismiss-alert', {}, slow));
    fireEvent.change(within(await screen.findByTestId('decision-form')).getByLabelText('核查结论'), { target: { value: '无误' } });
    fireEvent.click(okButton(screen));
    expect((await screen.findByText('must say why', {}, slow)).closest('.ant-form-item')?.textContent).toContain('核查结论');
  });

  it('shows a 进销存 alert’s measured stock as a table, negative balance in red, instead of the settlements chart, and links to the stock', async () => {
    charts.length = 0;
    renderAlert(
      detail({
        type: 'INVENTORY_SALES_EXCEED_STOCK',
        psnNo: null,
        from: '2026-11-01T00:00:00.000Z',
        to: '2026-11-20T06:00:00.000Z',
        settlementIds: [],
        settlements: [],
        measured: {
          value: '12',
          medListCodg: 'XA01BCA001A001010100001',
          name: '阿莫西林胶囊',
          stocktake: '20',
          purchased: '30',
          purchaseReturned: '0',
          sold: '62',
          saleReturned: '0',
          balance: '-12',
        },
        threshold: { value: '0' },
      }),
      ['auditor'],
    );
    const figures = await screen.findByTestId('inventory-figures', {}, slow);
    const cells = [...figures.querySelectorAll('tbody tr[data-row-key] td')].map((c) => c.textContent);
    expect(cells).toEqual(['阿莫西林胶囊（XA01BCA001A001010100001）', '20', '30', '0', '62', '0', '-12', '0']);
    expect(figures.querySelector('.mi-negative')?.textContent).toBe('-12');
    expect(figures.textContent).toContain('盘存数量（2026-11-01）');
    expect(screen.queryByTestId('window-chart')).toBeNull();
    expect(screen.queryByTestId('alert-settlements')).toBeNull();
    expect(charts).toHaveLength(0);
    expect(screen.getByRole('link', { name: '查看该机构进销存' }).getAttribute('href')).toBe('/kb/inventory/H43010200001?shortOnly=true');
  });
});

describe('the chart of an alert’s window', () => {
  const at = (min: number, psnNo: string, over: Partial<AlertSettlementView> = {}) =>
    aSettlement({ settlementId: `${psnNo}-${min}`, psnNo, treatmentMode: '1', setlTime: new Date(Date.UTC(2026, 10, 23, 2, min)).toISOString(), ...over });

  it('counts different persons over time for a burst, leaves reversed settlements out, and draws the threshold', () => {
    const sut = windowSeries(
      detail({
        type: 'SETTLEMENT_BURST',
        threshold: { value: 3, windowMinutes: 40 },
        settlements: [at(9, 'P3'), at(1, 'P1'), at(5, 'P1'), at(7, 'P2'), at(8, 'P4', { reversed: true })],
      }),
    );
    expect(sut).toEqual({
      kind: 'cumulative',
      label: 'alert.chart.persons',
      threshold: 3,
      points: [
        ['2026-11-23T02:01:00.000Z', 1],
        ['2026-11-23T02:07:00.000Z', 2],
        ['2026-11-23T02:09:00.000Z', 3],
      ],
    });
  });

  it('draws a large expenditure as yuan against the amount threshold, and a readmission as the gap in days', () => {
    expect(windowSeries(detail())).toMatchObject({ kind: 'bars', threshold: 50000, points: [['2026-11-23T02:00:00.000Z', 62000]] });
    const readmission = windowSeries(
      detail({
        type: 'READMISSION_7D',
        threshold: { value: 7 },
        settlements: [
          aSettlement({ settlementId: 'a', begndate: '2026-11-01', enddate: '2026-11-10', setlTime: '2026-11-10T02:00:00.000Z' }),
          aSettlement({ settlementId: 'b', begndate: '2026-11-14', enddate: '2026-11-20', setlTime: '2026-11-20T02:00:00.000Z' }),
        ],
      }),
    );
    expect(readmission).toEqual({ kind: 'bars', label: 'alert.chart.gap', threshold: 7, points: [['2026-11-20T02:00:00.000Z', 4]] });
  });
});
