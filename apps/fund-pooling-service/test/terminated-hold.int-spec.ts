import {
  approvalSubjects,
  type ApprovalView,
  TERMINATED_HOLD_DECIDED_SUBJECT,
  type TerminatedHoldDecisionProposal,
  TerminatedHoldSubjects,
} from '@mi/contracts';
import { type Actor, newUuidV7 } from '@mi/platform';
import { asActor, aUser } from '@mi/testing';
import { PaymentHoldService } from '../src/holds/payment-hold.service';
import { checker, CITY, FundFixture, maker, refusal } from './fund-fixture';

const T1 = 'H43010200011'; // terminated, paid out
const T2 = 'H43010200012'; // terminated, returned to the fund
const S1 = 'H43010200013'; // only suspended
const stranger = aUser({ scope: '430200', id: 'u-stranger', username: 'stranger' });

/** 解除协议后暂缓款处理: a maker-checker decision pays out or returns to the fund what a terminated institution had held. */
describe('decision on money held for a terminated institution (real PostgreSQL + NATS)', () => {
  let f: FundFixture;

  const transition = (inst: string, to: 'SUSPENDED' | 'TERMINATED', effectiveAt: string) =>
    f.orm.em.fork().transactional((em) =>
      f.sut.get(PaymentHoldService).transition(em, {
        eventId: newUuidV7(),
        city: CITY,
        institutionCode: inst,
        agreementId: '01a20000-0000-7000-8000-0000000000f1',
        to,
        reason: to,
        effectiveAt,
      }),
    );
  const propose = (inst: string, outcome: string, actor: Actor = maker, extra: object = {}) =>
    asActor(actor, () =>
      f.client.requestReply<ApprovalView<TerminatedHoldDecisionProposal>>(TerminatedHoldSubjects.propose, {
        admdvs: CITY,
        institutionCode: inst,
        outcome,
        reason: '协议解除，经局务会研究处理暂缓拨付款',
        legalBasis: '《医疗保障基金使用监督管理条例》第三十八条；解除协议决定书',
        ...extra,
      }),
    );
  const decide = (actor: Actor, id: string) =>
    asActor(actor, () => f.client.requestReply<ApprovalView>(approvalSubjects('fund').decide, { id, decision: 'approve' }));
  const proposed = async (inst: string, outcome: string) => {
    const r = await propose(inst, outcome);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.data;
  };

  beforeAll(async () => {
    f = await FundFixture.start(['310', '390']);
    for (const inst of [T1, T2, S1]) for (const t of ['310', '390']) await f.institution(t, inst);
    await f.settle('t1a', '2026-04', '310', T1, '300.00');
    await f.settle('t1b', '2026-04', '390', T1, '45.67');
    await f.settle('t2a', '2026-04', '310', T2, '120.03');
    await f.settle('s1a', '2026-04', '310', S1, '10.00');
    await transition(T1, 'TERMINATED', '2026-05-01T00:00:00.000Z');
    await transition(T2, 'TERMINATED', '2026-05-01T00:00:00.000Z');
    await transition(S1, 'SUSPENDED', '2026-05-01T00:00:00.000Z');
    await f.run('2026-04');
  });

  afterAll(async () => {
    await f?.close();
  });

  it('refuses an institution that is not terminated, bad input naming the field, and another region', async () => {
    expect(await refusal(propose(S1, 'PAY_OUT'))).toBe('FUND.NOT_TERMINATED');
    expect(await refusal(propose('H43010200099', 'PAY_OUT'))).toBe('FUND.NOT_TERMINATED');
    const bad = await propose(T1, 'KEEP');
    expect(bad.ok || bad.error).toMatchObject({ code: 'VALIDATION' });
    expect(JSON.stringify(bad.ok || bad.error)).toContain('outcome');
    const noBasis = await propose(T1, 'PAY_OUT', maker, { legalBasis: '' });
    expect(JSON.stringify(noBasis.ok || noBasis.error)).toContain('legalBasis');
    expect(await refusal(propose(T1, 'PAY_OUT', stranger))).toBe('NOT_FOUND');
    expect(await f.count(`select 1 from fund.approval where action = 'fund.terminated-hold-decision'`)).toBe(0);
  });

  it('pays out everything held, one entry per insurance type, once, with audit and event; the proposer cannot approve', async () => {
    const p = await proposed(T1, 'PAY_OUT');
    expect(p.payload.heldFen).toEqual({ '310': '30000', '390': '4567' });
    expect(await refusal(decide(maker, p.id))).not.toBe('accepted');
    const approved = await decide(checker, p.id);
    if (!approved.ok) throw new Error(JSON.stringify(approved.error));
    expect(await f.balance(`${CITY}-310-HELD-${T1}`)).toBe('0.00');
    expect(await f.balance(`${CITY}-390-HELD-${T1}`)).toBe('0.00');
    // 310 fund: 100000 − 120.03 held for T2 stays, 10.00 held for S1 stays; T1's 300.00 now paid.
    expect(await f.balance(`${CITY}-310-FUND`)).toBe('99700.00');
    expect(await f.balance(`${CITY}-390-FUND`)).toBe('99954.33');
    const entries = await f.orm.em
      .fork()
      .execute<{ cause_id: string }[]>(`select cause_id from fund.journal_entry where cause_type = 'terminated-hold-decision' order by cause_id`);
    expect(entries.map((e) => e.cause_id)).toEqual([`${p.id}/310`, `${p.id}/390`]);
    expect(await f.count(`select 1 from fund.audit_log where action = 'fund.terminated-hold.decided' and target_id = ?`, [`${CITY}/${T1}`])).toBe(1);
    const [evt] = await f.orm.em
      .fork()
      .execute<{ envelope: { payload: Record<string, unknown> } }[]>(`select envelope from fund.outbox where subject = ?`, [TERMINATED_HOLD_DECIDED_SUBJECT]);
    expect(evt.envelope.payload).toMatchObject({ institutionCode: T1, outcome: 'PAY_OUT', approvalId: p.id, decidedBy: checker.id });
    // Nothing left: a second decision is refused.
    expect(await refusal(propose(T1, 'RETURN_TO_FUND'))).toBe('FUND.NOTHING_HELD');
  });

  it('returns held money to the fund (the fund keeps it, as income), and refuses an approval when a run held more since the proposal', async () => {
    const p = await proposed(T2, 'RETURN_TO_FUND');
    // A May settlement held by May's run after the proposal: the approver would approve less than is held.
    await f.settle('t2b', '2026-05', '310', T2, '0.01');
    await f.run('2026-05');
    expect(await refusal(decide(checker, p.id))).toBe('FUND.HOLD_CHANGED');
    expect(await f.balance(`${CITY}-310-HELD-${T2}`)).toBe('120.04');
    expect(await f.count(`select 1 from fund.journal_entry where cause_type = 'terminated-hold-decision' and cause_id like ?`, [`${p.id}/%`])).toBe(0);

    const withdrawn = await asActor(maker, () => f.client.requestReply<ApprovalView>(approvalSubjects('fund').withdraw, { id: p.id }));
    if (!withdrawn.ok) throw new Error(JSON.stringify(withdrawn.error));
    const again = await proposed(T2, 'RETURN_TO_FUND');
    expect(again.payload.heldFen).toEqual({ '310': '12004' });
    const approved = await decide(checker, again.id);
    if (!approved.ok) throw new Error(JSON.stringify(approved.error));
    expect(await f.balance(`${CITY}-310-HELD-${T2}`)).toBe('0.00');
    expect(await f.balance(`${CITY}-310-HELD-RETURNED`)).toBe('120.04');
    expect(await f.balance(`${CITY}-310-FUND`)).toBe('99700.00'); // nothing left the fund
    expect(await f.count(`select 1 from fund.outbox where subject = ?`, [TERMINATED_HOLD_DECIDED_SUBJECT])).toBe(2);
  });
});
