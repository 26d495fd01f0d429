import type { Client } from 'pg';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { EventSubjects } from '@mi/contracts';
import {
  anInstitutionRegistration,
  PortalTestClient,
  serviceEnv,
  spawnService,
  startTestPlatform,
  TEST_USER_PASSWORD,
  type TestDatabase,
  type TestNats,
  type TestPlatform,
  waitFor,
} from '@mi/testing';

/**
 * The foundation's end-to-end path through the built processes, the pattern every service issue
 * copies: HTTP → gateway → NATS request → agreement-service (row + audit + outbox in one
 * transaction) → JetStream → credit-service durable consumer (idempotent through its inbox).
 */
describe('round trip: register an institution, its credit file opens', () => {
  let platform: TestPlatform;
  let db: TestDatabase;
  let nats: TestNats;
  let pg: Client;
  let base: string;
  let officer: PortalTestClient;
  let fuzhou: PortalTestClient;

  const valid = anInstitutionRegistration();

  beforeAll(async () => {
    platform = await startTestPlatform(['agreement-service', 'credit-service']);
    ({ db, nats, pg, base } = platform);
    // The province administrator creates one officer in Changsha (430100) and one in Fuzhou (350100).
    expect(
      (
        await platform.admin.post('/api/v1/users', {
          username: 'cs.officer',
          displayName: '长沙经办',
          roles: ['city-officer'],
          scope: '430100',
          password: TEST_USER_PASSWORD,
        })
      ).status,
    ).toBe(201);
    // The bootstrap admin is scoped to its province (430000); Fuzhou's officer comes from a Fujian admin in real life.
    const fz = await platform.admin.post('/api/v1/users', {
      username: 'fz.officer',
      displayName: '福州经办',
      roles: ['city-officer'],
      scope: '350100',
      password: TEST_USER_PASSWORD,
    });
    expect(fz.status).toBe(403);
    await pg.query(
      `insert into gateway.portal_user (id, username, display_name, password_hash, roles, scope, status, failed_attempts, password_changed_at, must_change_password, created_at, created_by)
      select gen_random_uuid(), 'fz.officer', '福州经办', password_hash, array['city-officer'], '350100', 'active', 0, now(), false, now(), 'test' from gateway.portal_user where username = 'cs.officer'`,
    );
    fuzhou = await new PortalTestClient(base).login('fz.officer', TEST_USER_PASSWORD);
    officer = await new PortalTestClient(base).login('cs.officer', TEST_USER_PASSWORD);
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const post = (path: string, body: unknown) => officer.post(path, body);
  const get = async (path: string) => {
    const r = await officer.get(path);
    return { ...r, type: r.headers.get('content-type') };
  };

  async function count(sql: string): Promise<number> {
    const r = await pg.query<{ n: string }>(`select count(*)::text as n from ${sql}`);
    return Number(r.rows[0].n);
  }

  it('registers through the gateway and the credit file is opened from the event', async () => {
    const res = await post('/api/v1/institutions', valid);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ code: 'H43010200001', admdvs: '430102', poolarea: '430100', level: '3A' });
    const requestId = res.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);

    const file = await waitFor(
      async () => {
        const r = await get('/api/v1/credit-files/institution/H43010200001');
        return r.status === 200 ? r.body : undefined;
      },
      15_000,
      'credit file',
    );
    expect(file).toMatchObject({ subjectType: 'institution', subjectCode: 'H43010200001', admdvs: '430102' });
    expect(file.entries).toHaveLength(1);

    // The state change, its audit row and its outbox event were written together, and the
    // request id travelled from HTTP through NATS into the audit row.
    const audit = await pg.query(`select action, request_id, actor_id, actor_scope from agreement.audit_log`);
    expect(audit.rows).toEqual([{ action: 'institution.register', request_id: requestId, actor_id: 'cs.officer', actor_scope: '430100' }]);
    await waitFor(async () => (await count(`agreement.outbox where published_at is null`)) === 0, 5000, 'outbox published');
  });

  it('keeps another city out: 404 on its reads, 403 on writes into its region', async () => {
    expect((await fuzhou.get('/api/v1/institutions/H43010200001')).status).toBe(404);
    expect((await fuzhou.get('/api/v1/credit-files/institution/H43010200001')).status).toBe(404);
    const write = await fuzhou.post('/api/v1/institutions', { ...valid, code: 'H43010200009' });
    expect(write.status).toBe(403);
    expect(write.body.code).toBe('FORBIDDEN.REGION');
    expect((await officer.get('/api/v1/institutions/H43010200001')).status).toBe(200);
  });

  it('lets auditors search and verify each service’s audit trail within their region, and nobody else', async () => {
    const admin = platform.admin;
    for (const [username, scope] of [
      ['cs.auditor', '430100'],
      ['zz.auditor', '430200'],
    ]) {
      expect((await admin.post('/api/v1/users', { username, displayName: username, roles: ['auditor'], scope, password: TEST_USER_PASSWORD })).status).toBe(
        201,
      );
    }
    const auditor = await new PortalTestClient(base).login('cs.auditor', TEST_USER_PASSWORD);
    const trail = await auditor.get('/api/v1/audit/agreement?action=institution.register');
    expect(trail.status).toBe(200);
    expect(trail.body).toEqual([
      expect.objectContaining({ action: 'institution.register', actor: { id: 'cs.officer', role: 'city-officer', scope: '430100' }, admdvs: '430102' }),
    ]);
    expect((await auditor.get('/api/v1/audit/agreement/verify')).body).toEqual({ ok: true, records: 1 });
    expect((await auditor.get('/api/v1/audit/credit/verify')).body).toMatchObject({ ok: true });
    const gatewayTrail = await admin.get('/api/v1/audit/gateway?action=user.create&limit=10');
    expect((gatewayTrail.body as unknown as unknown[]).length).toBeGreaterThanOrEqual(3);
    const zhuzhou = await new PortalTestClient(base).login('zz.auditor', TEST_USER_PASSWORD);
    expect((await zhuzhou.get('/api/v1/audit/agreement')).body).toEqual([]);
    expect((await officer.get('/api/v1/audit/agreement')).status).toBe(403);
    expect((await auditor.get('/api/v1/audit/nowhere')).status).toBe(400);
    // Auditors read; they do not act.
    expect((await auditor.post('/api/v1/institutions', { ...valid, code: 'H43010200008' })).status).toBe(403);
  });

  it('a redelivered event has no second effect', async () => {
    const { rows } = await pg.query<{ envelope: Record<string, unknown> }>(`select envelope from agreement.outbox limit 1`);
    // Publish the same event again without the de-duplication id, as a broker redelivery or an
    // operator's outbox replay would.
    await jetstream(nats.nc).publish(nats.resolver.subject(EventSubjects.agreement.InstitutionRegistered), JSON.stringify(rows[0].envelope), {
      headers: natsHeaders(),
    });
    const jsm = await jetstreamManager(nats.nc);
    await waitFor(
      async () => {
        const info = await jsm.consumers.info(
          nats.resolver.eventsStream,
          nats.resolver.durableName('credit-service', EventSubjects.agreement.InstitutionRegistered),
        );
        return info.delivered.stream_seq >= 2 && info.num_ack_pending === 0 && info.num_pending === 0;
      },
      10_000,
      'second delivery acknowledged',
    );
    expect(await count('credit.inbox')).toBe(1);
    expect(await count('credit.credit_file_entry')).toBe(1);
  });

  it('refuses bad input naming each field, and changes nothing', async () => {
    const res = await post('/api/v1/institutions', { ...valid, code: 'H43010200002', uscc: '91430100MA4L0000X0', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe('VALIDATION');
    const fields = (res.body.details as { fields: { field: string }[] }).fields.map((f) => f.field).sort();
    expect(fields).toEqual(['extra', 'uscc']);

    const dup = await post('/api/v1/institutions', valid);
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('AGREEMENT.INSTITUTION_EXISTS');

    const elsewhere = await post('/api/v1/institutions', { ...valid, code: 'H44010200001' });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.code).toBe('AGREEMENT.CODE_REGION_MISMATCH');

    expect(await count('agreement.institution')).toBe(1);
    expect(await count('agreement.audit_log')).toBe(1);
    expect(await count('agreement.outbox')).toBe(1);
  });

  it('answers 404 problem+json for an unknown institution and for an unknown route', async () => {
    const res = await get('/api/v1/institutions/H43010299999');
    expect(res.status).toBe(404);
    expect(res.type).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    const route = await get('/api/v1/nothing-here');
    expect(route.status).toBe(404);
    expect(route.body).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers 503 when the service behind a route is down, and recovers when it is back', async () => {
    await platform.procs['credit-service'].stop();
    const res = await get('/api/v1/credit-files/institution/H43010200001');
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('UNAVAILABLE');
    const again = await spawnService('credit-service', serviceEnv('credit-service', db, nats));
    platform.procs['credit-service'] = again;
    const ok = await get('/api/v1/credit-files/institution/H43010200001');
    expect(ok.status).toBe(200);
    const health = await fetch(`http://127.0.0.1:${again.ready.healthPort}/ready`);
    expect(health.status).toBe(200);
  });
});
