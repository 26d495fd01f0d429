import { Module } from '@nestjs/common';
import { ManualClock } from '@mi/domain';
import { jetstreamManager } from '@nats-io/jetstream';
import { Migration } from '@mikro-orm/migrations';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  AuditService,
  InboxService,
  OutboxRelay,
  OutboxService,
  platformTablesSql,
  platformTablesV2Sql,
  purgeAudit,
  GroupCommit,
  PlatformModule,
  type RunningProcess,
  ServiceConfig,
  type ServicePersistenceOptions,
} from '@mi/platform';
import { createTestInfra, startTestService, type TestInfra } from '../boot';
import { assertTestDatabaseName } from '../test-database';

class Migration20260101000000Probe extends Migration {
  override async up(): Promise<void> {
    for (const sql of [...platformTablesSql('probe'), ...platformTablesV2Sql('probe')]) this.addSql(sql);
    this.addSql('create table probe.thing (id text primary key)');
  }
}

const persistence: ServicePersistenceOptions = { schema: 'probe', entities: [], migrations: [Migration20260101000000Probe] };

@Module({ imports: [PlatformModule.forService(persistence)] })
class ProbeModule {}

class ProbeConfig extends ServiceConfig {
  override SERVICE_NAME = 'probe';
}

describe('platform persistence: outbox, inbox, audit chain (real PostgreSQL + JetStream)', () => {
  let infra: TestInfra;
  let svc: RunningProcess<ProbeConfig>;
  let orm: MikroORM;

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    svc = await startTestService(infra, ProbeModule, ProbeConfig, 'probe');
    orm = svc.get<MikroORM>(MikroORM);
  });

  afterAll(async () => {
    await svc?.close();
    await infra?.close();
  });

  const n = async (sql: string): Promise<number> => Number((await orm.em.fork().execute<{ n: string }[]>(`select count(*)::text as n from ${sql}`))[0].n);

  it('publishes an event only if its transaction commits, with Nats-Msg-Id = event id', async () => {
    const outbox = svc.get(OutboxService);
    await expect(
      orm.em.fork().transactional(async (em) => {
        await em.execute(`insert into probe.thing values ('rolled-back')`);
        await outbox.add(em, { subject: 'evt.probe.ThingAdded', type: 'ThingAdded', admdvs: '430100', aggregateId: 'rolled-back', payload: {} });
        throw new Error('use case failed after writing');
      }),
    ).rejects.toThrow('use case failed');
    expect(await n('probe.outbox')).toBe(0);

    const envelope = await orm.em.fork().transactional(async (em) => {
      await em.execute(`insert into probe.thing values ('t1')`);
      return outbox.add(em, { subject: 'evt.probe.ThingAdded', type: 'ThingAdded', admdvs: '430100', aggregateId: 't1', payload: { x: 1 } });
    });
    await svc.get(OutboxRelay).drain();
    const jsm = await jetstreamManager(infra.nats.nc);
    const msg = await jsm.streams.getMessage(infra.nats.resolver.eventsStream, { last_by_subj: infra.nats.resolver.subject('evt.probe.ThingAdded') });
    expect(msg?.header.get('Nats-Msg-Id')).toBe(envelope.id);
    expect(msg?.json()).toMatchObject({ id: envelope.id, type: 'ThingAdded', version: 1, admdvs: '430100', aggregateId: 't1', payload: { x: 1 } });
  });

  it('keeps events while the relay is stopped (or the broker is away) and publishes them later, once', async () => {
    const relay = svc.get(OutboxRelay);
    await relay.stop();
    const outbox = svc.get(OutboxService);
    for (const id of ['a', 'b', 'c']) {
      await orm.em
        .fork()
        .transactional((em) => outbox.add(em, { subject: 'evt.probe.ThingAdded', type: 'ThingAdded', admdvs: '430100', aggregateId: id, payload: {} }));
    }
    expect(await n('probe.outbox where published_at is null')).toBe(3);
    await relay.start();
    await relay.drain();
    // Republishing the same rows (an operator heal, a crash before marking) is de-duplicated.
    await orm.em.fork().execute('update probe.outbox set published_at = null');
    relay.kick();
    await relay.drain();
    const info = await (await jetstreamManager(infra.nats.nc)).streams.info(infra.nats.resolver.eventsStream);
    expect(info.state.messages).toBe(4);
  });

  it('writes a batch of events (addAll) in their order, each with its own id, only if the transaction commits', async () => {
    const outbox = svc.get(OutboxService);
    const events = Array.from({ length: 501 }, (_, i) => ({
      subject: 'evt.probe.ThingAdded',
      type: 'ThingAdded',
      admdvs: '430100',
      aggregateId: `batch-${i}`,
      payload: { i },
    }));
    const before = await n('probe.outbox');
    await expect(
      orm.em.fork().transactional(async (em) => {
        await outbox.addAll(em, events);
        throw new Error('use case failed after writing');
      }),
    ).rejects.toThrow('use case failed');
    expect(await n('probe.outbox')).toBe(before);
    const envelopes = await orm.em.fork().transactional((em) => outbox.addAll(em, events));
    const rows = await orm.em
      .fork()
      .execute<{ id: string; aggregate: string }[]>(
        `select id::text as id, envelope->>'aggregateId' as aggregate from probe.outbox where envelope->>'aggregateId' like 'batch-%' order by seq`,
      );
    expect(rows.map((r) => r.aggregate)).toEqual(events.map((e) => e.aggregateId));
    expect(rows.map((r) => r.id)).toEqual(envelopes.map((e) => e.id));
    expect(new Set(rows.map((r) => r.id)).size).toBe(501);
    await svc.get(OutboxRelay).drain();
    expect(await n(`probe.outbox where published_at is null`)).toBe(0);
  });

  it('runs an inbox effect once per (consumer, event), and not at all if the effect fails', async () => {
    const inbox = svc.get(InboxService);
    const id = '01a206ef-8368-75e7-ae5a-68b830ca9ee0';
    await expect(
      inbox.runOnce('c1', id, async (em) => {
        await em.execute(`insert into probe.thing values ('from-failed')`);
        throw new Error('effect failed');
      }),
    ).rejects.toThrow('effect failed');
    expect(await n(`probe.inbox`)).toBe(0);
    expect(await n(`probe.thing where id = 'from-failed'`)).toBe(0);

    const work = async (em: Parameters<Parameters<InboxService['runOnce']>[2]>[0]) => {
      await em.execute(`insert into probe.thing values ('once')`);
    };
    expect(await inbox.runOnce('c1', id, work)).toBe(true);
    expect(await inbox.runOnce('c1', id, work)).toBe(false);
    expect(await inbox.runOnce('c2', id, async () => undefined)).toBe(true);
    expect(await n(`probe.thing where id = 'once'`)).toBe(1);
  });

  it('hash-chains the audit log, refuses updates, and detects edited or deleted records', async () => {
    const audit = svc.get(AuditService);
    for (let i = 1; i <= 3; i++) {
      await orm.em
        .fork()
        .transactional((em) =>
          audit.record(em, { action: 'thing.change', targetType: 'thing', targetId: `t${i}`, admdvs: '430100', before: { v: i - 1 }, after: { v: i } }),
        );
    }
    expect(await audit.verify()).toEqual({ ok: true, records: 3 });
    // Regression: the chain head was once found by ordering seq as text ('9' > '10').
    for (let i = 4; i <= 12; i++) {
      await orm.em.fork().transactional((em) => audit.record(em, { action: 'thing.change', targetType: 'thing', targetId: `t${i}`, admdvs: '430100' }));
    }
    expect(await audit.verify()).toEqual({ ok: true, records: 12 });
    await expect(orm.em.fork().execute(`update probe.audit_log set action = 'x' where seq = 2`)).rejects.toThrow(/append-only/);

    // An attacker with table-owner rights disables the trigger and edits a record.
    const em = orm.em.fork();
    await em.execute('alter table probe.audit_log disable trigger audit_log_no_update');
    await em.execute(`update probe.audit_log set target_id = 't9' where seq = 2`);
    expect(await audit.verify()).toEqual({ ok: false, records: 1, brokenAt: { seq: '2', reason: 'record content was changed' } });
    await em.execute(`update probe.audit_log set target_id = 't2' where seq = 2`);
    expect((await audit.verify()).ok).toBe(true);
    await em.execute(`delete from probe.audit_log where seq = 2`);
    expect(await audit.verify()).toEqual({ ok: false, records: 1, brokenAt: { seq: '3', reason: 'record 2 is missing' } });
    await em.execute('alter table probe.audit_log enable trigger audit_log_no_update');
  });

  it('purges records past retention, keeps the rest verifiable, and still refuses ordinary deletes', async () => {
    const clock = new ManualClock('2020-01-01T00:00:00.000Z');
    const audit = new AuditService(orm, 'probe', clock);
    const em = orm.em.fork();
    await em.execute('delete from probe.audit_anchor');
    await em.execute(`set mi.audit_purge = 'on'`);
    await em.execute('delete from probe.audit_log');
    await em.execute(`set mi.audit_purge = 'off'`);
    for (let i = 0; i < 4; i++) {
      await orm.em.fork().transactional((tx) => audit.record(tx, { action: 'old.thing', targetType: 'thing', targetId: `o${i}` }));
    }
    clock.set('2021-06-01T00:00:00.000Z');
    for (let i = 0; i < 3; i++) {
      await orm.em.fork().transactional((tx) => audit.record(tx, { action: 'new.thing', targetType: 'thing', targetId: `n${i}` }));
    }
    await expect(purgeAudit(orm, 'probe', audit, clock, 90)).rejects.toThrow(/at least 180/);
    expect(await purgeAudit(orm, 'probe', audit, clock, 365)).toBe(4);
    // 3 kept + the purge's own record, verified from the anchor.
    expect(await audit.verify()).toEqual({ ok: true, records: 4 });
    await expect(orm.em.fork().execute(`delete from probe.audit_log`)).rejects.toThrow(/append-only/);
    const actions = await orm.em.fork().execute<{ action: string }[]>('select action from probe.audit_log order by seq');
    expect(actions.map((a) => a.action)).toEqual(['new.thing', 'new.thing', 'new.thing', 'audit.purge']);
  });

  it('group commit: concurrent writers share one transaction, each gets its own result, a failed batch fails them all', async () => {
    const batches: number[] = [];
    const gc = new GroupCommit<string, boolean>(orm, async (em, ids) => {
      batches.push(ids.length);
      if (ids.includes('boom')) throw new Error('batch failed');
      const inserted = await em.execute<{ id: string }[]>(
        `insert into probe.thing values ${ids.map(() => '(?)').join(', ')} on conflict do nothing returning id`,
        ids,
      );
      const fresh = new Set(inserted.map((r) => r.id));
      return ids.map((id) => fresh.has(id));
    });
    const results = await Promise.all(['g1', 'g2', 'g3', 'g4'].map((id) => gc.add(id)));
    expect(results).toEqual([true, true, true, true]);
    expect(batches).toEqual([4]);
    expect(await gc.add('g1')).toBe(false);
    const failing = await Promise.allSettled([gc.add('g5'), gc.add('boom')]);
    expect(failing.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await n(`probe.thing where id = 'g5'`)).toBe(0);
  });

  it('is ready only when PostgreSQL and NATS answer', async () => {
    const res = await fetch(`http://127.0.0.1:${svc.healthPort}/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ready',
      checks: [
        { name: 'nats', ok: true },
        { name: 'postgres', ok: true },
      ],
    });
  });

  it('refuses a database name without "test"', () => {
    expect(() => assertTestDatabaseName('mi')).toThrow(/refusing/);
    expect(() => assertTestDatabaseName('mi_test_abc')).not.toThrow();
  });
});
