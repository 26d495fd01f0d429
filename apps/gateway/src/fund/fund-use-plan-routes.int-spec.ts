import type { Msg } from '@nats-io/transport-node';
import { FundUsePlanSubjects } from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import type { RunningHttp } from '@mi/platform';
import { createTestInfra, type TestInfra } from '@mi/testing';
import type { GatewayConfig } from '../config';
import { startGateway } from '../gateway';
import { persistence } from '../persistence';

const ADMIN_PASSWORD = 'Xq7!vR2#mK9$pL';

/**
 * The fund-use plan and disbursement request routes: the gateway checks role and input, then
 * forwards to fund-pooling-service's subject (a stand-in here; fund-pooling's own tests cover the
 * behaviour: scope, state, versions, maker-checker).
 */
describe('gateway: fund-use plan and disbursement request routes', () => {
  let infra: TestInfra;
  let sut: RunningHttp<GatewayConfig>;
  let base: string;
  let admin: string;
  let city: string;
  let county: string;
  const calls: { subject: string; body: unknown }[] = [];

  const call = async (method: string, path: string, body: unknown, bearer: string) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), authorization: `Bearer ${bearer}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  const login = async (username: string, password: string): Promise<string> => {
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    return String(((await res.json()) as { accessToken: string }).accessToken);
  };
  /** A user with a changed password (so the token is usable). */
  const user = async (username: string, roles: string[], scope: string): Promise<string> => {
    const password = 'Tr0ub4dor&3xyz';
    expect((await call('POST', '/api/v1/users', { username, displayName: username, roles, scope, password }, admin)).status).toBe(201);
    const first = await login(username, password);
    expect((await call('POST', '/api/v1/auth/change-password', { oldPassword: password, newPassword: 'N3w!Fund#Plan9x' }, first)).status).toBe(204);
    return login(username, 'N3w!Fund#Plan9x');
  };

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startGateway({
      env: infra.env('gateway', { NATS_REQUEST_TIMEOUT_MS: 2000, BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD, PROVINCE_ADMDVS: '430000' }),
      logger: false,
      clock: new ManualClock('2026-06-15T04:00:00.000Z'),
    });
    base = `http://127.0.0.1:${sut.httpPort}`;
    for (const subject of Object.values(FundUsePlanSubjects))
      infra.nats.nc.subscribe(infra.nats.resolver.subject(subject), {
        callback: (_e, m: Msg) => {
          calls.push({ subject, body: m.json() });
          m.respond(JSON.stringify({ ok: true, data: { forwarded: subject } }));
        },
      });
    await infra.nats.nc.flush();
    admin = await login('admin', ADMIN_PASSWORD);
    city = await user('plan.city', ['city-officer'], '430100');
    county = await user('plan.county', ['county-officer'], '430102');
  });

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
  });

  it('forwards a county officer’s plan; other roles are 403 and bad input is 400 naming the field, neither leaving the gateway', async () => {
    const plan = { county: '430102', period: '2026-07', insutype: '310', plannedFen: '36300000', basis: '按近三月结算趋势编制' };
    expect(await call('POST', '/api/v1/fund/fund-use-plans', plan, county)).toMatchObject({ status: 201, body: { forwarded: FundUsePlanSubjects.submit } });
    expect((await call('POST', '/api/v1/fund/fund-use-plans', plan, city)).status).toBe(403);
    expect((await call('POST', '/api/v1/fund/fund-use-plans', plan, admin)).status).toBe(403);
    for (const [field, value] of [
      ['plannedFen', '-100'],
      ['plannedFen', '0'],
      ['plannedFen', 100],
      ['basis', ''],
      ['period', '2026-7'],
      ['county', '430100'],
      ['insutype', '320'],
    ] as const) {
      const bad = await call('POST', '/api/v1/fund/fund-use-plans', { ...plan, [field]: value }, county);
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain(field);
    }
    expect(calls).toEqual([{ subject: FundUsePlanSubjects.submit, body: plan }]);
  });

  it('forwards a city officer’s review with the plan named by the path; a county officer is 403, bad input 400', async () => {
    const before = calls.length;
    const path = '/api/v1/fund/fund-use-plans/430102/2026-07/310/review';
    const accept = { version: 2, decision: 'accept', acceptedFen: '34000000', note: '按结算数据核减' };
    expect(await call('POST', path, accept, city)).toMatchObject({ status: 200, body: { forwarded: FundUsePlanSubjects.review } });
    const back = { version: 1, decision: 'return', note: '请说明依据' };
    expect((await call('POST', path, back, city)).status).toBe(200);
    expect((await call('POST', path, accept, county)).status).toBe(403);
    for (const [body, field] of [
      [{ version: 1, decision: 'return' }, 'note'],
      [{ version: 1, decision: 'maybe' }, 'decision'],
      [{ version: '1', decision: 'accept' }, 'version'],
      [{ ...accept, acceptedFen: '-1' }, 'acceptedFen'],
      [{ ...accept, county: '430103' }, 'county'], // the plan is named by the path only
    ] as const) {
      const bad = await call('POST', path, body, city);
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain(field);
    }
    expect((await call('POST', '/api/v1/fund/fund-use-plans/430100/2026-07/310/review', accept, city)).status).toBe(400);
    expect(calls.slice(before)).toEqual([
      { subject: FundUsePlanSubjects.review, body: { ...accept, county: '430102', period: '2026-07', insutype: '310' } },
      { subject: FundUsePlanSubjects.review, body: { ...back, county: '430102', period: '2026-07', insutype: '310' } },
    ]);
  });

  it('forwards reads to the bureau and the county; a malformed key is 400', async () => {
    const before = calls.length;
    expect(await call('GET', '/api/v1/fund/fund-use-plans/430102/2026-07/310', undefined, county)).toMatchObject({
      status: 200,
      body: { forwarded: FundUsePlanSubjects.get },
    });
    expect(await call('GET', '/api/v1/fund/fund-use-plans?admdvs=430100&period=2026-07&insutype=310', undefined, admin)).toMatchObject({
      status: 200,
      body: { forwarded: FundUsePlanSubjects.list },
    });
    for (const bad of [
      '/api/v1/fund/fund-use-plans/430102/2026-13/310',
      '/api/v1/fund/fund-use-plans/430100/2026-07/310',
      '/api/v1/fund/fund-use-plans?admdvs=430100&period=2026-07',
      '/api/v1/fund/fund-use-plans?admdvs=4301&period=2026-07&insutype=310',
    ])
      expect((await call('GET', bad, undefined, city)).status).toBe(400);
    expect(calls.slice(before)).toEqual([
      { subject: FundUsePlanSubjects.get, body: { county: '430102', period: '2026-07', insutype: '310' } },
      { subject: FundUsePlanSubjects.list, body: { admdvs: '430100', period: '2026-07', insutype: '310' } },
    ]);
  });

  it('forwards a disbursement request proposal from a city officer only; bad input is 400 naming the field', async () => {
    const before = calls.length;
    const body = { admdvs: '430100', period: '2026-07', insutype: '310', reason: '7 月统一向市财政申报拨款' };
    expect((await call('POST', '/api/v1/fund/disbursement-requests', body, county)).status).toBe(403);
    expect((await call('POST', '/api/v1/fund/disbursement-requests', body, admin)).status).toBe(403);
    expect(await call('POST', '/api/v1/fund/disbursement-requests', body, city)).toMatchObject({
      status: 201,
      body: { forwarded: FundUsePlanSubjects.proposeDisbursement },
    });
    for (const [field, value] of [
      ['admdvs', '430102'],
      ['reason', ''],
      ['period', '202607'],
    ] as const) {
      const bad = await call('POST', '/api/v1/fund/disbursement-requests', { ...body, [field]: value }, city);
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain(field);
    }
    expect(calls.slice(before)).toEqual([{ subject: FundUsePlanSubjects.proposeDisbursement, body }]);
  });
});
