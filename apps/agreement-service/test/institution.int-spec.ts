import { MikroORM } from '@mikro-orm/postgresql';
import { jetstreamManager } from '@nats-io/jetstream';
import { EventSubjects, type InstitutionView, Subjects } from '@mi/contracts';
import { FixedClock, usccCheckChar } from '@mi/domain';
import { AuditService, type MiNatsClient, OutboxRelay, type RunningProcess } from '@mi/platform';
import { asActor, aUser, createTestInfra, describeServiceBoots, startTestService, type TestInfra, testNatsClient } from '@mi/testing';
import { AppModule } from '../src/app.module';
import { AgreementConfig } from '../src/config';
import { persistence } from '../src/persistence';

describeServiceBoots('agreement-service', AppModule, AgreementConfig, persistence);

describe('institution registry over NATS', () => {
  let infra: TestInfra;
  let sut: RunningProcess<AgreementConfig>;
  let client: MiNatsClient;
  const first17 = '91350102MA2Y00001';
  const pharmacy = {
    code: 'P35010200007',
    name: '福州鼓楼大药房',
    type: 'pharmacy',
    level: '0',
    admdvs: '350102',
    uscc: `${first17}${usccCheckChar(first17)}`,
  };

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startTestService(infra, AppModule, AgreementConfig, 'agreement-service', { clock: new FixedClock(new Date('2026-03-02T01:00:00.000Z')) });
    client = testNatsClient(infra);
  });

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
  });

  it('registers a pharmacy: row, audit row and event in one transaction', async () => {
    const view = await client.request<InstitutionView>(Subjects.agreement.registerInstitution, pharmacy);
    expect(view).toMatchObject({ code: 'P35010200007', poolarea: '350100', registeredAt: '2026-03-02T01:00:00.000Z' });
    expect(await client.request(Subjects.agreement.getInstitution, { code: 'p35010200007' })).toEqual(view);

    await sut.get(OutboxRelay).drain();
    const jsm = await jetstreamManager(infra.nats.nc);
    const msg = await jsm.streams.getMessage(infra.nats.resolver.eventsStream, {
      last_by_subj: infra.nats.resolver.subject(EventSubjects.agreement.InstitutionRegistered),
    });
    expect(msg?.json()).toMatchObject({
      type: 'InstitutionRegistered',
      admdvs: '350102',
      aggregateId: 'P35010200007',
      occurredAt: '2026-03-02T01:00:00.000Z',
      payload: { poolarea: '350100', type: 'pharmacy' },
    });
    expect(await sut.get(AuditService).verify()).toEqual({ ok: true, records: 1 });
  });

  it('refuses a duplicate, a code from another city and malformed fields; nothing changes', async () => {
    const dup = await client.requestReply(Subjects.agreement.registerInstitution, pharmacy);
    expect(dup.ok || dup.error.code).toBe('AGREEMENT.INSTITUTION_EXISTS');
    const other = await client.requestReply(Subjects.agreement.registerInstitution, { ...pharmacy, code: 'P35020300001' });
    expect(other.ok || other.error).toMatchObject({ code: 'AGREEMENT.CODE_REGION_MISMATCH', details: { field: 'code' } });
    const bad = await client.requestReply(Subjects.agreement.registerInstitution, { ...pharmacy, code: 'P3501020000', admdvs: '3501' });
    expect(bad.ok || (bad.error.details?.fields as { field: string }[]).map((f) => f.field)).toEqual(['code', 'admdvs']);
    const em = sut.get(MikroORM).em.fork();
    const [{ n }] = await em.execute<{ n: string }[]>('select count(*)::text as n from agreement.institution');
    expect(n).toBe('1');
    expect(await sut.get(AuditService).verify()).toEqual({ ok: true, records: 1 });
  });

  it('keeps each region to itself: other cities get 403 on writes and 404 on reads', async () => {
    const fuzhou = aUser({ scope: '350100', roles: ['city-officer'] });
    const changsha = aUser({ scope: '430100', roles: ['city-officer'] });
    const otherCounty = aUser({ scope: '350103', roles: ['county-officer'] });
    const ownCounty = aUser({ scope: '350102', roles: ['county-officer'] });
    expect(await asActor(fuzhou, () => client.request<InstitutionView>(Subjects.agreement.getInstitution, { code: 'P35010200007' }))).toMatchObject({
      code: 'P35010200007',
    });
    expect(await asActor(ownCounty, () => client.request<InstitutionView>(Subjects.agreement.getInstitution, { code: 'P35010200007' }))).toMatchObject({
      code: 'P35010200007',
    });
    for (const stranger of [changsha, otherCounty]) {
      const r = await asActor(stranger, () => client.requestReply(Subjects.agreement.getInstitution, { code: 'P35010200007' }));
      expect(r.ok || r.error.code).toBe('NOT_FOUND');
    }
    const write = await asActor(changsha, () => client.requestReply(Subjects.agreement.registerInstitution, { ...pharmacy, code: 'P35010200008' }));
    expect(write.ok || write.error).toMatchObject({ code: 'FORBIDDEN.REGION' });
    const reviewer = await asActor(aUser({ scope: '350100', roles: ['reviewer'] }), () =>
      client.requestReply(Subjects.agreement.registerInstitution, { ...pharmacy, code: 'P35010200008' }),
    );
    expect(reviewer.ok || reviewer.error.code).toBe('FORBIDDEN.ROLE');
    const [{ n }] = await sut.get<MikroORM>(MikroORM).em.fork().execute<{ n: string }[]>('select count(*)::text as n from agreement.institution');
    expect(n).toBe('1');
  });

  it('answers NOT_FOUND for an unknown code', async () => {
    const r = await client.requestReply(Subjects.agreement.getInstitution, { code: 'H35010299999' });
    expect(r.ok || r.error.code).toBe('NOT_FOUND');
  });
});
