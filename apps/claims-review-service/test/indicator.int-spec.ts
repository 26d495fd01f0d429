import type { Subscription } from '@nats-io/transport-node';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  type AgreementIndicators,
  AgreementSubjects,
  approvalSubjects,
  type ApprovalView,
  type IndicatorAssessmentPageView,
  type IndicatorMeasureView,
  type IndicatorRatioMeasureView,
  IndicatorSubjects,
} from '@mi/contracts';
import { FixedClock } from '@mi/domain';
import { type MiNatsClient, newUuidV7, type RunningProcess } from '@mi/platform';
import { asActor, aUser, createTestInfra, startTestService, type TestInfra, testNatsClient } from '@mi/testing';
import { AppModule } from '../src/app.module';
import { ClaimsReviewConfig } from '../src/config';
import { persistence } from '../src/persistence';

/**
 * 指标考核与指标性扣款 against real PostgreSQL and NATS; agreement-service's answer (the agreements in
 * force during the period, `mi.v1.agreement.indicators-in-force`) comes from a responder on the
 * test's NATS prefix. Nothing answers `get-agreement`: the agreement in force today is not asked.
 */
describe('indicator deductions (次均费用超5%) by maker-checker', () => {
  let infra: TestInfra;
  let sut: RunningProcess<ClaimsReviewConfig>;
  let client: MiNatsClient;
  const subs: Subscription[] = [];
  const reviewer = aUser({ id: 'u-1', username: 'cs.reviewer', roles: ['reviewer'], scope: '430100' });
  const reviewer2 = aUser({ id: 'u-2', username: 'cs.reviewer2', roles: ['reviewer'], scope: '430100' });
  const zhuzhou = aUser({ id: 'u-3', username: 'zz.reviewer', roles: ['reviewer'], scope: '430200' });
  const [H1, H2, H3, H4, H5] = ['H43010200001', 'H43010200002', 'H43010200003', 'H43010200004', 'H43010200005'];
  /** The agreements agreement-service holds, with the days each was in force. */
  const agreements: Record<string, { number: string; inForceFrom: string; inForceTo: string; indicators: AgreementIndicators }[]> = {
    [H1]: [
      { number: 'XY-H1-2026', inForceFrom: '2026-01-01', inForceTo: '2026-12-31', indicators: { costPerAdmissionFen: '1000000', costPerBedDayFen: '100000' } },
    ],
    [H2]: [{ number: 'XY-H2-2026', inForceFrom: '2026-01-01', inForceTo: '2026-12-31', indicators: { costPerAdmissionFen: '1000000' } }],
    // H4's targets changed mid-year: the first agreement ended on 30 June, the one in force today began on 1 July.
    [H4]: [
      {
        number: 'XY-H4-2026A',
        inForceFrom: '2026-01-01',
        inForceTo: '2026-06-30',
        indicators: { costPerAdmissionFen: '1000000', drugSharePct: 30, averageStayDays: 8, selfPayRatioPct: 10, transferRatePct: 2 },
      },
      {
        number: 'XY-H4-2026B',
        inForceFrom: '2026-07-01',
        inForceTo: '2026-12-31',
        indicators: { costPerAdmissionFen: '2000000', drugSharePct: 50, averageStayDays: 15, selfPayRatioPct: 20, transferRatePct: 2 },
      },
    ],
    // H5's changed inside the third quarter: terminated 15 August, a new agreement from 1 September.
    [H5]: [
      { number: 'XY-H5-2026A', inForceFrom: '2026-01-01', inForceTo: '2026-08-15', indicators: { costPerAdmissionFen: '1000000' } },
      { number: 'XY-H5-2026B', inForceFrom: '2026-09-01', inForceTo: '2026-12-31', indicators: { costPerAdmissionFen: '800000' } },
    ],
  };
  const asked: { institutionCode: string; from: string; to: string }[] = [];
  const sql = <T>(q: string, params: unknown[] = []): Promise<T[]> => sut.get(MikroORM).em.fork().execute<T[]>(q, params);
  let seq = 0;

  /**
   * One inpatient (or other) settlement: total and pooled-fund share in fen, stay in days; fee lines
   * by catalogue type (the rest of the total a service line) and settlement amount fields when given.
   */
  async function settlement(o: {
    code: string;
    totalFen: number;
    insutype?: string;
    date?: string;
    days?: number;
    mode?: string;
    reversed?: boolean;
    lines?: { listType: string; amountFen: number }[];
    amounts?: Record<string, number>;
  }): Promise<void> {
    seq += 1;
    const date = o.date ?? '2026-10-20';
    const begin = new Date(Date.parse(`${date}T00:00:00Z`) - (o.days ?? 10) * 86_400_000).toISOString().slice(0, 10);
    const id = newUuidV7();
    const fund = Math.floor(o.totalFen * 0.7);
    await sql(
      `insert into review.settlement (id, setl_id, fixmedins_code, mdtrt_id, psn_no, certno_enc, certno_hash, gend, brdy, insutype, med_type, treatment_mode,
         setl_time, setl_date, begndate, enddate, diagnoses, medfee_sumamt_fen, hifp_pay_fen, acct_pay_fen, psn_cash_pay_fen, amounts_fen, poolarea, admdvs,
         content_hash, review_status, rule_set, findings, received_at, reviewed_at, reversed_by)
       values (?, ?, ?, ?, 'P1', 'x', 'x', '1', '1980-03-04', ?, '21', ?, now(), ?, ?, ?, '[]', ?, ?, 0, ?, ?::jsonb, '430100', '430102', 'h', 'REVIEWED', '430000#1', 0, now(), now(), ?)`,
      [
        id,
        `S${String(seq).padStart(10, '0')}`,
        o.code,
        `M${seq}`,
        o.insutype ?? '310',
        o.mode ?? '2',
        date,
        begin,
        date,
        o.totalFen,
        fund,
        o.totalFen - fund,
        JSON.stringify(Object.fromEntries(Object.entries(o.amounts ?? {}).map(([k, v]) => [k, String(v)]))),
        o.reversed ? 'S9999999999' : null,
      ],
    );
    const lines = o.lines ?? [];
    const rest = o.totalFen - lines.reduce((n, l) => n + l.amountFen, 0);
    for (const [i, l] of [...lines, { listType: '201', amountFen: rest }].entries()) {
      await sql(
        `insert into review.settlement_line (settlement_id, feedetl_sn, hilist_code, hilist_name, list_type, cnt, pric_fen, amount_fen, fee_ocur_time, service_date)
         values (?, ?, 'X', 'X', ?, 1, ?, ?, ?, ?)`,
        [id, String(i + 1), l.listType, l.amountFen, l.amountFen, `${begin} 09:00:00`, begin],
      );
    }
  }

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startTestService(infra, AppModule, ClaimsReviewConfig, 'claims-review-service', { clock: new FixedClock('2026-11-05T02:00:00.000Z') });
    client = testNatsClient(infra);
    subs.push(
      infra.nats.nc.subscribe(infra.nats.resolver.subject(AgreementSubjects.indicatorsInForce), {
        callback: (_e, msg) => {
          const q = msg.json() as { institutionCode: string; from: string; to: string };
          asked.push(q);
          const held = agreements[q.institutionCode];
          msg.respond(
            JSON.stringify(
              held
                ? {
                    ok: true,
                    data: {
                      ...q,
                      agreements: held
                        .filter((a) => a.inForceFrom <= q.to && a.inForceTo >= q.from)
                        .map((a) => ({ agreementId: newUuidV7(), status: 'ACTIVE', ...a })),
                    },
                  }
                : { ok: false, error: { code: 'NOT_FOUND', message: `institution ${q.institutionCode}` } },
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
    // H4, second quarter (under its first agreement): 2 admissions of 10 days, 23,000 yuan; drugs (101, 106) 8,100 yuan —
    // the 1,000 yuan of decoction pieces (102) not counted; one settlement carried 全自费 1,500 + 超限价 300 yuan.
    await settlement({
      code: H4,
      totalFen: 1_200_000,
      date: '2026-05-20',
      lines: [
        { listType: '101', amountFen: 400_000 },
        { listType: '106', amountFen: 80_000 },
        { listType: '102', amountFen: 100_000 },
      ],
      amounts: { fulamt_ownpay_amt: 150_000, overlmt_selfpay: 30_000 },
    });
    await settlement({ code: H4, totalFen: 1_100_000, date: '2026-05-21', lines: [{ listType: '101', amountFen: 330_000 }] });
    // H4, third quarter (under the agreement in force today): 21,000 yuan for one stay of 12 days, no drugs.
    await settlement({ code: H4, totalFen: 2_100_000, date: '2026-08-10', days: 12 });
    // H5, third quarter: two admissions under each agreement, none in the gap between them.
    await settlement({ code: H5, totalFen: 1_100_000, date: '2026-07-10' });
    await settlement({ code: H5, totalFen: 1_100_000, date: '2026-07-10' });
    await settlement({ code: H5, totalFen: 850_000, date: '2026-09-10' });
    await settlement({ code: H5, totalFen: 850_000, date: '2026-09-10' });
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
    expect(by[H3]).toMatchObject({ outcome: 'NO_TARGET', proposedFen: '0', approvalId: null, explanation: '2026-10 本期无有效的定点协议，不作指标考核。' });
    // Asked for the targets in force during October, not today's.
    expect(asked.find((q) => q.institutionCode === H1)).toEqual({ institutionCode: H1, from: '2026-10-01', to: '2026-10-31' });

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

  it('assesses a past quarter against the targets in force then, though the agreement in force today has others', async () => {
    const res = await assess(reviewer, { poolarea: '430100', period: '2026-Q2' });
    if (!res.ok) throw new Error(JSON.stringify(res.error));
    expect(asked.filter((q) => q.institutionCode === H4).at(-1)).toEqual({ institutionCode: H4, from: '2026-04-01', to: '2026-06-30' });
    expect(res.data.items.map((i) => i.institutionCode)).toEqual([H4]);
    const [h4] = res.data.items;
    // Against the first agreement (10,000 per admission): allowed 21,000, cost 23,000. Against today's (20,000) nothing would be over.
    expect(h4).toMatchObject({ outcome: 'BREACHED', admissions: 2, proposedFen: '200000', byInsutype: { '310': '200000' }, approvalStatus: 'PENDING' });
    const by = Object.fromEntries(h4.measures.map((m) => [m.indicator, m]));
    expect(by.costPerAdmission).toMatchObject({
      targetFen: '1000000',
      allowedFen: '2100000',
      excessFen: '200000',
      status: 'BREACHED',
      consequence: 'DEDUCTION',
    });
    expect((by.costPerAdmission as IndicatorMeasureView).spans).toEqual([
      { agreementNumber: 'XY-H4-2026A', from: '2026-04-01', to: '2026-06-30', target: '1000000', weight: '2' },
    ]);
    // 8,100 of 23,000 yuan: 35.217 % → 35.22 % against 30 %.
    expect(by.drugShare).toMatchObject({
      consequence: 'FINDING',
      status: 'BREACHED',
      target: '30.00',
      actual: '35.22',
      over: '5.22',
      numerator: '810000',
      denominator: '2300000',
      units: 2,
    });
    // 20 bed-days over 2 admissions against 8 days.
    expect(by.averageStay).toMatchObject({ status: 'BREACHED', target: '8.0', actual: '10.0', over: '2.0', numerator: '20', denominator: '2' });
    // Only the settlement that carried fulamt_ownpay_amt: (1,500 + 300) / 12,000.
    expect(by.selfPayRatio).toMatchObject({ status: 'BREACHED', target: '10.00', actual: '15.00', over: '5.00', units: 1, denominator: '1200000' });
    expect((by.selfPayRatio as IndicatorRatioMeasureView).explanation).toContain('另 1 人次未上报全自费金额，未计入');
    // The transfer rate is in the agreement but not measured: the settlement carries no discharge disposition.
    expect(by.transferRate).toBeUndefined();
    expect(h4.explanation).toContain(
      '2026-Q2 次均住院费用：目标 10000.00 元，实际 11500.00 元（2人次，超出 15.0%），超过容差 5% 部分 2000.00 元；拟扣款 2000.00 元',
    );
    expect(h4.explanation).toContain('药占比：目标不高于 30.00%，实际 35.22%（药品费用 8100.00 元 / 医疗费用 23000.00 元，2人次），超出 5.22 个百分点，未达标');
    expect(h4.explanation).toContain('本项记入协议考核，不扣款');
    // Only the cost breach is a proposal, for the cost excess alone.
    const proposals = await sql(`select 1 from review.approval where action = 'review.indicator-deduction' and target_id = ?`, [h4.id]);
    expect(proposals).toHaveLength(1);
    const stored = await sql<{ measures: { indicator: string; status: string }[] }>(`select measures from review.indicator_assessment where id = ?`, [h4.id]);
    expect(stored[0].measures.map((m) => [m.indicator, m.status])).toEqual([
      ['costPerAdmission', 'BREACHED'],
      ['drugShare', 'BREACHED'],
      ['selfPayRatio', 'BREACHED'],
      ['averageStay', 'BREACHED'],
    ]);
  });

  it('assesses the next quarter against the agreement that began in it, and each date of a quarter against the agreement of that day', async () => {
    const res = await assess(reviewer, { poolarea: '430100', period: '2026-Q3' });
    if (!res.ok) throw new Error(JSON.stringify(res.error));
    const by = Object.fromEntries(res.data.items.map((i) => [i.institutionCode, i]));
    // H4 against its second agreement: 21,000 for one admission against 20,000 × 1.05; 12 days against 15; no drugs.
    expect(by[H4]).toMatchObject({ outcome: 'WITHIN', proposedFen: '0', approvalId: null });
    const h4 = Object.fromEntries(by[H4].measures.map((m) => [m.indicator, m]));
    expect(h4.costPerAdmission).toMatchObject({ targetFen: '2000000', excessFen: '0', status: 'WITHIN' });
    expect(h4.drugShare).toMatchObject({ target: '50.00', actual: '0.00', status: 'WITHIN' });
    expect(h4.averageStay).toMatchObject({ target: '15.0', actual: '12.0', over: '-3.0', status: 'WITHIN' });
    expect(h4.selfPayRatio).toMatchObject({ status: 'NO_DATA', actual: null });
    // H5: July under 10,000 per admission, September under 8,000: allowed (2 × 10,000 + 2 × 8,000) × 1.05 = 37,800; cost 39,000.
    expect(by[H5]).toMatchObject({ outcome: 'BREACHED', admissions: 4, proposedFen: '120000', approvalStatus: 'PENDING' });
    expect(by[H5].measures).toEqual([
      expect.objectContaining({
        indicator: 'costPerAdmission',
        targetFen: '900000',
        allowedFen: '3780000',
        excessFen: '120000',
        spans: [
          { agreementNumber: 'XY-H5-2026A', from: '2026-07-01', to: '2026-08-15', target: '1000000', weight: '2' },
          { agreementNumber: 'XY-H5-2026B', from: '2026-09-01', to: '2026-09-30', target: '800000', weight: '2' },
        ],
      }),
    ]);
    expect(by[H5].explanation).toContain(
      '目标 10000.00 元（协议 XY-H5-2026A，2026-07-01至2026-08-15）、8000.00 元（协议 XY-H5-2026B，2026-09-01至2026-09-30），加权 9000.00 元',
    );
    // Asked again: the stored figures, even had the agreements changed since.
    agreements[H5][1].indicators = { costPerAdmissionFen: '5000000' };
    const again = await assess(reviewer2, { poolarea: '430100', period: '2026-Q3' });
    if (!again.ok) throw new Error(JSON.stringify(again.error));
    expect(again.data.items.find((i) => i.institutionCode === H5)).toMatchObject({ proposedFen: '120000', approvalId: by[H5].approvalId });
  });

  it('still answers rows assessed before the ratio indicators, their cost measures read as deductions', async () => {
    await sql(
      `insert into review.indicator_run (poolarea, period, from_date, to_date, tolerance_permille, institutions, assessed_by, assessed_at)
       values ('430100', '2026-06', '2026-06-01', '2026-07-01', 50, 1, 'earlier', now())`,
    );
    const measures = [
      {
        indicator: 'costPerAdmission',
        targetFen: '1000000',
        units: 2,
        totalFen: '2300000',
        actualFen: '1150000',
        overPermille: 150,
        allowedFen: '2100000',
        excessFen: '200000',
      },
      {
        indicator: 'costPerBedDay',
        targetFen: '200000',
        units: 20,
        totalFen: '2300000',
        actualFen: '115000',
        overPermille: -425,
        allowedFen: '4200000',
        excessFen: '0',
      },
    ];
    await sql(
      `insert into review.indicator_assessment (id, poolarea, period, fixmedins_code, outcome, admissions, measures, proposed_fen, by_insutype, explanation)
       values (?, '430100', '2026-06', ?, 'BREACHED', 2, ?::jsonb, 200000, '{"310":"200000"}', '2026-06 次均住院费用：…')`,
      [newUuidV7(), H1, JSON.stringify(measures)],
    );
    const list = await asActor(reviewer, () => client.request<IndicatorAssessmentPageView>(IndicatorSubjects.list, { poolarea: '430100', period: '2026-06' }));
    expect(list.items[0].measures).toEqual([
      { ...measures[0], consequence: 'DEDUCTION', status: 'BREACHED' },
      { ...measures[1], consequence: 'DEDUCTION', status: 'WITHIN' },
    ]);
    expect(list.items[0].explanation).toBe('2026-06 次均住院费用：…');
  });
});
