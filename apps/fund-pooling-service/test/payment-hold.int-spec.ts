import { AgreementEventSubjects, PaymentHoldEventSubjects } from '@mi/contracts';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { newUuidV7 } from '@mi/platform';
import { waitFor } from '@mi/testing';
import { CITY, FundFixture, maker } from './fund-fixture';

const H3 = 'H43010200003';
const H4 = 'H43010200004';
const AGREEMENT: Record<string, string> = { [H3]: '01a20000-0000-7000-8000-000000000003', [H4]: '01a20000-0000-7000-8000-000000000004' };

/** 暂缓拨付: agreement events hold, release or keep holding an institution's monthly payment. */
describe('payment holds for suspended and terminated institutions (real PostgreSQL + NATS)', () => {
  let f: FundFixture;

  const event = (type: 'AgreementSuspended' | 'AgreementResumed' | 'AgreementTerminated', inst: string, effectiveAt: string, extra: object) => ({
    id: newUuidV7(),
    type,
    version: 1,
    occurredAt: effectiveAt,
    admdvs: '430102',
    aggregateId: AGREEMENT[inst],
    payload: { agreementId: AGREEMENT[inst], institutionCode: inst, poolarea: CITY, effectiveAt, ...extra },
  });
  const suspended = (inst: string, effectiveAt: string) =>
    event('AgreementSuspended', inst, effectiveAt, {
      suspensionId: '01a20000-0000-7000-8000-0000000000a1',
      kind: 'MANDATORY',
      reason: '违规使用医保基金',
      legalBasis: '《医疗保障基金使用监督管理条例》第三十八条',
      startsOn: effectiveAt.slice(0, 10),
      endsOn: '2026-10-31',
    });
  const resumed = (inst: string, effectiveAt: string) =>
    event('AgreementResumed', inst, effectiveAt, { suspensionId: '01a20000-0000-7000-8000-0000000000a1', cause: 'period-ended' });
  const terminated = (inst: string, effectiveAt: string) =>
    event('AgreementTerminated', inst, effectiveAt, { ground: 3, reason: '骗取医保基金', automatic: false });

  /** Deliveries so far per event type (each durable consumer counts its own). */
  const consumed = new Map<string, number>();
  /** Publishes each event (the first time with its message id, then as a redelivery) and waits until the consumer acknowledged all. */
  const deliver = async (...events: ReturnType<typeof event>[]) => {
    const js = jetstream(f.infra.nats.nc);
    const jsm = await jetstreamManager(f.infra.nats.nc);
    const seen = new Map<string, number>();
    for (const e of events) {
      const subject = f.infra.nats.resolver.subject(AgreementEventSubjects[e.type]);
      await js.publish(subject, JSON.stringify(e), { msgID: e.id });
      await js.publish(subject, JSON.stringify(e)); // redelivered
      seen.set(e.type, (seen.get(e.type) ?? 0) + 2);
    }
    for (const [type, n] of seen) {
      const target = (consumed.get(type) ?? 0) + n;
      consumed.set(type, target);
      const durable = f.infra.nats.resolver.durableName('fund-pooling-service', AgreementEventSubjects[type as keyof typeof AgreementEventSubjects]);
      await waitFor(
        async () => {
          const info = await jsm.consumers.info(f.infra.nats.resolver.eventsStream, durable);
          return info.delivered.consumer_seq >= target && info.num_ack_pending === 0;
        },
        10_000,
        `${type} acknowledged`,
      );
    }
  };
  const hold = async (inst: string) =>
    (await f.orm.em.fork().execute<{ state: string }[]>(`select state from fund.payment_hold where institution_code = ?`, [inst]))[0]?.state;
  const outbox = (subject: string) => f.count(`select 1 from fund.outbox where subject = ?`, [subject]);
  const item = async (inst: string, period: string) => {
    const s = await f.statement(maker, inst, period);
    if (!s.ok) throw new Error(JSON.stringify(s.error));
    return s.data.items[0];
  };

  beforeAll(async () => {
    f = await FundFixture.start(['310', '390']);
    await f.institution('310', H3);
    await f.institution('390', H4);
    await f.prepay('2026-04', '310', H3, '100.00');
    await f.settle('a1', '2026-04', '310', H3, '1000.00');
    await f.settle('b1', '2026-04', '390', H4, '250.50');
  });

  afterAll(async () => {
    await f?.close();
  });

  it('holds what a run would pay a suspended or terminated institution: posted to its held account, with audit and event', async () => {
    await deliver(suspended(H3, '2026-05-01T00:00:00.000Z'), terminated(H4, '2026-05-02T00:00:00.000Z'));
    expect(await hold(H3)).toBe('SUSPENDED');
    expect(await hold(H4)).toBe('TERMINATED');
    expect(await f.count(`select 1 from fund.audit_log where action = 'fund.payment-hold'`)).toBe(2); // redeliveries changed nothing
    expect(await outbox(PaymentHoldEventSubjects.PaymentHoldChanged)).toBe(2);

    await f.run('2026-04');
    const h3 = await item(H3, '2026-04');
    expect(h3).toMatchObject({ dueFen: '100000', prepaymentOffsetFen: '10000', heldFen: '90000', netFen: '0' });
    expect(h3.lines.slice(-3).map((l) => [l.code, l.amount])).toEqual([
      ['PREPAYMENT_OFFSET', '-100.00'],
      ['HELD', '-900.00'],
      ['NET_PAYABLE', '0.00'],
    ]);
    expect(await item(H4, '2026-04')).toMatchObject({ heldFen: '25050', netFen: '0' });
    expect(await f.balance(`${CITY}-310-HELD-${H3}`)).toBe('900.00');
    expect(await f.balance(`${CITY}-390-HELD-${H4}`)).toBe('250.50');
    expect(await f.balance(`${CITY}-310-PAYABLE-${H3}`)).toBe('0.00');
    expect(await f.balance(`${CITY}-310-FUND`)).toBe('99900.00'); // only the prepayment left the fund
    expect(await f.balance(`${CITY}-390-FUND`)).toBe('100000.00');
    expect(await outbox(PaymentHoldEventSubjects.PaymentHeld)).toBe(2);
    expect(await f.count(`select 1 from fund.audit_log where action = 'fund.payment-held'`)).toBe(2);
  });

  it('pays what was held on resumption, once; a stale suspension delivered afterwards changes nothing', async () => {
    await deliver(resumed(H3, '2026-06-01T00:00:00.000Z'));
    expect(await hold(H3)).toBe('RELEASED');
    expect(await f.balance(`${CITY}-310-HELD-${H3}`)).toBe('0.00');
    expect(await f.balance(`${CITY}-310-FUND`)).toBe('99000.00');
    const releases = await f.orm.em
      .fork()
      .execute<{ cause_id: string; memo: string }[]>(`select cause_id, memo from fund.journal_entry where cause_type = 'hold-release'`);
    expect(releases).toHaveLength(1);
    expect(releases[0].memo).toContain(H3);
    const [released] = await f.orm.em
      .fork()
      .execute<{ envelope: { payload: { releasedFen: string; insutype: string } } }[]>(`select envelope from fund.outbox where subject = ?`, [
        PaymentHoldEventSubjects.HeldPaymentReleased,
      ]);
    expect(released.envelope.payload).toMatchObject({ institutionCode: H3, insutype: '310', releasedFen: '90000' });

    // An older suspension arriving late (out of order) must not hold again.
    await deliver(suspended(H3, '2026-05-15T00:00:00.000Z'));
    expect(await hold(H3)).toBe('RELEASED');
    expect(await f.count(`select 1 from fund.audit_log where action = 'fund.payment-hold.ignored'`)).toBe(1);
    await f.settle('a2', '2026-05', '310', H3, '20.00');
    await f.run('2026-05');
    expect(await item(H3, '2026-05')).toMatchObject({ heldFen: '0', netFen: '2000' });
    expect(await f.balance(`${CITY}-310-FUND`)).toBe('98980.00');
  });

  it('keeps what a terminated institution had held, and holds its later payments, whatever arrives next', async () => {
    await deliver(resumed(H4, '2026-06-10T00:00:00.000Z'), suspended(H4, '2026-06-11T00:00:00.000Z'));
    expect(await hold(H4)).toBe('TERMINATED');
    expect(await f.balance(`${CITY}-390-HELD-${H4}`)).toBe('250.50');
    await f.settle('b2', '2026-06', '390', H4, '10.00');
    await f.run('2026-06');
    expect(await item(H4, '2026-06')).toMatchObject({ heldFen: '1000', netFen: '0' });
    expect(await f.balance(`${CITY}-390-HELD-${H4}`)).toBe('260.50');
    expect(await f.balance(`${CITY}-390-FUND`)).toBe('100000.00');
    expect(await f.count(`select 1 from fund.journal_entry where cause_type = 'hold-release'`)).toBe(1);
  });
});
