import { ManualClock } from '@mi/domain';
import type { RunningHttp } from '@mi/platform';
import { MikroORM } from '@mikro-orm/postgresql';
import { createTestInfra, type TestInfra } from '@mi/testing';
import type { GatewayConfig } from '../src/config';
import { startGateway } from '../src/gateway';
import { persistence } from '../src/persistence';

const ADMIN_PASSWORD = 'Xq7!vR2#mK9$pL';

/**
 * The gateway's HTTP edge: portal authentication (argon2id, lockout, short access tokens bound to a
 * session, rotating refresh tokens), roles, region scope of user administration, problem+json.
 */
describe('gateway: portal authentication and the HTTP edge', () => {
  let infra: TestInfra;
  let sut: RunningHttp<GatewayConfig>;
  let base: string;
  const clock = new ManualClock('2026-03-02T01:00:00.000Z');

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startGateway({
      env: infra.env('gateway', { NATS_REQUEST_TIMEOUT_MS: 500, BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD, PROVINCE_ADMDVS: '430000', LOGIN_MAX_FAILURES: 3 }),
      logger: false,
      clock,
    });
    // The template database is migrated without the bootstrap hook's user: seed it as boot would.
    base = `http://127.0.0.1:${sut.httpPort}`;
  });

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
  });

  type Res = { status: number; body: Record<string, unknown>; headers: Headers };
  async function call(method: string, path: string, body?: unknown, token?: string, extra: Record<string, string> = {}): Promise<Res> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
  }
  const login = (username: string, password: string) => call('POST', '/api/v1/auth/login', { username, password });
  const auditCount = async (action: string) =>
    Number(
      (await sut.get<MikroORM>(MikroORM).em.fork().execute<{ n: string }[]>(`select count(*)::text as n from gateway.audit_log where action = ?`, [action]))[0]
        .n,
    );

  let admin: string;

  it('creates the bootstrap administrator and logs in with short-lived access + refresh tokens', async () => {
    const res = await login('ADMIN', ADMIN_PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, user: { username: 'admin', roles: ['province-admin'], scope: '430000' } });
    admin = String(res.body.accessToken);
    const me = await call('GET', '/api/v1/auth/me', undefined, admin);
    expect(me.body).toMatchObject({ username: 'admin', status: 'active' });
    expect(await auditCount('user.bootstrap')).toBe(1);
  });

  it('refuses anonymous, malformed and foreign tokens with 401 problem+json', async () => {
    for (const token of [undefined, 'nonsense', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl']) {
      const res = await call('GET', '/api/v1/auth/me', undefined, token);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.code).toBe('UNAUTHENTICATED');
    }
  });

  it('administers users within the administrator’s region, with the password policy', async () => {
    const weak = await call(
      'POST',
      '/api/v1/users',
      { username: 'zhang.san', displayName: '张三', roles: ['city-officer'], scope: '430100', password: 'password' },
      admin,
    );
    expect(weak.status).toBe(400);
    expect(weak.body.details).toMatchObject({ field: 'password' });
    const outside = await call(
      'POST',
      '/api/v1/users',
      { username: 'wang.wu', displayName: '王五', roles: ['city-officer'], scope: '350100', password: 'Tr0ub4dor&3xyz' },
      admin,
    );
    expect(outside.status).toBe(403);
    expect(outside.body.code).toBe('FORBIDDEN.REGION');
    const badRole = await call(
      'POST',
      '/api/v1/users',
      { username: 'zhao.liu', displayName: '赵六', roles: ['king'], scope: '430100', password: 'Tr0ub4dor&3xyz' },
      admin,
    );
    expect(badRole.status).toBe(400);
    for (const [username, roles] of [
      ['zhang.san', ['city-officer']],
      ['li.si', ['reviewer']],
    ] as const) {
      const ok = await call('POST', '/api/v1/users', { username, displayName: username, roles, scope: '430100', password: 'Tr0ub4dor&3xyz' }, admin);
      expect(ok.status).toBe(201);
      expect(ok.body).toMatchObject({ username, scope: '430100', mustChangePassword: true });
      expect(ok.body).not.toHaveProperty('passwordHash');
    }
    const dup = await call(
      'POST',
      '/api/v1/users',
      { username: 'zhang.san', displayName: 'x', roles: ['reviewer'], scope: '430100', password: 'Tr0ub4dor&3xyz' },
      admin,
    );
    expect(dup.status).toBe(409);
  });

  it('makes a user on an initial password change it before anything else', async () => {
    const first = await login('li.si', 'Tr0ub4dor&3xyz');
    expect(first.body.user).toMatchObject({ mustChangePassword: true });
    const token = String(first.body.accessToken);
    const blocked = await call('GET', '/api/v1/institutions/H43010200001', undefined, token);
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('FORBIDDEN.PASSWORD_CHANGE_REQUIRED');
    expect((await call('GET', '/api/v1/auth/me', undefined, token)).status).toBe(200);
    const weak = await call('POST', '/api/v1/auth/change-password', { oldPassword: 'Tr0ub4dor&3xyz', newPassword: 'li.si-2026-abc' }, token);
    expect(weak.status).toBe(400);
    expect((await call('POST', '/api/v1/auth/change-password', { oldPassword: 'wrong', newPassword: 'Cobalt!Lantern77' }, token)).status).toBe(401);
    expect((await call('POST', '/api/v1/auth/change-password', { oldPassword: 'Tr0ub4dor&3xyz', newPassword: 'Cobalt!Lantern77' }, token)).status).toBe(204);
    expect((await login('li.si', 'Tr0ub4dor&3xyz')).status).toBe(401);
    expect((await login('li.si', 'Cobalt!Lantern77')).body.user).toMatchObject({ mustChangePassword: false });
  });

  it('enforces roles at the gateway: a reviewer may not administer users', async () => {
    const reviewer = String((await login('li.si', 'Cobalt!Lantern77')).body.accessToken);
    const res = await call(
      'POST',
      '/api/v1/users',
      { username: 'x.y', displayName: 'x', roles: ['auditor'], scope: '430100', password: 'Tr0ub4dor&3xyz' },
      reviewer,
    );
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN.ROLE');
    expect((await call('GET', '/api/v1/users', undefined, reviewer)).status).toBe(403);
  });

  it('locks an account after repeated failures, even for the right password, until the lockout ends', async () => {
    const first = await login('zhang.san', 'wrong-password-1');
    expect(first.status).toBe(401);
    expect(first.body.details).toMatchObject({ remainingAttempts: 2 });
    expect((await login('zhang.san', 'wrong-password-2')).status).toBe(401);
    const locked = await login('zhang.san', 'wrong-password-3');
    expect(locked.status).toBe(423);
    expect(locked.body.code).toBe('AUTH.LOCKED');
    expect((await login('zhang.san', 'Tr0ub4dor&3xyz')).status).toBe(423);
    expect(await auditCount('auth.locked')).toBe(1);
    // Unknown users get the same answer as a wrong password.
    const unknown = await login('nobody', 'whatever');
    expect(unknown.status).toBe(401);
    expect(unknown.body.title).toBe(first.body.title);
    clock.advance(16 * 60_000);
    expect((await login('zhang.san', 'Tr0ub4dor&3xyz')).status).toBe(200);
  });

  it('rotates refresh tokens and ends the session when an old one is replayed', async () => {
    const start = await login('zhang.san', 'Tr0ub4dor&3xyz');
    const r1 = String(start.body.refreshToken);
    const next = await call('POST', '/api/v1/auth/refresh', { refreshToken: r1 });
    expect(next.status).toBe(200);
    expect(next.body.refreshToken).not.toBe(r1);
    const access2 = String(next.body.accessToken);
    expect((await call('GET', '/api/v1/auth/me', undefined, access2)).status).toBe(200);
    const replay = await call('POST', '/api/v1/auth/refresh', { refreshToken: r1 });
    expect(replay.status).toBe(401);
    expect((await call('GET', '/api/v1/auth/me', undefined, access2)).status).toBe(401);
    expect((await call('POST', '/api/v1/auth/refresh', { refreshToken: String(next.body.refreshToken) })).status).toBe(401);
    expect(await auditCount('auth.refresh-reuse')).toBe(1);
  });

  it('ends the session at logout and refuses expired access tokens', async () => {
    const s = await login('zhang.san', 'Tr0ub4dor&3xyz');
    const token = String(s.body.accessToken);
    expect((await call('POST', '/api/v1/auth/logout', undefined, token)).status).toBe(204);
    expect((await call('GET', '/api/v1/auth/me', undefined, token)).status).toBe(401);
    const t = String((await login('zhang.san', 'Tr0ub4dor&3xyz')).body.accessToken);
    clock.advance(16 * 60_000);
    const expired = await call('GET', '/api/v1/auth/me', undefined, t);
    expect(expired.status).toBe(401);
    expect(expired.body.details).toMatchObject({ reason: 'expired' });
    admin = String((await login('admin', ADMIN_PASSWORD)).body.accessToken);
  });

  it('a disabled user cannot log in and loses open sessions', async () => {
    const s = await login('li.si', 'Cobalt!Lantern77');
    const users = (await call('GET', '/api/v1/users', undefined, admin)).body as unknown as { id: string; username: string }[];
    const li = users.find((u) => u.username === 'li.si');
    expect((await call('POST', `/api/v1/users/${li?.id}/disable`, undefined, admin)).status).toBe(200);
    expect((await call('GET', '/api/v1/auth/me', undefined, String(s.body.accessToken))).status).toBe(401);
    const again = await login('li.si', 'Cobalt!Lantern77');
    expect(again.status).toBe(403);
    expect(again.body.code).toBe('AUTH.DISABLED');
  });

  it('validates bodies before anything leaves the gateway, and answers 503 when a service is down', async () => {
    const bad = await call('POST', '/api/v1/institutions', { code: 'H4301', name: 1 }, admin);
    expect(bad.status).toBe(400);
    const fields = new Set((bad.body.details as { fields: { field: string }[] }).fields.map((f) => f.field));
    expect(fields).toEqual(new Set(['code', 'name', 'type', 'level', 'admdvs', 'uscc']));
    const down = await call('GET', '/api/v1/institutions/H43010200001', undefined, admin, { 'x-request-id': 'his-req-0001' });
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ code: 'UNAVAILABLE', requestId: 'his-req-0001' });
    expect(down.headers.get('x-request-id')).toBe('his-req-0001');
  });

  it('publishes the OpenAPI document with bearer auth at /docs', async () => {
    const doc = await call('GET', '/docs/openapi.json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths as object)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/users', '/api/v1/institutions', '/api/v1/his-clients']),
    );
    expect(JSON.stringify(doc.body.components)).toContain('bearer');
    expect(JSON.stringify(doc.body.paths)).not.toContain('/fsi/api');
  });
});
