import {
  type ApprovalView,
  ClearingEventSubjects,
  type ClearingStatementView,
  ClearingSubjects,
  type ClearingWhatIfView,
  type YearEndClearingPostedPayload,
  type YearEndClearingProposal,
} from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import { asActor } from '@mi/testing';
import { checker, CITY, FundFixture, maker, refusal } from './fund-fixture';

const [A, B, C, D] = ['H43010200001', 'H43010200002', 'H43010300001', 'H43010300002'];
const KEY = { admdvs: CITY, year: 2026, insutype: '310' };
const STRICT = { overspend: [{ upToPercent: null, fundSharePercent: 0 }], surplus: [{ upToPercent: null, retainedPercent: 0 }] };

/** 年终清算: set-based figures, bands, once per institution and year, what-if, identical after a crash. */
describe('year-end clearing (real PostgreSQL + NATS)', () => {
  let f: FundFixture;
  const clock = new ManualClock('2026-03-01T04:00:00.000Z');
  const ok = async <T>(r: Promise<{ ok: true; data: T } | { ok: false; error: unknown }>): Promise<T> => {
    const reply = await r;
    if (!reply.ok) throw new Error(JSON.stringify(reply.error));
    return reply.data;
  };
  const propose = () =>
    asActor(maker, () => f.client.requestReply<ApprovalView<YearEndClearingProposal>>(ClearingSubjects.propose, { ...KEY, reason: '2026 年终清算' }));
  const whatIf = (extra: Record<string, unknown> = {}) =>
    ok(asActor(checker, () => f.client.requestReply<ClearingWhatIfView>(ClearingSubjects.whatIf, { ...KEY, ...extra })));
  const statement = (institutionCode: string) =>
    ok(asActor(checker, () => f.client.requestReply<ClearingStatementView>(ClearingSubjects.statement, { ...KEY, institutionCode })));
  /** What the clearing posted, without ids or times: cause, account, debit, credit. */
  const entries = () =>
    f.orm.em.fork().execute<{ cause_id: string; account_code: string; debit_fen: string; credit_fen: string }[]>(
      `select e.cause_id, l.account_code, l.debit_fen::text as debit_fen, l.credit_fen::text as credit_fen
       from fund.journal_entry e join fund.journal_line l on l.entry_id = e.id where e.cause_type = 'year-end-clearing' order by e.cause_id, l.line_no`,
    );

  beforeAll(async () => {
    f = await FundFixture.start(['310'], clock);
    await f.budget(2026, '310', { [A]: '100000000', [B]: '100000000', [C]: '50000000', [D]: '20000000' });
    for (const inst of [A, B, C]) await f.institution('310', inst);
    // A: 1,100,000 − 20,000 reversed − 30,000 deducted = 1,050,000 against 1,000,000 → overspend 5 %.
    await f.settle('a1', '2026-03', '310', A, '1100000.00');
    await f.settle('a1-r', '2026-04', '310', A, '20000.00', true);
    await f.deduct('a-d', '2026-05', '310', A, '30000.00');
    await f.settle('a-2025', '2025-12', '310', A, '999999.00'); // another year
    await f.settle('b1', '2026-06', '310', B, '930000.00'); // surplus 7 %
    await f.settle('c1', '2026-07', '310', C, '480000.00'); // surplus 4 %, payments held
    // D: nothing settled → surplus 100 %, retained only up to 10 % of the indicator.
    await f.orm.em.fork().execute(
      `insert into fund.payment_hold (admdvs, institution_code, agreement_id, state, reason, cause_event_id, effective_at, updated_at)
       values (?, ?, '0190f000-0000-7000-8000-000000000001', 'SUSPENDED', '协议中止', '0190f000-0000-7000-8000-000000000002', now(), now())`,
      [CITY, C],
    );
  });

  afterAll(async () => {
    await f?.close();
  });

  it('clears only after the year ended; the statement explains every line', async () => {
    expect(await refusal(propose())).toBe('FUND.YEAR_NOT_ENDED');
    clock.set('2027-01-10T02:00:00.000Z');
    const a = await statement(A);
    expect(a).toMatchObject({
      status: 'PROVISIONAL',
      indicatorFen: '100000000',
      actualFen: '105000000',
      kind: 'overspend',
      adjustmentFen: '3000000',
      clearingFen: '-2000000',
    });
    expect(a.lines.map((l) => [l.code, l.amount])).toEqual([
      ['INDICATOR', '1000000.00'],
      ['SETTLEMENTS', '1100000.00'],
      ['REVERSALS', '-20000.00'],
      ['DEDUCTIONS', '-30000.00'],
      ['INDICATOR_DEDUCTIONS', '0.00'],
      ['ACTUAL', '1050000.00'],
      ['OVERSPEND', '50000.00'],
      ['BAND', '30000.00'],
      ['FUND_SHARE', '30000.00'],
      ['INSTITUTION_SHARE', '20000.00'],
      ['CLEARING_AMOUNT', '-20000.00'],
    ]);
    expect((await statement(D)).clearingFen).toBe('1000000'); // 20,000 (10 %) × 50 %
  });

  it('what-if computes the same result twice and another with other bands, posting nothing', async () => {
    const first = await whatIf();
    const second = await whatIf();
    expect(second.summary).toEqual(first.summary);
    expect(first.summary).toMatchObject({ institutions: 4, surplus: 3, overspend: 1, paidFen: '5500000', recoveredFen: '2000000' });
    const strict = await whatIf({ clearingBands: STRICT, institutionCode: A });
    expect(strict.summary).toMatchObject({ paidFen: '0', recoveredFen: '5000000' });
    expect(strict.summary.digest).not.toBe(first.summary.digest);
    expect(strict.statement).toMatchObject({ status: 'WHAT_IF', clearingFen: '-5000000' });
    expect(await f.count(`select 1 from fund.journal_entry where cause_type = 'year-end-clearing'`)).toBe(0);
    expect(await f.count(`select 1 from fund.year_end_clearing`)).toBe(0);
  });

  it('an approval interrupted midway leaves nothing; approving again posts once, identical to the what-if', async () => {
    const expected = (await whatIf()).summary;
    const provisional = await statement(A);
    const proposed = await ok(propose());
    expect(proposed.payload.summary).toEqual(expected);
    // Posted after the cut-off: not part of this clearing, so the approval still finds the proposal's digest.
    clock.set('2027-01-10T03:00:00.000Z');
    await f.settle('a-late', '2026-12', '310', A, '5000.00');

    // A crash while storing the statements (the last institution's row fails): the transaction rolls back.
    const em = f.orm.em.fork();
    await em.execute(`create function fund.test_crash() returns trigger language plpgsql as $$ begin
      if new.institution_code = '${D}' then raise exception 'simulated crash'; end if; return new; end $$`);
    await em.execute(`create trigger test_crash before insert on fund.clearing_statement for each row execute function fund.test_crash()`);
    expect(await refusal(f.decide(checker, proposed.id))).not.toBe('accepted');
    expect(await f.count(`select 1 from fund.journal_entry where cause_type = 'year-end-clearing'`)).toBe(0);
    expect(await f.count(`select 1 from fund.year_end_clearing`)).toBe(0);
    expect(await f.count(`select 1 from fund.approval where id = ? and status = 'PENDING'`, [proposed.id])).toBe(1);
    await em.execute(`drop trigger test_crash on fund.clearing_statement`);

    const approved = await ok(f.decide(checker, proposed.id));
    const result = approved.result as YearEndClearingPostedPayload;
    expect(result).toMatchObject({ institutions: 4, entries: 4, paidFen: '5500000', recoveredFen: '2000000', digest: expected.digest });
    expect(await entries()).toEqual([
      { cause_id: `${CITY}/2026/310/${A}`, account_code: `${CITY}-310-CLEARING-RECEIVABLE-${A}`, debit_fen: '2000000', credit_fen: '0' },
      { cause_id: `${CITY}/2026/310/${A}`, account_code: `${CITY}-310-CLEARING`, debit_fen: '0', credit_fen: '2000000' },
      { cause_id: `${CITY}/2026/310/${B}`, account_code: `${CITY}-310-CLEARING`, debit_fen: '3500000', credit_fen: '0' },
      { cause_id: `${CITY}/2026/310/${B}`, account_code: `${CITY}-310-FUND`, debit_fen: '0', credit_fen: '3500000' },
      { cause_id: `${CITY}/2026/310/${C}`, account_code: `${CITY}-310-CLEARING`, debit_fen: '1000000', credit_fen: '0' },
      { cause_id: `${CITY}/2026/310/${C}`, account_code: `${CITY}-310-HELD-${C}`, debit_fen: '0', credit_fen: '1000000' }, // held: not paid out
      { cause_id: `${CITY}/2026/310/${D}`, account_code: `${CITY}-310-CLEARING`, debit_fen: '1000000', credit_fen: '0' },
      { cause_id: `${CITY}/2026/310/${D}`, account_code: `${CITY}-310-FUND`, debit_fen: '0', credit_fen: '1000000' },
    ]);
    expect(await f.balance(`${CITY}-310-CLEARING`)).toBe('35000.00');

    // Once: no second clearing, no second decision, the posted statement replays the provisional lines.
    expect(await refusal(propose())).toBe('FUND.CLEARING_ALREADY_POSTED');
    expect(await refusal(f.decide(checker, proposed.id))).not.toBe('accepted');
    expect(await f.count(`select 1 from fund.journal_entry where cause_type = 'year-end-clearing'`)).toBe(4);
    const posted = await statement(A);
    expect(posted).toMatchObject({ status: 'POSTED', lines: provisional.lines, entryId: expect.any(String) });
    // The what-if at the posted cut-off with the posted bands reproduces the posted digest (the late settlement is not in it).
    expect((await whatIf()).summary.digest).toBe(expected.digest);
    expect(await f.count(`select 1 from fund.audit_log where action = 'fund.year-end-clearing.posted'`)).toBe(1);
    expect(await f.count(`select 1 from fund.outbox where subject = ?`, [ClearingEventSubjects.YearEndClearingPosted])).toBe(1);
  });

  it('recovers the overspend an institution bears from its next monthly statements, never more than it is due', async () => {
    // The clearing was posted in 2027-01: December's run does not take it.
    clock.set('2027-02-05T02:00:00.000Z');
    await f.run('2026-12');
    const december = await ok(f.statement(checker, A, '2026-12'));
    expect(december.items[0].lines.some((l) => l.code === 'CLEARING_RECOVERY')).toBe(false);
    // January: ¥15,000 due, all of it recovered; ¥5,000 of the ¥20,000 stays to recover.
    await f.settle('a-2027', '2027-01', '310', A, '15000.00');
    await f.run('2027-01');
    const january = (await ok(f.statement(checker, A, '2027-01'))).items[0];
    expect(january).toMatchObject({ dueFen: '1500000', clearingRecoveredFen: '1500000', netFen: '0' });
    expect(january.lines.find((l) => l.code === 'CLEARING_RECOVERY')?.amount).toBe('-15000.00');
    expect(await f.balance(`${CITY}-310-CLEARING-RECEIVABLE-${A}`)).toBe('5000.00');
    expect(
      await f.count(
        `select 1 from fund.settlement_statement s join fund.monthly_settlement m on m.id = s.settlement_id where m.period = '2027-01' and s.clearing_recovered_fen = 1500000`,
      ),
    ).toBe(1);
  });
});
