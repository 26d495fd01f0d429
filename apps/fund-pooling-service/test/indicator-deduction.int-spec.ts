import { INDICATOR_DEDUCTION_CONFIRMED_SUBJECT, IndicatorDeductionConfirmedEvent } from '@mi/contracts';
import { type MiRpcContext, newUuidV7 } from '@mi/platform';
import { waitFor } from '@mi/testing';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { SettlementPostingHandlers } from '../src/ledger/settlement-posting.handlers';
import { CITY, FundFixture, maker } from './fund-fixture';

const H5 = 'H43010200005';

/** 指标性扣款: evt.review.IndicatorDeductionConfirmed reaches the ledger once and is taken by exactly one monthly run. */
describe('indicator deductions from claims review (real PostgreSQL + NATS)', () => {
  let f: FundFixture;
  let published = 0;

  const event = (assessmentId: string, periodEnd: string, amountFen: string, byInsutype: Record<string, string>) => ({
    id: newUuidV7(),
    type: 'IndicatorDeductionConfirmed',
    version: 1,
    occurredAt: '2026-05-03T02:00:00.000Z',
    admdvs: CITY,
    aggregateId: assessmentId,
    payload: {
      assessmentId,
      institutionCode: H5,
      poolarea: CITY,
      period: periodEnd.slice(0, 7),
      periodEnd,
      amountFen,
      byInsutype,
      reason: '次均住院费用超出协议指标 5% 以上',
    },
  });

  /** Publishes each event (with its message id, then again as a redelivery) and waits until the durable consumer acknowledged all. */
  const deliver = async (...events: ReturnType<typeof event>[]) => {
    const js = jetstream(f.infra.nats.nc);
    const subject = f.infra.nats.resolver.subject(INDICATOR_DEDUCTION_CONFIRMED_SUBJECT);
    for (const e of events) {
      await js.publish(subject, JSON.stringify(e), { msgID: e.id });
      await js.publish(subject, JSON.stringify(e)); // the same event delivered again
      published += 2;
    }
    const jsm = await jetstreamManager(f.infra.nats.nc);
    const durable = f.infra.nats.resolver.durableName('fund-pooling-service', INDICATOR_DEDUCTION_CONFIRMED_SUBJECT);
    await waitFor(
      async () => {
        const info = await jsm.consumers.info(f.infra.nats.resolver.eventsStream, durable);
        return info.delivered.consumer_seq >= published && info.num_ack_pending === 0;
      },
      10_000,
      'indicator deductions acknowledged',
    );
  };
  const entries = () =>
    f.orm.em
      .fork()
      .execute<{ id: string; period: string; cause_id: string }[]>(
        `select id::text as id, period, cause_id from fund.journal_entry where cause_type = 'indicator-deduction' order by posted_at`,
      );
  const item = async (period: string, insutype: string) => {
    const s = await f.statement(maker, H5, period);
    if (!s.ok) throw new Error(JSON.stringify(s.error));
    const found = s.data.items.find((i) => i.insutype === insutype);
    if (!found) throw new Error(`no ${insutype} item`);
    return found;
  };

  beforeAll(async () => {
    f = await FundFixture.start(['310', '390']);
    await f.institution('310', H5);
    await f.institution('390', H5);
    await f.settle('i1', '2026-04', '310', H5, '800.00');
    await f.settle('i2', '2026-04', '390', H5, '200.00');
  });

  afterAll(async () => {
    await f?.close();
  });

  it('posts a confirmed indicator deduction once per event, per insurance type, in the month of periodEnd', async () => {
    const e = event('01a20000-0000-7000-8000-0000000000c1', '2026-04-30', '12345', { '310': '10000', '390': '2345' });
    await deliver(e);
    const posted = await entries();
    expect(posted).toEqual([expect.objectContaining({ period: '2026-04', cause_id: e.id })]);
    expect(await f.balance(`${CITY}-310-PAYABLE-${H5}`)).toBe('700.00');
    expect(await f.balance(`${CITY}-390-PAYABLE-${H5}`)).toBe('176.55');
    expect(await f.balance(`${CITY}-310-EXPENSE`)).toBe('700.00');
    expect(await f.balance(`${CITY}-390-EXPENSE`)).toBe('176.55');
    expect(await f.count(`select 1 from fund.inbox where event_id = ?`, [e.id])).toBe(1);
  });

  it('refuses a payload whose parts do not add up, or that names a field wrongly, posting nothing', async () => {
    const bad = event('01a20000-0000-7000-8000-0000000000c9', '2026-04-30', '100', { '310': '60', '390': '30' });
    const handlers = f.sut.get(SettlementPostingHandlers);
    const ctx = { getDelivery: () => undefined } as unknown as MiRpcContext;
    await expect(handlers.onIndicatorDeductionConfirmed(plainToInstance(IndicatorDeductionConfirmedEvent, bad), ctx)).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { field: 'payload.byInsutype' },
    });
    const wrong = plainToInstance(IndicatorDeductionConfirmedEvent, {
      ...bad,
      payload: { ...bad.payload, periodEnd: '2026-04-31', byInsutype: { '999': '100' }, amountFen: '-1' },
    });
    const errors = (await validate(wrong)).flatMap((v) => (v.children ?? []).map((c) => c.property));
    expect(errors.sort()).toEqual(['amountFen', 'byInsutype', 'periodEnd']);
    expect(await entries()).toHaveLength(1);
  });

  it('shows it on its own statement line and takes it in exactly one run; one confirmed after the run is taken by the next, as of its month', async () => {
    const s310 = await item('2026-04', '310');
    expect(s310.lines.map((l) => [l.code, l.count ?? null, l.amountFen])).toEqual([
      ['SETTLEMENTS', 1, '80000'],
      ['DEDUCTIONS', 0, '0'],
      ['INDICATOR_DEDUCTIONS', 1, '-10000'],
      ['AMOUNT_DUE', null, '70000'],
      ['PREPAYMENT_OFFSET', null, '0'],
      ['NET_PAYABLE', null, '70000'],
    ]);
    expect(s310.lines.find((l) => l.code === 'INDICATOR_DEDUCTIONS')?.label).toContain('2026-04');

    await f.run('2026-04');
    expect(await item('2026-04', '310')).toMatchObject({ dueFen: '70000', netFen: '70000' });
    expect(await item('2026-04', '390')).toMatchObject({ dueFen: '17655', netFen: '17655' });
    expect(await f.balance(`${CITY}-310-FUND`)).toBe('99300.00');
    expect(await f.balance(`${CITY}-390-FUND`)).toBe('99823.45');
    const [stored] = await f.orm.em
      .fork()
      .execute<{ n: number; fen: string }[]>(
        `select indicator_deducted_count as n, indicator_deducted_fen::text as fen from fund.settlement_statement where institution_code = ? and insutype = '310'`,
        [H5],
      );
    expect(stored).toEqual({ n: 1, fen: '10000' });

    // A second April assessment confirmed after April's run (also delivered twice): May's run takes it, as of April.
    const late = event('01a20000-0000-7000-8000-0000000000c2', '2026-04-30', '5001', { '390': '5001' });
    await deliver(late);
    await f.settle('i3', '2026-05', '390', H5, '100.00');
    await f.run('2026-05');
    const may = await item('2026-05', '390');
    expect(may.lines.map((l) => [l.code, l.count ?? null, l.amountFen])).toEqual([
      ['SETTLEMENTS', 1, '10000'],
      ['DEDUCTIONS', 0, '0'],
      ['INDICATOR_DEDUCTIONS', 1, '-5001'],
      ['AMOUNT_DUE', null, '4999'],
      ['PREPAYMENT_OFFSET', null, '0'],
      ['NET_PAYABLE', null, '4999'],
    ]);
    expect(may.lines.find((l) => l.code === 'INDICATOR_DEDUCTIONS')?.label).toContain('2026-04');
    expect(await f.balance(`${CITY}-390-FUND`)).toBe('99773.46');
    const items = await f.orm.em.fork().execute<{ late: boolean; service_period: string; period: string }[]>(
      `select i.late, i.service_period, m.period from fund.settlement_item i join fund.monthly_settlement m on m.id = i.settlement_id
         join fund.journal_entry e on e.id = i.entry_id where e.cause_type = 'indicator-deduction' order by m.period`,
    );
    expect(items).toEqual([
      { late: false, service_period: '2026-04', period: '2026-04' },
      { late: true, service_period: '2026-04', period: '2026-05' },
    ]);
    expect(await entries()).toHaveLength(2);
    expect(
      await f.count(
        `select 1 from fund.journal_entry e where e.cause_type = 'indicator-deduction' and not exists (select 1 from fund.settlement_item i where i.entry_id = e.id)`,
      ),
    ).toBe(0);
  });
});
