import { MikroORM } from '@mikro-orm/postgresql';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { type CreditFileDetailView, DEDUCTION_CONFIRMED_SUBJECT, EventSubjects, Subjects, VIOLATION_CONFIRMED_SUBJECT } from '@mi/contracts';
import { type MiNatsClient, newUuidV7, type RunningProcess } from '@mi/platform';
import { asActor, aUser, createTestInfra, startTestService, type TestInfra, testNatsClient, waitFor } from '@mi/testing';
import { AppModule } from '../src/app.module';
import { CreditConfig } from '../src/config';
import { persistence } from '../src/persistence';

const CODE = 'H43010200088';
const DOCTOR = 'D430102000001';
const NO_FILE_DOCTOR = 'D430102000002';
const CASE_ID = '01a30000-0000-7000-8000-000000000001';
const SETTLEMENT_ID = '01a30000-0000-7000-8000-000000000002';
const DEDUCTION_ID = '01a30000-0000-7000-8000-000000000003';
const envelope = (type: string, payload: Record<string, unknown>, id = newUuidV7()) => ({
  id,
  type,
  version: 1,
  occurredAt: '2026-06-01T02:00:00.000Z',
  admdvs: '430102',
  aggregateId: CASE_ID,
  payload,
});
const violation = (overrides: Record<string, unknown> = {}) => ({
  caseId: CASE_ID,
  caseNo: 'SH-430100-2026-000001',
  settlementId: SETTLEMENT_ID,
  setlId: 'S2026060100001',
  institutionCode: CODE,
  poolarea: '430100',
  practitionerCodes: [DOCTOR, NO_FILE_DOCTOR],
  ruleIds: ['R-DUP-001'],
  severity: '1',
  amountFen: '12000',
  outcome: 'DEDUCTED',
  confirmedOn: '2026-06-01',
  ...overrides,
});

describe('confirmed review violations and deductions reach credit files', () => {
  let infra: TestInfra;
  let sut: RunningProcess<CreditConfig>;
  let client: MiNatsClient;

  async function publish(subject: string, body: unknown, msgID?: string): Promise<void> {
    await jetstream(infra.nats.nc).publish(infra.nats.resolver.subject(subject), JSON.stringify(body), msgID ? { msgID } : {});
  }

  async function file(subjectType: 'institution' | 'practitioner', subjectCode: string): Promise<CreditFileDetailView> {
    return asActor(aUser({ scope: '430100' }), () => client.request<CreditFileDetailView>(Subjects.credit.getCreditFile, { subjectType, subjectCode }));
  }

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startTestService(infra, AppModule, CreditConfig, 'credit-service');
    client = testNatsClient(infra);
    await publish(
      EventSubjects.agreement.InstitutionRegistered,
      envelope('InstitutionRegistered', { code: CODE, name: '长沙某医院', type: 'hospital', level: '2', admdvs: '430102', poolarea: '430100' }),
    );
    await waitFor(async () => (await file('institution', CODE).catch(() => undefined)) ?? undefined, 10_000, 'institution file');
    // One doctor already has a file (一人一档); the other has none until the violation names him.
    await sut
      .get<MikroORM>(MikroORM)
      .em.fork()
      .execute(
        `insert into credit.credit_file (id, subject_type, subject_code, admdvs, opened_at, score, level) values (?, 'practitioner', ?, '430102', now(), 850, 'B')`,
        [newUuidV7(), DOCTOR],
      );
  });

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
  });

  it('a confirmed violation lowers the institution and each named practitioner once, even when delivered twice, with its evidence', async () => {
    const event = envelope('ViolationConfirmed', violation());
    await publish(VIOLATION_CONFIRMED_SUBJECT, event, event.id);
    await publish(VIOLATION_CONFIRMED_SUBJECT, event); // redelivery past JetStream's de-duplication
    await waitFor(async () => (await file('institution', CODE)).score === 820, 10_000, 'institution score 820');
    const jsm = await jetstreamManager(infra.nats.nc);
    await waitFor(
      async () => {
        const info = await jsm.consumers.info(infra.nats.resolver.eventsStream, infra.nats.resolver.durableName('credit-service', VIOLATION_CONFIRMED_SUBJECT));
        return info.delivered.stream_seq >= 3 && info.num_ack_pending === 0;
      },
      10_000,
      'both deliveries acknowledged',
    );
    const institution = await file('institution', CODE);
    expect(institution.score).toBe(820);
    expect(institution.entries.map((e) => [e.kind, e.scoreDelta, e.scoreAfter])).toEqual([
      ['REGISTERED', 0, null],
      ['VIOLATION', -30, 820],
    ]);
    expect(institution.entries[1].summary).toContain('SH-430100-2026-000001');
    // The view names each entry's source and evidence.
    expect(institution.entries[0].source).toEqual({
      eventId: expect.any(String),
      subject: EventSubjects.agreement.InstitutionRegistered,
      service: 'agreement-service',
    });
    expect(institution.entries[1]).toMatchObject({
      source: { eventId: event.id, subject: VIOLATION_CONFIRMED_SUBJECT, service: 'claims-review-service' },
      evidence: { caseId: CASE_ID, caseNo: 'SH-430100-2026-000001', settlementId: SETTLEMENT_ID, setlId: 'S2026060100001' },
    });
    const doctor = await file('practitioner', DOCTOR);
    expect(doctor).toMatchObject({ score: 820, level: 'B' });
    expect(doctor.entries.map((e) => [e.kind, e.scoreDelta, e.sourceEventId])).toEqual([['VIOLATION', -30, event.id]]);
    // A named practitioner without a file gets one (一人一档), opened at the base score.
    const opened = await file('practitioner', NO_FILE_DOCTOR);
    expect(opened).toMatchObject({ score: 820, admdvs: '430102' });
    expect(opened.entries.map((e) => [e.kind, e.scoreDelta, e.sourceEventId])).toEqual([['VIOLATION', -30, event.id]]);
    const rows = await sut
      .get<MikroORM>(MikroORM)
      .em.fork()
      .execute<{ source: string; evidence: Record<string, string> }[]>(
        `select e.source, e.evidence from credit.credit_file_entry e where e.source_event_id = ? order by e.id`,
        [event.id],
      );
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(r).toMatchObject({ source: 'review', evidence: { caseId: CASE_ID, settlementId: SETTLEMENT_ID } });
  });

  it('a warning of a slight suspicion weighs less; an approved deduction adds its own weight once', async () => {
    const warned = envelope('ViolationConfirmed', violation({ caseId: newUuidV7(), severity: '3', outcome: 'WARNED', practitionerCodes: [] }));
    await publish(VIOLATION_CONFIRMED_SUBJECT, warned, warned.id);
    await waitFor(async () => (await file('institution', CODE)).score === 810, 10_000, 'score 810');
    const deduction = envelope('DeductionConfirmed', {
      deductionId: DEDUCTION_ID,
      settlementId: SETTLEMENT_ID,
      setlId: 'S2026060100001',
      institutionCode: CODE,
      poolarea: '430100',
      insutype: '310',
      setlDate: '2026-05-20',
      amountFen: '12000',
      reason: '重复收费',
    });
    await publish(DEDUCTION_CONFIRMED_SUBJECT, deduction, deduction.id);
    await publish(DEDUCTION_CONFIRMED_SUBJECT, deduction);
    await waitFor(async () => (await file('institution', CODE)).score === 790, 10_000, 'score 790');
    const jsm = await jetstreamManager(infra.nats.nc);
    await waitFor(
      async () => {
        const info = await jsm.consumers.info(infra.nats.resolver.eventsStream, infra.nats.resolver.durableName('credit-service', DEDUCTION_CONFIRMED_SUBJECT));
        return info.num_ack_pending === 0 && info.num_pending === 0;
      },
      10_000,
      'deductions acknowledged',
    );
    const f = await file('institution', CODE);
    expect(f.score).toBe(790);
    expect(f.entries.map((e) => [e.kind, e.scoreDelta])).toEqual([
      ['REGISTERED', 0],
      ['VIOLATION', -30],
      ['VIOLATION', -10],
      ['DEDUCTION', -20],
    ]);
    expect(850 + f.entries.reduce((s, e) => s + e.scoreDelta, 0)).toBe(f.score);
    expect(f.entries[3]).toMatchObject({
      source: { eventId: deduction.id, subject: DEDUCTION_CONFIRMED_SUBJECT, service: 'claims-review-service' },
      evidence: { deductionId: DEDUCTION_ID, settlementId: SETTLEMENT_ID, setlId: 'S2026060100001' },
    });
    const [row] = await sut
      .get<MikroORM>(MikroORM)
      .em.fork()
      .execute<{ evidence: Record<string, string> }[]>(`select evidence from credit.credit_file_entry where source_event_id = ?`, [deduction.id]);
    expect(row.evidence).toMatchObject({ deductionId: DEDUCTION_ID, settlementId: SETTLEMENT_ID });
  });
});
