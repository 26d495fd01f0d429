import { spawn } from 'node:child_process';
import path from 'node:path';
import { startTestPlatform, TEST_ADMIN_PASSWORD, type TestPlatform } from '@mi/testing';

const ROOT = path.resolve(__dirname, '../../..');

/**
 * First run (issue #10): the demo loader `npm start` runs on an empty database — the built CLI
 * against the built platform, as a user gets it — leaves a city to look at: review cases, the
 * counties' remittances in every ended month and each ended month settled and paid, nothing
 * overdue; and it refuses to load a second time.
 */
describe('first run: the demo city', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startTestPlatform(['agreement-service', 'claims-review-service', 'monitoring-kb-service', 'credit-service', 'fund-pooling-service']);
  }, 180_000);

  afterAll(async () => {
    await platform?.stop();
  });

  const demo = (): Promise<{ code: number; out: string }> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [path.join(ROOT, 'dist/tools/demo/src/cli.js'), '--base', platform.base, '--lines', '2000'], {
        env: { ...process.env, DEMO_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD },
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.on('exit', (code) => resolve({ code: code ?? -1, out }));
    });

  it('loads a city with review cases and the fund’s year so far, then refuses to load it again', async () => {
    const first = await demo();
    if (first.code !== 0) throw new Error(`the demo loader failed (exit ${first.code}):\n${first.out}`);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const year = today.slice(0, 4);
    const ended = Array.from({ length: Number(today.slice(5, 7)) - 1 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
    expect(first.out).toContain(`${ended.length} months settled and paid from the city fund`);

    const cases = await platform.admin.get('/api/v1/review/cases?pageSize=1');
    expect(Number(cases.body.total)).toBeGreaterThan(0);

    const report = await platform.admin.get(`/api/v1/fund/reports/430100/${year}`);
    expect(report.status).toBe(200);
    const cityRows = (report.body.rows as { period: string; regionLevel: string; incomeFen: string; expenseFen: string }[]).filter(
      (r) => r.regionLevel === 'city',
    );
    for (const period of ended) {
      const rows = cityRows.filter((r) => r.period === period);
      expect({ period, income: rows.some((r) => BigInt(r.incomeFen) > 0n) }).toEqual({ period, income: true });
    }

    const deadlines = await platform.admin.get(`/api/v1/fund/payment-deadlines?admdvs=430100&year=${year}`);
    expect(deadlines.status).toBe(200);
    const states = (deadlines.body.months as { period: string; state: string }[]).filter((m) => ended.includes(m.period));
    expect(states.filter((m) => !['PAID_ON_TIME', 'PAID_LATE', 'NOTHING_TO_PAY'].includes(m.state))).toEqual([]);

    const again = await demo();
    expect(again.code).toBe(2);
    expect(again.out).toContain('already');
  });
});
