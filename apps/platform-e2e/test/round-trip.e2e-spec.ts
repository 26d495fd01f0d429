import { Client } from 'pg';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { EventSubjects } from '@mi/contracts';
import {
  anInstitutionRegistration,
  createEmptyTestDatabase,
  serviceEnv,
  createTestNats,
  type SpawnedService,
  spawnService,
  type TestDatabase,
  type TestNats,
  waitFor,
} from '@mi/testing';

/**
 * The foundation's end-to-end path through the built processes, the pattern every service issue
 * copies: HTTP → gateway → NATS request → agreement-service (row + audit + outbox in one
 * transaction) → JetStream → credit-service durable consumer (idempotent through its inbox).
 */
describe('round trip: register an institution, its credit file opens', () => {
  let db: TestDatabase;
  let nats: TestNats;
  let pg: Client;
  const procs: SpawnedService[] = [];
  let base: string;

  const valid = anInstitutionRegistration();

  beforeAll(async () => {
    [db, nats] = await Promise.all([createEmptyTestDatabase(), createTestNats()]);
    const env = (service: string) => serviceEnv(service, db, nats);
    const started = await Promise.all([
      spawnService('agreement-service', env('agreement-service')),
      spawnService('credit-service', env('credit-service')),
      spawnService('gateway', env('gateway')),
    ]);
    procs.push(...started);
    base = started[2].ready.url ?? '';
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await pg?.end();
    await nats?.cleanup();
    await db?.drop();
  });

  async function post(path: string, body: unknown) {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
  }

  async function get(path: string) {
    const res = await fetch(`${base}${path}`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown>, type: res.headers.get('content-type') };
  }

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
    const audit = await pg.query(`select action, request_id from agreement.audit_log`);
    expect(audit.rows).toEqual([{ action: 'institution.register', request_id: requestId }]);
    await waitFor(async () => (await count(`agreement.outbox where published_at is null`)) === 0, 5000, 'outbox published');
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
    const creditProc = procs[1];
    await creditProc.stop();
    const res = await get('/api/v1/credit-files/institution/H43010200001');
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('UNAVAILABLE');
    const again = await spawnService('credit-service', serviceEnv('credit-service', db, nats));
    procs[1] = again;
    const ok = await get('/api/v1/credit-files/institution/H43010200001');
    expect(ok.status).toBe(200);
    const health = await fetch(`http://127.0.0.1:${again.ready.healthPort}/ready`);
    expect(health.status).toBe(200);
  });
});
