import {
  approvalSubjects,
  type ApprovalView,
  CountyFundSubjects,
  type DisbursementRequestApprovedPayload,
  type DisbursementRequestProposal,
  FundUsePlanEventSubjects,
  type FundUsePlanMonthView,
  FundUsePlanSubjects,
  type FundUsePlanView,
} from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import type { Actor } from '@mi/platform';
import { asActor, aUser } from '@mi/testing';
import { checker, CITY, FundFixture, maker, refusal } from './fund-fixture';

const C2 = '430102';
const C3 = '430103';
const C4 = '430104'; // no annual plan from the city: unknown to the fund
const A2 = 'H43010200001';
const A3 = 'H43010300001';
const officerOf = (county: string): Actor => aUser({ scope: county, id: `u-${county}`, username: `county-${county}`, roles: ['county-officer'] });
const otherCity = aUser({ scope: '430200', id: 'u-other-city', username: 'other-city', roles: ['city-officer'] });

type Reply<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; details?: { field?: string } } };

/** The data of an accepted reply; fails the test with the error otherwise. */
function ok<T>(r: Reply<T>): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.data;
}

/** `[code, field]` of a refusal. */
async function refusedOn(r: Promise<Reply<unknown>>): Promise<[string, string | undefined] | 'accepted'> {
  const reply = await r;
  return reply.ok ? 'accepted' : [reply.error.code, reply.error.details?.field];
}

/**
 * 月度资金使用计划 → 拨款申请 (统收统支): counties submit monthly plans, the city returns or accepts
 * them, and aggregates the accepted ones into one disbursement request by maker-checker.
 */
describe('monthly county fund-use plans and the city disbursement request (real PostgreSQL + NATS)', () => {
  let f: FundFixture;
  const clock = new ManualClock('2026-06-15T04:00:00.000Z'); // Beijing 2026-06-15: March–May are the last ended months

  const submit = (actor: Actor, body: Record<string, unknown>) =>
    asActor(actor, () =>
      f.client.requestReply<FundUsePlanView>(FundUsePlanSubjects.submit, { insutype: '310', period: '2026-07', basis: '按近三月结算趋势编制', ...body }),
    );
  const review = (actor: Actor, body: Record<string, unknown>) =>
    asActor(actor, () => f.client.requestReply<FundUsePlanView>(FundUsePlanSubjects.review, { insutype: '310', period: '2026-07', ...body }));
  const get = (actor: Actor, county: string, period = '2026-07') =>
    asActor(actor, () => f.client.requestReply<FundUsePlanView>(FundUsePlanSubjects.get, { county, period, insutype: '310' }));
  const list = (actor: Actor, admdvs: string, period = '2026-07') =>
    asActor(actor, () => f.client.requestReply<FundUsePlanMonthView>(FundUsePlanSubjects.list, { admdvs, period, insutype: '310' }));
  const propose = (actor: Actor, period = '2026-07', body: Record<string, unknown> = {}) =>
    asActor(actor, () =>
      f.client.requestReply<ApprovalView<DisbursementRequestProposal>>(FundUsePlanSubjects.proposeDisbursement, {
        admdvs: CITY,
        period,
        insutype: '310',
        reason: `${period} 统一向市财政申报拨款`,
        ...body,
      }),
    );
  const withdraw = (actor: Actor, id: string) => asActor(actor, () => f.client.requestReply<ApprovalView>(approvalSubjects('fund').withdraw, { id }));
  /** Submitted by the county, accepted by the city as planned. */
  const accepted = async (county: string, period: string, plannedFen: string) => {
    const plan = ok(await submit(officerOf(county), { county, period, plannedFen }));
    return ok(await review(maker, { county, period, version: plan.version, decision: 'accept' }));
  };
  const events = (subject: string) => f.count(`select 1 from fund.outbox where subject = ?`, [subject]);
  const audits = (action: string) => f.count(`select 1 from fund.audit_log where action = ?`, [action]);
  const ledgerTotals = async () => {
    const [t] = await f.orm.em
      .fork()
      .execute<{ entries: string; d: string; c: string }[]>(
        `select (select count(*) from fund.journal_entry)::text as entries, coalesce(sum(debit_fen), 0)::text as d, coalesce(sum(credit_fen), 0)::text as c from fund.journal_line`,
      );
    return t;
  };

  beforeAll(async () => {
    f = await FundFixture.start(['310'], clock);
    // The city hands down the annual plans of C2 and C3 (not C4).
    for (const county of [C2, C3])
      ok(
        await asActor(maker, () =>
          f.client.requestReply(CountyFundSubjects.setPlan, { county, year: 2026, insutype: '310', planFen: '500000000', reason: '年度收支计划下达' }),
        ),
      );
    await f.institution('310', A2);
    await f.institution('310', A3);
    // C2's fund use by month: March 300,000.00; April 330,000.00; May 390,000.00 − 30,000.00 deducted = 360,000.00.
    await f.settle('s-feb', '2026-02', '310', A2, '999.00'); // before the window
    await f.settle('s-mar', '2026-03', '310', A2, '300000.00');
    await f.settle('s-apr', '2026-04', '310', A2, '330000.00');
    await f.settle('s-may', '2026-05', '310', A2, '390000.00');
    await f.deduct('d-may', '2026-05', '310', A2, '30000.00');
    await f.settle('s-jun', '2026-06', '310', A2, '7.00'); // the current month has not ended
    await f.settle('s3-apr', '2026-04', '310', A3, '120000.00');
  });

  afterAll(async () => {
    await f?.close();
  });

  it('takes a county’s plan beside the ledger’s recent fund use, once; a retried submission changes nothing', async () => {
    const plan = ok(await submit(officerOf(C2), { county: C2, plannedFen: '36300000' }));
    expect(plan).toMatchObject({ county: C2, city: CITY, version: 1, status: 'SUBMITTED', plannedFen: '36300000', acceptedFen: null, replayed: false });
    expect(plan.recentUse).toMatchObject({
      months: ['2026-03', '2026-04', '2026-05'],
      usedFen: ['30000000', '33000000', '36000000'],
      averageFen: '33000000',
      deviationPercent: '10.00',
    });
    expect(plan.recentUse.explanation[1]).toContain('高于月均 10.00%');
    const again = ok(await submit(officerOf(C2), { county: C2, plannedFen: '36300000' }));
    expect(again).toMatchObject({ id: plan.id, version: 1, replayed: true });
    expect(await f.count(`select 1 from fund.fund_use_plan_version where plan_id = ?`, [plan.id])).toBe(1);
    expect(await events(FundUsePlanEventSubjects.FundUsePlanSubmitted)).toBe(1);
    expect(await audits('fund.fund-use-plan.submit')).toBe(1);
  });

  it('refuses bad input naming the field, the wrong county, role or month, and changes nothing', async () => {
    const before = await f.count(`select 1 from fund.fund_use_plan_version`);
    const outbox = await f.count(`select 1 from fund.outbox`);
    const c2 = officerOf(C2);
    for (const [body, field] of [
      [{ county: C2, plannedFen: '-100' }, 'plannedFen'],
      [{ county: C2, plannedFen: '0' }, 'plannedFen'],
      [{ county: C2, plannedFen: '12.50' }, 'plannedFen'],
      [{ county: C2, plannedFen: 100 }, 'plannedFen'],
      [{ county: C2, plannedFen: '100', basis: '' }, 'basis'],
      [{ county: C2, plannedFen: '100', period: '2026-13' }, 'period'],
      [{ county: C2, plannedFen: '100', insutype: '320' }, 'insutype'],
      [{ county: CITY, plannedFen: '100' }, 'county'],
      [{ county: C2, plannedFen: '100', extra: 'x' }, 'extra'],
    ] as const)
      expect(await refusedOn(submit(c2, body))).toEqual(['VALIDATION', field]);
    expect(await refusedOn(submit(c2, { county: C2, plannedFen: '100', period: '2026-05' }))).toEqual(['FUND.PERIOD_ENDED', 'period']);
    expect(await refusal(submit(officerOf(C3), { county: C2, plannedFen: '100' }))).toBe('NOT_FOUND');
    expect(await refusedOn(submit(officerOf(C4), { county: C4, plannedFen: '100' }))).toEqual(['FUND.UNKNOWN_COUNTY', 'county']);
    expect(await refusal(submit(maker, { county: C2, plannedFen: '100' }))).toBe('FORBIDDEN.ROLE');

    expect(await refusal(review(c2, { county: C2, version: 1, decision: 'accept' }))).toBe('FORBIDDEN.ROLE');
    expect(await refusal(review(otherCity, { county: C2, version: 1, decision: 'accept' }))).toBe('NOT_FOUND');
    expect(await refusal(review(maker, { county: C3, version: 1, decision: 'accept' }))).toBe('NOT_FOUND'); // C3 has no plan yet
    for (const [body, field] of [
      [{ county: C2, version: 1, decision: 'return' }, 'note'],
      [{ county: C2, version: 1, decision: 'return', note: '请补充依据', acceptedFen: '100' }, 'acceptedFen'],
      [{ county: C2, version: 1, decision: 'accept', acceptedFen: '0', note: '调整' }, 'acceptedFen'],
      [{ county: C2, version: 1, decision: 'accept', acceptedFen: '-5', note: '调整' }, 'acceptedFen'],
      [{ county: C2, version: 1, decision: 'accept', acceptedFen: '30000000' }, 'note'], // an adjusted amount needs a note
      [{ county: C2, version: 1, decision: 'maybe' }, 'decision'],
      [{ county: C2, version: '1', decision: 'accept' }, 'version'],
      [{ county: C2, version: 0, decision: 'accept' }, 'version'],
    ] as const)
      expect(await refusedOn(review(maker, body))).toEqual(['VALIDATION', field]);

    expect(await refusal(propose(c2))).toBe('FORBIDDEN.ROLE');
    expect(await refusedOn(propose(maker, '2026-07', { admdvs: C2 }))).toEqual(['VALIDATION', 'admdvs']);
    expect(await refusedOn(propose(maker, '2026-07', { reason: '' }))).toEqual(['VALIDATION', 'reason']);
    expect(await refusedOn(propose(maker, '2026-07'))).toEqual(['FUND.NO_ACCEPTED_PLANS', 'period']); // C2 is still SUBMITTED
    expect(await refusal(list(c2, CITY))).toBe('NOT_FOUND'); // a county does not see its city's month

    expect(await f.count(`select 1 from fund.fund_use_plan_version`)).toBe(before);
    expect(await f.count(`select 1 from fund.fund_use_plan_review`)).toBe(0);
    expect(await f.count(`select 1 from fund.approval`)).toBe(0);
    expect(await f.count(`select 1 from fund.outbox`)).toBe(outbox);
    expect(ok(await get(c2, C2))).toMatchObject({ version: 1, status: 'SUBMITTED' });
  });

  it('submit → return → resubmit → accept (adjusted, with a note); a stale version or an accepted plan is not changed again', async () => {
    const returned = ok(await review(maker, { county: C2, version: 1, decision: 'return', note: '高于近三月月均 10%，请说明依据' }));
    expect(returned).toMatchObject({ status: 'RETURNED', acceptedFen: null, reviewedBy: 'u-maker', reviewNote: '高于近三月月均 10%，请说明依据' });
    expect(await refusedOn(review(checker, { county: C2, version: 1, decision: 'accept' }))).toEqual(['FUND.PLAN_NOT_SUBMITTED', 'decision']);
    // A retried return is a replay, not a second review.
    expect(ok(await review(maker, { county: C2, version: 1, decision: 'return', note: '高于近三月月均 10%，请说明依据' }))).toMatchObject({ replayed: true });

    const v2 = ok(await submit(officerOf(C2), { county: C2, plannedFen: '34650000', basis: '按月均上浮 5% 编制（7 月住院高峰）' }));
    expect(v2).toMatchObject({ version: 2, status: 'SUBMITTED', reviewNote: null, recentUse: { deviationPercent: '5.00' } });
    expect(await refusedOn(review(maker, { county: C2, version: 1, decision: 'accept' }))).toEqual(['FUND.PLAN_VERSION_CHANGED', 'version']);

    const acc = ok(await review(maker, { county: C2, version: 2, decision: 'accept', acceptedFen: '34000000', note: '按结算数据核减至 340,000.00' }));
    expect(acc).toMatchObject({ status: 'ACCEPTED', plannedFen: '34650000', acceptedFen: '34000000', version: 2 });
    expect(ok(await review(maker, { county: C2, version: 2, decision: 'accept', acceptedFen: '34000000', note: '按结算数据核减至 340,000.00' }))).toMatchObject(
      {
        replayed: true,
      },
    );
    expect(await refusedOn(review(maker, { county: C2, version: 2, decision: 'return', note: '重新退回' }))).toEqual(['FUND.PLAN_NOT_SUBMITTED', 'decision']);
    expect(await refusedOn(submit(officerOf(C2), { county: C2, plannedFen: '40000000' }))).toEqual(['FUND.PLAN_ALREADY_ACCEPTED', 'period']);

    const history = ok(await get(officerOf(C2), C2));
    expect(history.versions?.map((v) => [v.version, v.plannedFen])).toEqual([
      [1, '36300000'],
      [2, '34650000'],
    ]);
    expect(history.reviews?.map((r) => [r.version, r.decision, r.acceptedFen])).toEqual([
      [1, 'return', null],
      [2, 'accept', '34000000'],
    ]);
    expect(await events(FundUsePlanEventSubjects.FundUsePlanReturned)).toBe(1);
    expect(await events(FundUsePlanEventSubjects.FundUsePlanAccepted)).toBe(1);
    expect(await events(FundUsePlanEventSubjects.FundUsePlanSubmitted)).toBe(2);
    expect(await audits('fund.fund-use-plan.return')).toBe(1);
    expect(await audits('fund.fund-use-plan.accept')).toBe(1);
    // The database refuses what the service refuses: an accepted plan going back.
    await expect(f.orm.em.fork().execute(`update fund.fund_use_plan set status = 'SUBMITTED', version = version + 1 where county = ?`, [C2])).rejects.toThrow(
      /cannot become SUBMITTED/,
    );
  });

  it('aggregates the accepted plans into one disbursement request: proposed by one city officer, approved by another, recorded once without a ledger entry', async () => {
    ok(await submit(officerOf(C3), { county: C3, plannedFen: '4000000' }));
    ok(await review(checker, { county: C3, version: 1, decision: 'accept' }));
    const month = ok(await list(checker, CITY));
    expect(month.plans.map((p) => [p.county, p.status, p.acceptedFen])).toEqual([
      [C2, 'ACCEPTED', '34000000'],
      [C3, 'ACCEPTED', '4000000'],
    ]);
    expect(month.pending).toMatchObject({ plans: 2, plannedFen: '38650000', totalFen: '38000000', adjusted: 1, notAccepted: 0 });

    const proposed = ok(await propose(maker));
    expect(proposed.payload.summary).toEqual(month.pending);
    expect(Object.keys(proposed.payload).sort()).toEqual(['reason', 'summary']); // a summary, never the plans
    expect(JSON.stringify(proposed.payload).length).toBeLessThan(1000);
    expect(await refusal(propose(checker))).toBe('APPROVAL.ALREADY_PENDING');

    const ledgerBefore = await ledgerTotals();
    const fundBefore = await f.balance(`${CITY}-310-FUND`);
    expect(await refusal(f.decide(maker, proposed.id))).toBe('FORBIDDEN.SAME_PERSON');
    expect(await refusal(f.decide(officerOf(C2), proposed.id))).not.toBe('accepted');
    expect(await f.count(`select 1 from fund.fund_use_plan where status = 'INCLUDED'`)).toBe(0);

    const approved = ok(await f.decide(checker, proposed.id));
    const result = approved.result as DisbursementRequestApprovedPayload;
    expect(result).toMatchObject({ city: CITY, period: '2026-07', insutype: '310', seq: 1, plans: 2, totalFen: '38000000', approvedBy: 'u-checker' });
    expect(result.digest).toBe(proposed.payload.summary.digest);
    const [row] = await f.orm.em
      .fork()
      .execute<{ id: string; total_fen: string; proposed_by: string; approved_by: string }[]>(
        `select id::text as id, total_fen::text as total_fen, proposed_by, approved_by from fund.disbursement_request`,
      );
    expect(row).toEqual({ id: result.requestId, total_fen: '38000000', proposed_by: 'u-maker', approved_by: 'u-checker' });
    expect(await f.count(`select 1 from fund.fund_use_plan where status = 'INCLUDED' and disbursement_id = ?`, [result.requestId])).toBe(2);
    // No money moves on a request: the ledger is untouched and still balanced.
    const ledgerAfter = await ledgerTotals();
    expect(ledgerAfter).toEqual(ledgerBefore);
    expect(ledgerAfter.d).toBe(ledgerAfter.c);
    expect(await f.balance(`${CITY}-310-FUND`)).toBe(fundBefore);
    expect(await audits('fund.disbursement-request.approved')).toBe(1);
    expect(await events(FundUsePlanEventSubjects.DisbursementRequestApproved)).toBe(1);
    const [evt] = await f.orm.em
      .fork()
      .execute<{ envelope: { payload: DisbursementRequestApprovedPayload } }[]>(`select envelope from fund.outbox where subject = ?`, [
        FundUsePlanEventSubjects.DisbursementRequestApproved,
      ]);
    expect(evt.envelope.payload).toEqual(result);

    // Replays: the approval once, the plans once.
    expect(await refusal(f.decide(checker, proposed.id))).toBe('APPROVAL.NOT_PENDING');
    expect(await refusedOn(propose(maker))).toEqual(['FUND.NO_ACCEPTED_PLANS', 'period']);
    expect(await refusedOn(submit(officerOf(C2), { county: C2, plannedFen: '1' }))).toEqual(['FUND.PLAN_ALREADY_ACCEPTED', 'period']);
    expect(await f.count(`select 1 from fund.disbursement_request`)).toBe(1);
    const after = ok(await list(checker, CITY));
    expect(after).toMatchObject({ counts: { INCLUDED: 2, ACCEPTED: 0 }, pending: { plans: 0, totalFen: '0' }, requests: [{ id: result.requestId, seq: 1 }] });
    const county = ok(await list(officerOf(C3), C3));
    expect(county).toMatchObject({ admdvs: C3, pending: null, plans: [{ county: C3, status: 'INCLUDED' }], requests: [{ id: result.requestId }] });
  });

  it('refuses an approval whose plans changed after the proposal, and changes nothing; a supplementary request follows', async () => {
    await accepted(C2, '2026-08', '30000000');
    const stale = ok(await propose(maker, '2026-08'));
    expect(stale.payload.summary).toMatchObject({ plans: 1, totalFen: '30000000' });
    await accepted(C3, '2026-08', '5000000'); // accepted between proposal and approval
    const requests = await f.count(`select 1 from fund.disbursement_request`);
    const eventsBefore = await events(FundUsePlanEventSubjects.DisbursementRequestApproved);
    expect(await refusedOn(f.decide(checker, stale.id))).toEqual(['FUND.DISBURSEMENT_PLANS_CHANGED', 'period']);
    expect(await f.count(`select 1 from fund.disbursement_request`)).toBe(requests);
    expect(await f.count(`select 1 from fund.fund_use_plan where period = '2026-08' and status = 'ACCEPTED'`)).toBe(2);
    expect(await events(FundUsePlanEventSubjects.DisbursementRequestApproved)).toBe(eventsBefore);
    expect(ok(await asActor(checker, () => f.client.requestReply<ApprovalView>(approvalSubjects('fund').get, { id: stale.id }))).status).toBe('PENDING');

    ok(await withdraw(maker, stale.id));
    const fresh = ok(await propose(maker, '2026-08'));
    expect(fresh.payload.summary).toMatchObject({ plans: 2, totalFen: '35000000' });
    expect((ok(await f.decide(checker, fresh.id)).result as DisbursementRequestApprovedPayload).seq).toBe(1);

    // 2026-06 (the current month): a county accepted after the month's request goes in a second one.
    await accepted(C2, '2026-06', '1000000');
    expect((ok(await f.decide(checker, ok(await propose(maker, '2026-06')).id)).result as DisbursementRequestApprovedPayload).seq).toBe(1);
    await accepted(C3, '2026-06', '200000');
    const second = ok(await f.decide(checker, ok(await propose(maker, '2026-06')).id)).result as DisbursementRequestApprovedPayload;
    expect(second).toMatchObject({ seq: 2, plans: 1, totalFen: '200000' });
    expect(ok(await list(checker, CITY, '2026-06')).requests.map((r) => [r.seq, r.plans])).toEqual([
      [1, 1],
      [2, 1],
    ]);
  });
});
