import { MONTHLY_SETTLEMENT_APPROVED_SUBJECT, ReviewEventSubjects } from '@mi/contracts';
import { LocalDate, Money } from '@mi/domain';
import { newUuidV7 } from '@mi/platform';
import { aUser, waitFor } from '@mi/testing';
import { jetstream } from '@nats-io/jetstream';
import { checker, CITY, FundFixture, maker, refusal } from './fund-fixture';

const stranger = aUser({ scope: '430200', id: 'u-stranger', username: 'stranger' });
const H1 = 'H43010200001';
const H2 = 'H43010200002';

describe('monthly settlement 月度结算/拨付 (real PostgreSQL + NATS)', () => {
  let f: FundFixture;
  const settle = (...a: Parameters<FundFixture['settle']>) => f.settle(...a);
  const deduct = (...a: Parameters<FundFixture['deduct']>) => f.deduct(...a);
  const prepay = (period: string, amount: string) => f.prepay(period, '310', H1, amount);
  const balance = (code: string) => f.balance(code);
  const propose = (...a: Parameters<FundFixture['propose']>) => f.propose(...a);
  const decide = (...a: Parameters<FundFixture['decide']>) => f.decide(...a);
  const statement = (...a: Parameters<FundFixture['statement']>) => f.statement(...a);

  beforeAll(async () => {
    f = await FundFixture.start(['310', '390']);
    await f.institution('310', H1);
    await f.institution('390', H2);
    // 4月预付 to H1: 300.00 out of the fund account.
    await prepay('2026-04', '300.00');
    // H1 (employees): two settlements in April, one reversed, a deduction confirmed in April and one in May.
    await settle('e1', '2026-04', '310', H1, '1000.00');
    await settle('e2', '2026-04', '310', H1, '500.00');
    await settle('e3', '2026-04', '310', H1, '200.00', true);
    await deduct('d1', '2026-04', '310', H1, '123.45');
    await deduct('d2', '2026-05', '310', H1, '10.00');
    // H2 (residents): April's deduction exceeds April's settlements: nothing is paid, the 200.02 is carried.
    await settle('e5', '2026-04', '390', H2, '400.01');
    await deduct('d3', '2026-04', '390', H2, '600.03');
  });

  afterAll(async () => {
    await f?.close();
  });

  it('refuses a month that has not ended', async () => {
    const thisMonth = LocalDate.fromInstant(new Date()).toString().slice(0, 7);
    const r = await propose(maker, thisMonth);
    expect(r.ok || r.error).toMatchObject({ code: 'FUND.PERIOD_NOT_ENDED' });
  });

  it('another region’s officer can neither see nor run the region’s month', async () => {
    const r = await propose(stranger);
    expect(r.ok || r.error.code).toBe('NOT_FOUND');
    const s = await statement(stranger, H1);
    expect(s.ok || s.error.code).toBe('NOT_FOUND');
  });

  it('shows a provisional statement before the run, line by line', async () => {
    const r = await statement(maker, H1);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.data).toMatchObject({ status: 'PROVISIONAL', settlementId: null, totalNet: '876.55' });
    expect(r.data.items[0].lines.map((l) => [l.code, l.count, l.amount])).toEqual([
      ['SETTLEMENTS', 2, '1500.00'],
      ['REVERSALS', 1, '-200.00'],
      ['DEDUCTIONS', 1, '-123.45'],
      ['AMOUNT_DUE', undefined, '1176.55'],
      ['PREPAYMENT_OFFSET', undefined, '-300.00'],
      ['NET_PAYABLE', undefined, '876.55'],
    ]);
    expect(r.data.items[0].lines.map((l) => l.amountFen)).toEqual(['150000', '-20000', '-12345', '117655', '-30000', '87655']);
  });

  it('is proposed by one officer and approved by another; pays each institution once, in balanced entries', async () => {
    const proposed = await propose();
    if (!proposed.ok) throw new Error(JSON.stringify(proposed.error));
    expect(proposed.data).toMatchObject({ status: 'PENDING', targetId: `${CITY}/2026-04`, payload: { totalNetFen: '87655' } });
    // The payload is the run's summary; each statement is a line item of the approval, read by page or by key.
    expect(proposed.data.payload).toMatchObject({ institutions: 2, statements: 2, heldStatements: 0, totalDueFen: '97653', totalCarriedOutFen: '20002' });
    expect(proposed.data.payload).not.toHaveProperty('items');
    const page = await f.items(checker, proposed.data.id, { limit: 1 });
    expect(page.ok && [page.data.total, page.data.items.map((i) => i.key)]).toEqual([2, [`${H1}/310`]]);
    const one = await f.items(checker, proposed.data.id, { key: `${H2}/390` });
    expect(one.ok && one.data.items.map((i) => [i.key, i.item.netFen, i.item.carriedOutFen])).toEqual([[`${H2}/390`, '0', '20002']]);
    const hidden = await f.items(stranger, proposed.data.id);
    expect(hidden.ok || hidden.error.code).toBe('NOT_FOUND');
    const badLimit = await f.items(checker, proposed.data.id, { limit: 500 });
    expect(badLimit.ok || badLimit.error).toMatchObject({ code: 'VALIDATION' });
    const again = await propose();
    expect(again.ok || again.error.code).toBe('APPROVAL.ALREADY_PENDING');
    const self = await decide(maker, proposed.data.id);
    expect(self.ok || self.error.code).toBe('FORBIDDEN.SAME_PERSON');
    const foreign = await decide(aUser({ scope: '430200', id: 'u-other' }), proposed.data.id);
    expect(foreign.ok || foreign.error.code).toBe('NOT_FOUND');
    expect(await balance(`${CITY}-310-PAYABLE-${H1}`)).toBe('1166.55'); // nothing paid yet (incl. May's deduction)

    const approved = await decide(checker, proposed.data.id);
    if (!approved.ok) throw new Error(JSON.stringify(approved.error));
    expect(approved.data).toMatchObject({ status: 'APPROVED', result: { totalNetFen: '87655' } });

    // Balances: H1's April payable is paid (May's deduction is left for May), the prepayment is offset.
    expect(await balance(`${CITY}-310-PAYABLE-${H1}`)).toBe('-10.00');
    expect(await balance(`${CITY}-310-PREPAID-${H1}`)).toBe('0.00');
    expect(await balance(`${CITY}-310-FUND`)).toBe('98823.45'); // 100000 − 300 prepaid − 876.55 paid
    expect(await balance(`${CITY}-390-FUND`)).toBe('100000.00'); // H2: nothing due
    expect(await balance(`${CITY}-390-PAYABLE-${H2}`)).toBe('-200.02'); // 400.01 − 600.03: the institution owes it back

    // The settled statement's lines add up to the payment entry.
    const s = await statement(aUser({ scope: '430100', id: 'u-reader', roles: ['auditor'] }), H1);
    if (!s.ok) throw new Error(JSON.stringify(s.error));
    expect(s.data).toMatchObject({ status: 'SETTLED', totalNet: '876.55' });
    const [item] = s.data.items;
    const amount = (code: string) => Money.parseYuan(item.lines.find((l) => l.code === code)?.amount ?? '0.00', code, { allowNegative: true });
    const due = amount('SETTLEMENTS').add(amount('REVERSALS')).add(amount('DEDUCTIONS'));
    expect(due.equals(amount('AMOUNT_DUE'))).toBe(true);
    expect(due.add(amount('PREPAYMENT_OFFSET')).equals(amount('NET_PAYABLE'))).toBe(true);
    const entry = await f.orm.em.fork().transactional((em) => f.ledger.entry(em, item.entryId!));
    expect(entry.lines).toEqual([
      { account: `${CITY}-310-PAYABLE-${H1}`, debit: '1176.55', credit: '0.00' },
      { account: `${CITY}-310-PREPAID-${H1}`, debit: '0.00', credit: '300.00' },
      { account: `${CITY}-310-FUND`, debit: '0.00', credit: item.lines.find((l) => l.code === 'NET_PAYABLE')!.amount },
    ]);
    const h2 = await statement(maker, H2);
    expect(h2.ok && h2.data.items[0]).toMatchObject({ dueFen: '-20002', carriedOutFen: '20002', netFen: '0', entryId: null });
    expect(h2.ok && h2.data.items[0].lines.map((l) => [l.code, l.amount])).toEqual([
      ['SETTLEMENTS', '400.01'],
      ['DEDUCTIONS', '-600.03'],
      ['AMOUNT_DUE', '-200.02'],
      ['PREPAYMENT_OFFSET', '0.00'],
      ['NET_PAYABLE', '0.00'],
      ['CARRIED_OUT', '-200.02'],
    ]);

    // One outbox event; the database holds every entry balanced.
    const events = await f.orm.em
      .fork()
      .execute<{ n: string }[]>(`select count(*)::text as n from fund.outbox where subject = ?`, [MONTHLY_SETTLEMENT_APPROVED_SUBJECT]);
    expect(events[0].n).toBe('1');
    const unbalanced = await f.orm.em
      .fork()
      .execute(`select entry_id from fund.journal_line group by entry_id having sum(debit_fen) <> sum(credit_fen) or count(*) < 2`);
    expect(unbalanced).toHaveLength(0);
  });

  it('settles a month once: a second proposal is refused', async () => {
    const r = await propose();
    expect(r.ok || r.error).toMatchObject({ code: 'FUND.MONTH_ALREADY_SETTLED' });
    const [{ n }] = await f.orm.em
      .fork()
      .execute<{ n: string }[]>(`select count(*)::text as n from fund.journal_entry where cause_type = 'monthly-settlement'`);
    expect(n).toBe('1');
  });

  it('pays a settlement posted after its month’s run once, in the next run, shown as late; carries a negative due until it is recovered', async () => {
    // After April's run: a late April settlement (a ClaimSettled event, through the consumer) and deduction of H1, May's own settlement.
    const late = {
      id: newUuidV7(),
      type: 'ClaimSettled',
      version: 1,
      occurredAt: '2026-05-02T01:00:00.000Z',
      admdvs: '430102',
      aggregateId: 'S-LATE',
      payload: {
        settlementId: '01a20000-0000-7000-8000-00000000dddd',
        setlId: 'S-LATE',
        mdtrtId: 'M-LATE',
        psnNo: 'P-LATE',
        institutionCode: H1,
        poolarea: CITY,
        insutype: '310',
        setlDate: '2026-04-30',
        medfeeSumamtFen: '12000',
        hifpPayFen: '9999',
        acctPayFen: '0',
        psnCashPayFen: '2001',
        reversal: false,
        ruleSet: '430000#1',
        findings: 0,
      },
    };
    await jetstream(f.infra.nats.nc).publish(f.infra.nats.resolver.subject(ReviewEventSubjects.ClaimSettled), JSON.stringify(late), { msgID: late.id });
    await waitFor(async () => (await balance(`${CITY}-310-PAYABLE-${H1}`)) === '89.99', 10_000, 'late April settlement posted');
    await deduct('d-late', '2026-04', '310', H1, '0.01');
    await settle('e6', '2026-05', '310', H1, '50.00');
    const proposed = await propose(maker, '2026-05');
    if (!proposed.ok) throw new Error(JSON.stringify(proposed.error));
    // Posted after the proposal's cut-off: left for the next run, the approval is not disturbed.
    await settle('e9', '2026-05', '310', H1, '1.00');
    const approved = await decide(checker, proposed.data.id);
    if (!approved.ok) throw new Error(JSON.stringify(approved.error));
    expect(approved.data.result).toMatchObject({ totalNetFen: '13998' });

    const may = await statement(maker, H1, '2026-05');
    if (!may.ok) throw new Error(JSON.stringify(may.error));
    expect(may.data).toMatchObject({ status: 'SETTLED', totalNet: '139.98' });
    expect(may.data.items[0].lines.map((l) => [l.code, l.count, l.amount])).toEqual([
      ['SETTLEMENTS', 1, '50.00'],
      ['DEDUCTIONS', 1, '-10.00'],
      ['LATE_SETTLEMENTS', 1, '99.99'],
      ['LATE_DEDUCTIONS', 1, '-0.01'],
      ['AMOUNT_DUE', undefined, '139.98'],
      ['PREPAYMENT_OFFSET', undefined, '0.00'], // April's prepayment was offset in April's run: not twice
      ['NET_PAYABLE', undefined, '139.98'],
    ]);
    expect(may.data.items[0].lines.find((l) => l.code === 'LATE_SETTLEMENTS')?.label).toContain('2026-04');
    const taken = await f.orm.em.fork().execute<{ cause_id: string; service_period: string; late: boolean; period: string }[]>(
      `select e.cause_id, i.service_period, i.late, m.period from fund.settlement_item i join fund.journal_entry e on e.id = i.entry_id
       join fund.monthly_settlement m on m.id = i.settlement_id where e.cause_id in (?, 'd-late', 'e1', 'e9') order by e.cause_id desc`,
      [late.id],
    );
    expect(taken).toEqual([
      { cause_id: 'e1', service_period: '2026-04', late: false, period: '2026-04' },
      { cause_id: 'd-late', service_period: '2026-04', late: true, period: '2026-05' },
      { cause_id: late.id, service_period: '2026-04', late: true, period: '2026-05' },
    ]);
    expect(await balance(`${CITY}-310-PAYABLE-${H1}`)).toBe('1.00'); // e9, for the next run

    // H2 had nothing in May: the negative due is carried through, not dropped.
    const h2 = await statement(maker, H2, '2026-05');
    expect(h2.ok && h2.data.items[0].lines.map((l) => [l.code, l.amount])).toEqual([
      ['SETTLEMENTS', '0.00'],
      ['DEDUCTIONS', '0.00'],
      ['CARRIED_IN', '-200.02'],
      ['AMOUNT_DUE', '-200.02'],
      ['PREPAYMENT_OFFSET', '0.00'],
      ['NET_PAYABLE', '0.00'],
      ['CARRIED_OUT', '-200.02'],
    ]);

    // Rerunning May, or running April or March now, pays nothing a second time.
    expect(await refusal(propose(maker, '2026-05'))).toBe('FUND.MONTH_ALREADY_SETTLED');
    expect(await refusal(propose(maker, '2026-04'))).toBe('FUND.MONTH_ALREADY_SETTLED');
    expect(await refusal(propose(maker, '2026-03'))).toBe('FUND.LATER_MONTH_SETTLED');

    // June: H1 is paid e9 (late), H2's June settlement first recovers the 200.02.
    await settle('e7', '2026-06', '390', H2, '500.00');
    const june = await propose(maker, '2026-06');
    if (!june.ok) throw new Error(JSON.stringify(june.error));
    const juneItems = await f.allItems(checker, june.data.id);
    expect(june.data.payload).toMatchObject({ statements: juneItems.length, institutions: 2 });
    const h1June = juneItems.find((i) => i.institutionCode === H1);
    expect(h1June?.lines.find((l) => l.code === 'LATE_SETTLEMENTS')).toMatchObject({ count: 1, amount: '1.00' });
    expect(h1June?.lines.find((l) => l.code === 'LATE_DEDUCTIONS')).toBeUndefined();
    const h2June = juneItems.find((i) => i.institutionCode === H2);
    expect(h2June).toMatchObject({ carriedInFen: '20002', dueFen: '29998', netFen: '29998', carriedOutFen: '0' });
    const ok = await decide(checker, june.data.id);
    if (!ok.ok) throw new Error(JSON.stringify(ok.error));
    expect(await balance(`${CITY}-310-PAYABLE-${H1}`)).toBe('0.00');
    expect(await balance(`${CITY}-390-PAYABLE-${H2}`)).toBe('0.00');
    expect(await balance(`${CITY}-310-FUND`)).toBe('98682.47'); // 100000 − 300 − 876.55 − 139.98 − 1.00
    expect(await balance(`${CITY}-390-FUND`)).toBe('99700.02'); // 100000 − 299.98

    // Every settlement and deduction posted so far was taken by exactly one run.
    const [{ untaken }] = await f.orm.em.fork().execute<{ untaken: string }[]>(
      `select count(*)::text as untaken from fund.journal_entry e where e.cause_type in ('claim-settled', 'deduction')
       and not exists (select 1 from fund.settlement_item i where i.entry_id = e.id)`,
    );
    expect(untaken).toBe('0');
  });

  it('refuses to approve figures that changed since the proposal', async () => {
    await settle('e10', '2026-07', '310', H1, '10.00');
    const proposed = await propose(maker, '2026-07');
    if (!proposed.ok) throw new Error(JSON.stringify(proposed.error));
    // A July prepayment made after the proposal changes what is offset.
    await prepay('2026-07', '5.00');
    const r = await decide(checker, proposed.data.id);
    expect(r.ok || r.error.code).toBe('FUND.SETTLEMENT_CHANGED');
    const [{ n }] = await f.orm.em.fork().execute<{ n: string }[]>(`select count(*)::text as n from fund.monthly_settlement where period = '2026-07'`);
    expect(n).toBe('0');
    const [{ items }] = await f.orm.em.fork().execute<{ items: string }[]>(`select count(*)::text as items from fund.settlement_item i
      join fund.journal_entry e on e.id = i.entry_id where e.cause_id = 'e10'`);
    expect(items).toBe('0');
  });

  it('runs a big city’s month over NATS: the proposal carries a summary, its 2,000 statements are read page by page', async () => {
    // More statements than one NATS message (1 MB) may carry, were they in the proposal.
    const codes = Array.from({ length: 2000 }, (_, k) => `H4301029${String(k).padStart(4, '0')}`);
    await f.orm.em.fork().transactional(async (em) => {
      await f.ledger.openAccounts(
        em,
        codes.map((c) => ({ code: `${CITY}-390-PAYABLE-${c}`, name: c, kind: 'liability' as const, admdvs: CITY, insutype: '390', institutionCode: c })),
      );
      await f.ledger.postMany(
        em,
        codes.map((c, k) => ({
          admdvs: CITY,
          period: '2026-08',
          cause: { type: 'claim-settled', id: `big-${k}` },
          memo: `结算 big-${k}`,
          lines: [
            { account: `${CITY}-390-EXPENSE`, debit: Money.fromFen(BigInt(100 + k)) },
            { account: `${CITY}-390-PAYABLE-${c}`, credit: Money.fromFen(BigInt(100 + k)) },
          ],
        })),
        { targetType: 'test', targetId: 'big-city', admdvs: CITY },
      );
    });
    const proposed = await propose(maker, '2026-08');
    if (!proposed.ok) throw new Error(JSON.stringify(proposed.error));
    expect(JSON.stringify(proposed.data).length).toBeLessThan(4000);
    const items = await f.allItems(checker, proposed.data.id);
    const big = items.filter((i) => i.institutionCode.startsWith('H4301029'));
    expect(big).toHaveLength(2000);
    expect(Buffer.byteLength(JSON.stringify(items))).toBeGreaterThan(1024 * 1024);
    // Σ(100 + k) for k < 2000 = 200000 + 1999000; the items add up to the summary.
    expect(big.reduce((s, i) => s + BigInt(i.netFen), 0n)).toBe(2199000n);
    expect(items.reduce((s, i) => s + BigInt(i.netFen), 0n).toString()).toBe(proposed.data.payload.totalNetFen);
    const approved = await decide(checker, proposed.data.id);
    if (!approved.ok) throw new Error(JSON.stringify(approved.error));
    expect(approved.data.result).toMatchObject({ totalNetFen: proposed.data.payload.totalNetFen });
    const [{ n }] = await f.orm.em
      .fork()
      .execute<{ n: string }[]>(
        `select count(*)::text as n from fund.settlement_statement s join fund.monthly_settlement m on m.id = s.settlement_id where m.period = '2026-08'`,
      );
    expect(Number(n)).toBe(items.length);
    // What was approved stays as it was shown.
    await expect(f.orm.em.fork().execute(`update fund.approval_item set item = '{}'::jsonb where approval_id = ?`, [proposed.data.id])).rejects.toThrow(
      /append-only/,
    );
  });
});
