import { admitHospital, startTestPlatform, type TestPlatform } from '@mi/testing';
import { assertBooks, assertLedger, settlementsWithViolations, uploadWithRetries, waitForRuleSetRelayed } from './his-upload-faults';

const PER = 50;

/**
 * A rule set published in the middle of a batch (issue #10 fault injection): while a HIS uploads
 * its settlements in several requests, the city proposes a rule set taking effect today that
 * disables the rules the injected violations hit, and a second officer approves it (maker-checker,
 * portal API). Every settlement must be reviewed exactly once with the version in force when it was
 * reviewed — the province's default set before the switch, the city's after it, never a mixture
 * within one request — nothing lost, and the settlements after the switch no longer flagged.
 */
describe('fault injection: a rule set published during a batch', () => {
  let platform: TestPlatform;
  let cred: { paasId: string; paasToken: string };
  let maker: TestPlatform['admin'];
  let checker: TestPlatform['admin'];
  const code = 'H43010200077';

  beforeAll(async () => {
    platform = await startTestPlatform(['agreement-service', 'credit-service', 'monitoring-kb-service', 'claims-review-service', 'fund-pooling-service'], {
      perApp: { gateway: { HIS_UPLOAD_TIMEOUT_MS: 10_000 } },
    });
    maker = await platform.user('s.maker', ['city-officer'], '430100');
    checker = await platform.user('s.checker', ['city-officer'], '430100');
    cred = await admitHospital(maker, checker, platform.admin, code);
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('reviews each settlement once with the version in force, and flags by the new set after the switch', async () => {
    const { batch, violating } = settlementsWithViolations('RSW', code, 6 * PER);
    const today = String(batch[0].begndate);
    let disabled: string[] = [];
    await uploadWithRetries(platform, cred, batch, {
      per: PER,
      onAccepted: async (no) => {
        if (no !== 1) return;
        // The rules that flagged the first two requests are switched off by the city from today.
        const hit = await platform.pg.query<{ rule_id: string }>(`select distinct rule_id from review.finding where setl_id like 'RSW%' order by 1`);
        disabled = hit.rows.map((r) => r.rule_id);
        expect(disabled.length).toBeGreaterThan(0);
        const proposal = {
          region: '430100',
          effectiveFrom: today,
          rules: [],
          overrides: disabled.map((ruleId) => ({ ruleId, disabled: true })),
          reason: '本市自今日起停用性别限制规则（故障注入测试）',
        };
        const proposed = await maker.post('/api/v1/kb/rule-sets', proposal);
        expect(proposed.body).toMatchObject({ status: 'PENDING', action: 'kb.publish-rule-set' });
        const approvalId = String((proposed.body as { id: string }).id);
        const decided = await checker.post(`/api/v1/approvals/kb/${approvalId}/decide`, { decision: 'approve' });
        expect(decided).toMatchObject({ status: 200, body: { status: 'APPROVED' } });
        // Claims review drops its compiled sets when it hears RuleSetPublished: wait until kb relayed it.
        await waitForRuleSetRelayed(platform, '430100');
        await new Promise((r) => setTimeout(r, 300));
      },
    });

    // One intake transaction reviews a whole request with one set: requests 0-1 before the switch, 2-5 after.
    const reviewed = await platform.pg.query<{ setl_id: string; rule_set: string; findings: number }>(
      `select setl_id, rule_set, findings from review.settlement where setl_id like 'RSW%' order by setl_id`,
    );
    expect(reviewed.rows).toHaveLength(batch.length);
    const setsPerRequest = Array.from({ length: 6 }, (_, no) => [...new Set(reviewed.rows.slice(no * PER, (no + 1) * PER).map((r) => r.rule_set))]);
    expect(setsPerRequest).toEqual([['430000#1'], ['430000#1'], ['430100#1'], ['430100#1'], ['430100#1'], ['430100#1']]);
    // The city's set is the one in force today from now on (all settlements are dated today: the
    // hospital's agreement starts today and a rule set cannot take effect in the past).
    const inForce = await platform.admin.get(`/api/v1/kb/rule-sets/in-force?poolarea=430100&date=${today}`);
    expect(inForce).toMatchObject({ status: 200, body: { region: '430100', version: 1, effectiveFrom: today } });
    // Findings carry the set and rule version that produced them; the new set flags none of the injected violations.
    const findings = await platform.pg.query<{ setl_id: string; rule_id: string; rule_set: string; rule_version: number }>(
      `select setl_id, rule_id, rule_set, rule_version from review.finding where setl_id like 'RSW%'`,
    );
    expect(findings.rows.filter((f) => f.rule_set !== '430000#1' || !disabled.includes(f.rule_id) || f.rule_version < 1)).toEqual([]);
    const before = new Set(batch.slice(0, 2 * PER).map((s) => String(s.setl_id)));
    const flaggedBefore = new Set([...violating].filter((id) => before.has(id)));
    expect(flaggedBefore.size).toBeGreaterThan(0);
    expect([...violating].filter((id) => !before.has(id)).length).toBeGreaterThan(0); // violations after the switch exist, unflagged
    await assertBooks(platform, code, 'RSW', batch, flaggedBefore);
    await assertLedger(platform, code, 'RSW', batch.length);
  });
});
