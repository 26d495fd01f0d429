import {
  type ApprovalView,
  type MonthlyPrepaymentItemView,
  type MonthlyPrepaymentProposal,
  type MonthlyPrepaymentView,
  PrepaymentEventSubjects,
  PrepaymentSubjects,
} from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import { asActor } from '@mi/testing';
import { checker, CITY, FundFixture, maker, refusal } from './fund-fixture';

const A = 'H43010200001';
const B = 'H43010200002';
const C = 'H43010300001';

/** 月度预付: indicator ÷ 12 × share, posted once per institution and month, offset by the monthly run. */
describe('monthly prepayment (real PostgreSQL + NATS)', () => {
  let f: FundFixture;
  const clock = new ManualClock('2026-05-10T04:00:00.000Z');
  const propose = (period: string) =>
    asActor(maker, () =>
      f.client.requestReply<ApprovalView<MonthlyPrepaymentProposal>>(PrepaymentSubjects.propose, { admdvs: CITY, period, reason: `${period} 月度预付` }),
    );
  const read = (period: string) => asActor(checker, () => f.client.requestReply<MonthlyPrepaymentView>(PrepaymentSubjects.get, { admdvs: CITY, period }));

  beforeAll(async () => {
    f = await FundFixture.start(['310'], clock);
    // 1,200,000.00, 600,000.00 (suspended: held) and 1,000.00 for the year; the default share (97 %).
    await f.budget(2026, '310', { [A]: '120000000', [B]: '60000000', [C]: '100000' });
    await f.orm.em.fork().execute(
      `insert into fund.payment_hold (admdvs, institution_code, agreement_id, state, reason, cause_event_id, effective_at, updated_at)
       values (?, ?, '0190f000-0000-7000-8000-000000000001', 'SUSPENDED', '协议中止', '0190f000-0000-7000-8000-000000000002', now(), now())`,
      [CITY, B],
    );
  });

  afterAll(async () => {
    await f?.close();
  });

  it('computes indicator ÷ 12 × share per institution; nothing while held; refuses a future month', async () => {
    expect(await refusal(propose('2026-06'))).toBe('FUND.PERIOD_IN_FUTURE');
    const provisional = await read('2026-05');
    if (!provisional.ok) throw new Error(JSON.stringify(provisional.error));
    expect(provisional.data).toMatchObject({ status: 'PROVISIONAL', totalFen: '9708083' });
    expect(provisional.data.items.map((i) => [i.institutionCode, i.status, i.amountFen])).toEqual([
      [A, 'PREPAY', '9700000'], // 1,200,000.00 ÷ 12 × 97 %
      [B, 'HELD', '0'],
      [C, 'PREPAY', '8083'], // 1,000.00 ÷ 12 × 97 % = 80.8333… → 80.83
    ]);
    expect(provisional.data.items[2].explanation).toContain('÷ 12 × 预付比例 97%');
    expect(provisional.data).toMatchObject({ itemCount: 3, heldItems: 1, limit: 50, offset: 0 });
    // A page at a time: the month of a big city is more than one message may carry.
    const page = await asActor(checker, () =>
      f.client.requestReply<MonthlyPrepaymentView>(PrepaymentSubjects.get, { admdvs: CITY, period: '2026-05', limit: 1, offset: 1 }),
    );
    expect(page.ok && [page.data.itemCount, page.data.items.map((i) => i.institutionCode)]).toEqual([3, [B]]);
    const tooMany = await asActor(checker, () =>
      f.client.requestReply<MonthlyPrepaymentView>(PrepaymentSubjects.get, { admdvs: CITY, period: '2026-05', limit: 1000 }),
    );
    expect(tooMany.ok || tooMany.error).toMatchObject({ code: 'VALIDATION' });
  });

  it('posts one balanced entry per institution once, by maker-checker, with audit and MonthlyPrepaymentPosted', async () => {
    const fundBefore = await f.balance(`${CITY}-310-FUND`);
    const proposed = await propose('2026-05');
    if (!proposed.ok) throw new Error(JSON.stringify(proposed.error));
    expect(proposed.data.payload).toMatchObject({
      institutions: 3,
      itemCount: 3,
      heldItems: 1,
      totalFen: '9708083',
      digest: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const items = await f.allItems<MonthlyPrepaymentItemView>(checker, proposed.data.id);
    expect(items.map((i) => [i.institutionCode, i.status, i.amountFen])).toEqual([
      [A, 'PREPAY', '9700000'],
      [B, 'HELD', '0'],
      [C, 'PREPAY', '8083'],
    ]);
    expect(await refusal(f.decide(maker, proposed.data.id))).not.toBe('accepted');
    const approved = await f.decide(checker, proposed.data.id);
    if (!approved.ok) throw new Error(JSON.stringify(approved.error));
    expect(approved.data.result).toMatchObject({ entries: 2, totalFen: '9708083' });
    expect(await f.balance(`${CITY}-310-PREPAID-${A}`)).toBe('97000.00');
    expect(await f.balance(`${CITY}-310-PREPAID-${C}`)).toBe('80.83');
    expect(Number(fundBefore) - Number(await f.balance(`${CITY}-310-FUND`))).toBeCloseTo(97080.83, 2);
    expect(await f.count(`select 1 from fund.journal_entry where cause_type = 'monthly-prepayment'`)).toBe(2);
    expect(await f.count(`select 1 from fund.journal_entry where cause_type = 'monthly-prepayment' and cause_id = ?`, [`${CITY}/2026-05/${A}/310`])).toBe(1);
    expect(await refusal(propose('2026-05'))).toBe('FUND.PREPAYMENT_ALREADY_POSTED');
    const posted = await read('2026-05');
    expect(posted.ok && posted.data).toMatchObject({
      status: 'POSTED',
      totalFen: '9708083',
      itemCount: 3,
      heldItems: 1,
      items: [{ entryId: expect.any(String) }, { entryId: null }, {}],
    });
    expect(await f.count(`select 1 from fund.audit_log where action = 'fund.monthly-prepayment.posted'`)).toBe(1);
    expect(await f.count(`select 1 from fund.audit_log where action = 'ledger.post-batch' and target_type = 'monthly-prepayment'`)).toBe(1);
    expect(await f.count(`select 1 from fund.outbox where subject = ?`, [PrepaymentEventSubjects.MonthlyPrepaymentPosted])).toBe(1);
  });

  it('is offset by the month’s settlement run, never more than is due; a settled month can no longer be prepaid', async () => {
    await f.institution('310', A);
    await f.institution('310', C);
    await f.settle('s-a', '2026-05', '310', A, '150000.00');
    await f.settle('s-c', '2026-05', '310', C, '50.00');
    clock.set('2026-06-02T04:00:00.000Z');
    await f.run('2026-05');
    const a = await f.statement(checker, A, '2026-05');
    if (!a.ok) throw new Error(JSON.stringify(a.error));
    expect(a.data.items[0]).toMatchObject({ prepaymentOffsetFen: '9700000', netFen: '5300000' });
    expect(a.data.items[0].lines.find((l) => l.code === 'PREPAYMENT_OFFSET')?.amount).toBe('-97000.00');
    const c = await f.statement(checker, C, '2026-05');
    expect(c.ok && c.data.items[0]).toMatchObject({ prepaymentOffsetFen: '5000', netFen: '0' });
    expect(await f.balance(`${CITY}-310-PREPAID-${A}`)).toBe('0.00');
    expect(await f.balance(`${CITY}-310-PREPAID-${C}`)).toBe('30.83'); // offset by a later run
    expect(await refusal(propose('2026-04'))).toBe('FUND.MONTH_ALREADY_SETTLED');
  });

  it('refuses an approval whose figures changed since the proposal (an indicator changed meanwhile)', async () => {
    const proposed = await propose('2026-06');
    if (!proposed.ok) throw new Error(JSON.stringify(proposed.error));
    await f.budget(2026, '310', { [C]: '200000' });
    expect(await refusal(f.decide(checker, proposed.data.id))).toBe('FUND.PREPAYMENT_CHANGED');
    expect(await f.count(`select 1 from fund.journal_entry where cause_type = 'monthly-prepayment' and period = '2026-06'`)).toBe(0);
  });
});
