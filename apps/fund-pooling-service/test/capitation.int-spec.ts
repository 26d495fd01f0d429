import {
  type ApprovalView,
  CapitationEventSubjects,
  type CapitationProposal,
  CapitationSubjects,
  type CapitationView,
  ReviewEventSubjects,
} from '@mi/contracts';
import { asActor, waitFor } from '@mi/testing';
import { jetstream } from '@nats-io/jetstream';
import { checker, CITY, claimSettledEvent, FundFixture, maker, refusal } from './fund-fixture';

const H5 = 'H43010200005';
const H6 = 'H43010200006';
const MONTH = '2026-10';

/**
 * 按人头付费 (门诊统筹): an ended month's outpatient care paid per enrolled person — annual rate ×
 * enrolled ÷ 12 — instead of by item, the difference posted per institution by maker-checker, once;
 * inpatient, reversed, other-month and other-insurance settlements left out.
 */
describe('capitation 按人头付费 (real PostgreSQL + NATS)', () => {
  let f: FundFixture;
  const ok = async <T>(r: Promise<{ ok: true; data: T } | { ok: false; error: unknown }>): Promise<T> => {
    const reply = await r;
    if (!reply.ok) throw new Error(JSON.stringify(reply.error));
    return reply.data;
  };
  const publish = (e: { id: string }) =>
    jetstream(f.infra.nats.nc).publish(f.infra.nats.resolver.subject(ReviewEventSubjects.ClaimSettled), JSON.stringify(e), { msgID: e.id });
  const request = (o: Record<string, unknown> = {}) => ({
    admdvs: CITY,
    period: MONTH,
    insutype: '310',
    annualRateFen: '12001',
    institutions: [
      { institutionCode: H6, enrolled: 7 },
      { institutionCode: H5, enrolled: 1000 },
    ],
    reason: '2026 年 10 月门诊统筹按人头付费',
    ...o,
  });
  const propose = (body: Record<string, unknown>) =>
    asActor(maker, () => f.client.requestReply<ApprovalView<CapitationProposal>>(CapitationSubjects.propose, body));
  const read = (insutype = '310') =>
    asActor(checker, () => f.client.requestReply<CapitationView>(CapitationSubjects.get, { admdvs: CITY, period: MONTH, insutype }));
  const outpatient = (setlId: string, inst: string, hifp: string, o: { day?: string; insutype?: string; mode?: string } = {}) =>
    claimSettledEvent({ setlId, inst, medfee: String(Number(hifp) * 2), hifp, day: o.day ?? `${MONTH}-15`, insutype: o.insutype, mode: o.mode ?? '1' });

  beforeAll(async () => {
    f = await FundFixture.start(['310', '390']);
    for (const e of [
      outpatient('CAP-1', H5, '300000'),
      outpatient('CAP-2', H5, '200000', { day: `${MONTH}-31` }),
      outpatient('CAP-3', H6, '10000'),
      outpatient('CAP-IN', H5, '900000', { mode: '2' }), // inpatient: not paid by head
      outpatient('CAP-SEP', H5, '70000', { day: '2026-09-30' }), // another month
      outpatient('CAP-390', H5, '40000', { insutype: '390' }), // another insurance type
      outpatient('CAP-REV', H6, '5000'),
      claimSettledEvent({
        setlId: 'CAP-REV-R',
        inst: H6,
        medfee: '-10000',
        hifp: '-5000',
        day: `${MONTH}-20`,
        reversal: true,
        initSetlId: 'CAP-REV',
        mode: '1',
      }),
    ])
      await publish(e);
    await waitFor(async () => (await f.count(`select 1 from fund.settled_case where reversed`)) === 1, 20_000, 'settled cases recorded');
    expect(await f.count(`select 1 from fund.settled_case`)).toBe(7);
  });

  afterAll(async () => {
    await f?.close();
  });

  it('refuses a month not yet ended, another city’s institution, an institution listed twice and bad figures, naming the field', async () => {
    const open = await propose(request({ period: '2026-12' }));
    expect(open.ok ? 'accepted' : [open.error.code, open.error.details?.field]).toEqual(['FUND.MONTH_NOT_ENDED', 'period']);
    const foreign = await propose(request({ institutions: [{ institutionCode: 'H43020200001', enrolled: 1 }] }));
    expect(foreign.ok ? 'accepted' : foreign.error.message).toContain('is not an institution of pooling region 430100');
    const twice = await propose(
      request({
        institutions: [
          { institutionCode: H5, enrolled: 1 },
          { institutionCode: H5, enrolled: 2 },
        ],
      }),
    );
    expect(twice.ok ? 'accepted' : twice.error.details?.field).toBe('institutions[1].institutionCode');
    const badRate = await propose(request({ annualRateFen: '12.5' }));
    expect(badRate.ok ? 'accepted' : badRate.error.message).toContain('annualRateFen must be a positive whole number of fen');
    const maternity = await propose(request({ insutype: '510' }));
    expect(maternity.ok ? 'accepted' : maternity.error.message).toContain('insutype must be 310 or 390');
    expect(await f.count(`select 1 from fund.approval where action = 'fund.capitation'`)).toBe(0);
  });

  it('pays the month by head: annual rate × enrolled ÷ 12 against the outpatient item payments, by maker-checker, once', async () => {
    const proposed = await ok(propose(request()));
    // H5: ¥120.01 × 1000 ÷ 12 = ¥10,000.833… → ¥10,000.83, by item ¥5,000 (two outpatient settlements): ¥5,000.83 more.
    // H6: ¥120.01 × 7 ÷ 12 = ¥70.005833… → ¥70.01, by item ¥100 (the reversed one left out): ¥29.99 recovered.
    expect(proposed.payload).toMatchObject({
      institutions: 2,
      enrolled: 1007,
      shareFen: String(1_000_083 + 7_001),
      itemPaidFen: '510000',
      totalAdjustmentFen: String(1_000_083 + 7_001 - 510_000),
    });
    const lines = (await f.allItems<{ institutionCode: string; adjustmentFen: string; settlements: number; steps: string[] }>(checker, proposed.id)).map(
      (i) => [i.institutionCode, i.settlements, i.adjustmentFen],
    );
    expect(lines).toEqual([
      [H5, 2, '500083'],
      [H6, 1, '-2999'],
    ]);
    expect(await refusal(f.decide(maker, proposed.id))).not.toBe('accepted'); // the maker cannot approve
    await ok(f.decide(checker, proposed.id));

    const posted = await ok(read());
    expect(posted.summary.digest).toBe(proposed.payload.digest);
    expect(posted.items.map((i) => [i.institutionCode, i.shareFen, i.itemPaidFen, i.adjustmentFen, Boolean(i.entryId)])).toEqual([
      [H5, '1000083', '500000', '500083', true],
      [H6, '7001', '10000', '-2999', true],
    ]);
    expect(posted.items[0].steps[0]).toBe('人头标准 ¥120.01/人·年 × 签约 1000 人 ÷ 12 = 本月人头费用 ¥10,000.83（四舍五入到分）');
    expect(posted.items[1].steps[2]).toBe('与按项目已付之差 扣回 ¥29.99');
    // What the fund owes each institution for the month's outpatient care is now its share by head.
    expect(await f.balance(`${CITY}-310-PAYABLE-${H5}`)).toBe(await expectedBalance(1_000_083 + 900_000 + 70_000)); // + the inpatient case and September's, by item
    expect(await f.balance(`${CITY}-310-PAYABLE-${H6}`)).toBe(await expectedBalance(7_001));
    expect(await f.count(`select 1 from fund.journal_entry where cause_type = 'case-payment' and cause_id like ?`, [`${CITY}/${MONTH}/capitation/%`])).toBe(2);
    expect(await f.count(`select 1 from fund.audit_log where action = 'fund.capitation.posted'`)).toBe(1);
    expect(await f.count(`select 1 from fund.outbox where subject = ?`, [CapitationEventSubjects.CapitationPosted])).toBe(1);
    expect(await refusal(propose(request()))).toBe('FUND.CAPITATION_ALREADY_POSTED');
  });

  it('refuses to approve when the month’s settlements changed after the proposal; nothing posted', async () => {
    const proposed = await ok(propose(request({ insutype: '390', institutions: [{ institutionCode: H5, enrolled: 12 }] })));
    expect(proposed.payload).toMatchObject({ shareFen: '12001', itemPaidFen: '40000' });
    await publish(outpatient('CAP-390-LATE', H5, '1000', { insutype: '390' }));
    await waitFor(async () => (await f.count(`select 1 from fund.settled_case where setl_id = 'CAP-390-LATE'`)) === 1, 20_000, 'late settlement recorded');
    expect(await refusal(f.decide(checker, proposed.id))).toBe('FUND.CAPITATION_CHANGED');
    expect(await f.count(`select 1 from fund.capitation where insutype = '390'`)).toBe(0);
    expect((await read('390')).ok).toBe(false);
  });

  /** The payable's balance as the ledger prints it, for an amount in fen. */
  async function expectedBalance(fen: number): Promise<string> {
    const [{ v }] = await f.orm.em.fork().execute<{ v: string }[]>(`select to_char(?::numeric / 100, 'FM9999999990.00') as v`, [fen]);
    return v;
  }
});
