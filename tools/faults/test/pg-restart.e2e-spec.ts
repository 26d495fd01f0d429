import { admitHospital, postSignedHis, type PrivatePostgres, startPrivatePostgres, startTestPlatform, type TestPlatform } from '@mi/testing';
import { assertBooks, assertLedger, settlementsWithViolations, uploadWithRetries } from './his-upload-faults';

const UPLOAD_TIMEOUT_MS = 10_000;

/**
 * The database server crashes under traffic (issue #10 fault injection): the platform runs on a
 * PostgreSQL cluster of its own (the machine's shared server is used by other test projects at the
 * same time), stopped with `pg_ctl stop -m immediate` — every backend killed, no checkpoint, crash
 * recovery at the next start — after the HIS's first request, and started again. Requests meanwhile
 * must be answered with the NHSA error envelope, not a 5xx and not a hang; every service must find
 * the database again by itself; the books must be those of a quiet day.
 */
describe('fault injection: PostgreSQL crashed and restarted during traffic', () => {
  let postgres: PrivatePostgres;
  let platform: TestPlatform;
  let cred: { paasId: string; paasToken: string };
  const code = 'H43010200076';

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    platform = await startTestPlatform(['agreement-service', 'credit-service', 'monitoring-kb-service', 'claims-review-service', 'fund-pooling-service'], {
      databaseAdminUrl: postgres.url,
      perApp: { gateway: { HIS_UPLOAD_TIMEOUT_MS: UPLOAD_TIMEOUT_MS } },
    });
    const maker = await platform.user('p.maker', ['city-officer'], '430100');
    const checker = await platform.user('p.checker', ['city-officer'], '430100');
    cred = await admitHospital(maker, checker, platform.admin, code);
  });

  afterAll(async () => {
    await platform?.stop();
    await postgres?.dispose();
  });

  it('loses and doubles nothing when PostgreSQL is stopped (immediate) and started again during the upload', async () => {
    const { batch, violating } = settlementsWithViolations('PGR', code, 400);
    let outage = 0;
    const attempts = await uploadWithRetries(platform, cred, batch, {
      per: 100,
      onAccepted: async (no) => {
        if (no !== 0) return;
        // The first request's settlements are being posted to the ledger and their events relayed.
        await postgres.stop('immediate');
        const down = Date.now();
        const during = await postSignedHis(platform.base, cred, '/his/v1/settlements', { settlements: batch.slice(100, 101) });
        expect(during).toMatchObject({ status: 200, body: { infcode: -1 } });
        expect(Date.now() - down).toBeLessThan(UPLOAD_TIMEOUT_MS + 2_000);
        await new Promise((r) => setTimeout(r, 1500));
        await postgres.start();
        outage = Date.now() - down;
        await platform.reconnectPg();
      },
    });
    expect(outage).toBeGreaterThan(1500);
    expect(attempts).toHaveLength(4);
    await assertBooks(platform, code, 'PGR', batch, violating);
    await assertLedger(platform, code, 'PGR', batch.length);
  });

  it('still stops every process on SIGTERM afterwards: no pool slot is left held by a transaction the crash broke', async () => {
    const hung: string[] = [];
    await Promise.all(
      Object.values(platform.procs).map(async (p) => {
        let timer: NodeJS.Timeout | undefined;
        const exited = await Promise.race([p.stop('SIGTERM').then(() => true), new Promise<false>((r) => (timer = setTimeout(() => r(false), 15_000)))]);
        clearTimeout(timer);
        if (exited) return;
        hung.push(p.name);
        p.process.kill('SIGKILL');
      }),
    );
    expect(hung).toEqual([]);
  });
});
