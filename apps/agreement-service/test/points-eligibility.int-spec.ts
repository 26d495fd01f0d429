import { MikroORM } from '@mikro-orm/postgresql';
import { jetstreamManager } from '@nats-io/jetstream';
import {
  AgreementEventSubjects,
  AgreementSubjects,
  type AgreementView,
  PointsDeductedEvent,
  type PointsView,
  type SettlementEligibilityReply,
  type TerminalView,
} from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import { type MiNatsClient, OutboxRelay, type RunningProcess } from '@mi/platform';
import { asActor, createTestInfra, type TestInfra, testNatsClient, waitFor } from '@mi/testing';
import { AgreementSweeper } from '../src/agreement/agreement-sweeper';
import { AgreementConfig } from '../src/config';
import { EligibilityCache } from '../src/eligibility/eligibility-cache';
import { persistence } from '../src/persistence';
import { designate, eventErrors, maker, startAgreementService } from './agreement-fixtures';

describe('12-point scoring and settlement eligibility', () => {
  let infra: TestInfra;
  let sut: RunningProcess<AgreementConfig>;
  let replica: RunningProcess<AgreementConfig>;
  let client: MiNatsClient;
  const clock = new ManualClock('2026-03-02T01:00:00.000Z');
  const pharmacy = 'P35010200021';
  const practitioner = 'Y350102000021';
  const psam = 'AABBCCDDEEFF0011';
  const start = () => startAgreementService(infra, clock);
  const deduct = (body: Record<string, unknown>) => asActor(maker, () => client.requestReply<PointsView>(AgreementSubjects.deductPoints, body));
  const eligibility = (body: Record<string, unknown>) => client.request<SettlementEligibilityReply>(AgreementSubjects.settlementEligibility, body);
  /** After a change one replica answers at once, the other once the event arrives: wait until both do. */
  const converged = async (what: string, ok: (c: EligibilityCache) => boolean) => {
    await Promise.all([sut.get(OutboxRelay).drain(), replica.get(OutboxRelay).drain()]);
    for (const r of [sut, replica]) await waitFor(async () => ok(r.get(EligibilityCache)), 5000, what);
  };
  const agreement = () => asActor(maker, () => client.request<AgreementView>(AgreementSubjects.getAgreement, { institutionCode: pharmacy }));

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await start();
    client = testNatsClient(infra);
    await designate(client, pharmacy);
    await asActor(maker, async () => {
      await client.request(AgreementSubjects.registerPractitioner, { code: practitioner, name: '陈药师', institutionCode: pharmacy, type: 'pharmacist' });
      await client.request<TerminalView>(AgreementSubjects.bindTerminal, { institutionCode: pharmacy, ip: '10.0.0.8', psamNo: psam, cashier: 'c01' });
    });
    // A second replica, started after the data exists: its cache is built at boot.
    replica = await start();
  });

  afterAll(async () => {
    await replica?.close();
    await sut?.close();
    await infra?.close();
  });

  it('answers eligibility from memory: agreement, practitioner, terminal and time', async () => {
    expect(await eligibility({ institutionCode: pharmacy, practitionerCode: practitioner, psamNo: psam })).toMatchObject({ eligible: true, reasons: [] });
    expect(replica.get(EligibilityCache).check(pharmacy, clock.now(), practitioner, psam).eligible).toBe(true);
    expect(await eligibility({ institutionCode: 'P35010299999' })).toEqual({ eligible: false, reasons: ['NO_AGREEMENT'] });
    expect((await eligibility({ institutionCode: pharmacy, psamNo: '0000000000000000', practitionerCode: 'Y999999999999' })).reasons).toEqual([
      'PRACTITIONER_UNKNOWN',
      'TERMINAL_NOT_BOUND',
    ]);
    expect((await eligibility({ institutionCode: pharmacy, at: '2026-03-01T23:59:00+08:00' })).reasons).toEqual(['NOT_YET_VALID']);
    expect((await eligibility({ institutionCode: pharmacy, at: '2027-01-01T00:00:00+08:00' })).reasons).toEqual(['AGREEMENT_EXPIRED']);
    const bad = await client.requestReply(AgreementSubjects.settlementEligibility, { institutionCode: 'X1', psamNo: 'zz', at: 'yesterday' });
    expect(bad.ok || (bad.error.details?.fields as { field: string }[]).map((f) => f.field).sort()).toEqual(['at', 'institutionCode', 'psamNo']);
  });

  it('follows an unbinding on this replica at once and on the other through the event', async () => {
    const [t] = (await asActor(maker, () => client.request<{ items: TerminalView[] }>(AgreementSubjects.listTerminals, { institutionCode: pharmacy }))).items;
    await asActor(maker, () => client.request(AgreementSubjects.unbindTerminal, { id: t.id, reason: '终端报废' }));
    // The replica that handled the request refreshed before answering; the other follows the event.
    const unbound = (r: RunningProcess<AgreementConfig>) =>
      r.get(EligibilityCache).check(pharmacy, clock.now(), undefined, psam).reasons.includes('TERMINAL_NOT_BOUND');
    expect(unbound(sut) || unbound(replica)).toBe(true);
    await sut.get(OutboxRelay).drain();
    await waitFor(
      async () => replica.get(EligibilityCache).check(pharmacy, clock.now(), undefined, psam).reasons.length === 1,
      5000,
      'replica follows unbinding',
    );
    await asActor(maker, () => client.request(AgreementSubjects.bindTerminal, { institutionCode: pharmacy, ip: '10.0.0.9', psamNo: psam, cashier: 'c01' }));
  });

  it('deducts points from the city table; 6 suspends the pharmacy 3 months, and every replica refuses its settlements', async () => {
    const first = await deduct({
      subjectType: 'pharmacy',
      subjectCode: pharmacy,
      item: 'no-real-name-purchase',
      occurredOn: '2026-02-20',
      note: '未核验参保人身份',
    });
    expect(first.ok && first.data).toMatchObject({ total: 3, year: 2026 });
    expect(first.ok && first.data.consequence).toBeUndefined();
    const second = await deduct({ subjectType: 'pharmacy', subjectCode: pharmacy, item: 'excess-quantity', occurredOn: '2026-03-01', note: '超量开药' });
    expect(second.ok && second.data).toMatchObject({ total: 6, consequence: 'SUSPENDED_3_MONTHS' });
    expect(second.ok && second.data.history.map((h) => h.points)).toEqual([3, 3]);
    const a = await agreement();
    expect(a.status).toBe('SUSPENDED');
    expect(a.suspensions).toEqual([expect.objectContaining({ kind: 'POINTS', startsOn: '2026-03-02', endsOn: '2026-06-01' })]);
    await converged('both replicas refuse the suspended pharmacy', (c) => c.check(pharmacy, clock.now()).reasons[0] === 'AGREEMENT_SUSPENDED');
    expect((await eligibility({ institutionCode: pharmacy })).reasons).toEqual(['AGREEMENT_SUSPENDED']);
    await sut.get(OutboxRelay).drain();
    await waitFor(
      async () => replica.get(EligibilityCache).check(pharmacy, clock.now()).reasons[0] === 'AGREEMENT_SUSPENDED',
      5000,
      'replica follows suspension',
    );
    const jsm = await jetstreamManager(infra.nats.nc);
    const msg = await jsm.streams.getMessage(infra.nats.resolver.eventsStream, {
      last_by_subj: infra.nats.resolver.subject(AgreementEventSubjects.PointsDeducted),
    });
    expect(msg?.json()).toMatchObject({ type: 'PointsDeducted', payload: { total: 6, consequence: 'SUSPENDED_3_MONTHS' } });
    expect(eventErrors(PointsDeductedEvent, msg?.json())).toEqual([]);
  });

  it('refuses unknown items, future dates and non-pharmacies; nothing is recorded', async () => {
    const unknown = await deduct({ subjectType: 'pharmacy', subjectCode: pharmacy, item: 'jaywalking', occurredOn: '2026-03-01', note: 'x' });
    expect(unknown.ok || unknown.error).toMatchObject({ code: 'AGREEMENT.UNKNOWN_DEDUCTION_ITEM', details: { field: 'item' } });
    const future = await deduct({ subjectType: 'pharmacy', subjectCode: pharmacy, item: 'labels-missing', occurredOn: '2026-04-01', note: 'x' });
    expect(future.ok || future.error.details).toMatchObject({ field: 'occurredOn' });
    const bad = await deduct({ subjectType: 'hospital', subjectCode: 'h1', item: 'X', occurredOn: 'today', note: '' });
    expect(bad.ok || (bad.error.details?.fields as { field: string }[]).map((f) => f.field).sort()).toEqual([
      'item',
      'note',
      'occurredOn',
      'subjectCode',
      'subjectType',
    ]);
    const points = await asActor(maker, () => client.request<PointsView>(AgreementSubjects.getPoints, { subjectType: 'pharmacy', subjectCode: pharmacy }));
    expect(points.total).toBe(6);
  });

  it('suspends a practitioner at 6 points until the sweeper reinstates them; totals reset each year', async () => {
    const r = await deduct({ subjectType: 'practitioner', subjectCode: practitioner, item: 'swap-drugs', occurredOn: '2026-03-02', note: '串换药品' });
    expect(r.ok && r.data).toMatchObject({ total: 6, consequence: 'SUSPENDED_3_MONTHS' });
    const may = new Date('2026-05-01T10:00:00+08:00');
    await converged('both replicas know the practitioner is suspended', (c) =>
      c.check(pharmacy, may, practitioner).reasons.includes('PRACTITIONER_NOT_ACTIVE'),
    );
    expect((await eligibility({ institutionCode: pharmacy, practitionerCode: practitioner, at: '2026-05-01T10:00:00+08:00' })).reasons).toContain(
      'PRACTITIONER_NOT_ACTIVE',
    );
    clock.set('2026-06-01T16:00:00.000Z');
    // Both replicas sweep at once: each due transition is applied exactly once (SKIP LOCKED + re-check).
    const [a, b] = await Promise.all([sut.get(AgreementSweeper).sweep(), replica.get(AgreementSweeper).sweep()]);
    expect([a.resumed + b.resumed, a.practitionersReinstated + b.practitionersReinstated]).toEqual([1, 1]);
    const [{ n }] = await sut
      .get(MikroORM)
      .em.fork()
      .execute<{ n: string }[]>(`select count(*)::text as n from agreement.outbox where type = 'AgreementResumed'`);
    expect(n).toBe('1');
    await converged('both replicas answer eligible', (c) => c.check(pharmacy, clock.now(), practitioner, psam).eligible);
    expect(await eligibility({ institutionCode: pharmacy, practitionerCode: practitioner, psamNo: psam })).toMatchObject({ eligible: true });
    clock.set('2027-01-04T01:00:00.000Z');
    const fresh = await asActor(maker, () =>
      client.request<PointsView>(AgreementSubjects.getPoints, { subjectType: 'practitioner', subjectCode: practitioner }),
    );
    expect(fresh).toMatchObject({ year: 2027, total: 0, history: [] });
    const last = await asActor(maker, () =>
      client.request<PointsView>(AgreementSubjects.getPoints, { subjectType: 'practitioner', subjectCode: practitioner, year: 2026 }),
    );
    expect(last.total).toBe(6);
  });

  it('cancels the designation at 12 points', async () => {
    clock.set('2026-07-01T01:00:00.000Z');
    const r = await deduct({ subjectType: 'pharmacy', subjectCode: pharmacy, item: 'swap-drugs', occurredOn: '2026-06-30', note: '串换药品' });
    expect(r.ok && r.data).toMatchObject({ total: 12, consequence: 'CANCELLED' });
    expect(await agreement()).toMatchObject({ status: 'TERMINATED', terminationGround: 13 });
    await converged('both replicas know the designation is cancelled', (c) => c.check(pharmacy, clock.now()).reasons[0] === 'AGREEMENT_TERMINATED');
    expect((await eligibility({ institutionCode: pharmacy })).reasons).toEqual(['AGREEMENT_TERMINATED']);
  });
});
