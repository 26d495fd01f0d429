import type { Subscription } from '@nats-io/transport-node';
import { MikroORM } from '@mikro-orm/postgresql';
import { AgreementSubjects, approvalSubjects, type ApprovalView, type IndicatorAssessmentPageView, IndicatorSubjects } from '@mi/contracts';
import { FixedClock } from '@mi/domain';
import { type MiNatsClient, newUuidV7, type RunningProcess } from '@mi/platform';
import { asActor, aUser, createTestInfra, startTestService, type TestInfra, testNatsClient } from '@mi/testing';
import { AppModule } from '../src/app.module';
import { ClaimsReviewConfig } from '../src/config';
import { persistence } from '../src/persistence';

/**
 * 指标性扣款 against real PostgreSQL and NATS; agreement-service's answer (the institutions'
 * agreement indicators) comes from a responder on the test's NATS prefix.
 */
describe('indicator deductions (次均费用超5%) by maker-checker', () => {
  let infra: TestInfra;
  let sut: RunningProcess<ClaimsReviewConfig>;
  let client: MiNatsClient;
  const subs: Subscription[] = [];
  const reviewer = aUser({ id: 'u-1', username: 'cs.reviewer', roles: ['reviewer'], scope: '430100' });
  const reviewer2 = aUser({ id: 'u-2', username: 'cs.reviewer2', roles: ['reviewer'], scope: '430100' });
  const zhuzhou = aUser({ id: 'u-3', username: 'zz.reviewer', roles: ['reviewer'], scope: '430200' });
  const [H1, H2, H3] = ['H43010200001', 'H43010200002', 'H43010200003'];
  const sql = <T>(q: string, params: unknown[] = []): Promise<T[]> => sut.get(MikroORM).em.fork().execute<T[]>(q, params);
  let seq = 0;

  /** One inpatient (or other) settlement: total and pooled-fund share in fen, stay in days. */
  async function settlement(o: {
    code: string;
    totalFen: number;
    insutype?: string;
    date?: string;
    days?: number;
    mode?: string;
    reversed?: boolean;
  }): Promise<void> {
    seq += 1;
    const date = o.date ?? '2026-10-20';
    const begin = new Date(Date.parse(`${date}T00:00:00Z`) - (o.days ?? 10) * 86_400_000).toISOString().slice(0, 10);
    await sql(
      `insert into review.settlement (id, setl_id, fixmedins_code, mdtrt_id, psn_no, certno_enc, certno_hash, gend, brdy, insutype, med_type, treatment_mode,
         setl_time, setl_date, begndate, enddate, diagnoses, medfee_sumamt_fen, hifp_pay_fen, acct_pay_fen, psn_cash_pay_fen, amounts_fen, poolarea, admdvs,
         content_hash, review_status, rule_set, findings, received_at, reviewed_at, reversed_by)
       values (?, ?, ?, ?, 'P1', 'x', 'x', '1', '1980-03-04', ?, '21', ?, now(), ?, ?, ?, '[]', ?, ?, 0, ?, '{}', '430100', '430102', 'h', 'REVIEWED', '430000#1', 0, now(), now(), ?)`,
      [
        newUuidV7(),
        `S${String(seq).padStart(10, '0')}`,
        o.code,
        `M${seq}`,
        o.insutype ?? '310',
        o.mode ?? '2',
        date,
        begin,
        date,
        o.totalFen,
        Math.floor(o.totalFen * 0.7),
        o.totalFen - Math.floor(o.totalFen * 0.7),
        o.reversed ? 'S9999999999' : null,
      ],
    );
  }

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startTestService(infra, AppModule, ClaimsReviewConfig, 'claims-review-service', { clock: new FixedClock('2026-11-05T02:00:00.000Z') });
    client = testNatsClient(infra);
    const indicators: Record<string, Record<string, string> | undefined> = {
      [H1]: { costPerAdmissionFen: '1000000', costPerBedDayFen: '100000' },
      [H2]: { costPerAdmissionFen: '1000000' },
    };
    subs.push(
      infra.nats.nc.subscribe(infra.nats.resolver.subject(AgreementSubjects.getAgreement), {
        callback: (_e, msg) => {
          const code = (msg.json() as { institutionCode: string }).institutionCode;
          const found = indicators[code];
          msg.respond(
            JSON.stringify(
              found
                ? { ok: true, data: { institutionCode: code, indicators: found } }
                : { ok: false, error: { code: 'NOT_FOUND', message: `agreement of ${code}` } },
            ),
          );
        },
      }),
    );
    // H1: 3 admissions of 10 days, 33,000 yuan (310: 23,000; 390: 10,000) against 10,000 per admission and 1,000 per bed-day.
    await settlement({ code: H1, totalFen: 1_200_000 });
    await settlement({ code: H1, totalFen: 1_100_000 });
    await settlement({ code: H1, totalFen: 1_000_000, insutype: '390' });
    // Not counted: reversed, outpatient, November.
    await settlement({ code: H1, totalFen: 9_000_000, reversed: true });
    await settlement({ code: H1, totalFen: 9_000_000, mode: '1' });
    await settlement({ code: H1, totalFen: 9_000_000, date: '2026-11-02' });
    // H2 exactly at its target; H3 without an agreement.
    await settlement({ code: H2, totalFen: 900_000 });
    await settlement({ code: H2, totalFen: 1_100_000 });
    await settlement({ code: H3, totalFen: 5_000_000 });
  });

  afterAll(async () => {
    for (const s of subs) s.unsubscribe();
    await sut?.close();
    await infra?.close();
  });

  const assess = (who: typeof reviewer, body: Record<string, unknown>) =>
    asActor(who, () => client.requestReply<IndicatorAssessmentPageView>(IndicatorSubjects.assess, body));

  it('refuses a period that has not ended or is not a period, and another city’s officer, storing nothing', async () => {
    const open = await assess(reviewer, { poolarea: '430100', period: '2026-11' });
    expect(open.ok || [open.error.code, open.error.details?.field]).toEqual(['VALIDATION', 'period']);
    const bad = await assess(reviewer, { poolarea: '430100', period: '2026-13' });
    expect(bad.ok || [bad.error.code, bad.error.details?.field]).toEqual(['VALIDATION', 'period']);
    const foreign = await assess(zhuzhou, { poolarea: '430100', period: '2026-10' });
    expect(foreign.ok || foreign.error.code).toBe('FORBIDDEN.REGION');
    expect(await sql(`select 1 from review.indicator_run`)).toHaveLength(0);
  });

  it('measures each institution against its agreement and proposes one deduction for the breach, exact to the fen', async () => {
    const res = await assess(reviewer, { poolarea: '430100', period: '2026-10' });
    if (!res.ok) throw new Error(JSON.stringify(res.error));
    expect(res.data).toMatchObject({ poolarea: '430100', period: '2026-10', from: '2026-10-01', to: '2026-10-31', tolerancePermille: 50 });
    const by = Object.fromEntries(res.data.items.map((i) => [i.institutionCode, i]));
    expect(by[H1]).toMatchObject({
      outcome: 'BREACHED',
      admissions: 3,
      // Allowed: 3 × 10,000 × 1.05 = 31,500 yuan; 30 bed-days × 1,000 × 1.05 likewise; excess 1,500.00.
      proposedFen: '150000',
      // 1,500 split 23:10 by cost with the largest remainder: 1,045.45 + 454.55.
      byInsutype: { '310': '104545', '390': '45455' },
      approvalStatus: 'PENDING',
      confirmedAt: null,
    });
    expect(by[H1].measures).toEqual([
      expect.objectContaining({
        indicator: 'costPerAdmission',
        units: 3,
        totalFen: '3300000',
        actualFen: '1100000',
        overPermille: 100,
        allowedFen: '3150000',
        excessFen: '150000',
      }),
      expect.objectContaining({ indicator: 'costPerBedDay', units: 30, actualFen: '110000', excessFen: '150000' }),
    ]);
    expect(by[H1].explanation).toContain('次均住院费用：目标 10000.00 元，实际 11000.00 元');
    expect(by[H1].explanation).toContain('拟扣款 1500.00 元');
    expect(by[H2]).toMatchObject({ outcome: 'WITHIN', proposedFen: '0', approvalId: null });
    expect(by[H3]).toMatchObject({ outcome: 'NO_TARGET', proposedFen: '0', approvalId: null });

    // Asked again: the stored answer, no second proposal.
    const again = await assess(reviewer2, { poolarea: '430100', period: '2026-10' });
    if (!again.ok) throw new Error(JSON.stringify(again.error));
    expect(again.data.items.map((i) => [i.id, i.approvalId])).toEqual(res.data.items.map((i) => [i.id, i.approvalId]));
    expect(await sql(`select 1 from review.approval where action = 'review.indicator-deduction'`)).toHaveLength(1);
  });

  it('withholds nothing until a second person approves; then emits IndicatorDeductionConfirmed with its audit row', async () => {
    const list = await asActor(reviewer, () =>
      client.request<IndicatorAssessmentPageView>(IndicatorSubjects.list, { poolarea: '430100', period: '2026-10', institutionCode: H1 }),
    );
    expect(list.items).toHaveLength(1);
    const [a] = list.items;
    const decide = (who: typeof reviewer) =>
      asActor(who, () => client.requestReply<ApprovalView>(approvalSubjects('review').decide, { id: a.approvalId, decision: 'approve' }));
    const self = await decide(reviewer);
    expect(self.ok || self.error.code).toBe('FORBIDDEN.SAME_PERSON');
    expect(await sql(`select 1 from review.outbox where type = 'IndicatorDeductionConfirmed'`)).toHaveLength(0);
    const approved = await decide(reviewer2);
    if (!approved.ok) throw new Error(JSON.stringify(approved.error));
    expect(approved.data.status).toBe('APPROVED');
    const [event] = await sql<{ payload: Record<string, unknown> }>(
      `select envelope->'payload' as payload from review.outbox where type = 'IndicatorDeductionConfirmed'`,
    );
    expect(event.payload).toEqual({
      assessmentId: a.id,
      institutionCode: H1,
      poolarea: '430100',
      period: '2026-10',
      periodEnd: '2026-10-31',
      amountFen: '150000',
      byInsutype: { '310': '104545', '390': '45455' },
      reason: a.explanation,
    });
    expect(await sql(`select 1 from review.audit_log where action = 'review.indicator-deduction' and target_id = ?`, [a.id])).toHaveLength(1);
    const after = await asActor(reviewer, () =>
      client.request<IndicatorAssessmentPageView>(IndicatorSubjects.list, { poolarea: '430100', period: '2026-10', institutionCode: H1 }),
    );
    expect(after.items[0]).toMatchObject({ approvalStatus: 'APPROVED', confirmedAt: expect.stringMatching(/^2026-11-05T/) });
  });
});
