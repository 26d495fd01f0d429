import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { AnomalyEventSubjects, type CreditFileDetailView, EventSubjects, Subjects } from '@mi/contracts';
import { type MiNatsClient, newUuidV7, type RunningProcess } from '@mi/platform';
import { asActor, aUser, createTestInfra, startTestService, type TestInfra, testNatsClient, waitFor } from '@mi/testing';
import { AppModule } from '../src/app.module';
import { CreditConfig } from '../src/config';
import { persistence } from '../src/persistence';

const CODE = 'H43010200089';
const ALERT_ID = '01a30000-0000-7000-8000-0000000000a1';
const envelope = (type: string, payload: Record<string, unknown>, id = newUuidV7()) => ({
  id,
  type,
  version: 1,
  occurredAt: '2026-06-03T02:00:00.000Z',
  admdvs: '430102',
  aggregateId: ALERT_ID,
  payload,
});
const confirmed = (overrides: Record<string, unknown> = {}) => ({
  alertId: ALERT_ID,
  type: 'SETTLEMENT_BURST',
  poolarea: '430100',
  institutionCode: CODE,
  psnNo: null,
  from: '2026-06-01T01:00:00.000Z',
  to: '2026-06-01T01:40:00.000Z',
  settlementIds: ['s1', 's2', 's3'],
  measured: { value: 18 },
  threshold: { value: 15 },
  explanation: '40分钟内18名参保人在同一机构结算',
  status: 'CONFIRMED',
  note: '现场核查属实',
  decidedBy: 'cs.officer',
  decidedAt: '2026-06-03T02:00:00.000Z',
  ...overrides,
});

/** 智能监控预警确认 → 一户一档: a confirmed anomaly alert enters the institution's credit file once. */
describe('confirmed anomaly alerts reach institution credit files', () => {
  let infra: TestInfra;
  let sut: RunningProcess<CreditConfig>;
  let client: MiNatsClient;
  const publish = async (subject: string, body: unknown, msgID?: string): Promise<void> => {
    await jetstream(infra.nats.nc).publish(infra.nats.resolver.subject(subject), JSON.stringify(body), msgID ? { msgID } : {});
  };
  const file = (): Promise<CreditFileDetailView> =>
    asActor(aUser({ scope: '430100' }), () =>
      client.request<CreditFileDetailView>(Subjects.credit.getCreditFile, { subjectType: 'institution', subjectCode: CODE }),
    );

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startTestService(infra, AppModule, CreditConfig, 'credit-service');
    client = testNatsClient(infra);
    await publish(
      EventSubjects.agreement.InstitutionRegistered,
      envelope('InstitutionRegistered', { code: CODE, name: '长沙某诊所', type: 'clinic', level: '1', admdvs: '430102', poolarea: '430100' }),
    );
    await waitFor(async () => (await file().catch(() => undefined)) ?? undefined, 10_000, 'institution file');
  });

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
  });

  it('lowers the score once per confirmed alert, even when delivered twice, naming the alert; a person-only alert and a malformed one change nothing', async () => {
    const before = (await file()).score;
    const event = envelope('AnomalyConfirmed', confirmed());
    await publish(AnomalyEventSubjects.AnomalyConfirmed, event, event.id);
    await publish(AnomalyEventSubjects.AnomalyConfirmed, event); // redelivery past JetStream's de-duplication
    // A person-level alert (no institution) and one with a field the contract does not know.
    await publish(AnomalyEventSubjects.AnomalyConfirmed, envelope('AnomalyConfirmed', confirmed({ institutionCode: null, psnNo: 'P1', alertId: newUuidV7() })));
    await publish(AnomalyEventSubjects.AnomalyConfirmed, envelope('AnomalyConfirmed', confirmed({ alertId: newUuidV7(), unexpected: true })));
    const jsm = await jetstreamManager(infra.nats.nc);
    await waitFor(
      async () => {
        const info = await jsm.consumers.info(
          infra.nats.resolver.eventsStream,
          infra.nats.resolver.durableName('credit-service', AnomalyEventSubjects.AnomalyConfirmed),
        );
        return info.delivered.stream_seq >= 5 && info.num_ack_pending === 0 && info.num_pending === 0;
      },
      20_000,
      'all four deliveries handled',
    );
    const after = await file();
    expect(after.score).toBe(before - 15);
    const anomalies = after.entries.filter((e) => e.kind === 'ANOMALY');
    expect(anomalies).toHaveLength(1);
    expect(anomalies[0]).toMatchObject({
      scoreDelta: -15,
      source: { eventId: event.id, subject: AnomalyEventSubjects.AnomalyConfirmed, service: 'monitoring-kb-service' },
      evidence: { alertId: ALERT_ID, type: 'SETTLEMENT_BURST', settlements: '3', decidedBy: 'cs.officer' },
    });
    expect(anomalies[0].summary).toContain('40分钟内18名参保人');
  });
});
