import { MikroORM } from '@mikro-orm/postgresql';
import { type BlacklistStatusReply, CreditBlacklistSubjects } from '@mi/contracts';
import { FixedClock } from '@mi/domain';
import { type MiNatsClient, type RunningProcess } from '@mi/platform';
import { asActor, aUscc, aUser, createTestInfra, startTestService, type TestInfra, testNatsClient } from '@mi/testing';
import { AppModule } from '../app.module';
import { CreditConfig } from '../config';
import { persistence } from '../persistence';

describe('blacklist status for agreement admission', () => {
  let infra: TestInfra;
  let sut: RunningProcess<CreditConfig>;
  let client: MiNatsClient;
  const listedUscc = aUscc({ region: '350102', serial: 7 });
  const cleanUscc = aUscc({ region: '350102', serial: 8 });

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startTestService(infra, AppModule, CreditConfig, 'credit-service', { clock: new FixedClock('2026-03-02T01:00:00.000Z') });
    client = testNatsClient(infra);
    await sut
      .get(MikroORM)
      .em.fork()
      .execute(
        `insert into credit.blacklist_entry (id, subject_kind, subject_code, list, reason, listed_on, until, admdvs) values
          (gen_random_uuid(), 'uscc', ?, 'serious-dishonesty', '欺诈骗保', '2025-06-01', null, '350102'),
          (gen_random_uuid(), 'institution', 'P35010200009', 'serious-dishonesty', '已移出', '2023-01-01', '2025-12-31', '350102'),
          (gen_random_uuid(), 'institution', 'P35010200010', 'serious-dishonesty', '尚未生效', '2026-04-01', null, '350102')`,
        [listedUscc],
      );
  });

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
  });

  it('answers listed for an entry in force, by USCC or institution code', async () => {
    const r = await client.request<BlacklistStatusReply>(CreditBlacklistSubjects.blacklistStatus, { uscc: listedUscc, institutionCode: 'P35010200001' });
    expect(r).toEqual({ listed: true, entries: [{ list: 'serious-dishonesty', reason: '欺诈骗保', listedOn: '2025-06-01' }] });
    expect(await client.request(CreditBlacklistSubjects.blacklistStatus, { uscc: cleanUscc })).toEqual({ listed: false, entries: [] });
  });

  it('ignores entries that ended or have not started', async () => {
    for (const institutionCode of ['P35010200009', 'P35010200010']) {
      expect(await client.request<BlacklistStatusReply>(CreditBlacklistSubjects.blacklistStatus, { institutionCode })).toMatchObject({ listed: false });
    }
  });

  it('refuses bad input and roles that have no business with the lists', async () => {
    const empty = await client.requestReply(CreditBlacklistSubjects.blacklistStatus, {});
    expect(empty.ok || empty.error.code).toBe('VALIDATION');
    const bad = await client.requestReply(CreditBlacklistSubjects.blacklistStatus, { uscc: 'x', institutionCode: 'y' });
    expect(bad.ok || (bad.error.details?.fields as { field: string }[]).map((f) => f.field).sort()).toEqual(['institutionCode', 'uscc']);
    const liaison = await asActor(aUser({ scope: '350100', roles: ['health-liaison'] }), () =>
      client.requestReply(CreditBlacklistSubjects.blacklistStatus, { uscc: cleanUscc }),
    );
    expect(liaison.ok || liaison.error.code).toBe('FORBIDDEN.ROLE');
  });
});
