import { admitHospital, startTestPlatform, type TestPlatform } from '@mi/testing';
import { assertBooks, assertLedger, settlementsWithViolations, uploadWithRetries, waitForRuleSetRelayed } from './his-upload-faults';

const SERVICES = ['agreement-service', 'credit-service', 'monitoring-kb-service', 'claims-review-service', 'fund-pooling-service'];
const DAY1 = '2026-06-10';
const DAY2 = '2026-06-11';
/** 10:00 Beijing on each day: the services' shifted business clock (the gateway keeps the real one). */
const CLOCK_DAY1 = `${DAY1}T02:00:00.000Z`;
const CLOCK_DAY2 = `${DAY2}T02:00:00.000Z`;
const PER = 70;

/** The same settlement on another day: settlement time, stay and fee times. */
function onDay(s: Record<string, unknown>, day: string): Record<string, unknown> {
  const fees = (s.fee_list as Record<string, unknown>[]).map((f) => ({ ...f, fee_ocur_time: `${day} 09:30:00` }));
  return { ...s, setl_time: `${day} 10:00:00`, begndate: day, enddate: day, fee_list: fees };
}

/**
 * A rule set switch between settlement dates inside one request (issue #10): the city publishes a
 * set in force from tomorrow that disables the rules the injected violations hit; the next day the
 * HIS uploads one request mixing yesterday's late settlements with today's. Each settlement is
 * reviewed with the version in force on its own settlement date — the province's default for
 * yesterday's (still flagged), the city's for today's (not flagged) — within the same request,
 * nothing lost, nothing doubled. The services run on a shifted business clock moved a day forward
 * by restarting them (CLOCK_START), as the year scenario does.
 */
describe('fault injection: a rule set taking effect between the settlement dates of one request', () => {
  let platform: TestPlatform;
  let cred: { paasId: string; paasToken: string };
  const code = 'H43010200078';

  beforeAll(async () => {
    platform = await startTestPlatform(SERVICES, {
      perApp: { ...Object.fromEntries(SERVICES.map((s) => [s, { CLOCK_START: CLOCK_DAY1 }])), gateway: { HIS_UPLOAD_TIMEOUT_MS: 10_000 } },
    });
    const maker = await platform.user('d.maker', ['city-officer'], '430100');
    const checker = await platform.user('d.checker', ['city-officer'], '430100');
    cred = await admitHospital(maker, checker, platform.admin, code);

    // Day 1: a first request finds the violations with the province's default set.
    const first = settlementsWithViolations('RSD1A', code, PER);
    await uploadWithRetries(
      platform,
      cred,
      first.batch.map((s) => onDay(s, DAY1)),
      { per: PER },
    );
    const hit = await platform.pg.query<{ rule_id: string }>(`select distinct rule_id from review.finding where setl_id like 'RSD1A%' order by 1`);
    const disabled = hit.rows.map((r) => r.rule_id);
    expect(disabled.length).toBeGreaterThan(0);
    // The city switches them off from tomorrow (a set cannot take effect in the past), by maker-checker.
    const proposed = await maker.post('/api/v1/kb/rule-sets', {
      region: '430100',
      effectiveFrom: DAY2,
      rules: [],
      overrides: disabled.map((ruleId) => ({ ruleId, disabled: true })),
      reason: '本市自明日起停用性别限制规则（故障注入测试）',
    });
    expect(proposed.body).toMatchObject({ status: 'PENDING', action: 'kb.publish-rule-set' });
    const decided = await checker.post(`/api/v1/approvals/kb/${String((proposed.body as { id: string }).id)}/decide`, { decision: 'approve' });
    expect(decided).toMatchObject({ status: 200, body: { status: 'APPROVED' } });
    await waitForRuleSetRelayed(platform, '430100');
    // The next morning.
    for (const app of SERVICES) await platform.restart(app, 'SIGTERM', { CLOCK_START: CLOCK_DAY2 });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('reviews each settlement of one request with the set in force on its own date', async () => {
    const late = settlementsWithViolations('RSD1B', code, PER / 2);
    const today = settlementsWithViolations('RSD2A', code, PER / 2);
    // One request, yesterday's and today's settlements interleaved.
    const mixed = late.batch.flatMap((s, i) => [onDay(s, DAY1), onDay(today.batch[i], DAY2)]);
    const attempts = await uploadWithRetries(platform, cred, mixed, { per: PER });
    expect(attempts).toEqual([1]);

    const reviewed = await platform.pg.query<{ setl_id: string; setl_date: string; rule_set: string }>(
      `select setl_id, to_char(setl_date, 'YYYY-MM-DD') as setl_date, rule_set from review.settlement where setl_id like 'RSD%' order by setl_id`,
    );
    const setsByDate = new Map<string, Set<string>>();
    for (const r of reviewed.rows) setsByDate.set(r.setl_date, (setsByDate.get(r.setl_date) ?? new Set()).add(r.rule_set));
    expect(Object.fromEntries([...setsByDate].map(([d, s]) => [d, [...s]]))).toEqual({ [DAY1]: ['430000#1'], [DAY2]: ['430100#1'] });
    // Yesterday's violations flagged by the default set, today's not by the city's.
    expect(late.violating.size).toBeGreaterThan(0);
    expect(today.violating.size).toBeGreaterThan(0);
    const first = settlementsWithViolations('RSD1A', code, PER);
    const all = [...first.batch, ...late.batch, ...today.batch];
    await assertBooks(platform, code, 'RSD', all, new Set([...first.violating, ...late.violating]));
    await assertLedger(platform, code, 'RSD', all.length);
    // The in-force query answers per date the same way.
    const before = await platform.admin.get(`/api/v1/kb/rule-sets/in-force?poolarea=430100&date=${DAY1}`);
    const after = await platform.admin.get(`/api/v1/kb/rule-sets/in-force?poolarea=430100&date=${DAY2}`);
    expect([before.body, after.body]).toMatchObject([{ region: '430000' }, { region: '430100', effectiveFrom: DAY2 }]);
  });
});
