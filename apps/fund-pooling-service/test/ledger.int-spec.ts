import { MikroORM } from '@mikro-orm/postgresql';
import { type AccountBalanceView, DEDUCTION_CONFIRMED_SUBJECT, FundSubjects, ReviewEventSubjects } from '@mi/contracts';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Money } from '@mi/domain';
import { type MiNatsClient, newUuidV7, type RunningProcess } from '@mi/platform';
import { asActor, aUser, createTestInfra, describeServiceBoots, startTestService, type TestInfra, testNatsClient, waitFor } from '@mi/testing';
import { AppModule } from '../src/app.module';
import { FundPoolingConfig } from '../src/config';
import { LedgerService } from '../src/ledger/ledger.service';
import { persistence } from '../src/persistence';

describeServiceBoots('fund-pooling-service', AppModule, FundPoolingConfig, persistence);

const yuan = (v: string) => Money.parseYuan(v, 'amount');
/** In-process reads run as the service itself (system actor), as a scheduled job would. */
const asSystem = <T>(fn: () => Promise<T>) => asActor({ kind: 'system', id: 'fund-pooling-service', scope: '' }, fn);

describe('double-entry fund ledger (real PostgreSQL)', () => {
  let infra: TestInfra;
  let sut: RunningProcess<FundPoolingConfig>;
  let ledger: LedgerService;
  let orm: MikroORM;
  let client: MiNatsClient;

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startTestService(infra, AppModule, FundPoolingConfig, 'fund-pooling-service');
    ledger = sut.get(LedgerService);
    orm = sut.get<MikroORM>(MikroORM);
    client = testNatsClient(infra);
    await orm.em.fork().transactional(async (em) => {
      await ledger.openAccount(em, { code: '430100-310-FUND', name: '长沙市职工医保统筹基金', kind: 'asset', admdvs: '430100', insutype: '310' });
      await ledger.openAccount(em, { code: '430100-310-INCOME', name: '长沙市职工医保基金收入', kind: 'income', admdvs: '430100', insutype: '310' });
      await ledger.openAccount(em, {
        code: '430100-310-PAYABLE-H43010200001',
        name: '应付 长沙市第一人民医院',
        kind: 'liability',
        admdvs: '430100',
        insutype: '310',
        institutionCode: 'H43010200001',
      });
      await ledger.openAccount(em, { code: '430100-310-EXPENSE', name: '长沙市职工医保基金支出', kind: 'expense', admdvs: '430100', insutype: '310' });
    });
  });

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
  });

  const income = (id: string, amount: string) => ({
    admdvs: '430100',
    period: '2026-03',
    cause: { type: 'county-remittance', id },
    memo: '县级基金收入上解',
    lines: [
      { account: '430100-310-FUND', debit: yuan(amount) },
      { account: '430100-310-INCOME', credit: yuan(amount) },
    ],
  });

  it('posts a balanced entry once per cause: a replayed cause returns the first entry', async () => {
    const first = await orm.em.fork().transactional((em) => ledger.post(em, income('R-2026-03-430102', '1000000.00')));
    const again = await orm.em.fork().transactional((em) => ledger.post(em, income('R-2026-03-430102', '1000000.00')));
    expect(again).toEqual({ entryId: first.entryId, replayed: true });
    expect((await asSystem(() => ledger.balance('430100-310-FUND'))).balance).toBe('1000000.00');
    expect((await asSystem(() => ledger.balance('430100-310-INCOME'))).balance).toBe('1000000.00');
  });

  it('refuses an unbalanced entry in code, and the database refuses one written around the code', async () => {
    const bad = {
      ...income('X-1', '10.00'),
      lines: [
        { account: '430100-310-FUND', debit: yuan('10.00') },
        { account: '430100-310-INCOME', credit: yuan('9.99') },
      ],
    };
    await expect(orm.em.fork().transactional((em) => ledger.post(em, bad))).rejects.toMatchObject({ code: 'LEDGER.UNBALANCED' });
    await expect(
      orm.em.fork().transactional(async (em) => {
        await em.execute(
          `insert into fund.journal_entry (id, admdvs, period, cause_type, cause_id, memo, posted_at) values (gen_random_uuid(), '430100', '2026-03', 'raw', 'raw-1', 'x', now())`,
        );
        await em.execute(
          `insert into fund.journal_line (entry_id, line_no, account_code, debit_fen) select id, 1, '430100-310-FUND', 100 from fund.journal_entry where cause_id = 'raw-1'`,
        );
        await em.execute(
          `insert into fund.journal_line (entry_id, line_no, account_code, credit_fen) select id, 2, '430100-310-INCOME', 99 from fund.journal_entry where cause_id = 'raw-1'`,
        );
      }),
    ).rejects.toThrow(/unbalanced/);
    const [{ n }] = await orm.em.fork().execute<{ n: string }[]>(`select count(*)::text as n from fund.journal_entry where cause_id in ('X-1', 'raw-1')`);
    expect(n).toBe('0');
  });

  it('never edits: updates and deletes are refused; a correction is a reversing entry', async () => {
    await expect(orm.em.fork().execute(`update fund.journal_line set debit_fen = 1`)).rejects.toThrow(/immutable/);
    await expect(orm.em.fork().execute(`delete from fund.journal_entry`)).rejects.toThrow(/immutable/);
    const pay = await orm.em.fork().transactional((em) =>
      ledger.post(em, {
        admdvs: '430100',
        period: '2026-03',
        cause: { type: 'monthly-settlement', id: 'S-2026-03-H43010200001' },
        memo: '3月结算应付',
        lines: [
          { account: '430100-310-EXPENSE', debit: yuan('250000.00') },
          { account: '430100-310-PAYABLE-H43010200001', credit: yuan('250000.00') },
        ],
      }),
    );
    const reversed = await orm.em.fork().transactional((em) => ledger.reverse(em, pay.entryId, { type: 'correction', id: 'C-1' }, '2026-03', '冲销错误结算'));
    const entry = await orm.em.fork().transactional((em) => ledger.entry(em, reversed.entryId));
    expect(entry).toMatchObject({
      reverses: pay.entryId,
      lines: [
        { account: '430100-310-EXPENSE', credit: '250000.00' },
        { account: '430100-310-PAYABLE-H43010200001', debit: '250000.00' },
      ],
    });
    expect((await asSystem(() => ledger.balance('430100-310-PAYABLE-H43010200001'))).balance).toBe('0.00');
  });

  it('refuses postings into a closed period (and so does the database)', async () => {
    await orm.em.fork().transactional((em) => ledger.closePeriod(em, '430100', '2026-03'));
    await expect(orm.em.fork().transactional((em) => ledger.post(em, income('R-late', '1.00')))).rejects.toMatchObject({ code: 'LEDGER.PERIOD_CLOSED' });
    await expect(
      orm.em
        .fork()
        .execute(
          `insert into fund.journal_entry (id, admdvs, period, cause_type, cause_id, memo, posted_at) values (gen_random_uuid(), '430100', '2026-03', 'raw', 'raw-2', 'x', now())`,
        ),
    ).rejects.toThrow(/closed/);
    expect((await orm.em.fork().transactional((em) => ledger.post(em, { ...income('R-april', '1.00'), period: '2026-04' }))).replayed).toBe(false);
  });

  it('answers balances over NATS by period, within the caller’s region only', async () => {
    const march = await asActor(aUser({ scope: '430100' }), () =>
      client.request<AccountBalanceView>(FundSubjects.balance, { account: '430100-310-FUND', throughPeriod: '2026-03' }),
    );
    expect(march).toMatchObject({ balance: '1000000.00', fen: '100000000', kind: 'asset' });
    const all = await asActor(aUser({ scope: '430100' }), () => client.request<AccountBalanceView>(FundSubjects.balance, { account: '430100-310-FUND' }));
    expect(all.balance).toBe('1000001.00');
    const other = await asActor(aUser({ scope: '430200' }), () => client.requestReply(FundSubjects.balance, { account: '430100-310-FUND' }));
    expect(other.ok || other.error.code).toBe('NOT_FOUND');
  });

  it('posts each accepted settlement once as an institution payable, and a reversal back', async () => {
    const event = (over: Record<string, unknown>, id = newUuidV7()) => ({
      id,
      type: 'ClaimSettled',
      version: 1,
      occurredAt: '2026-04-03T02:00:00.000Z',
      admdvs: '430102',
      aggregateId: 'S1',
      payload: {
        settlementId: '01a20000-0000-7000-8000-00000000aaaa',
        setlId: 'S1',
        mdtrtId: 'M1',
        psnNo: 'P1',
        institutionCode: 'H43010200009',
        poolarea: '430100',
        insutype: '310',
        setlDate: '2026-04-03',
        medfeeSumamtFen: '100000',
        hifpPayFen: '75000',
        acctPayFen: '5000',
        psnCashPayFen: '20000',
        reversal: false,
        ruleSet: '430000#1',
        findings: 0,
        ...over,
      },
    });
    const js = jetstream(infra.nats.nc);
    const subject = infra.nats.resolver.subject(ReviewEventSubjects.ClaimSettled);
    const settled = event({});
    await js.publish(subject, JSON.stringify(settled), { msgID: settled.id });
    await js.publish(subject, JSON.stringify(settled)); // redelivered
    const payable = '430100-310-PAYABLE-H43010200009';
    await waitFor(async () => (await asSystem(() => ledger.balance(payable).catch(() => undefined)))?.balance === '750.00', 10_000, 'payable 750.00');
    const reversal = event({ setlId: 'S1-R', hifpPayFen: '-75000', medfeeSumamtFen: '-100000', acctPayFen: '-5000', psnCashPayFen: '-20000', reversal: true });
    await js.publish(subject, JSON.stringify(reversal), { msgID: reversal.id });
    await waitFor(async () => (await asSystem(() => ledger.balance(payable))).balance === '0.00', 10_000, 'payable back to 0');
    const [{ n }] = await orm.em.fork().execute<{ n: string }[]>(`select count(*)::text as n from fund.journal_entry where cause_type = 'claim-settled'`);
    expect(n).toBe('2');
    // A malformed event is dead-lettered, not retried forever, and posts nothing.
    await js.publish(subject, JSON.stringify(event({ hifpPayFen: '7.5' })));
    const jsm = await jetstreamManager(infra.nats.nc);
    await waitFor(async () => (await jsm.streams.info(infra.nats.resolver.deadLetterStream)).state.messages === 1, 10_000, 'dead letter');
    const [{ n: after }] = await orm.em
      .fork()
      .execute<{ n: string }[]>(`select count(*)::text as n from fund.journal_entry where cause_type = 'claim-settled'`);
    expect(after).toBe('2');
  });

  it('posts an approved deduction once against the institution payable', async () => {
    const js = jetstream(infra.nats.nc);
    const settledSubject = infra.nats.resolver.subject(ReviewEventSubjects.ClaimSettled);
    const settled = {
      id: newUuidV7(),
      type: 'ClaimSettled',
      version: 1,
      occurredAt: '2026-05-03T02:00:00.000Z',
      admdvs: '430102',
      aggregateId: 'S7',
      payload: {
        settlementId: '01a20000-0000-7000-8000-00000000bbbb',
        setlId: 'S7',
        mdtrtId: 'M7',
        psnNo: 'P7',
        institutionCode: 'H43010200008',
        poolarea: '430100',
        insutype: '310',
        setlDate: '2026-05-03',
        medfeeSumamtFen: '100000',
        hifpPayFen: '80000',
        acctPayFen: '0',
        psnCashPayFen: '20000',
        reversal: false,
        ruleSet: '430000#1',
        findings: 1,
      },
    };
    await js.publish(settledSubject, JSON.stringify(settled), { msgID: settled.id });
    const payable = '430100-310-PAYABLE-H43010200008';
    await waitFor(async () => (await asSystem(() => ledger.balance(payable).catch(() => undefined)))?.balance === '800.00', 10_000, 'payable 800.00');
    const deduction = {
      id: newUuidV7(),
      type: 'DeductionConfirmed',
      version: 1,
      occurredAt: '2026-05-20T02:00:00.000Z',
      admdvs: '430102',
      aggregateId: settled.payload.settlementId,
      payload: {
        deductionId: newUuidV7(),
        settlementId: settled.payload.settlementId,
        setlId: 'S7',
        institutionCode: 'H43010200008',
        poolarea: '430100',
        insutype: '310',
        setlDate: '2026-05-03',
        amountFen: '12345',
        reason: '超限价收费',
      },
    };
    const subject = infra.nats.resolver.subject(DEDUCTION_CONFIRMED_SUBJECT);
    await js.publish(subject, JSON.stringify(deduction), { msgID: deduction.id });
    await js.publish(subject, JSON.stringify(deduction)); // redelivered: no second posting
    await waitFor(async () => (await asSystem(() => ledger.balance(payable))).balance === '676.55', 10_000, 'payable 676.55');
    const rows = await orm.em
      .fork()
      .execute<{ n: string; memo: string }[]>(`select count(*) over ()::text as n, memo from fund.journal_entry where cause_type = 'deduction'`);
    expect(rows).toHaveLength(1);
    expect(rows[0].memo).toContain('超限价收费');
    expect(await asSystem(() => ledger.balance('430100-310-EXPENSE'))).toMatchObject({ kind: 'expense' });
  });
});
