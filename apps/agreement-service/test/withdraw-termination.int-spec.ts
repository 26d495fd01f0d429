import { MikroORM } from '@mikro-orm/postgresql';
import { jetstreamManager } from '@nats-io/jetstream';
import {
  AgreementEventSubjects,
  AgreementSubjects,
  type AgreementView,
  VoluntaryTerminationScheduledEvent,
  VoluntaryTerminationWithdrawnEvent,
} from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import { AuditService, type MiNatsClient, OutboxRelay, type RunningProcess } from '@mi/platform';
import { asActor, createTestInfra, type TestInfra, testNatsClient } from '@mi/testing';
import { AgreementSweeper } from '../src/agreement/agreement-sweeper';
import { AgreementConfig } from '../src/config';
import { EligibilityCache } from '../src/eligibility/eligibility-cache';
import { persistence } from '../src/persistence';
import { changsha, designate, eventErrors, maker, startAgreementService } from './agreement-fixtures';

describe('withdrawing a scheduled voluntary termination before it takes effect (AGR-08)', () => {
  let infra: TestInfra;
  let sut: RunningProcess<AgreementConfig>;
  let client: MiNatsClient;
  const clock = new ManualClock('2026-03-02T01:00:00.000Z');
  const pharmacy = 'P35010200081';
  const other = 'P35010200082';
  const schedule = (effectiveOn: string) =>
    asActor(maker, () =>
      client.request<AgreementView>(AgreementSubjects.requestVoluntaryTermination, { institutionCode: pharmacy, reason: '经营调整', effectiveOn }),
    );
  const withdraw = (body: Record<string, unknown>, actor = maker) =>
    asActor(actor, () => client.requestReply<AgreementView>(AgreementSubjects.withdrawVoluntaryTermination, body));
  const lastEvent = async (subject: string) => {
    await sut.get(OutboxRelay).drain();
    const jsm = await jetstreamManager(infra.nats.nc);
    return (await jsm.streams.getMessage(infra.nats.resolver.eventsStream, { last_by_subj: infra.nats.resolver.subject(subject) }))?.json();
  };

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startAgreementService(infra, clock);
    client = testNatsClient(infra);
    await designate(client, pharmacy);
    await designate(client, other);
  });

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
  });

  it('withdraws before the day: the agreement carries on past it, with audit and events', async () => {
    expect((await schedule('2026-06-02')).terminationScheduledOn).toBe('2026-06-02');
    const scheduled = await lastEvent(AgreementEventSubjects.VoluntaryTerminationScheduled);
    expect(eventErrors(VoluntaryTerminationScheduledEvent, scheduled)).toEqual([]);
    expect(scheduled).toMatchObject({ payload: { institutionCode: pharmacy, effectiveOn: '2026-06-02' } });

    const bad = await withdraw({ institutionCode: 'X', reason: '' });
    expect(bad.ok || (bad.error.details?.fields as { field: string }[]).map((f) => f.field).sort()).toEqual(['institutionCode', 'reason']);
    const foreign = await withdraw({ institutionCode: pharmacy, reason: '继续经营' }, changsha);
    expect(foreign.ok || foreign.error.code).toBe('NOT_FOUND');
    const nothing = await withdraw({ institutionCode: other, reason: '继续经营' });
    expect(nothing.ok || nothing.error.code).toBe('AGREEMENT.NO_TERMINATION_SCHEDULED');

    clock.set('2026-06-01T15:59:00.000Z'); // 23:59 on the last day before it
    const ok = await withdraw({ institutionCode: pharmacy, reason: '经营恢复，继续医保业务' });
    expect(ok.ok && ok.data).toMatchObject({ status: 'ACTIVE' });
    expect(ok.ok && ok.data.terminationScheduledOn).toBeUndefined();
    const again = await withdraw({ institutionCode: pharmacy, reason: '再次撤回' });
    expect(again.ok || again.error.code).toBe('AGREEMENT.NO_TERMINATION_SCHEDULED');

    clock.set('2026-06-02T03:00:00.000Z');
    expect(await sut.get(AgreementSweeper).sweep()).toMatchObject({ terminated: 0 });
    expect(sut.get(EligibilityCache).check(pharmacy, clock.now()).eligible).toBe(true);
    const withdrawn = await lastEvent(AgreementEventSubjects.VoluntaryTerminationWithdrawn);
    expect(eventErrors(VoluntaryTerminationWithdrawnEvent, withdrawn)).toEqual([]);
    expect(withdrawn).toMatchObject({ payload: { institutionCode: pharmacy, effectiveOn: '2026-06-02', reason: '经营恢复，继续医保业务' } });
    const [row] = await sut
      .get(MikroORM)
      .em.fork()
      .execute<{ n: string }[]>(`select count(*)::text as n from agreement.audit_log where action = 'agreement.termination.withdraw'`);
    expect(row.n).toBe('1');
  });

  it('from 00:00 of the day it took effect it cannot be withdrawn, swept or not', async () => {
    clock.set('2026-06-02T04:00:00.000Z');
    expect((await schedule('2026-09-03')).terminationScheduledOn).toBe('2026-09-03');
    clock.set('2026-09-02T16:00:00.000Z'); // 00:00 on 3 September in Fuzhou, before any sweep
    const inEffect = await withdraw({ institutionCode: pharmacy, reason: '想继续经营' });
    expect(inEffect.ok || inEffect.error).toMatchObject({ code: 'AGREEMENT.TERMINATION_IN_EFFECT', details: { effectiveOn: '2026-09-03' } });
    expect(await sut.get(AgreementSweeper).sweep()).toMatchObject({ terminated: 1 });
    const after = await withdraw({ institutionCode: pharmacy, reason: '想继续经营' });
    expect(after.ok || after.error.code).toBe('AGREEMENT.TERMINATED');
    expect(await sut.get(AuditService).verify()).toMatchObject({ ok: true });
  });
});
