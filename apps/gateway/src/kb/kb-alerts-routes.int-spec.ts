import { AnomalySubjects, okReply } from '@mi/contracts';
import { routeHarness } from '../../test/route-harness';

const ALERT_ID = '01a20000-0000-7000-8000-00000000abcd';

/**
 * The anomaly-alert routes: the gateway checks role and input, then forwards to
 * monitoring-kb-service's subjects (stand-ins here; the service's own int-spec covers behaviour).
 */
describe('gateway: /api/v1/kb/alerts', () => {
  const { call, stub } = routeHarness({ now: '2026-05-02T01:00:00.000Z' });
  const calls = stub(Object.values(AnomalySubjects), ({ subject }) => okReply({ forwarded: subject }));

  it('forwards list, get and decision; bad input is 400 naming the field and never leaves the gateway', async () => {
    const list = await call('GET', '/api/v1/kb/alerts?type=SETTLEMENT_BURST&status=NEW&poolarea=430100&from=2026-04-01&to=2026-04-30&limit=10');
    expect(list).toMatchObject({ status: 200, body: { forwarded: AnomalySubjects.listAlerts } });
    expect(calls.at(-1)?.body).toMatchObject({ type: 'SETTLEMENT_BURST', status: 'NEW', poolarea: '430100', from: '2026-04-01', to: '2026-04-30', limit: 10 });
    expect(await call('GET', `/api/v1/kb/alerts/${ALERT_ID}`)).toMatchObject({ status: 200, body: { forwarded: AnomalySubjects.getAlert } });
    const decided = await call('POST', `/api/v1/kb/alerts/${ALERT_ID}/decision`, { decision: 'CONFIRM', note: '核实属实' });
    expect(decided).toMatchObject({ status: 200, body: { forwarded: AnomalySubjects.decideAlert } });
    expect(calls.at(-1)?.body).toEqual({ id: ALERT_ID, decision: 'CONFIRM', note: '核实属实' });
    const before = calls.length;
    const badType = await call('GET', '/api/v1/kb/alerts?type=NOPE');
    expect(badType.status).toBe(400);
    expect(JSON.stringify(badType.body)).toMatch(/type must be one of/);
    expect((await call('GET', '/api/v1/kb/alerts?from=2026-02-30')).status).toBe(400);
    expect((await call('GET', '/api/v1/kb/alerts/not-a-uuid')).status).toBe(400);
    const noNote = await call('POST', `/api/v1/kb/alerts/${ALERT_ID}/decision`, { decision: 'CONFIRM' });
    expect(noNote.status).toBe(400);
    expect(JSON.stringify(noNote.body)).toMatch(/note/);
    expect((await call('POST', `/api/v1/kb/alerts/${ALERT_ID}/decision`, { decision: 'MAYBE', note: '不确定' })).status).toBe(400);
    expect(calls).toHaveLength(before);
  });

  it('forwards thresholds', async () => {
    expect(await call('GET', '/api/v1/kb/anomaly-thresholds/430100')).toMatchObject({ status: 200, body: { forwarded: AnomalySubjects.getThresholds } });
    const put = await call('PUT', '/api/v1/kb/anomaly-thresholds/430100/LARGE_EXPENDITURE', {
      params: { minAmountFen: 3_000_000 },
      reason: '本市大额标准3万元',
    });
    expect(put).toMatchObject({ status: 200, body: { forwarded: AnomalySubjects.setThresholds } });
    expect(calls.at(-1)?.body).toEqual({ region: '430100', type: 'LARGE_EXPENDITURE', params: { minAmountFen: 3_000_000 }, reason: '本市大额标准3万元' });
    const before = calls.length;
    expect((await call('PUT', '/api/v1/kb/anomaly-thresholds/430100/LARGE_EXPENDITURE', { params: 5, reason: 'x' })).status).toBe(400);
    expect(calls).toHaveLength(before);
  });

  it('documents the routes with their response shapes', async () => {
    const doc = await call('GET', '/docs/openapi.json');
    expect(Object.keys(doc.body.paths as object)).toEqual(
      expect.arrayContaining([
        '/api/v1/kb/alerts',
        '/api/v1/kb/alerts/{id}',
        '/api/v1/kb/alerts/{id}/decision',
        '/api/v1/kb/anomaly-thresholds/{region}/{type}',
      ]),
    );
    const schemas = (doc.body.components as { schemas: Record<string, { properties: Record<string, unknown> }> }).schemas;
    expect(Object.keys(schemas.AlertDetailDto.properties)).toEqual(expect.arrayContaining(['explanation', 'measured', 'threshold', 'settlements']));
  });
});
