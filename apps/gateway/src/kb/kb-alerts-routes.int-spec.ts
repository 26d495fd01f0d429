import type { Msg } from '@nats-io/transport-node';
import { AnomalySubjects } from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import type { RunningHttp } from '@mi/platform';
import { createTestInfra, type TestInfra } from '@mi/testing';
import type { GatewayConfig } from '../config';
import { startGateway } from '../gateway';
import { persistence } from '../persistence';

const ADMIN_PASSWORD = 'Xq7!vR2#mK9$pL';
const ALERT_ID = '01a20000-0000-7000-8000-00000000abcd';

/**
 * The anomaly-alert routes: the gateway checks role and input, then forwards to
 * monitoring-kb-service's subjects (stand-ins here; the service's own int-spec covers behaviour).
 */
describe('gateway: /api/v1/kb/alerts', () => {
  let infra: TestInfra;
  let sut: RunningHttp<GatewayConfig>;
  let base: string;
  let token: string;
  const calls: { subject: string; body: Record<string, unknown> }[] = [];

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startGateway({
      env: infra.env('gateway', { NATS_REQUEST_TIMEOUT_MS: 2000, BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD, PROVINCE_ADMDVS: '430000' }),
      logger: false,
      clock: new ManualClock('2026-05-02T01:00:00.000Z'),
    });
    base = `http://127.0.0.1:${sut.httpPort}`;
    for (const subject of Object.values(AnomalySubjects))
      infra.nats.nc.subscribe(infra.nats.resolver.subject(subject), {
        callback: (_e, m: Msg) => {
          calls.push({ subject, body: m.json<{ data?: Record<string, unknown> }>().data ?? m.json() });
          m.respond(JSON.stringify({ ok: true, data: { forwarded: subject } }));
        },
      });
    await infra.nats.nc.flush();
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    token = String(((await login.json()) as { accessToken: string }).accessToken);
  });

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
  });

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
