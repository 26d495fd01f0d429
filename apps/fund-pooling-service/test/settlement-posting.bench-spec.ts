import { MikroORM } from '@mikro-orm/postgresql';
import { jetstream } from '@nats-io/jetstream';
import { ReviewEventSubjects } from '@mi/contracts';
import { newUuidV7, type RunningProcess } from '@mi/platform';
import { createTestInfra, startTestService, type TestInfra } from '@mi/testing';
import { AppModule } from '../src/app.module';
import { FundPoolingConfig } from '../src/config';
import { persistence } from '../src/persistence';

/**
 * Throughput of ClaimSettled posting: N events already in the stream, then the service starts and
 * posts them; events/s from start to the last entry. Not part of the test run (`*.bench-spec.ts`):
 *   NODE_OPTIONS="--experimental-vm-modules --no-warnings" TZ=UTC jest -c apps/fund-pooling-service/jest.config.cjs \
 *     --testMatch '<rootDir>/test/settlement-posting.bench-spec.ts'
 */
const N = 5000;
const INSTITUTIONS = 50;

describe('ClaimSettled posting throughput', () => {
  let infra: TestInfra;
  let sut: RunningProcess<FundPoolingConfig> | undefined;

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
  });

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
  });

  it(`posts ${N} settlements`, async () => {
    const js = jetstream(infra.nats.nc);
    const subject = infra.nats.resolver.subject(ReviewEventSubjects.ClaimSettled);
    for (let i = 0; i < N; i += 500) {
      await Promise.all(
        Array.from({ length: Math.min(500, N - i) }, (_, j) => {
          const n = i + j;
          const id = newUuidV7();
          const event = {
            id,
            type: 'ClaimSettled',
            version: 1,
            occurredAt: '2026-04-03T02:00:00.000Z',
            admdvs: '430102',
            aggregateId: `S${n}`,
            payload: {
              settlementId: newUuidV7(),
              setlId: `S${n}`,
              mdtrtId: `M${n}`,
              psnNo: `P${n}`,
              institutionCode: `H430102${String(n % INSTITUTIONS).padStart(5, '0')}`,
              poolarea: '430100',
              insutype: n % 3 === 0 ? '390' : '310',
              setlDate: '2026-04-03',
              medfeeSumamtFen: '100000',
              hifpPayFen: '75000',
              acctPayFen: '5000',
              psnCashPayFen: '20000',
              reversal: false,
              ruleSet: '430000#1',
              findings: 0,
            },
          };
          return js.publish(subject, JSON.stringify(event), { msgID: id });
        }),
      );
    }
    const started = performance.now();
    sut = await startTestService(infra, AppModule, FundPoolingConfig, 'fund-pooling-service');
    const orm = sut.get<MikroORM>(MikroORM);
    for (;;) {
      const [{ n }] = await orm.em.fork().execute<{ n: number }[]>(`select count(*)::int as n from fund.journal_entry where cause_type = 'claim-settled'`);
      if (n >= N) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`ClaimSettled posting: ${N} events in ${seconds.toFixed(2)} s = ${Math.round(N / seconds)} events/s (incl. service start)`);
  }, 300_000);
});
