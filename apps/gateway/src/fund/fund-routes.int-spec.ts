import type { Msg, Subscription } from '@nats-io/transport-node';
import { MonthlySettlementSubjects } from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import type { RunningHttp } from '@mi/platform';
import { createTestInfra, type TestInfra } from '@mi/testing';
import type { GatewayConfig } from '../config';
import { startGateway } from '../gateway';
import { persistence } from '../persistence';

const ADMIN_PASSWORD = 'Xq7!vR2#mK9$pL';

/**
 * The monthly-settlement routes: the gateway checks role and input, then forwards to
 * fund-pooling-service's subject (a stand-in here; fund-pooling's own tests cover the behaviour).
 */
describe('gateway: fund monthly-settlement routes', () => {
  let infra: TestInfra;
  let sut: RunningHttp<GatewayConfig>;
  let base: string;
  let token: string;
  const received: unknown[] = [];
  let stub: Subscription;

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
    stub = infra.nats.nc.subscribe(infra.nats.resolver.subject(MonthlySettlementSubjects.statement), {
      callback: (_e, m: Msg) => {
        received.push(m.json());
        m.respond(JSON.stringify({ ok: true, data: { status: 'PROVISIONAL' } }));
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
    stub?.unsubscribe();
    await sut?.close();
    await infra?.close();
  });

  it('forwards a statement query; a malformed month or region is 400 and never leaves the gateway', async () => {
    const ok = await call('GET', '/api/v1/fund/monthly-settlements/430100/2026-04/statements/H43010200001');
    expect(ok).toMatchObject({ status: 200, body: { status: 'PROVISIONAL' } });
    expect(received).toEqual([{ admdvs: '430100', period: '2026-04', institutionCode: 'H43010200001' }]);
    expect((await call('GET', '/api/v1/fund/monthly-settlements/430100/2026-13/statements/H43010200001')).status).toBe(400);
    expect((await call('GET', '/api/v1/fund/monthly-settlements/430102/2026-04/statements/H43010200001')).status).toBe(400);
    expect(received).toHaveLength(1);
  });

  it('lets only city officers propose a run', async () => {
    const r = await call('POST', '/api/v1/fund/monthly-settlements', { admdvs: '430100', period: '2026-04', reason: '4月结算' });
    expect(r.status).toBe(403);
  });
});
