import { MikroORM } from '@mikro-orm/postgresql';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import {
  AgreementEventSubjects,
  type CreditFileView,
  CreditEventSubjects,
  CreditSubjects,
  EventSubjects,
  Subjects,
  type SupervisionProfileView,
} from '@mi/contracts';
import { type MiNatsClient, newUuidV7, type RunningProcess } from '@mi/platform';
import { asActor, aUser, createTestInfra, startTestService, type TestInfra, testNatsClient, waitFor } from '@mi/testing';
import { AppModule } from '../src/app.module';
import { CreditConfig } from '../src/config';
import { persistence } from '../src/persistence';

const CODE = 'P43010200077';
const envelope = (type: string, payload: Record<string, unknown>, id = newUuidV7()) => ({
  id,
  type,
  version: 1,
  occurredAt: '2026-05-01T02:00:00.000Z',
  admdvs: '430102',
  aggregateId: CODE,
  payload,
});
const agreementBase = { agreementId: '01a20000-0000-7000-8000-000000000001', institutionCode: CODE, poolarea: '430100' };

describe('credit scores and levels from agreement events (graded supervision)', () => {
  let infra: TestInfra;
  let sut: RunningProcess<CreditConfig>;
  let client: MiNatsClient;

  async function publish(subject: string, body: unknown, msgID?: string): Promise<void> {
    await jetstream(infra.nats.nc).publish(infra.nats.resolver.subject(subject), JSON.stringify(body), msgID ? { msgID } : {});
  }

  async function file(): Promise<CreditFileView> {
    return asActor(aUser({ scope: '430100' }), () =>
      client.request<CreditFileView>(Subjects.credit.getCreditFile, { subjectType: 'institution', subjectCode: CODE }),
    );
  }

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startTestService(infra, AppModule, CreditConfig, 'credit-service');
    client = testNatsClient(infra);
  });

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
  });

  it('opens the file at the base score (850, level B)', async () => {
    await publish(
      EventSubjects.agreement.InstitutionRegistered,
      envelope('InstitutionRegistered', { code: CODE, name: '长沙某大药房', type: 'pharmacy', level: '0', admdvs: '430102', poolarea: '430100' }),
    );
    const f = await waitFor(async () => (await file().catch(() => undefined)) ?? undefined, 10_000, 'credit file');
    expect(f).toMatchObject({ score: 850, level: 'B' });
    const profile = await client.request<SupervisionProfileView>(CreditSubjects.supervisionProfile, { subjectType: 'institution', subjectCode: CODE });
    expect(profile).toMatchObject({ level: 'B', samplingMultiplier: 1, inspectionsPerYear: 1 });
  });

  it('a mandatory suspension lowers the score once (even when redelivered) and the level change is an event', async () => {
    const suspended = envelope('AgreementSuspended', {
      ...agreementBase,
      effectiveAt: '2026-05-01T00:00:00.000Z',
      suspensionId: '01a20000-0000-7000-8000-000000000002',
      kind: 'MANDATORY',
      reason: '违规使用医保基金',
      legalBasis: '《医疗保障基金使用监督管理条例》第三十八条',
      startsOn: '2026-05-01',
      endsOn: '2026-10-31',
    });
    await publish(AgreementEventSubjects.AgreementSuspended, suspended, suspended.id);
    await publish(AgreementEventSubjects.AgreementSuspended, suspended); // redelivery
    await waitFor(async () => (await file()).score === 750, 10_000, 'score 750');
    const jsm = await jetstreamManager(infra.nats.nc);
    await waitFor(
      async () => {
        const info = await jsm.consumers.info(
          infra.nats.resolver.eventsStream,
          infra.nats.resolver.durableName('credit-service', AgreementEventSubjects.AgreementSuspended),
        );
        return info.delivered.stream_seq >= 3 && info.num_ack_pending === 0;
      },
      10_000,
      'both deliveries acknowledged',
    );
    const f = await file();
    expect(f).toMatchObject({ score: 750, level: 'C' });
    expect(f.entries.map((e) => [e.kind, e.scoreDelta, e.scoreAfter])).toEqual([
      ['REGISTERED', 0, null],
      ['SUSPENDED', -100, 750],
    ]);
    const msg = await jsm.streams.getMessage(infra.nats.resolver.eventsStream, {
      last_by_subj: infra.nats.resolver.subject(CreditEventSubjects.CreditLevelChanged),
    });
    expect(msg?.json()).toMatchObject({
      type: 'CreditLevelChanged',
      payload: { subjectCode: CODE, from: 'B', to: 'C', score: 750, causeEventId: suspended.id },
    });
    expect(
      (await client.request<SupervisionProfileView>(CreditSubjects.supervisionProfile, { subjectType: 'institution', subjectCode: CODE })).samplingMultiplier,
    ).toBe(2);
  });

  it('pharmacy points and a termination take it to D; every score change is explained by the file', async () => {
    await publish(
      AgreementEventSubjects.PointsDeducted,
      envelope('PointsDeducted', {
        subjectType: 'pharmacy',
        subjectCode: CODE,
        item: 'Q-03 串换药品',
        points: 6,
        year: 2026,
        total: 6,
        consequence: 'suspended 3 months',
      }),
    );
    await waitFor(async () => (await file()).score === 690, 10_000, 'score 690');
    await publish(
      AgreementEventSubjects.AgreementTerminated,
      envelope('AgreementTerminated', { ...agreementBase, effectiveAt: '2026-06-01T00:00:00.000Z', ground: 3, reason: '欺诈骗保', automatic: false }),
    );
    const f = await waitFor(
      async () => {
        const v = await file();
        return v.level === 'D' ? v : undefined;
      },
      10_000,
      'level D',
    );
    expect(f.score).toBe(290);
    expect(850 + f.entries.reduce((sum, e) => sum + e.scoreDelta, 0)).toBe(f.score);
    const profile = await client.request<SupervisionProfileView>(CreditSubjects.supervisionProfile, { subjectType: 'institution', subjectCode: CODE });
    expect(profile).toMatchObject({ level: 'D', samplingMultiplier: 4, inspectionsPerYear: 4 });
    const rows = await sut
      .get<MikroORM>(MikroORM)
      .em.fork()
      .execute<{ action: string }[]>(`select action from credit.audit_log where target_id = ? order by seq`, [CODE]);
    expect(rows.map((r) => r.action)).toEqual(['credit-file.open', 'credit.suspended', 'credit.points', 'credit.terminated']);
  });

  it('answers NOT_FOUND for an unknown institution and for another region', async () => {
    const unknown = await client.requestReply(CreditSubjects.supervisionProfile, { subjectType: 'institution', subjectCode: 'P43010299999' });
    expect(unknown.ok || unknown.error.code).toBe('NOT_FOUND');
    const other = await asActor(aUser({ scope: '350100' }), () =>
      client.requestReply(CreditSubjects.supervisionProfile, { subjectType: 'institution', subjectCode: CODE }),
    );
    expect(other.ok || other.error.code).toBe('NOT_FOUND');
  });
});
