import {
  approvalSubjects,
  type ApprovalView,
  CountyFundEventSubjects,
  CountyFundSubjects,
  type CountyIncomePlanView,
  type CountyIncomeRecordedView,
  type CountyShortfallPostedPayload,
  type CountyShortfallPostingProposal,
  type CountyShortfallView,
} from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import type { Actor } from '@mi/platform';
import { asActor, aUser } from '@mi/testing';
import { CITY, FundFixture, refusal } from './fund-fixture';

const C2 = '430102';
const C3 = '430103';
const officerOf = (county: string): Actor => aUser({ scope: county, id: `u-${county}`, roles: ['county-officer'] });
const cityOfficer = aUser({ scope: CITY, id: 'u-city', username: 'city-officer-1', roles: ['city-officer'] });
const cityChecker = aUser({ scope: CITY, id: 'u-city-2', username: 'city-officer-2', roles: ['city-officer'] });

/** 统收统支: county remittances, annual plans, and the year-end shortfall rule. */
describe('county income and the year-end county shortfall (real PostgreSQL + NATS)', () => {
  let f: FundFixture;
  const clock = new ManualClock('2026-06-15T04:00:00.000Z');

  const record = (actor: Actor, body: Record<string, unknown>) =>
    asActor(actor, () => f.client.requestReply<CountyIncomeRecordedView>(CountyFundSubjects.recordIncome, { insutype: '310', period: '2026-01', ...body }));
  const plan = (actor: Actor, county: string, planFen: string, year = 2026) =>
    asActor(actor, () =>
      f.client.requestReply<CountyIncomePlanView>(CountyFundSubjects.setPlan, { county, year, insutype: '310', planFen, reason: '年度收入计划下达' }),
    );
  const shortfall = (county: string, insutype = '310') =>
    asActor(cityOfficer, () => f.client.requestReply<CountyShortfallView>(CountyFundSubjects.shortfall, { county, year: 2026, insutype }));

  beforeAll(async () => {
    f = await FundFixture.start(['310'], clock);
  });

  afterAll(async () => {
    await f?.close();
  });

  it('records a county remittance once, in full to the city fund account; refuses bad input naming the field', async () => {
    const first = await record(officerOf(C2), { county: C2, amountFen: '800000000', reference: 'JK-2026-001' });
    if (!first.ok) throw new Error(JSON.stringify(first.error));
    expect(first.data).toMatchObject({ replayed: false, city: CITY, incomeAccount: `${CITY}-310-INCOME-${C2}` });
    const again = await record(officerOf(C2), { county: C2, amountFen: '800000000', reference: 'JK-2026-001' });
    expect(again.ok && again.data).toMatchObject({ replayed: true, entryId: first.data.entryId });
    expect(await refusal(record(officerOf(C2), { county: C2, amountFen: '800000001', reference: 'JK-2026-001' }))).toBe('FUND.REMITTANCE_CONFLICT');
    await record(cityOfficer, { county: C2, period: '2026-02', amountFen: '200000000', reference: 'JK-2026-002' });
    expect(await f.balance(`${CITY}-310-INCOME-${C2}`)).toBe('10000000.00');
    expect(await f.balance(`${CITY}-310-FUND`)).toBe('10100000.00'); // 100000.00 opening + both remittances

    const negative = await record(officerOf(C2), { county: C2, amountFen: '-5', reference: 'JK-BAD' });
    expect(negative.ok || [negative.error.code, negative.error.message]).toEqual(['VALIDATION', expect.stringContaining('amountFen')]);
    const cityCode = await record(cityOfficer, { county: CITY, amountFen: '5', reference: 'JK-BAD' });
    expect(cityCode.ok || cityCode.error.message).toContain('county');
    expect(await refusal(record(officerOf(C3), { county: C2, amountFen: '5', reference: 'JK-BAD' }))).toBe('NOT_FOUND');
    expect(await refusal(record(officerOf(C2), { county: C2, period: '2026-07', amountFen: '5', reference: 'JK-BAD' }))).toBe('FUND.PERIOD_IN_FUTURE');
    expect(await f.count(`select 1 from fund.journal_entry where cause_type = 'county-remittance' and cause_id like ?`, [`${C2}/%`])).toBe(2);
    expect(await f.count(`select 1 from fund.outbox where subject = ?`, [CountyFundEventSubjects.CountyIncomeRecorded])).toBe(2);
  });

  it('lets the city set each county’s annual plan before the year ends, audited', async () => {
    expect(await refusal(plan(officerOf(C2), C2, '1000000000'))).toBe('FORBIDDEN.ROLE');
    expect((await plan(cityOfficer, C2, '900000000')).ok).toBe(true);
    const set = await plan(cityOfficer, C2, '1000000000');
    expect(set.ok && set.data).toMatchObject({ county: C2, year: 2026, planFen: '1000000000', setBy: 'u-city' });
    expect((await plan(cityOfficer, C3, '500000000')).ok).toBe(true);
    const [last] = await f.orm.em
      .fork()
      .execute<{ actor_id: string; detail: unknown }[]>(
        `select actor_id, detail from fund.audit_log where action = 'fund.county-plan.set' and target_id = ? order by seq desc limit 1`,
        [`${C2}/2026/310`],
      );
    expect(last).toEqual({ actor_id: 'city-officer-1', detail: { reason: '年度收入计划下达', planFenBefore: '900000000', planFenAfter: '1000000000' } });
    expect(await f.count(`select 1 from fund.outbox where subject = ?`, [CountyFundEventSubjects.CountyIncomePlanSet])).toBe(3);
  });

  it('at year end: a county that met its plan has its gap covered by the city, one that did not makes it up itself', async () => {
    await record(officerOf(C3), { county: C3, amountFen: '400000000', reference: 'JK-C3-001' });
    for (const inst of ['H43010200001', 'H43010300001']) await f.institution('310', inst);
    await f.settle('s1', '2026-03', '310', 'H43010200001', '11000000.00');
    await f.settle('s2', '2026-04', '310', 'H43010200001', '600000.00');
    await f.deduct('d1', '2026-05', '310', 'H43010200001', '100000.00');
    await f.settle('s3', '2026-03', '310', 'H43010300001', '6000000.00');
    await f.settle('s4', '2025-12', '310', 'H43010300001', '99.00'); // another year
    expect(await refusal(shortfall(C2))).toBe('FUND.YEAR_NOT_ENDED');

    clock.set('2027-01-05T02:00:00.000Z');
    expect(await refusal(plan(cityOfficer, C2, '1'))).toBe('FUND.YEAR_ENDED');
    const met = await shortfall(C2);
    if (!met.ok) throw new Error(JSON.stringify(met.error));
    expect(met.data).toMatchObject({ planFen: '1000000000', collectedFen: '1000000000', spentFen: '1150000000', gapFen: '150000000', coveredBy: 'city' });
    expect(met.data.explanation.at(-1)).toContain('由市级统筹基金结余弥补');
    const missed = await shortfall(C3);
    if (!missed.ok) throw new Error(JSON.stringify(missed.error));
    expect(missed.data).toMatchObject({ planFen: '500000000', collectedFen: '400000000', spentFen: '600000000', gapFen: '200000000', coveredBy: 'county' });
    expect(missed.data.explanation.at(-1)).toContain('由县（区）自行弥补');
    expect(await refusal(shortfall(C2, '390'))).toBe('NOT_FOUND');
  });

  it('posts the year-end result once per county, year and insurance type by maker-checker: the city’s cover, or the county’s make-up receivable', async () => {
    const propose = (actor: Actor, county: string, insutype = '310') =>
      asActor(actor, () =>
        f.client.requestReply<ApprovalView<CountyShortfallPostingProposal>>(CountyFundSubjects.proposeShortfallPosting, {
          county,
          year: 2026,
          insutype,
          reason: '年终清算：县级基金缺口处理',
        }),
      );
    const approve = async (actor: Actor, id: string) => {
      const r = await asActor(actor, () => f.client.requestReply<ApprovalView>(approvalSubjects('fund').decide, { id, decision: 'approve' }));
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      return r.data.result as CountyShortfallPostedPayload;
    };
    expect(await refusal(propose(officerOf(C2), C2))).toBe('FORBIDDEN.ROLE');
    const noReason = await asActor(cityOfficer, () =>
      f.client.requestReply(CountyFundSubjects.proposeShortfallPosting, { county: C2, year: 2026, insutype: '310', reason: '' }),
    );
    expect(noReason.ok || [noReason.error.code, noReason.error.message]).toEqual(['VALIDATION', expect.stringContaining('reason')]);

    const fundBefore = await f.balance(`${CITY}-310-FUND`);
    expect(fundBefore).toBe('14100000.00');
    const c2 = await propose(cityOfficer, C2);
    if (!c2.ok) throw new Error(JSON.stringify(c2.error));
    expect(c2.data.payload.shortfall).toMatchObject({ gapFen: '150000000', coveredBy: 'city' });
    expect(await refusal(asActor(cityOfficer, () => f.client.requestReply(approvalSubjects('fund').decide, { id: c2.data.id, decision: 'approve' })))).not.toBe(
      'accepted',
    );
    const posted = await approve(cityChecker, c2.data.id);
    expect(posted).toMatchObject({ coveredBy: 'city', gapFen: '150000000', debitAccount: `${CITY}-310-SURPLUS`, creditAccount: `${CITY}-310-COVER-${C2}` });
    expect(await f.balance(`${CITY}-310-COVER-${C2}`)).toBe('1500000.00');
    expect(await f.balance(`${CITY}-310-SURPLUS`)).toBe('-1500000.00'); // the pooled surplus is reduced by the cover

    const c3 = await propose(cityOfficer, C3);
    if (!c3.ok) throw new Error(JSON.stringify(c3.error));
    const receivable = await approve(cityChecker, c3.data.id);
    expect(receivable).toMatchObject({ coveredBy: 'county', gapFen: '200000000', debitAccount: `${CITY}-310-RECEIVABLE-${C3}` });
    expect(await f.balance(`${CITY}-310-RECEIVABLE-${C3}`)).toBe('2000000.00');
    expect(await f.balance(`${CITY}-310-MAKEUP-${C3}`)).toBe('2000000.00');
    expect(await f.balance(`${CITY}-310-FUND`)).toBe(fundBefore); // internal postings: no money moved

    // Once per county, year and insurance type.
    expect(await refusal(propose(cityOfficer, C2))).toBe('FUND.SHORTFALL_ALREADY_POSTED');
    expect(await f.count(`select 1 from fund.journal_entry where cause_type = 'county-shortfall'`)).toBe(2);
    expect(await f.count(`select 1 from fund.audit_log where action = 'fund.county-shortfall.posted'`)).toBe(2);
    expect(await f.count(`select 1 from fund.outbox where subject = ?`, [CountyFundEventSubjects.CountyShortfallPosted])).toBe(2);

    // A county without a gap has nothing to post.
    clock.set('2026-12-30T02:00:00.000Z');
    expect((await plan(cityOfficer, '430104', '100')).ok).toBe(true);
    clock.set('2027-01-05T02:00:00.000Z');
    expect(await refusal(propose(cityOfficer, '430104'))).toBe('FUND.NO_SHORTFALL');
  });
});
