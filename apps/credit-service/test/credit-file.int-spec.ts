import { MikroORM } from '@mikro-orm/postgresql';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { type CreditFileView, EventSubjects, Subjects } from '@mi/contracts';
import { type MiNatsClient, newUuidV7, type RunningProcess } from '@mi/platform';
import { asActor, aUser, createTestInfra, describeServiceBoots, startTestService, type TestInfra, testNatsClient, waitFor } from '@mi/testing';
import { AppModule } from '../src/app.module';
import { CreditConfig } from '../src/config';
import { persistence } from '../src/persistence';

describeServiceBoots('credit-service', AppModule, CreditConfig, persistence);

describe('credit files from agreement events', () => {
  let infra: TestInfra;
  let sut: RunningProcess<CreditConfig>;
  let client: MiNatsClient;

  const event = (over: Record<string, unknown> = {}) => ({
    id: newUuidV7(),
    type: 'InstitutionRegistered',
    version: 1,
    occurredAt: '2026-03-02T01:00:00.000Z',
    admdvs: '350102',
    aggregateId: 'P35010200007',
    payload: { code: 'P35010200007', name: '福州鼓楼大药房', type: 'pharmacy', level: '0', admdvs: '350102', poolarea: '350100' },
    ...over,
  });

  async function publish(e: unknown, msgID?: string): Promise<void> {
    await jetstream(infra.nats.nc).publish(
      infra.nats.resolver.subject(EventSubjects.agreement.InstitutionRegistered),
      JSON.stringify(e),
      msgID ? { msgID } : {},
    );
  }

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startTestService(infra, AppModule, CreditConfig, 'credit-service', { extraEnv: { EVENT_MAX_DELIVER: 2 } });
    client = testNatsClient(infra);
  });

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
  });

  it('opens the file once, whatever the number of deliveries', async () => {
    const e = event();
    await publish(e, e.id);
    await publish(e); // a redelivery without de-duplication id
    const file = await waitFor(
      async () => {
        const r = await client.requestReply<CreditFileView>(Subjects.credit.getCreditFile, { subjectType: 'institution', subjectCode: 'P35010200007' });
        return r.ok ? r.data : undefined;
      },
      10_000,
      'credit file',
    );
    expect(file).toMatchObject({ subjectType: 'institution', admdvs: '350102', openedAt: '2026-03-02T01:00:00.000Z' });
    const jsm = await jetstreamManager(infra.nats.nc);
    await waitFor(
      async () => {
        const c = await jsm.consumers.info(
          infra.nats.resolver.eventsStream,
          infra.nats.resolver.durableName('credit-service', EventSubjects.agreement.InstitutionRegistered),
        );
        return c.delivered.stream_seq >= 2 && c.num_ack_pending === 0;
      },
      10_000,
      'both deliveries acknowledged',
    );
    const em = sut.get(MikroORM).em.fork();
    const [{ n }] = await em.execute<{ n: string }[]>('select count(*)::text as n from credit.credit_file_entry');
    expect(n).toBe('1');
  });

  it('keeps the history append-only in the database: an entry can be neither changed nor removed', async () => {
    const em = sut.get(MikroORM).em.fork();
    await expect(em.execute(`update credit.credit_file_entry set score_delta = 100`)).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(em.execute(`delete from credit.credit_file_entry`)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(em.execute(`truncate credit.credit_file_entry`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    const [{ n }] = await em.execute<{ n: string }[]>('select count(*)::text as n from credit.credit_file_entry where score_delta = 0');
    expect(n).toBe('1');
  });

  it('dead-letters a malformed event at once instead of retrying it forever; nothing is written', async () => {
    await publish(event({ payload: { code: 'nonsense' } }));
    const jsm = await jetstreamManager(infra.nats.nc);
    await waitFor(async () => (await jsm.streams.info(infra.nats.resolver.deadLetterStream)).state.messages === 1, 10_000, 'dead letter');
    const msg = await jsm.streams.getMessage(infra.nats.resolver.deadLetterStream, { seq: 1 });
    expect(msg?.header.get('x-mi-dlq-error-code')).toBe('VALIDATION');
    expect(msg?.header.get('x-mi-dlq-deliveries')).toBe('1');
    const em = sut.get(MikroORM).em.fork();
    const [{ n }] = await em.execute<{ n: string }[]>('select count(*)::text as n from credit.credit_file');
    expect(n).toBe('1');
  });

  it('shows a credit file only inside its region', async () => {
    const query = { subjectType: 'institution', subjectCode: 'P35010200007' };
    expect((await asActor(aUser({ scope: '350100' }), () => client.requestReply(Subjects.credit.getCreditFile, query))).ok).toBe(true);
    const other = await asActor(aUser({ scope: '430100' }), () => client.requestReply(Subjects.credit.getCreditFile, query));
    expect(other.ok || other.error.code).toBe('NOT_FOUND');
  });

  it('refuses a bad query naming the field', async () => {
    const r = await client.requestReply(Subjects.credit.getCreditFile, { subjectType: 'hospital', subjectCode: 'x' });
    expect(r.ok || (r.error.details?.fields as { field: string }[]).map((f) => f.field)).toEqual(['subjectType']);
  });
});
