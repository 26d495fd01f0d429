import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { Migration } from '@mikro-orm/migrations';
import { MikroORM } from '@mikro-orm/postgresql';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ApprovalEvent, type ApprovalItemPage, type ApprovalPage, approvalSubjects, type ApprovalView, type Reply } from '@mi/contracts';
import { ConflictError, type DomainError } from '@mi/domain';
import {
  type Actor,
  approvalItemTablesSql,
  ApprovalService,
  approvalTablesSql,
  type MiNatsClient,
  platformTablesSql,
  platformTablesV2Sql,
  PlatformModule,
  type RunningProcess,
  ServiceConfig,
  type ServicePersistenceOptions,
} from '@mi/platform';
import { asActor, aUser, createTestInfra, startTestService, type TestInfra, testNatsClient } from '../boot';

class Migration20260101000000ApprovalProbe extends Migration {
  override async up(): Promise<void> {
    for (const sql of [...platformTablesSql('probe'), ...platformTablesV2Sql('probe'), ...approvalTablesSql('probe'), ...approvalItemTablesSql('probe')]) {
      this.addSql(sql);
    }
    this.addSql('create table probe.thing (id text primary key)');
  }
}

const persistence: ServicePersistenceOptions = { schema: 'probe', entities: [], migrations: [Migration20260101000000ApprovalProbe] };

/** A thing whose deletion the probe's `apply` refuses after having deleted it: the rollback case. */
const LOCKED_THING = 't-locked';

/** Registers the probe's action needing approval on the service's (platform-provided) ApprovalService. */
@Injectable()
class ProbeActions implements OnModuleInit {
  constructor(private readonly approvals: ApprovalService) {}

  onModuleInit(): void {
    this.approvals.register<{ id: string }, { deleted: string }>('thing.delete', {
      requiredRoles: ['city-officer'],
      describe: (p) => `delete thing ${p.id}`,
      apply: async (em, p) => {
        await em.execute('delete from probe.thing where id = ?', [p.id]);
        if (p.id === LOCKED_THING) throw new ConflictError('PROBE.THING_LOCKED', `thing ${p.id} is locked`, { field: 'id', reason: 'locked' });
        return { deleted: p.id };
      },
    });
    // A batch whose line items are read page by page; apply counts what was approved.
    this.approvals.register<{ digest: string }, { items: number }>('thing.batch', {
      requiredRoles: ['city-officer'],
      hasItems: true,
      apply: async (em, _p, approval) => ({ items: (await this.approvals.allItems(em, approval.id)).length }),
    });
  }
}

@Module({
  imports: [PlatformModule.forService(persistence)],
  providers: [ProbeActions],
})
class ProbeModule {}

class ProbeConfig extends ServiceConfig {
  override SERVICE_NAME = 'probe';
}

const subjects = approvalSubjects('probe');

// Two officers of 长沙 (4301), a reviewer of 长沙, an officer of 株洲 (4302).
const alice = aUser({ id: 'u-alice', username: 'alice', roles: ['city-officer'], scope: '430100' });
const bob = aUser({ id: 'u-bob', username: 'bob', roles: ['city-officer'], scope: '430100' });
const dora = aUser({ id: 'u-dora', username: 'dora', roles: ['city-officer'], scope: '430100' });
const rita = aUser({ id: 'u-rita', username: 'rita', roles: ['reviewer'], scope: '430100' });
const carl = aUser({ id: 'u-carl', username: 'carl', roles: ['city-officer'], scope: '430200' });

describe('maker-checker approvals (real PostgreSQL + NATS)', () => {
  let infra: TestInfra;
  let svc: RunningProcess<ProbeConfig>;
  let orm: MikroORM;
  let sut: ApprovalService;
  let client: MiNatsClient;

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    svc = await startTestService(infra, ProbeModule, ProbeConfig, 'probe');
    orm = svc.get<MikroORM>(MikroORM);
    sut = svc.get(ApprovalService);
    client = testNatsClient(infra);
  });

  afterAll(async () => {
    await svc?.close();
    await infra?.close();
  });

  const addThing = (id: string) => orm.em.fork().execute('insert into probe.thing (id) values (?)', [id]);

  const propose = (actor: Actor, thingId: string, admdvs = '430102'): Promise<ApprovalView> =>
    asActor(actor, () =>
      sut.propose({ action: 'thing.delete', targetType: 'thing', targetId: thingId, admdvs, payload: { id: thingId }, reason: 'duplicate registration' }),
    );

  const call = <T>(actor: Actor, subject: string, body: object): Promise<Reply<T>> => asActor(actor, () => client.requestReply<T>(subject, body));
  const codeOf = (reply: Reply<unknown>): string | undefined => (reply.ok ? undefined : reply.error.code);
  const dataOf = <T>(reply: Reply<T>): T => {
    if (!reply.ok) throw new Error(`expected an ok reply, got ${JSON.stringify(reply.error)}`);
    return reply.data;
  };

  /** Everything one approval changed: its row, its thing, its audit rows and its outbox events. */
  const snapshot = async (approvalId: string, thingId: string) => {
    const em = orm.em.fork();
    const [row] = await em.execute<{ status: string; result: unknown; decided_by_id: string | null; version: number }[]>(
      'select status, result, decided_by_id, version from probe.approval where id = ?',
      [approvalId],
    );
    const things = await em.execute<{ id: string }[]>('select id from probe.thing where id = ?', [thingId]);
    const audit = await em.execute<{ action: string }[]>(`select action from probe.audit_log where target_type = 'approval' and target_id = ? order by seq`, [
      approvalId,
    ]);
    const events = await em.execute<{ type: string }[]>(`select type from probe.outbox where envelope->>'aggregateId' = ? order by seq`, [approvalId]);
    return {
      status: row?.status,
      result: row?.result ?? null,
      decidedBy: row?.decided_by_id ?? null,
      version: row?.version,
      thingExists: things.length === 1,
      audit: audit.map((a) => a.action),
      events: events.map((e) => e.type),
    };
  };

  const pendingSnapshot = {
    status: 'PENDING',
    result: null,
    decidedBy: null,
    version: 1,
    thingExists: true,
    audit: ['approval.propose'],
    events: ['ApprovalRequested'],
  };

  it('a city officer proposes, a second officer of the same city approves: the change, the approval, audit and events commit together', async () => {
    await addThing('t-approve');
    const proposed = await propose(alice, 't-approve');
    expect(proposed).toMatchObject({
      action: 'thing.delete',
      targetType: 'thing',
      targetId: 't-approve',
      admdvs: '430102',
      summary: 'delete thing t-approve',
      payload: { id: 't-approve' },
      reason: 'duplicate registration',
      status: 'PENDING',
      requiredRoles: ['city-officer'],
      proposedBy: { kind: 'user', id: 'u-alice', name: 'alice', roles: ['city-officer'], scope: '430100' },
    });
    expect(await snapshot(proposed.id, 't-approve')).toEqual(pendingSnapshot);
    const todo = dataOf(await call<ApprovalPage>(bob, subjects.list, { status: 'PENDING' }));
    expect(todo.items.map((a) => a.id)).toContain(proposed.id);

    const decided = dataOf(await call<ApprovalView>(bob, subjects.decide, { id: proposed.id, decision: 'approve', note: 'checked against the registry' }));
    expect(decided).toMatchObject({
      id: proposed.id,
      status: 'APPROVED',
      decidedBy: { kind: 'user', id: 'u-bob', name: 'bob', roles: ['city-officer'], scope: '430100' },
      decisionNote: 'checked against the registry',
      result: { deleted: 't-approve' },
    });
    expect(await snapshot(proposed.id, 't-approve')).toEqual({
      status: 'APPROVED',
      result: { deleted: 't-approve' },
      decidedBy: 'u-bob',
      version: 2,
      thingExists: false,
      audit: ['approval.propose', 'approval.approve'],
      events: ['ApprovalRequested', 'ApprovalDecided'],
    });
    expect(dataOf(await call<ApprovalView>(alice, subjects.get, { id: proposed.id }))).toEqual(decided);

    // The events are on their subjects and satisfy the published event contract.
    const envelopes = await orm.em
      .fork()
      .execute<{ subject: string; envelope: object }[]>(`select subject, envelope from probe.outbox where envelope->>'aggregateId' = ? order by seq`, [
        proposed.id,
      ]);
    expect(envelopes.map((e) => e.subject)).toEqual(['evt.probe.ApprovalRequested', 'evt.probe.ApprovalDecided']);
    for (const { envelope } of envelopes) expect(validateSync(plainToInstance(ApprovalEvent, envelope), { forbidUnknownValues: true })).toEqual([]);
    expect(envelopes[1].envelope).toMatchObject({
      admdvs: '430102',
      payload: { approvalId: proposed.id, status: 'APPROVED', proposedById: 'u-alice', decidedById: 'u-bob' },
    });
  });

  it('refuses the proposer deciding their own proposal (FORBIDDEN.SAME_PERSON, 403) and changes nothing', async () => {
    await addThing('t-self');
    const proposed = await propose(alice, 't-self');
    expect(codeOf(await call(alice, subjects.decide, { id: proposed.id, decision: 'approve' }))).toBe('FORBIDDEN.SAME_PERSON');
    expect(codeOf(await call(alice, subjects.decide, { id: proposed.id, decision: 'reject' }))).toBe('FORBIDDEN.SAME_PERSON');
    expect(await snapshot(proposed.id, 't-self')).toEqual(pendingSnapshot);
  });

  it('refuses a decider without the required role, and a service deciding on its own', async () => {
    await addThing('t-role');
    const proposed = await propose(alice, 't-role');
    const refused = await call(rita, subjects.decide, { id: proposed.id, decision: 'approve' });
    expect(codeOf(refused)).toBe('FORBIDDEN.ROLE');
    // Outside a request scope the test client calls as a system actor, which holds no roles.
    expect(codeOf(await client.requestReply(subjects.decide, { id: proposed.id, decision: 'approve' }))).toBe('FORBIDDEN.ROLE');
    expect(await snapshot(proposed.id, 't-role')).toEqual(pendingSnapshot);
  });

  it("hides another city's approval: NOT_FOUND on get and decide, absent from its list", async () => {
    await addThing('t-region');
    const proposed = await propose(alice, 't-region');
    expect(codeOf(await call(carl, subjects.get, { id: proposed.id }))).toBe('NOT_FOUND');
    expect(codeOf(await call(carl, subjects.decide, { id: proposed.id, decision: 'approve' }))).toBe('NOT_FOUND');
    expect(codeOf(await call(carl, subjects.withdraw, { id: proposed.id }))).toBe('NOT_FOUND');
    const theirs = dataOf(await call<ApprovalPage>(carl, subjects.list, {}));
    expect(theirs.items.map((a) => a.id)).not.toContain(proposed.id);
    expect(theirs.items.every((a) => a.admdvs.startsWith('4302'))).toBe(true);
    expect(dataOf(await call<ApprovalPage>(alice, subjects.list, {})).items.map((a) => a.id)).toContain(proposed.id);
    // The platform itself (system, unrestricted) sees every region.
    expect(dataOf(await client.requestReply<ApprovalPage>(subjects.list, { limit: 200 })).items.map((a) => a.id)).toContain(proposed.id);
    // Nor may an officer propose outside their region.
    await addThing('t-region-2');
    await expect(propose(carl, 't-region-2')).rejects.toMatchObject({ code: 'FORBIDDEN.REGION' });
    expect(await snapshot(proposed.id, 't-region')).toEqual(pendingSnapshot);
  });

  it('keeps one pending proposal per target; a new one is accepted once the first is decided', async () => {
    await addThing('t-dup');
    const first = await propose(alice, 't-dup');
    const second = await propose(bob, 't-dup').catch((e: DomainError) => e);
    expect(second).toMatchObject({ code: 'APPROVAL.ALREADY_PENDING', details: { pendingId: first.id } });
    const rows = await orm.em.fork().execute<{ n: string }[]>(`select count(*)::text as n from probe.approval where target_id = 't-dup'`);
    expect(rows[0].n).toBe('1');
    expect(await snapshot(first.id, 't-dup')).toEqual(pendingSnapshot);

    dataOf(await call(bob, subjects.decide, { id: first.id, decision: 'reject' }));
    const third = await propose(bob, 't-dup');
    expect(third.status).toBe('PENDING');
  });

  it('rejecting records the decision and leaves the target untouched', async () => {
    await addThing('t-reject');
    const proposed = await propose(alice, 't-reject');
    const decided = dataOf(await call<ApprovalView>(bob, subjects.decide, { id: proposed.id, decision: 'reject', note: 'not a duplicate' }));
    expect(decided).toMatchObject({ status: 'REJECTED', decidedBy: { id: 'u-bob' }, decisionNote: 'not a duplicate' });
    expect(decided.result).toBeUndefined();
    expect(await snapshot(proposed.id, 't-reject')).toEqual({
      status: 'REJECTED',
      result: null,
      decidedBy: 'u-bob',
      version: 2,
      thingExists: true,
      audit: ['approval.propose', 'approval.reject'],
      events: ['ApprovalRequested', 'ApprovalDecided'],
    });
  });

  it('rolls everything back when apply fails: the change, the decision, its audit row and its event', async () => {
    await addThing(LOCKED_THING);
    const proposed = await propose(alice, LOCKED_THING);
    const failed = await call(bob, subjects.decide, { id: proposed.id, decision: 'approve' });
    expect(failed).toEqual({
      ok: false,
      error: { code: 'PROBE.THING_LOCKED', message: `thing ${LOCKED_THING} is locked`, details: { field: 'id', reason: 'locked' } },
    });
    expect(await snapshot(proposed.id, LOCKED_THING)).toEqual(pendingSnapshot);
    // Still open: it can be decided otherwise.
    dataOf(await call(bob, subjects.decide, { id: proposed.id, decision: 'reject', note: 'locked' }));
    expect((await snapshot(proposed.id, LOCKED_THING)).status).toBe('REJECTED');
  });

  it('lets only the proposer withdraw, and only while pending', async () => {
    await addThing('t-withdraw');
    const proposed = await propose(alice, 't-withdraw');
    expect(codeOf(await call(bob, subjects.withdraw, { id: proposed.id }))).toBe('FORBIDDEN.NOT_PROPOSER');
    expect(await snapshot(proposed.id, 't-withdraw')).toEqual(pendingSnapshot);

    const withdrawn = dataOf(await call<ApprovalView>(alice, subjects.withdraw, { id: proposed.id }));
    expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', decidedBy: { id: 'u-alice' } });
    const after = {
      status: 'WITHDRAWN',
      result: null,
      decidedBy: 'u-alice',
      version: 2,
      thingExists: true,
      audit: ['approval.propose', 'approval.withdraw'],
      events: ['ApprovalRequested', 'ApprovalWithdrawn'],
    };
    expect(await snapshot(proposed.id, 't-withdraw')).toEqual(after);
    expect(codeOf(await call(alice, subjects.withdraw, { id: proposed.id }))).toBe('APPROVAL.NOT_PENDING');
    expect(codeOf(await call(bob, subjects.decide, { id: proposed.id, decision: 'approve' }))).toBe('APPROVAL.NOT_PENDING');
    expect(await snapshot(proposed.id, 't-withdraw')).toEqual(after);
  });

  it('refuses deciding an approval that is already decided', async () => {
    await addThing('t-twice');
    const proposed = await propose(alice, 't-twice');
    dataOf(await call(bob, subjects.decide, { id: proposed.id, decision: 'approve' }));
    const decided = await snapshot(proposed.id, 't-twice');
    expect(decided).toMatchObject({ status: 'APPROVED', decidedBy: 'u-bob', thingExists: false });
    expect(codeOf(await call(dora, subjects.decide, { id: proposed.id, decision: 'approve' }))).toBe('APPROVAL.NOT_PENDING');
    expect(codeOf(await call(bob, subjects.decide, { id: proposed.id, decision: 'reject' }))).toBe('APPROVAL.NOT_PENDING');
    expect(await snapshot(proposed.id, 't-twice')).toEqual(decided);
  });

  it('serialises racing proposals and racing decisions: one wins, the change is applied once', async () => {
    await addThing('t-race');
    const proposals = await Promise.allSettled([propose(alice, 't-race'), propose(bob, 't-race'), propose(dora, 't-race')]);
    const won = proposals.filter((p): p is PromiseFulfilledResult<ApprovalView> => p.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(proposals.filter((p) => p.status === 'rejected').map((p) => (p as PromiseRejectedResult).reason.code)).toEqual([
      'APPROVAL.ALREADY_PENDING',
      'APPROVAL.ALREADY_PENDING',
    ]);
    const id = won[0].value.id;
    const deciders = [alice, bob, dora].filter((u) => u.id !== won[0].value.proposedBy.id);
    const replies = await Promise.all(deciders.map((u) => call(u, subjects.decide, { id, decision: 'approve' })));
    expect(replies.map(codeOf).sort()).toEqual(['APPROVAL.NOT_PENDING', undefined]);
    expect(await snapshot(id, 't-race')).toMatchObject({
      status: 'APPROVED',
      thingExists: false,
      audit: ['approval.propose', 'approval.approve'],
      events: ['ApprovalRequested', 'ApprovalDecided'],
    });
  });

  it('records an automatic proposal by a service as system, decided by a person', async () => {
    await addThing('t-auto');
    const proposed = await propose({ kind: 'system', id: 'probe-scheduler', scope: '' }, 't-auto');
    expect(proposed.proposedBy).toEqual({ kind: 'system', id: 'probe-scheduler', name: 'probe-scheduler', roles: [], scope: '' });
    dataOf(await call(dora, subjects.decide, { id: proposed.id, decision: 'approve' }));
    expect(await snapshot(proposed.id, 't-auto')).toMatchObject({ status: 'APPROVED', decidedBy: 'u-dora', thingExists: false });
  });

  it('refuses unknown actions, invalid requests and unknown ids', async () => {
    await expect(
      asActor(alice, () => sut.propose({ action: 'thing.explode', targetType: 'thing', targetId: 'x', admdvs: '430102', payload: {}, reason: 'r' })),
    ).rejects.toMatchObject({ code: 'APPROVAL.UNKNOWN_ACTION' });
    await expect(
      asActor(alice, () => sut.propose({ action: 'thing.delete', targetType: 'thing', targetId: 'x', admdvs: '430102', payload: { id: 'x' }, reason: '  ' })),
    ).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'reason' } });
    const invalid = await call(bob, subjects.decide, { id: 'nope', decision: 'maybe', extra: 1 });
    expect(codeOf(invalid)).toBe('VALIDATION');
    expect(codeOf(await call(bob, subjects.list, { limit: 500 }))).toBe('VALIDATION');
    expect(codeOf(await call(bob, subjects.get, { id: '01a206ef-8368-75e7-ae5a-68b830ca9ee0' }))).toBe('NOT_FOUND');
    const rows = await orm.em.fork().execute<{ n: string }[]>(`select count(*)::text as n from probe.approval where target_id = 'x'`);
    expect(rows[0].n).toBe('0');
  });

  it('keeps a proposal’s line items with it: stored in its transaction, read page by page or by key, in its region only', async () => {
    const items = Array.from({ length: 7 }, (_, k) => ({ key: `H${k}/310`, item: { institutionCode: `H${k}`, netFen: String(k * 100) } }));
    const batch = (actor: Actor, targetId: string, list = items) =>
      asActor(actor, () =>
        sut.propose({ action: 'thing.batch', targetType: 'batch', targetId, admdvs: '430102', payload: { digest: 'd' }, reason: 'monthly', items: list }),
      );
    const proposed = await batch(alice, 'b1');
    expect(proposed.payload).toEqual({ digest: 'd' });
    const page = dataOf(await call<ApprovalItemPage>(bob, subjects.items, { id: proposed.id, limit: 3, offset: 3 }));
    expect([page.total, page.items.map((i) => i.key)]).toEqual([7, ['H3/310', 'H4/310', 'H5/310']]);
    const one = dataOf(await call<ApprovalItemPage>(bob, subjects.items, { id: proposed.id, key: 'H6/310' }));
    expect(one).toMatchObject({ total: 1, items: [{ key: 'H6/310', item: { institutionCode: 'H6', netFen: '600' } }] });
    expect(codeOf(await call(carl, subjects.items, { id: proposed.id }))).toBe('NOT_FOUND');
    expect(codeOf(await call(bob, subjects.items, { id: proposed.id, limit: 0 }))).toBe('VALIDATION');
    // An action without items has none; apply reads every item of what it approves.
    await addThing('t-plain');
    const plain = await propose(alice, 't-plain');
    expect(dataOf(await call<ApprovalItemPage>(bob, subjects.items, { id: plain.id }))).toMatchObject({ total: 0, items: [] });
    expect(dataOf(await call<ApprovalView>(bob, subjects.decide, { id: proposed.id, decision: 'approve' })).result).toEqual({ items: 7 });
    // Items are what was approved: never changed afterwards.
    await expect(orm.em.fork().execute(`delete from probe.approval_item where approval_id = ?`, [proposed.id])).rejects.toThrow(/append-only/);
    // Two items with one key, or items for an action that has none: refused, nothing stored.
    await expect(batch(alice, 'b2', [items[0], items[0]])).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'items[1].key' } });
    await expect(
      asActor(alice, () =>
        sut.propose({ action: 'thing.delete', targetType: 'thing', targetId: 't-x', admdvs: '430102', payload: { id: 't-x' }, reason: 'r', items }),
      ),
    ).rejects.toThrow(/hasItems/);
    const rows = await orm.em.fork().execute<{ n: string }[]>(`select count(*)::text as n from probe.approval where target_id in ('b2', 't-x')`);
    expect(rows[0].n).toBe('0');
  });
});
