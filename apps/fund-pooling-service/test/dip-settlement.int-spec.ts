import {
  type ApprovalView,
  type CaseGroupingReply,
  CasePaymentEventSubjects,
  type CasePaymentSchemeProposal,
  CasePaymentSubjects,
  type DipSettlementItemView,
  type DipSettlementProposal,
  type DipSettlementView,
  ReviewEventSubjects,
} from '@mi/contracts';
import { asActor, waitFor } from '@mi/testing';
import { jetstream } from '@nats-io/jetstream';
import { checker, CITY, claimSettledEvent, FundFixture, maker, refusal } from './fund-fixture';

const H1 = 'H43010200001';
const H2 = 'H43010200002';

/**
 * DIP 年度清算 (结算点值): the year's grouped DIP cases paid again at the settlement point value
 * ((budget − reserve) ÷ Σ points × coefficient), the difference posted per institution and
 * insurance type by maker-checker, once.
 */
describe('DIP year-end settlement point value 结算点值 (real PostgreSQL + NATS)', () => {
  let f: FundFixture;
  const ok = async <T>(r: Promise<{ ok: true; data: T } | { ok: false; error: unknown }>): Promise<T> => {
    const reply = await r;
    if (!reply.ok) throw new Error(JSON.stringify(reply.error));
    return reply.data;
  };
  const publish = (e: { id: string }) =>
    jetstream(f.infra.nats.nc).publish(f.infra.nats.resolver.subject(ReviewEventSubjects.ClaimSettled), JSON.stringify(e), { msgID: e.id });
  const group = (cases: { setlId: string; groupCode: string }[]) =>
    asActor(maker, () => f.client.requestReply<CaseGroupingReply>(CasePaymentSubjects.group, { admdvs: CITY, cases }));
  const propose = (year: number) =>
    asActor(maker, () =>
      f.client.requestReply<ApprovalView<DipSettlementProposal>>(CasePaymentSubjects.proposeDipSettlement, {
        admdvs: CITY,
        year,
        reason: `${year} DIP 年度清算`,
      }),
    );
  const read = () => asActor(checker, () => f.client.requestReply<DipSettlementView>(CasePaymentSubjects.dipSettlement, { admdvs: CITY, year: 2025 }));
  const day = '2025-06-10';

  beforeAll(async () => {
    f = await FundFixture.start(['310', '390']);
    for (const e of [
      claimSettledEvent({ setlId: 'D-C1', inst: H1, medfee: '1000000', hifp: '700000', day }),
      claimSettledEvent({ setlId: 'D-C2', inst: H1, medfee: '500000', hifp: '400000', day }),
      claimSettledEvent({ setlId: 'D-C3', inst: H2, insutype: '390', medfee: '2000000', hifp: '1500000', day }),
      claimSettledEvent({ setlId: 'D-C5', inst: H1, medfee: '500000', hifp: '400000', day }),
      claimSettledEvent({ setlId: 'D-C6', inst: H1, medfee: '500000', hifp: '400000', day }),
    ])
      await publish(e);
    await waitFor(async () => (await f.count(`select 1 from fund.settled_case`)) === 5, 20_000, 'settled cases recorded');
    // Budget ¥27,000, expected 30 points: budget point value ¥900.00.
    const scheme = await ok(
      asActor(maker, () =>
        f.client.requestReply<ApprovalView<CasePaymentSchemeProposal>>(CasePaymentSubjects.proposeScheme, {
          admdvs: CITY,
          year: 2025,
          method: 'DIP',
          dipBudgetFen: '2700000',
          dipExpectedPoints: '30',
          institutions: [
            { institutionCode: H1, coefficientPercent: '100' },
            { institutionCode: H2, coefficientPercent: '120' },
          ],
          groups: [
            { code: 'G1', name: '病种一', weight: '10' },
            { code: 'G2', name: '病种二', weight: '5' },
          ],
          reason: '2025 DIP',
        }),
      ),
    );
    await ok(f.decide(checker, scheme.id));
    const grouped = await ok(
      group([
        { setlId: 'D-C1', groupCode: 'G1' },
        { setlId: 'D-C2', groupCode: 'G2' },
        { setlId: 'D-C3', groupCode: 'G1' },
        { setlId: 'D-C5', groupCode: 'G2' },
      ]),
    );
    // At ¥900/point: C1 ¥9,000 − ¥3,000 = ¥6,000 (¥1,000 less); C2 ¥4,500 − ¥1,000 = ¥3,500; C3 12 points ¥10,800 − ¥5,000 = ¥5,800.
    expect(grouped.results.map((r) => r.case?.casePaymentFen)).toEqual(['600000', '350000', '580000', '350000']);
    // C5 reversed after grouping: out of the year's points.
    await publish(claimSettledEvent({ setlId: 'D-C5-R', inst: H1, medfee: '-500000', hifp: '-400000', day: '2025-06-20', reversal: true, initSetlId: 'D-C5' }));
    await waitFor(async () => (await f.count(`select 1 from fund.case_grouping where setl_id = 'D-C5' and reversed`)) === 1, 10_000, 'C5 reversed');
  });

  afterAll(async () => {
    await f?.close();
  });

  it('refuses a year that has not ended, and a year without a DIP scheme', async () => {
    expect(await refusal(propose(2026))).toBe('FUND.YEAR_NOT_ENDED');
    expect(await refusal(propose(2024))).toBe('NOT_FOUND');
  });

  it('computes the settlement point value from the year’s points and pays every case again at it', async () => {
    const provisional = await ok(read());
    expect(provisional.status).toBe('PROVISIONAL');
    // 27 points (10 + 5 + 12) for ¥27,000: ¥1,000.00 a point.
    expect(provisional.summary).toMatchObject({
      totalPoints: '27.000000',
      cases: 3,
      institutions: 2,
      settlementPointValue: '结算点值 = ¥27,000.00 ÷ 27.000000 分 ≈ ¥1,000.00/分',
      budgetPointValue: '预算点值 = (¥27,000.00 − ¥0.00) ÷ 30 分 ≈ ¥900.00/分',
      totalAdjustmentFen: '270000',
    });
    expect(provisional.items.map((i) => [i.institutionCode, i.insutype, i.cases, i.points, i.paidFen, i.settledFen, i.adjustmentFen])).toEqual([
      [H1, '310', 2, '15.000000', '950000', '1100000', '150000'],
      [H2, '390', 1, '12.000000', '580000', '700000', '120000'],
    ]);
  });

  it('posts the differences once by maker-checker, with audit and event, and settles the year for good', async () => {
    const proposed = await ok(propose(2025));
    expect(proposed.payload).toMatchObject({ totalAdjustmentFen: '270000', cases: 3 });
    expect(await f.allItems<DipSettlementItemView>(checker, proposed.id)).toHaveLength(2);
    expect(await refusal(f.decide(maker, proposed.id))).not.toBe('accepted'); // not the maker
    const before = await f.balance(`${CITY}-310-PAYABLE-${H1}`);
    await ok(f.decide(checker, proposed.id));
    expect(Number(await f.balance(`${CITY}-310-PAYABLE-${H1}`)) - Number(before)).toBeCloseTo(1500, 2);
    const posted = await ok(read());
    expect(posted.status).toBe('POSTED');
    expect(posted.summary.digest).toBe(proposed.payload.digest);
    expect(posted.items.every((i) => i.entryId)).toBe(true);
    expect(await f.count(`select 1 from fund.journal_entry where cause_type = 'case-payment' and cause_id like ?`, [`${CITY}/2025/DIP-settlement/%`])).toBe(2);
    expect(await f.count(`select 1 from fund.audit_log where action = 'fund.dip-settlement.posted'`)).toBe(1);
    expect(await f.count(`select 1 from fund.outbox where subject = ?`, [CasePaymentEventSubjects.DipSettlementPosted])).toBe(1);
    expect(await refusal(propose(2025))).toBe('FUND.DIP_SETTLEMENT_ALREADY_POSTED');
    // A case of the settled year can no longer be grouped.
    const late = await ok(group([{ setlId: 'D-C6', groupCode: 'G2' }]));
    expect(late.results[0].error?.code).toBe('CASE.YEAR_SETTLED');
  });
});
