import {
  type ApprovalView,
  CasePaymentEventSubjects,
  type CasePaymentSchemeProposal,
  type CasePaymentSchemeView,
  CasePaymentSubjects,
  type CaseGroupingReply,
  ClearingSubjects,
  type ClearingStatementView,
  type GroupedCasePage,
  ReviewEventSubjects,
} from '@mi/contracts';
import { asActor, aUser, waitFor } from '@mi/testing';
import { jetstream } from '@nats-io/jetstream';
import { checker, CITY, claimSettledEvent, FundFixture, maker, refusal } from './fund-fixture';

const H1 = 'H43010200001';
const H2 = 'H43010200002';
const H3 = 'H43010200003';
const OTHER_CITY = 'H43020200001';

/**
 * 按病种付费 (DRG / DIP): a scheme by maker-checker, the grouper's results for discharges settled
 * through the real ClaimSettled consumer, the adjustment each grouped case posts, the monthly
 * statement's CASE_PAYMENT line and the reversal of a grouped case.
 */
describe('DRG/DIP case payment 按病种付费 (real PostgreSQL + NATS)', () => {
  let f: FundFixture;

  const settled = (o: {
    setlId: string;
    inst?: string;
    medfee: string;
    hifp: string;
    mode?: string;
    reversal?: boolean;
    initSetlId?: string;
    day?: string;
    admitted?: string;
  }) => claimSettledEvent({ ...o, inst: o.inst ?? H1, day: o.day ?? '2026-04-10' });
  const publish = (e: { id: string }) =>
    jetstream(f.infra.nats.nc).publish(f.infra.nats.resolver.subject(ReviewEventSubjects.ClaimSettled), JSON.stringify(e), { msgID: e.id });
  const settledCases = () => f.count(`select 1 from fund.settled_case`);
  const group = (cases: { setlId: string; groupCode?: string; specialCase?: boolean }[], actor = maker) =>
    asActor(actor, () => f.client.requestReply<CaseGroupingReply>(CasePaymentSubjects.group, { admdvs: CITY, cases }));
  const ok = async <T>(r: Promise<{ ok: true; data: T } | { ok: false; error: unknown }>): Promise<T> => {
    const reply = await r;
    if (!reply.ok) throw new Error(JSON.stringify(reply.error));
    return reply.data;
  };
  const drgScheme = (o: Record<string, unknown> = {}) => ({
    admdvs: CITY,
    year: 2026,
    method: 'DRG',
    rateFen: '1000000',
    specialCasePermille: 100,
    institutions: [{ institutionCode: H1, coefficientPercent: '95' }],
    groups: [
      { code: 'ES23', name: '呼吸系统感染/炎症，伴并发症', weight: '1.2345' },
      { code: 'FR21', name: '心力衰竭，伴严重并发症', weight: '1' },
    ],
    reason: '2026 年 DRG 付费方案',
    ...o,
  });
  const propose = (body: Record<string, unknown>) =>
    asActor(maker, () => f.client.requestReply<ApprovalView<CasePaymentSchemeProposal>>(CasePaymentSubjects.proposeScheme, body));

  const A = settled({ setlId: 'S-CP-A', medfee: '1000000', hifp: '700000' });
  const B = settled({ setlId: 'S-CP-B', medfee: '3000000', hifp: '2000000' });
  const OUTPATIENT = settled({ setlId: 'S-CP-OUT', medfee: '30000', hifp: '20000', mode: '1' });
  const OF_H2 = settled({ setlId: 'S-CP-H2', inst: H2, medfee: '500000', hifp: '300000' });
  const UNPAID = settled({ setlId: 'S-CP-ZERO', medfee: '80000', hifp: '0' });
  const MORE = Array.from({ length: 8 }, (_, i) => settled({ setlId: `S-CP-M${i}`, medfee: '1200000', hifp: '1000000' }));
  // A 40-day psychiatric stay, and one whose settlement carried no discharge date.
  const LONG_STAY = settled({ setlId: 'S-CP-BED', inst: H3, medfee: '2000000', hifp: '1600000', admitted: '2026-03-01' });
  const NO_DATES = settled({ setlId: 'S-CP-NODATE', inst: H3, medfee: '500000', hifp: '400000' });
  NO_DATES.payload.visit.enddate = null as unknown as string;

  beforeAll(async () => {
    f = await FundFixture.start(['310']);
    for (const e of [A, B, OUTPATIENT, OF_H2, UNPAID, ...MORE, LONG_STAY, NO_DATES]) await publish(e);
    await waitFor(async () => (await settledCases()) === 15, 20_000, 'settled cases recorded');
  });

  afterAll(async () => {
    await f?.close();
  });

  it('refuses a scheme that does not fit its method or lists another city’s institution, naming the field', async () => {
    const noRate = await propose(drgScheme({ rateFen: undefined }));
    expect(noRate.ok ? 'accepted' : [noRate.error.code, noRate.error.details?.field]).toEqual(['VALIDATION', 'rateFen']);
    const dipWithRate = await propose(drgScheme({ method: 'DIP', dipBudgetFen: '100', dipExpectedPoints: '10' }));
    expect(dipWithRate.ok ? 'accepted' : dipWithRate.error.details?.field).toBe('rateFen');
    const foreign = await propose(drgScheme({ institutions: [{ institutionCode: OTHER_CITY, coefficientPercent: '100' }] }));
    expect(foreign.ok ? 'accepted' : foreign.error.message).toContain('is not an institution of pooling region 430100');
    const twice = await propose(drgScheme({ groups: [drgScheme().groups[0], drgScheme().groups[0]] }));
    expect(twice.ok ? 'accepted' : twice.error.details?.field).toBe('groups[1].code');
    const badWeight = await propose(drgScheme({ groups: [{ code: 'ES23', name: 'x', weight: '1.23456' }] }));
    expect(badWeight.ok ? 'accepted' : badWeight.error.message).toContain('weight must be a positive decimal with up to 4 places');
    expect(await f.count(`select 1 from fund.approval where action = 'fund.case-payment-scheme'`)).toBe(0);
  });

  it('approves a DRG scheme by maker-checker: its groups and institutions are the proposal’s items, stored once with audit and event', async () => {
    const proposed = await ok(propose(drgScheme()));
    expect(proposed.payload).toMatchObject({ version: 1, groups: 2, institutions: 1, rate: '基础费率 ¥10,000.00（权重 1.0）', specialCasePermille: 100 });
    expect(await f.allItems(checker, proposed.id)).toHaveLength(3);
    await ok(f.decide(checker, proposed.id));
    const scheme = await ok(
      asActor(checker, () => f.client.requestReply<CasePaymentSchemeView>(CasePaymentSubjects.scheme, { admdvs: CITY, year: 2026, method: 'DRG' })),
    );
    expect(scheme).toMatchObject({ version: 1, groups: 2, institutionList: [{ institutionCode: H1, coefficientPercent: '95' }] });
    expect(scheme.groupPage.items.map((g) => [g.code, g.weight])).toEqual([
      ['ES23', '1.2345'],
      ['FR21', '1'],
    ]);
    expect(await f.count(`select 1 from fund.audit_log where action = 'fund.case-payment-scheme.set'`)).toBe(1);
    expect(await f.count(`select 1 from fund.outbox where subject = ?`, [CasePaymentEventSubjects.CasePaymentSchemeSet])).toBe(1);
    // H1 is paid by DRG in 2026: a DIP scheme may not list it too.
    const dip = await propose({ ...drgScheme(), method: 'DIP', rateFen: undefined, dipBudgetFen: '100000000', dipExpectedPoints: '90000' });
    expect(dip.ok ? 'accepted' : dip.error.message).toContain('is already paid by DRG in 2026');
  });

  it('groups discharges: the standard against the item payment, posted as the difference; each bad case refused alone with its reason', async () => {
    const reply = await ok(
      group([
        { setlId: 'S-CP-A', groupCode: 'ES23' },
        { setlId: 'S-CP-B', groupCode: 'FR21' },
        { setlId: 'S-CP-OUT', groupCode: 'ES23' },
        { setlId: 'S-CP-H2', groupCode: 'ES23' },
        { setlId: 'S-CP-NONE', groupCode: 'ES23' },
        { setlId: 'S-CP-M0', groupCode: 'XX99' },
        { setlId: 'S-CP-M1', specialCase: true },
      ]),
    );
    expect(reply.results.map((r) => [r.setlId, r.status, r.error?.code ?? null])).toEqual([
      ['S-CP-A', 'GROUPED', null],
      ['S-CP-B', 'GROUPED', null],
      ['S-CP-OUT', 'REFUSED', 'CASE.NOT_INPATIENT'],
      ['S-CP-H2', 'REFUSED', 'CASE.NO_SCHEME'],
      ['S-CP-NONE', 'REFUSED', 'CASE.UNKNOWN_SETTLEMENT'],
      ['S-CP-M0', 'REFUSED', 'CASE.UNKNOWN_GROUP'],
      // 10 % of 3 grouped cases is 0: no special case yet.
      ['S-CP-M1', 'REFUSED', 'CASE.SPECIAL_CASE_CAP'],
    ]);
    // A: ¥10,000 × 1.2345 × 95 % = ¥11,727.75 standard; the fund did not pay ¥3,000 → pays ¥8,727.75, ¥1,727.75 more than by item.
    const a = reply.results[0].case;
    expect(a).toMatchObject({
      standardFen: '1172775',
      casePaymentFen: '872775',
      adjustmentFen: '172775',
      method: 'DRG',
      groupName: '呼吸系统感染/炎症，伴并发症',
    });
    expect(a?.steps[0]).toBe('权重 1.2345 × 基础费率 ¥10,000.00 × 系数 95% = 支付标准 ¥11,727.75（四舍五入到分）');
    // B: ¥9,500 standard, ¥10,000 not by the fund → nothing; ¥20,000 less than by item.
    expect(reply.results[1].case).toMatchObject({ standardFen: '950000', casePaymentFen: '0', adjustmentFen: '-2000000' });
    expect(reply).toMatchObject({ grouped: 2, refused: 5, adjustmentFen: String(172775 - 2000000) });
    expect(reply.results[4].error?.field).toBe('cases[4].setlId');
    // Payable: 7,000 + 20,000 + 8 × 10,000 + outpatient 200 by item, + 1,727.75 − 20,000.
    expect(await f.balance(`${CITY}-310-PAYABLE-${H1}`)).toBe('88927.75');
    const lines = await f.orm.em.fork().execute<{ cause_id: string; account_code: string; debit_fen: string; credit_fen: string }[]>(
      `select e.cause_id, l.account_code, l.debit_fen::text as debit_fen, l.credit_fen::text as credit_fen
         from fund.journal_entry e join fund.journal_line l on l.entry_id = e.id where e.cause_type = 'case-payment' order by e.cause_id, l.line_no`,
    );
    expect(lines.map((l) => [l.cause_id, l.account_code, l.debit_fen, l.credit_fen])).toEqual([
      [`${CITY}/S-CP-A`, `${CITY}-310-EXPENSE`, '172775', '0'],
      [`${CITY}/S-CP-A`, `${CITY}-310-PAYABLE-${H1}`, '0', '172775'],
      [`${CITY}/S-CP-B`, `${CITY}-310-PAYABLE-${H1}`, '2000000', '0'],
      [`${CITY}/S-CP-B`, `${CITY}-310-EXPENSE`, '0', '2000000'],
    ]);
    expect(await f.count(`select 1 from fund.audit_log where action = 'fund.case-payment.grouped'`)).toBe(1);
    expect(await f.count(`select 1 from fund.outbox where subject = ?`, [CasePaymentEventSubjects.CasesGrouped])).toBe(1);
  });

  it('answers a retried grouping as a replay and refuses regrouping; bad input changes nothing', async () => {
    const again = await ok(group([{ setlId: 'S-CP-A', groupCode: 'ES23' }]));
    expect(again).toMatchObject({ replays: 1, grouped: 0, adjustmentFen: '0' });
    const other = await ok(group([{ setlId: 'S-CP-A', groupCode: 'FR21' }]));
    expect(other.results[0]).toMatchObject({ status: 'REFUSED', error: { code: 'FUND.CASE_ALREADY_GROUPED', field: 'cases[0].groupCode' } });
    expect(await refusal(group([{ setlId: 'S-CP-M2' }]))).toBe('VALIDATION');
    expect(
      await refusal(
        group([
          { setlId: 'S-CP-M2', groupCode: 'ES23' },
          { setlId: 'S-CP-M2', groupCode: 'ES23' },
        ]),
      ),
    ).toBe('VALIDATION');
    expect(await refusal(group([{ setlId: 'S-CP-M2', groupCode: 'ES23' }], aUser({ scope: '430200', id: 'u-x', username: 'x' })))).not.toBe('accepted');
    expect(await f.count(`select 1 from fund.case_grouping`)).toBe(2);
    expect(await f.count(`select 1 from fund.outbox where subject = ?`, [CasePaymentEventSubjects.CasesGrouped])).toBe(1);
  });

  it('allows special cases (特例单议) within the cap: paid by item, listed for manual review', async () => {
    await ok(group(MORE.slice(0, 7).map((e) => ({ setlId: e.payload.setlId, groupCode: 'FR21' }))));
    // 9 grouped + this one = 10; 10 % of 10 = 1.
    const special = await ok(group([{ setlId: 'S-CP-M7', specialCase: true }]));
    expect(special.results[0]).toMatchObject({
      status: 'SPECIAL_CASE',
      case: { specialCase: true, adjustmentFen: '0', casePaymentFen: '1000000', entryId: null },
    });
    const list = await ok(
      asActor(checker, () => f.client.requestReply<GroupedCasePage>(CasePaymentSubjects.cases, { admdvs: CITY, period: '2026-04', specialOnly: 'true' })),
    );
    expect(list.items.map((c) => c.setlId)).toEqual(['S-CP-M7']);
    const all = await ok(
      asActor(checker, () => f.client.requestReply<GroupedCasePage>(CasePaymentSubjects.cases, { admdvs: CITY, period: '2026-04', limit: 2 })),
    );
    // 7 × (¥9,500 − ¥2,000 − ¥10,000 = −¥2,500) more.
    expect(all).toMatchObject({ total: 10, totalAdjustmentFen: String(172775 - 2000000 - 7 * 250000) });
    expect(all.items).toHaveLength(2);
  });

  it('the monthly statement shows the adjustments as CASE_PAYMENT, and a reversal after grouping reverses its adjustment', async () => {
    await f.run('2026-04');
    const statement = await ok(f.statement(checker, H1));
    const item = statement.items.find((i) => i.insutype === '310');
    expect(item?.lines.find((l) => l.code === 'CASE_PAYMENT')).toMatchObject({ count: 9, amountFen: String(172775 - 2000000 - 7 * 250000) });
    expect(item?.dueFen).toBe(String(10_720_000 + 172775 - 2000000 - 7 * 250000));

    await publish(settled({ setlId: 'S-CP-A-R', medfee: '-1000000', hifp: '-700000', reversal: true, initSetlId: 'S-CP-A', day: '2026-05-02' }));
    await waitFor(async () => (await f.count(`select 1 from fund.case_grouping where setl_id = 'S-CP-A' and reversed`)) === 1, 10_000, 'grouping reversed');
    const reversal = await f.orm.em.fork().execute<{ period: string; debit_fen: string }[]>(
      `select e.period, l.debit_fen::text as debit_fen from fund.journal_entry e join fund.journal_line l on l.entry_id = e.id
         where e.cause_type = 'case-payment' and e.cause_id = ? and l.account_code = ?`,
      [`${CITY}/S-CP-A/reversal`, `${CITY}-310-PAYABLE-${H1}`],
    );
    expect(reversal).toEqual([{ period: '2026-04', debit_fen: '172775' }]);
    // A reversed case cannot be grouped again.
    expect((await ok(group([{ setlId: 'S-CP-A', groupCode: 'FR21' }]))).results[0].error?.code).toBe('FUND.CASE_ALREADY_GROUPED');
  });

  it('year-end clearing counts the year’s case-payment adjustments in the actual payable, on their own line', async () => {
    await f.budget(2026, '310', { [H1]: '10000000' });
    const st = await ok(
      asActor(checker, () =>
        f.client.requestReply<ClearingStatementView>(ClearingSubjects.statement, { admdvs: CITY, year: 2026, insutype: '310', institutionCode: H1 }),
      ),
    );
    // A's adjustment was reversed: B's and the seven others' remain.
    const cases = -2000000 - 7 * 250000;
    expect(st.lines.find((l) => l.code === 'CASE_PAYMENT')?.amountFen).toBe(String(cases));
    const settled = BigInt(st.lines.find((l) => l.code === 'SETTLEMENTS')?.amountFen ?? '0');
    const reversed = BigInt(st.lines.find((l) => l.code === 'REVERSALS')?.amountFen ?? '0');
    expect(st.actualFen).toBe(String(settled + reversed + BigInt(cases)));
  });

  it('a DIP scheme pays points × the budget point value × the coefficient', async () => {
    const proposed = await ok(
      propose({
        admdvs: CITY,
        year: 2026,
        method: 'DIP',
        dipBudgetFen: '100000000',
        dipReserveFen: '10000000',
        dipExpectedPoints: '900000',
        institutions: [{ institutionCode: H2, coefficientPercent: '102.5' }],
        groups: [{ code: 'J18.9-CP', name: '肺炎，保守治疗', weight: '850' }],
        reason: '2026 年 DIP 付费方案',
      }),
    );
    expect(proposed.payload.rate).toBe('预算点值 = (¥1,000,000.00 − ¥100,000.00) ÷ 900000 分 ≈ ¥1.00/分');
    await ok(f.decide(checker, proposed.id));
    const reply = await ok(group([{ setlId: 'S-CP-H2', groupCode: 'J18.9-CP' }]));
    // 850 × ¥1.00 × 102.5 % = ¥871.25; ¥2,000 not paid by the fund → nothing; ¥3,000 less than by item.
    expect(reply.results[0]).toMatchObject({ status: 'GROUPED', case: { method: 'DIP', standardFen: '87125', casePaymentFen: '0', adjustmentFen: '-300000' } });
  });

  it('a discharge the fund paid nothing for by item is still a case the group pays', async () => {
    const reply = await ok(group([{ setlId: 'S-CP-ZERO', groupCode: 'ES23' }]));
    // ¥11,727.75 standard, ¥800 not paid by the fund: ¥10,927.75 owed, all of it more than by item.
    expect(reply.results[0]).toMatchObject({ status: 'GROUPED', case: { hifpPayFen: '0', casePaymentFen: '1092775', adjustmentFen: '1092775' } });
  });

  it('a bed-day scheme (按床日) pays bed-days × weight × daily rate × coefficient; a stay without dates is refused alone', async () => {
    const refused = await propose({
      ...drgScheme({ method: 'BED_DAY', rateFen: undefined }),
      institutions: [{ institutionCode: H3, coefficientPercent: '90' }],
    });
    expect(refused.ok ? 'accepted' : [refused.error.details?.field, refused.error.message]).toEqual(['rateFen', expect.stringMatching(/床日费率/)]);
    const proposed = await ok(
      propose({
        admdvs: CITY,
        year: 2026,
        method: 'BED_DAY',
        rateFen: '33333',
        institutions: [{ institutionCode: H3, coefficientPercent: '90' }],
        groups: [{ code: 'CD-PSY', name: '精神疾病住院', weight: '1.5' }],
        reason: '2026 年精神疾病按床日付费',
      }),
    );
    expect(proposed.payload).toMatchObject({ method: 'BED_DAY', rate: '床日费率 ¥333.33（权重 1.0，每床日）', specialCasePermille: 50 });
    await ok(f.decide(checker, proposed.id));
    const reply = await ok(
      group([
        { setlId: 'S-CP-BED', groupCode: 'CD-PSY' },
        { setlId: 'S-CP-NODATE', groupCode: 'CD-PSY' },
      ]),
    );
    // 40 days × 1.5 × ¥333.33 × 90 % = ¥17,999.82; ¥4,000 not paid by the fund → ¥13,999.82, ¥2,000.18 less than by item.
    expect(reply.results[0]).toMatchObject({
      status: 'GROUPED',
      case: { method: 'BED_DAY', bedDays: 40, standardFen: '1799982', casePaymentFen: '1399982', adjustmentFen: '-200018' },
    });
    expect(reply.results[0].case?.steps[0]).toBe('床日 40 天 × 床日权重 1.5 × 床日费率 ¥333.33 × 系数 90% = 支付标准 ¥17,999.82（四舍五入到分）');
    expect(reply.results[1]).toMatchObject({ status: 'REFUSED', error: { code: 'CASE.NO_BED_DAYS', field: 'cases[1].setlId' } });
    expect(await f.count(`select 1 from fund.case_grouping where setl_id = 'S-CP-NODATE'`)).toBe(0);
    // An institution is paid by one method a year: H3 cannot also be in the DRG scheme.
    const clash = await propose(drgScheme({ institutions: [{ institutionCode: H3, coefficientPercent: '100' }] }));
    expect(clash.ok ? 'accepted' : clash.error.message).toContain(`${H3} is already paid by BED_DAY in 2026`);
  });
});
