import { jetstreamManager } from '@nats-io/jetstream';
import { AgreementEventSubjects, AgreementSubjects, type AgreementView } from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import { type MiNatsClient, OutboxRelay, type RunningProcess } from '@mi/platform';
import { asActor, createTestInfra, type TestInfra, testNatsClient } from '@mi/testing';
import { AgreementSweeper } from '../src/agreement/agreement-sweeper';
import { AgreementConfig } from '../src/config';
import { EligibilityCache } from '../src/eligibility/eligibility-cache';
import { persistence } from '../src/persistence';
import { changsha, designate, maker, startAgreementService } from './agreement-fixtures';

describe('voluntary termination by the institution, 3 months ahead (AGR-08)', () => {
  let infra: TestInfra;
  let sut: RunningProcess<AgreementConfig>;
  let client: MiNatsClient;
  // Monday 2 March 2026, 09:00 in Fuzhou.
  const clock = new ManualClock('2026-03-02T01:00:00.000Z');
  const pharmacy = 'P35010200051';
  const request = (body: Record<string, unknown>, actor = maker) =>
    asActor(actor, () => client.requestReply<AgreementView>(AgreementSubjects.requestVoluntaryTermination, body));
  const get = (code: string) => asActor(maker, () => client.request<AgreementView>(AgreementSubjects.getAgreement, { institutionCode: code }));

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startAgreementService(infra, clock);
    client = testNatsClient(infra);
    await designate(client, pharmacy);
  });

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
  });

  it('refuses bad input, short notice, a date after the term, another region and public hospitals; nothing changes', async () => {
    const bad = await request({ institutionCode: 'X1', reason: '', effectiveOn: '2026-02-30' });
    expect(bad.ok || (bad.error.details?.fields as { field: string }[]).map((f) => f.field).sort()).toEqual(['effectiveOn', 'institutionCode', 'reason']);
    const short = await request({ institutionCode: pharmacy, reason: '经营调整', effectiveOn: '2026-06-01' });
    expect(short.ok || short.error).toMatchObject({ code: 'AGREEMENT.NOTICE_TOO_SHORT', details: { rule: 'AGR-08', earliest: '2026-06-02' } });
    const late = await request({ institutionCode: pharmacy, reason: '经营调整', effectiveOn: '2027-01-01' });
    expect(late.ok || late.error.details).toMatchObject({ field: 'effectiveOn' });
    const foreign = await request({ institutionCode: pharmacy, reason: '经营调整', effectiveOn: '2026-07-01' }, changsha);
    expect(foreign.ok || foreign.error.code).toBe('NOT_FOUND');
    const hospital = await designate(client, 'H35010200052', { type: 'hospital' });
    expect(hospital.publicHospital).toBe(true);
    const publicHospital = await request({ institutionCode: hospital.institutionCode, reason: '撤并', effectiveOn: '2026-07-01' });
    expect(publicHospital.ok || publicHospital.error).toMatchObject({ code: 'AGREEMENT.PUBLIC_HOSPITAL', details: { rule: 'AGR-08' } });
    const a = await get(pharmacy);
    expect(a.status).toBe('ACTIVE');
    expect(a.terminationScheduledOn).toBeUndefined();
  });

  it('schedules it exactly 3 months ahead; the agreement stays in force until then and ends on ground 12 even after downtime', async () => {
    const ok = await request({ institutionCode: pharmacy, reason: '经营调整，停止医保业务', effectiveOn: '2026-06-02' });
    expect(ok.ok && ok.data).toMatchObject({ status: 'ACTIVE', terminationScheduledOn: '2026-06-02' });
    const twice = await request({ institutionCode: pharmacy, reason: '再次申请', effectiveOn: '2026-07-01' });
    expect(twice.ok || twice.error).toMatchObject({ code: 'AGREEMENT.TERMINATION_SCHEDULED', details: { effectiveOn: '2026-06-02' } });

    clock.set('2026-06-01T15:59:00.000Z'); // 23:59 on the last day in Fuzhou
    expect(await sut.get(AgreementSweeper).sweep()).toMatchObject({ terminated: 0 });
    expect(sut.get(EligibilityCache).check(pharmacy, clock.now()).eligible).toBe(true);
    // Settlement eligibility follows the scheduled instant, before any sweep.
    expect(sut.get(EligibilityCache).check(pharmacy, new Date('2026-06-01T16:00:00.000Z')).reasons).toEqual(['AGREEMENT_TERMINATED']);
    // Down at midnight; applied at the next start, effective at the scheduled instant.
    await sut.close();
    clock.set('2026-06-02T03:00:00.000Z');
    sut = await startAgreementService(infra, clock);
    const a = await get(pharmacy);
    expect(a).toMatchObject({ status: 'TERMINATED', terminationGround: 12, terminatedAt: '2026-06-01T16:00:00.000Z' });
    expect(a.terminationScheduledOn).toBeUndefined();
    expect(sut.get(EligibilityCache).check(pharmacy, clock.now()).reasons).toEqual(['AGREEMENT_TERMINATED']);
    await sut.get(OutboxRelay).drain();
    const jsm = await jetstreamManager(infra.nats.nc);
    const msg = await jsm.streams.getMessage(infra.nats.resolver.eventsStream, {
      last_by_subj: infra.nats.resolver.subject(AgreementEventSubjects.AgreementTerminated),
    });
    expect(msg?.json()).toMatchObject({ payload: { institutionCode: pharmacy, ground: 12, automatic: true, effectiveAt: '2026-06-01T16:00:00.000Z' } });
    expect(await sut.get(AgreementSweeper).sweep()).toMatchObject({ terminated: 0 });
    const after = await request({ institutionCode: pharmacy, reason: '经营调整', effectiveOn: '2026-10-01' });
    expect(after.ok || after.error.code).toBe('AGREEMENT.TERMINATED');
  });
});
