import { MikroORM } from '@mikro-orm/postgresql';
import { jetstreamManager } from '@nats-io/jetstream';
import {
  AgreementEventSubjects,
  AgreementExpiredEvent,
  AgreementResumedEvent,
  AgreementSignedEvent,
  AgreementSubjects,
  AgreementSuspendedEvent,
  AgreementTerminatedEvent,
  type AgreementView,
  approvalSubjects,
  type ProposalReply,
} from '@mi/contracts';
import { type DomainError, ManualClock } from '@mi/domain';
import { AuditService, type MiNatsClient, OutboxRelay, type RunningProcess } from '@mi/platform';
import { asActor, aUser, createTestInfra, type TestInfra, testNatsClient } from '@mi/testing';
import { AgreementSweeper } from '../src/agreement/agreement-sweeper';
import { AgreementConfig } from '../src/config';
import { EligibilityCache } from '../src/eligibility/eligibility-cache';
import { persistence } from '../src/persistence';
import { approve, changsha, checker, designate, eventErrors, maker, startAgreementService } from './agreement-fixtures';

const EVENT_CLASSES: Record<string, new () => object> = {
  [AgreementEventSubjects.AgreementSigned]: AgreementSignedEvent,
  [AgreementEventSubjects.AgreementSuspended]: AgreementSuspendedEvent,
  [AgreementEventSubjects.AgreementResumed]: AgreementResumedEvent,
  [AgreementEventSubjects.AgreementTerminated]: AgreementTerminatedEvent,
  [AgreementEventSubjects.AgreementExpired]: AgreementExpiredEvent,
};

const DAY = 86_400_000;

describe('agreement lifecycle over NATS', () => {
  let infra: TestInfra;
  let sut: RunningProcess<AgreementConfig>;
  let client: MiNatsClient;
  // Monday 2 March 2026, 09:00 in Fuzhou.
  const clock = new ManualClock('2026-03-02T01:00:00.000Z');

  const start = () => startAgreementService(infra, clock);
  const get = (code: string) => asActor(maker, () => client.request<AgreementView>(AgreementSubjects.getAgreement, { institutionCode: code }));
  const propose = (subject: string, body: Record<string, unknown>) => asActor(maker, () => client.requestReply<ProposalReply>(subject, body));
  const suspension = (code: string, startsOn: string, endsOn: string) => ({
    institutionCode: code,
    reason: '日常检查发现重大风险隐患',
    legalBasis: '《医疗机构医疗保障定点管理暂行办法》第四十二条',
    startsOn,
    endsOn,
  });
  const lastEvent = async (subject: string) => {
    await sut.get(OutboxRelay).drain();
    const jsm = await jetstreamManager(infra.nats.nc);
    const msg = await jsm.streams.getMessage(infra.nats.resolver.eventsStream, { last_by_subj: infra.nats.resolver.subject(subject) });
    const event = msg?.json<{ type: string; payload: Record<string, unknown> }>();
    // Every event passes the validation its consumers run.
    expect(eventErrors(EVENT_CLASSES[subject], event)).toEqual([]);
    return event;
  };

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await start();
    client = testNatsClient(infra);
  });

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
  });

  it('signs a natural-year agreement (pro rata) with typed indicators, by maker-checker', async () => {
    const a = await designate(client, 'P35010200001');
    expect(a).toMatchObject({
      institutionCode: 'P35010200001',
      status: 'ACTIVE',
      validFrom: '2026-03-02',
      validTo: '2026-12-31',
      number: '350100-2026-P35010200001',
      indicators: { westernStockingRatePct: 80, patentChineseStockingRatePct: 60, selfPayRatioPct: 10 },
      terms: { templateId: 'PROV-MODEL', title: '医疗保障定点医药机构服务协议（省范本）' },
    });
    // The model agreement's articles for a pharmacy, with the agreed figures in their article.
    const articles = a.terms?.articles ?? [];
    expect(articles[0]).toMatchObject({ no: '第一条', key: 'parties' });
    expect(articles.map((x) => x.key)).toContain('pharmacy');
    expect(articles.map((x) => x.key)).not.toContain('inpatient');
    expect(articles.find((x) => x.key === 'indicators')?.text).toContain('西药备药率不低于80%；中成药备药率不低于60%；个人自费比例不高于10%');
    expect(await lastEvent(AgreementEventSubjects.AgreementSigned)).toMatchObject({
      type: 'AgreementSigned',
      payload: { validTo: '2026-12-31', poolarea: '350100' },
    });
  });

  it('records who signed for the institution (both sides sign); a signature dated after today is refused naming the field', async () => {
    const signed = await designate(client, 'P35010200008', { signatory: { name: '林某', position: '法定代表人', signedOn: '2026-03-01' } });
    expect(signed.institutionSignatory).toEqual({ name: '林某', position: '法定代表人', signedOn: '2026-03-01' });
    const late = await designate(client, 'P35010200009', { signatory: { name: '陈某', position: '法定代表人', signedOn: '2026-03-03' } }).then(
      () => null,
      (e: DomainError) => ({ code: e.code, field: e.details.field }),
    );
    expect(late).toEqual({ code: 'VALIDATION', field: 'institutionSignatory.signedOn' });
  });

  it('suspends only after a second officer approves; the proposer cannot approve himself', async () => {
    const p = await propose(AgreementSubjects.proposeSuspension, suspension('P35010200001', '2026-03-02', '2026-03-31'));
    expect(p.ok).toBe(true);
    const id = (p as { data: ProposalReply }).data.approvalId;
    expect((await get('P35010200001')).status).toBe('ACTIVE');
    const self = await asActor(maker, () => client.requestReply(approvalSubjects('agreement').decide, { id, decision: 'approve' }));
    expect(self.ok || self.error.code).toBe('FORBIDDEN.SAME_PERSON');
    expect(sut.get(EligibilityCache).check('P35010200001', clock.now()).eligible).toBe(true);
    await approve(client, id);
    // This replica's cache was refreshed when the approving transaction committed, before the reply.
    expect(sut.get(EligibilityCache).check('P35010200001', clock.now()).reasons).toEqual(['AGREEMENT_SUSPENDED']);
    const a = await get('P35010200001');
    expect(a.status).toBe('SUSPENDED');
    expect(a.suspensions).toEqual([expect.objectContaining({ kind: 'MANDATORY', status: 'ACTIVE', startsOn: '2026-03-02', endsOn: '2026-03-31' })]);
    expect(await lastEvent(AgreementEventSubjects.AgreementSuspended)).toMatchObject({ payload: { institutionCode: 'P35010200001', endsOn: '2026-03-31' } });
  });

  it('refuses an overlapping suspension, at proposal and again at approval; nothing changes', async () => {
    const r = await propose(AgreementSubjects.proposeSuspension, suspension('P35010200001', '2026-03-20', '2026-04-10'));
    expect(r.ok || r.error).toMatchObject({ code: 'AGREEMENT.SUSPENSION_OVERLAP', details: { field: 'startsOn' } });
    const bad = await propose(AgreementSubjects.proposeSuspension, { ...suspension('P35010200001', '2026-04-10', '2026-04-01'), legalBasis: '' });
    expect(bad.ok || (bad.error.details?.fields as { field: string }[]).map((f) => f.field)).toEqual(['legalBasis']);
    const reversed = await propose(AgreementSubjects.proposeSuspension, suspension('P35010200001', '2026-04-10', '2026-04-01'));
    expect(reversed.ok || reversed.error.details).toMatchObject({ field: 'endsOn' });
    expect((await get('P35010200001')).suspensions).toHaveLength(1);

    // Checked again when the second officer approves: the state may have changed since the proposal.
    await designate(client, 'P35010200004');
    const pending = await propose(AgreementSubjects.proposeSuspension, suspension('P35010200004', '2026-06-10', '2026-06-20'));
    const voluntary = { institutionCode: 'P35010200004', reason: '门店装修', startsOn: '2026-06-15', endsOn: '2026-06-30' };
    await asActor(maker, () => client.request(AgreementSubjects.requestVoluntarySuspension, voluntary));
    const approvalId = (pending as { data: ProposalReply }).data.approvalId;
    const late = await asActor(checker, () => client.requestReply(approvalSubjects('agreement').decide, { id: approvalId, decision: 'approve' }));
    expect(late.ok || late.error.code).toBe('AGREEMENT.SUSPENSION_OVERLAP');
    const still = await asActor(checker, () => client.request<{ status: string }>(approvalSubjects('agreement').get, { id: approvalId }));
    expect(still.status).toBe('PENDING');
    // Withdrawn before it started, the voluntary suspension no longer blocks the period.
    await asActor(maker, () => client.request(AgreementSubjects.requestResumption, { institutionCode: 'P35010200004' }));
    await approve(client, approvalId);
    expect((await get('P35010200004')).suspensions.map((s) => s.kind)).toEqual(['MANDATORY', 'VOLUNTARY']);
  });

  it('refuses decisions from another region (404) and from roles that take none (403)', async () => {
    const other = await asActor(changsha, () =>
      client.requestReply(AgreementSubjects.proposeSuspension, suspension('P35010200001', '2026-05-01', '2026-05-10')),
    );
    expect(other.ok || other.error.code).toBe('NOT_FOUND');
    const county = aUser({ id: 'u-county', scope: '350103', roles: ['county-officer'] });
    const otherCounty = await asActor(county, () => client.requestReply(AgreementSubjects.getAgreement, { institutionCode: 'P35010200001' }));
    expect(otherCounty.ok || otherCounty.error.code).toBe('NOT_FOUND');
    const reviewer = await asActor(aUser({ id: 'u-rev', scope: '350100', roles: ['reviewer'] }), () =>
      client.requestReply(AgreementSubjects.proposeSuspension, suspension('P35010200001', '2026-05-01', '2026-05-10')),
    );
    expect(reviewer.ok || reviewer.error.code).toBe('FORBIDDEN.ROLE');
  });

  it('resumes by itself when the period ends, applied by the sweeper even after a restart', async () => {
    clock.set('2026-03-31T15:59:59.000Z'); // 23:59:59 on the last day in Fuzhou
    expect(await sut.get(AgreementSweeper).sweep()).toMatchObject({ resumed: 0 });
    expect((await get('P35010200001')).status).toBe('SUSPENDED');
    // The service is down when the period ends; it applies the transition when it starts again.
    await sut.close();
    clock.set('2026-04-01T03:00:00.000Z');
    sut = await start();
    const a = await get('P35010200001');
    expect(a.status).toBe('ACTIVE');
    expect(a.suspensions[0]).toMatchObject({ status: 'ENDED', endedAt: '2026-03-31T16:00:00.000Z' });
    // Swept at 11:00 on 1 April, reported as effective at the period's end.
    expect(await lastEvent(AgreementEventSubjects.AgreementResumed)).toMatchObject({
      payload: { cause: 'period-ended', effectiveAt: '2026-03-31T16:00:00.000Z' },
    });
    // Idempotent: a second sweep finds nothing to do.
    expect(await sut.get(AgreementSweeper).sweep()).toEqual({ started: 0, resumed: 0, terminated: 0, expired: 0, practitionersReinstated: 0 });
    expect(await sut.get(AuditService).verify()).toMatchObject({ ok: true });
  });

  it('starts a scheduled suspension on time and keeps it running when extended', async () => {
    // P…05: a first suspension (P…01's second one would terminate it, see below).
    await designate(client, 'P35010200005');
    const p = await propose(AgreementSubjects.proposeSuspension, suspension('P35010200005', '2026-05-01', '2026-05-31'));
    await approve(client, (p as { data: ProposalReply }).data.approvalId);
    expect((await get('P35010200005')).status).toBe('ACTIVE');
    clock.set('2026-04-30T16:00:00.000Z');
    expect(await sut.get(AgreementSweeper).sweep()).toMatchObject({ started: 1 });
    expect((await get('P35010200005')).status).toBe('SUSPENDED');
    const ext = await propose(AgreementSubjects.proposeExtension, { institutionCode: 'P35010200005', endsOn: '2026-06-30', reason: '整改未完成，延长中止' });
    await approve(client, (ext as { data: ProposalReply }).data.approvalId);
    clock.set('2026-06-01T01:00:00.000Z');
    expect(await sut.get(AgreementSweeper).sweep()).toMatchObject({ resumed: 0 });
    expect((await get('P35010200005')).status).toBe('SUSPENDED');
    clock.set('2026-06-30T16:00:00.000Z');
    // P…04's suspension of 10–20 June starts and ends in the same late sweep, in time order.
    expect(await sut.get(AgreementSweeper).sweep()).toMatchObject({ started: 1, resumed: 2 });
    expect((await get('P35010200004')).status).toBe('ACTIVE');
    expect((await get('P35010200005')).status).toBe('ACTIVE');
    expect((await get('P35010200001')).status).toBe('ACTIVE');
  });

  it('terminates on ground 1 after two suspensions; termination is final', async () => {
    const early = await designate(client, 'P35010200002');
    const g1 = await propose(AgreementSubjects.proposeTermination, { institutionCode: early.institutionCode, ground: 1, reason: '累计中止两次' });
    expect(g1.ok || g1.error).toMatchObject({ code: 'AGREEMENT.GROUND_NOT_MET', details: { rule: 'AGR-11.1', suspensions: 0 } });
    const badGround = await propose(AgreementSubjects.proposeTermination, { institutionCode: early.institutionCode, ground: 15, reason: 'x' });
    expect(badGround.ok || badGround.error.code).toBe('VALIDATION');

    // AGR-11.1 as data (LIFECYCLE_POLICY.automaticGround1): P…01's second suspension by the bureau in
    // its term terminates the agreement by itself when it would start, instead of suspending it.
    const second = await propose(AgreementSubjects.proposeSuspension, suspension('P35010200001', '2026-07-01', '2026-07-31'));
    await approve(client, (second as { data: ProposalReply }).data.approvalId);
    const a = await get('P35010200001');
    expect(a).toMatchObject({ status: 'TERMINATED', terminationGround: 1, terminatedAt: '2026-06-30T16:00:00.000Z' });
    expect(a.suspensions.map((x) => x.status)).toEqual(['ENDED', 'ENDED']);
    expect(await lastEvent(AgreementEventSubjects.AgreementTerminated)).toMatchObject({
      payload: { institutionCode: 'P35010200001', ground: 1, automatic: true, reason: expect.stringContaining('第2次') },
    });
    const manual = await propose(AgreementSubjects.proposeTermination, { institutionCode: 'P35010200001', ground: 1, reason: '协议有效期内累计两次中止' });
    expect(manual.ok || manual.error.code).toBe('AGREEMENT.TERMINATED');
    for (const [subject, body] of [
      [AgreementSubjects.proposeSuspension, suspension('P35010200001', '2026-08-01', '2026-08-10')],
      [AgreementSubjects.proposeExtension, { institutionCode: 'P35010200001', endsOn: '2026-08-10', reason: 'x' }],
      [AgreementSubjects.requestResumption, { institutionCode: 'P35010200001' }],
    ] as const) {
      const r = await propose(subject, body);
      expect(r.ok || r.error.code).toBe('AGREEMENT.TERMINATED');
    }
  });

  it('voluntary suspension: 3 months ahead, ≤ 180 days, lapses into termination; public hospitals may not', async () => {
    const code = 'P35010200002';
    const tooSoon = await asActor(maker, () =>
      client.requestReply(AgreementSubjects.requestVoluntarySuspension, {
        institutionCode: code,
        reason: '装修',
        startsOn: '2026-07-01',
        endsOn: '2026-07-31',
      }),
    );
    expect(tooSoon.ok || tooSoon.error).toMatchObject({ code: 'AGREEMENT.NOTICE_TOO_SHORT', details: { rule: 'AGR-08' } });
    const tooLong = await asActor(maker, () =>
      client.requestReply(AgreementSubjects.requestVoluntarySuspension, {
        institutionCode: code,
        reason: '装修',
        startsOn: '2026-10-01',
        endsOn: '2027-03-30',
      }),
    );
    expect(tooLong.ok || tooLong.error.code).toBe('AGREEMENT.VOLUNTARY_TOO_LONG');
    const ok = await asActor(maker, () =>
      client.request<AgreementView>(AgreementSubjects.requestVoluntarySuspension, {
        institutionCode: code,
        reason: '装修',
        startsOn: '2026-10-01',
        endsOn: '2026-10-31',
      }),
    );
    expect(ok.suspensions).toEqual([expect.objectContaining({ kind: 'VOLUNTARY', status: 'SCHEDULED' })]);
    clock.set('2026-10-31T16:00:00.000Z');
    expect(await sut.get(AgreementSweeper).sweep()).toMatchObject({ started: 1, terminated: 1 });
    expect(await get(code)).toMatchObject({ status: 'TERMINATED', terminationGround: 14 });
    expect(await lastEvent(AgreementEventSubjects.AgreementTerminated)).toMatchObject({
      payload: { institutionCode: code, automatic: true, effectiveAt: '2026-10-31T16:00:00.000Z' },
    });

    const hospital = await designate(client, 'H35010200003', { type: 'hospital' });
    expect(hospital.publicHospital).toBe(true);
    const refused = await asActor(maker, () =>
      client.requestReply(AgreementSubjects.requestVoluntarySuspension, {
        institutionCode: hospital.institutionCode,
        reason: 'x',
        startsOn: '2027-02-01',
        endsOn: '2027-02-10',
      }),
    );
    expect(refused.ok || refused.error).toMatchObject({ code: 'AGREEMENT.PUBLIC_HOSPITAL' });
    const exit = await propose(AgreementSubjects.proposeTermination, { institutionCode: hospital.institutionCode, ground: 12, reason: '医院申请解除' });
    expect(exit.ok || exit.error.code).toBe('AGREEMENT.PUBLIC_HOSPITAL');
  });

  it('expires at the end of the natural year; a next-year agreement counts as renewal', async () => {
    clock.set('2026-12-31T15:59:00.000Z');
    expect(await sut.get(AgreementSweeper).sweep()).toMatchObject({ expired: 0 });
    // P…04 renews for 2027 before its agreement ends (AGR-07), from the same designation.
    const current = await get('P35010200004');
    const renewal = await propose(AgreementSubjects.proposeSigning, {
      applicationId: current.applicationId,
      validFrom: '2027-01-01',
      indicators: { westernStockingRatePct: 85 },
      reason: '年度续签',
    });
    const next = (await approve(client, (renewal as { data: ProposalReply }).data.approvalId)).result as AgreementView;
    expect(next).toMatchObject({ number: '350100-2027-P35010200004', validFrom: '2027-01-01', validTo: '2027-12-31' });
    const twice = await propose(AgreementSubjects.proposeSigning, {
      applicationId: current.applicationId,
      validFrom: '2027-01-01',
      indicators: {},
      reason: '重复',
    });
    expect(twice.ok).toBe(true);
    const dup = await asActor(checker, () =>
      client.requestReply(approvalSubjects('agreement').decide, { id: (twice as { data: ProposalReply }).data.approvalId, decision: 'approve' }),
    );
    expect(dup.ok || dup.error.code).toBe('AGREEMENT.ALREADY_SIGNED');
    const terminated = await get('P35010200002');
    const noRenewal = await propose(AgreementSubjects.proposeSigning, {
      applicationId: terminated.applicationId,
      validFrom: '2027-01-01',
      indicators: {},
      reason: '续签',
    });
    expect(noRenewal.ok || noRenewal.error.code).toBe('AGREEMENT.EVALUATION_NOT_PASSED');
    clock.advance(DAY);
    // The public hospital, P…04, P…05 and P…08; the two terminated agreements do not expire.
    expect(await sut.get(AgreementSweeper).sweep()).toMatchObject({ expired: 4 });
    expect((await get('H35010200003')).status).toBe('EXPIRED');
    expect(await lastEvent(AgreementEventSubjects.AgreementExpired)).toMatchObject({
      payload: { institutionCode: 'H35010200003', validTo: '2026-12-31', renewed: false },
    });
    expect(sut.get(EligibilityCache).check('H35010200003', clock.now()).reasons).toEqual(['AGREEMENT_EXPIRED']);
    expect(sut.get(EligibilityCache).check('P35010200004', clock.now())).toMatchObject({ eligible: true, agreementId: next.id });
    expect(await get('P35010200004')).toMatchObject({ validFrom: '2027-01-01', status: 'ACTIVE' });
    const [{ renewed }] = await sut
      .get(MikroORM)
      .em.fork()
      .execute<{ renewed: boolean }[]>(
        `select (envelope->'payload'->>'renewed')::boolean as renewed from agreement.outbox where type = 'AgreementExpired' and envelope->>'aggregateId' = ?`,
        [current.id],
      );
    expect(renewed).toBe(true);
    expect(await sut.get(AuditService).verify()).toMatchObject({ ok: true });
    const [{ n }] = await sut.get(MikroORM).em.fork().execute<{ n: string }[]>(`select count(*)::text as n from agreement.agreement where status = 'EXPIRED'`);
    expect(n).toBe('4');
  });
});
