import { AgreementEventSubjects, type ClaimSettledFundParts, MONTHLY_SETTLEMENT_APPROVED_SUBJECT, ReviewEventSubjects } from '@mi/contracts';
import { Money } from '@mi/domain';
import { newUuidV7 } from '@mi/platform';
import { waitFor } from '@mi/testing';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { checker, CITY, FundFixture, maker } from './fund-fixture';

const H1 = 'H43010200001';
const H2 = 'H43010200002';
const AGREEMENT = '01a20000-0000-7000-8000-0000000000b2';

/**
 * 一站式结算: a settlement's basic-fund, critical-illness (大病保险) and medical-assistance (医疗救助)
 * parts are owed to the institution from three funds, posted, paid and held each from its own.
 */
describe('one-stop settlement 一站式结算 (real PostgreSQL + NATS)', () => {
  let f: FundFixture;
  let seq = 0;

  const settled = (o: { inst?: string; insutype?: string; hifp: string; parts?: ClaimSettledFundParts; reversal?: boolean; day?: string }) => {
    seq += 1;
    const payload: Record<string, unknown> = {
      settlementId: newUuidV7(),
      setlId: `S-OS-${seq}`,
      mdtrtId: `M-OS-${seq}`,
      psnNo: `P-OS-${seq}`,
      institutionCode: o.inst ?? H1,
      poolarea: CITY,
      insutype: o.insutype ?? '390',
      setlDate: o.day ?? '2026-04-10',
      medfeeSumamtFen: '0',
      hifpPayFen: o.hifp,
      acctPayFen: '0',
      psnCashPayFen: '0',
      reversal: o.reversal ?? false,
      ruleSet: o.reversal ? null : '430100#1',
      findings: 0,
    };
    if (o.parts) payload.fundPartsFen = o.parts;
    return {
      id: newUuidV7(),
      type: 'ClaimSettled',
      version: 1,
      occurredAt: '2026-04-10T02:00:00.000Z',
      admdvs: '430102',
      aggregateId: String(payload.setlId),
      payload,
    };
  };
  const publish = async (e: { id: string }, msgID: string = e.id) =>
    jetstream(f.infra.nats.nc).publish(f.infra.nats.resolver.subject(ReviewEventSubjects.ClaimSettled), JSON.stringify(e), { msgID });
  const entries = (eventId: string) =>
    f.orm.em.fork().execute<{ cause_id: string; account_code: string; debit_fen: string; credit_fen: string }[]>(
      `select e.cause_id, l.account_code, l.debit_fen::text as debit_fen, l.credit_fen::text as credit_fen
       from fund.journal_entry e join fund.journal_line l on l.entry_id = e.id
       where e.cause_type = 'claim-settled' and (e.cause_id = ? or e.cause_id like ?) order by e.cause_id, l.line_no`,
      [eventId, `${eventId}/%`],
    );
  const balance = (code: string) => f.balance(code).catch(() => 'none');

  beforeAll(async () => {
    f = await FundFixture.start(['310', '390']);
    await f.institution('310', H1);
    await f.institution('390', H1);
    await f.prepay('2026-04', '390', H1, '100.00');
  });

  afterAll(async () => {
    await f?.close();
  });

  const first = settled({ hifp: '60000', parts: { hifmiPay: '15000', mafPay: '5000' } });
  const second = settled({ hifp: '20000', parts: { hifmiPay: '3000', mafPay: '1000' } });

  it('posts a settlement’s basic, critical-illness and medical-assistance parts as three balanced entries, each on its own fund', async () => {
    await publish(first);
    await waitFor(async () => (await balance(`${CITY}-610-PAYABLE-${H1}`)) === '50.00', 10_000, 'assistance part posted');
    const lines = await entries(first.id);
    expect(lines.map((l) => [l.cause_id, l.account_code, l.debit_fen, l.credit_fen])).toEqual([
      [first.id, `${CITY}-390-EXPENSE`, '60000', '0'],
      [first.id, `${CITY}-390-PAYABLE-${H1}`, '0', '60000'],
      [`${first.id}/392`, `${CITY}-392-EXPENSE`, '15000', '0'],
      [`${first.id}/392`, `${CITY}-392-PAYABLE-${H1}`, '0', '15000'],
      [`${first.id}/610`, `${CITY}-610-EXPENSE`, '5000', '0'],
      [`${first.id}/610`, `${CITY}-610-PAYABLE-${H1}`, '0', '5000'],
    ]);
    expect(await balance(`${CITY}-390-PAYABLE-${H1}`)).toBe('600.00');
    expect(await balance(`${CITY}-392-PAYABLE-${H1}`)).toBe('150.00');
    expect(await balance(`${CITY}-392-EXPENSE`)).toBe('150.00');
    const accounts = await f.orm.em
      .fork()
      .execute<{ code: string; kind: string; insutype: string; institution_code: string | null; name: string }[]>(
        `select code, kind, insutype, institution_code, name from fund.account where insutype in ('392', '610') order by code`,
      );
    expect(accounts.map((a) => [a.code, a.kind, a.insutype, a.institution_code])).toEqual([
      [`${CITY}-392-EXPENSE`, 'expense', '392', null],
      [`${CITY}-392-PAYABLE-${H1}`, 'liability', '392', H1],
      [`${CITY}-610-EXPENSE`, 'expense', '610', null],
      [`${CITY}-610-PAYABLE-${H1}`, 'liability', '610', H1],
    ]);
    expect(accounts.find((a) => a.code.endsWith('610-EXPENSE'))?.name).toContain('医疗救助');
  });

  it('posts nothing twice when the event is replayed', async () => {
    await publish(first, `replay-${first.id}`); // past JetStream's de-duplication: only the inbox and the cause stop it
    await publish(second);
    await waitFor(async () => (await balance(`${CITY}-610-PAYABLE-${H1}`)) === '60.00', 10_000, 'second settlement posted');
    const durable = f.infra.nats.resolver.durableName('fund-pooling-service', ReviewEventSubjects.ClaimSettled);
    const jsm = await jetstreamManager(f.infra.nats.nc);
    await waitFor(async () => (await jsm.consumers.info(f.infra.nats.resolver.eventsStream, durable)).num_ack_pending === 0, 10_000, 'all acknowledged');
    expect(await entries(first.id)).toHaveLength(6);
    expect(await balance(`${CITY}-390-PAYABLE-${H1}`)).toBe('800.00');
    expect(await balance(`${CITY}-392-PAYABLE-${H1}`)).toBe('180.00');
  });

  it('reverses each part of a reversed settlement (冲正)', async () => {
    const reversal = settled({ hifp: '-20000', parts: { hifmiPay: '-3000', mafPay: '-1000' }, reversal: true, day: '2026-04-20' });
    await publish(reversal);
    await waitFor(async () => (await balance(`${CITY}-610-PAYABLE-${H1}`)) === '50.00', 10_000, 'assistance part reversed');
    const lines = await entries(reversal.id);
    expect(lines.map((l) => [l.cause_id, l.account_code, l.debit_fen, l.credit_fen])).toEqual([
      [reversal.id, `${CITY}-390-PAYABLE-${H1}`, '20000', '0'],
      [reversal.id, `${CITY}-390-EXPENSE`, '0', '20000'],
      [`${reversal.id}/392`, `${CITY}-392-PAYABLE-${H1}`, '3000', '0'],
      [`${reversal.id}/392`, `${CITY}-392-EXPENSE`, '0', '3000'],
      [`${reversal.id}/610`, `${CITY}-610-PAYABLE-${H1}`, '1000', '0'],
      [`${reversal.id}/610`, `${CITY}-610-EXPENSE`, '0', '1000'],
    ]);
    expect(await balance(`${CITY}-390-PAYABLE-${H1}`)).toBe('600.00');
    expect(await balance(`${CITY}-392-PAYABLE-${H1}`)).toBe('150.00');
  });

  it('still posts an event in the old format (no parts) to the basic fund, and dead-letters a malformed part posting nothing', async () => {
    const old = settled({ insutype: '310', hifp: '12345' });
    await publish(old);
    await waitFor(async () => (await balance(`${CITY}-310-PAYABLE-${H1}`)) === '123.45', 10_000, 'old-format settlement posted');
    expect((await entries(old.id)).map((l) => l.cause_id)).toEqual([old.id, old.id]);

    const jsm = await jetstreamManager(f.infra.nats.nc);
    const before = (await jsm.streams.info(f.infra.nats.resolver.deadLetterStream).catch(() => undefined))?.state.messages ?? 0;
    const bad = settled({ hifp: '100', parts: { mafPay: '1.5' } });
    const notAPayer = settled({ hifp: '100', parts: { acctPay: '100' } as ClaimSettledFundParts });
    await publish(bad);
    await publish(notAPayer);
    await waitFor(async () => (await jsm.streams.info(f.infra.nats.resolver.deadLetterStream)).state.messages === before + 2, 15_000, 'dead letters');
    expect(await entries(bad.id)).toEqual([]);
    expect(await entries(notAPayer.id)).toEqual([]);
  });

  it('pays each part from its own fund in the monthly run, with statements that add up; deductions and prepayment stay on the basic fund', async () => {
    await f.deduct('d-os', '2026-04', '390', H1, '10.00');
    const proposed = await f.propose(maker, '2026-04');
    if (!proposed.ok) throw new Error(JSON.stringify(proposed.error));
    // 390: 600 + 200 − 200 − 10 deducted − 100 prepaid = 490; 392: 150 + 30 − 30; 610: 50 + 10 − 10; 310: 123.45.
    expect(proposed.data.payload).toMatchObject({
      institutions: 1,
      statements: 4,
      totalNetFen: String(49000 + 15000 + 5000 + 12345),
      netFenByFund: { '310': '12345', '390': '49000', '392': '15000', '610': '5000' },
    });
    const items = await f.allItems(checker, proposed.data.id);
    expect(items.map((i) => [i.insutype, i.fund, i.payer, i.netFen])).toEqual([
      ['310', '统筹基金', 'hifp_pay', '12345'],
      ['390', '统筹基金', 'hifp_pay', '49000'],
      ['392', '城乡居民大病保险', 'hifmi_pay', '15000'],
      ['610', '医疗救助', 'maf_pay', '5000'],
    ]);
    const illness = items.find((i) => i.insutype === '392')!;
    expect(illness.lines.map((l) => [l.code, l.count, l.amountFen])).toEqual([
      ['SETTLEMENTS', 2, '18000'],
      ['REVERSALS', 1, '-3000'],
      ['AMOUNT_DUE', undefined, '15000'],
      ['NET_PAYABLE', undefined, '15000'],
    ]);
    expect(illness.lines[0].label).toBe('本月结算 2 笔 城乡居民大病保险支付（hifmi_pay）');
    const basic = items.find((i) => i.insutype === '390')!;
    expect(basic.lines.map((l) => [l.code, l.amountFen])).toEqual([
      ['SETTLEMENTS', '80000'],
      ['REVERSALS', '-20000'],
      ['DEDUCTIONS', '-1000'],
      ['AMOUNT_DUE', '59000'],
      ['PREPAYMENT_OFFSET', '-10000'],
      ['NET_PAYABLE', '49000'],
    ]);

    const approved = await f.decide(checker, proposed.data.id);
    if (!approved.ok) throw new Error(JSON.stringify(approved.error));
    // Each part left its own fund's account; the basic fund paid only its own (100000 − 100 prepaid − 490).
    expect(await balance(`${CITY}-390-FUND`)).toBe('99410.00');
    expect(await balance(`${CITY}-392-FUND`)).toBe('-150.00');
    expect(await balance(`${CITY}-610-FUND`)).toBe('-50.00');
    expect(await balance(`${CITY}-310-FUND`)).toBe('99876.55');
    for (const code of ['310', '390', '392', '610']) expect(await balance(`${CITY}-${code}-PAYABLE-${H1}`)).toBe('0.00');

    // The settled statement: one item per fund, each recomputable line by line, adding up to what was paid.
    const s = await f.statement(maker, H1);
    if (!s.ok) throw new Error(JSON.stringify(s.error));
    expect(s.data).toMatchObject({ status: 'SETTLED', totalNet: Money.fromFen(81345n).toYuanString() });
    expect(s.data.items.map((i) => i.insutype)).toEqual(['310', '390', '392', '610']);
    expect(s.data.items).toEqual(items.map((i) => ({ ...i, entryId: expect.any(String) })));
    for (const item of s.data.items) {
      const moving = item.lines.filter((l) => !['AMOUNT_DUE', 'NET_PAYABLE', 'CARRIED_OUT'].includes(l.code));
      expect(moving.reduce((sum, l) => sum + BigInt(l.amountFen), 0n).toString()).toBe(item.netFen);
      const entry = await f.orm.em.fork().transactional((em) => f.ledger.entry(em, item.entryId!));
      const fundLine = entry.lines.find((l) => l.account.endsWith('-FUND'));
      expect(fundLine).toEqual({ account: `${CITY}-${item.insutype}-FUND`, debit: '0.00', credit: Money.fromFen(BigInt(item.netFen)).toYuanString() });
    }
    const stored = await f.orm.em
      .fork()
      .execute<{ insutype: string; net_fen: string; deducted_fen: string }[]>(
        `select insutype, net_fen::text, deducted_fen::text from fund.settlement_statement where institution_code = ? order by insutype`,
        [H1],
      );
    expect(stored).toEqual([
      { insutype: '310', net_fen: '12345', deducted_fen: '0' },
      { insutype: '390', net_fen: '49000', deducted_fen: '1000' },
      { insutype: '392', net_fen: '15000', deducted_fen: '0' },
      { insutype: '610', net_fen: '5000', deducted_fen: '0' },
    ]);
    const [event] = await f.orm.em
      .fork()
      .execute<{ payload: { netFenByFund: Record<string, string> } }[]>(`select envelope->'payload' as payload from fund.outbox where subject = ?`, [
        MONTHLY_SETTLEMENT_APPROVED_SUBJECT,
      ]);
    expect(event.payload.netFenByFund).toEqual({ '310': '12345', '390': '49000', '392': '15000', '610': '5000' });
    const unbalanced = await f.orm.em
      .fork()
      .execute(`select entry_id from fund.journal_line group by entry_id having sum(debit_fen) <> sum(credit_fen) or count(*) < 2`);
    expect(unbalanced).toHaveLength(0);
  });

  it('refuses, in the database, a deduction or prepayment offset on a one-stop fund’s statement', async () => {
    const [run] = await f.orm.em.fork().execute<{ id: string }[]>(`select id::text as id from fund.monthly_settlement where period = '2026-04'`);
    await expect(
      f.orm.em.fork().execute(
        `insert into fund.settlement_statement (settlement_id, institution_code, insutype, settled_count, settled_fen, reversed_count, reversed_fen,
           deducted_count, deducted_fen, due_fen, prepayment_offset_fen, net_fen)
         values (?, 'H43019999999', '610', 1, 100, 0, 0, 1, 10, 90, 0, 90)`,
        [run.id],
      ),
    ).rejects.toThrow(/settlement_statement_one_stop_part/);
  });

  it('holds a suspended institution’s parts in their own funds’ held accounts and pays them from those funds on resumption', async () => {
    await f.institution('390', H2);
    const e = settled({ inst: H2, hifp: '40000', parts: { hifmiPay: '8000', mafPay: '2000' }, day: '2026-05-06' });
    await publish(e);
    await waitFor(async () => (await balance(`${CITY}-610-PAYABLE-${H2}`)) === '20.00', 10_000, 'H2 parts posted');
    const agreementEvent = (type: 'AgreementSuspended' | 'AgreementResumed', effectiveAt: string, extra: object) => ({
      id: newUuidV7(),
      type,
      version: 1,
      occurredAt: effectiveAt,
      admdvs: '430102',
      aggregateId: AGREEMENT,
      payload: { agreementId: AGREEMENT, institutionCode: H2, poolarea: CITY, effectiveAt, ...extra },
    });
    const js = jetstream(f.infra.nats.nc);
    const suspended = agreementEvent('AgreementSuspended', '2026-05-20T00:00:00.000Z', {
      suspensionId: '01a20000-0000-7000-8000-0000000000c1',
      kind: 'MANDATORY',
      reason: '违规使用医保基金',
      legalBasis: '《医疗保障基金使用监督管理条例》第三十八条',
      startsOn: '2026-05-20',
      endsOn: '2026-10-31',
    });
    await js.publish(f.infra.nats.resolver.subject(AgreementEventSubjects.AgreementSuspended), JSON.stringify(suspended), { msgID: suspended.id });
    const hold = async () =>
      (await f.orm.em.fork().execute<{ state: string }[]>(`select state from fund.payment_hold where institution_code = ?`, [H2]))[0]?.state;
    await waitFor(async () => (await hold()) === 'SUSPENDED', 10_000, 'H2 suspended');

    await f.run('2026-05');
    expect(await balance(`${CITY}-390-HELD-${H2}`)).toBe('400.00');
    expect(await balance(`${CITY}-392-HELD-${H2}`)).toBe('80.00');
    expect(await balance(`${CITY}-610-HELD-${H2}`)).toBe('20.00');
    expect(await balance(`${CITY}-610-FUND`)).toBe('-50.00'); // nothing left the assistance fund for H2

    const resumed = agreementEvent('AgreementResumed', '2026-06-01T00:00:00.000Z', {
      suspensionId: '01a20000-0000-7000-8000-0000000000c1',
      cause: 'period-ended',
    });
    await js.publish(f.infra.nats.resolver.subject(AgreementEventSubjects.AgreementResumed), JSON.stringify(resumed), { msgID: resumed.id });
    await waitFor(async () => (await balance(`${CITY}-610-HELD-${H2}`)) === '0.00', 10_000, 'held parts released');
    expect(await balance(`${CITY}-392-HELD-${H2}`)).toBe('0.00');
    expect(await balance(`${CITY}-392-FUND`)).toBe('-230.00');
    expect(await balance(`${CITY}-610-FUND`)).toBe('-70.00');
    expect(await balance(`${CITY}-390-FUND`)).toBe('99010.00');
  });
});
