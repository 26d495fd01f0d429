import { PaymentDeadlineEventSubjects, type PaymentDeadlineListView, PaymentDeadlineSubjects, type PaymentDeadlineView } from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import type { Actor } from '@mi/platform';
import { asActor, aUser } from '@mi/testing';
import { PaymentDeadlineSweeper } from '../src/payment-deadline/payment-deadline-sweeper';
import { PaymentDeadlineService } from '../src/payment-deadline/payment-deadline.service';
import { CITY, FundFixture, maker } from './fund-fixture';

const H1 = 'H43010200001';
const H2 = 'H43010200002';
const stranger = aUser({ scope: '430200', id: 'u-stranger', username: 'stranger' });

/**
 * 拨付时限 (SET-06): each month of a region against 30 working days from the day after its
 * submission deadline (the 10th of the next month), on the working-day calendar, under the
 * service's CLOCK (a ManualClock here, as a shifted rehearsal clock would be).
 */
describe('payment deadline of monthly settlements 拨付时限 (real PostgreSQL + NATS)', () => {
  const clock = new ManualClock('2026-04-01T02:00:00.000Z');
  let f: FundFixture;
  const at = (beijingDate: string) => clock.set(`${beijingDate}T10:00:00+08:00`);

  const list = (req: Record<string, unknown>, actor: Actor = maker) =>
    asActor(actor, () => f.client.requestReply<PaymentDeadlineListView>(PaymentDeadlineSubjects.list, req));
  const months = async (req: Record<string, unknown> = { admdvs: CITY, year: 2026 }): Promise<Record<string, PaymentDeadlineView>> => {
    const r = await list(req);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return Object.fromEntries(r.data.months.map((m) => [m.period, m]));
  };
  const sweep = () => f.sut.get(PaymentDeadlineSweeper).sweep();
  const outbox = (subject: string) => f.count(`select 1 from fund.outbox where subject = ?`, [subject]);
  const audits = (action: string) => f.count(`select 1 from fund.audit_log where action = ?`, [action]);

  beforeAll(async () => {
    f = await FundFixture.start(['310'], clock);
    await f.institution('310', H1);
    await f.institution('310', H2);
    // H2's agreement is suspended: what a run owes it is held (暂缓拨付), as the AgreementSuspended consumer records it.
    await f.orm.em.fork().execute(
      `insert into fund.payment_hold (admdvs, institution_code, agreement_id, state, reason, cause_event_id, effective_at, updated_at)
         values (?, ?, '01a20000-0000-7000-8000-000000000002', 'SUSPENDED', '违规使用医保基金', '01a20000-0000-7000-8000-0000000000e2', ?, ?)`,
      [CITY, H2, new Date('2026-03-15T00:00:00Z'), new Date('2026-03-15T00:00:00Z')],
    );
    await f.settle('m3', '2026-03', '310', H1, '1000.00');
    await f.settle('m3h', '2026-03', '310', H2, '300.00');
    await f.settle('m4', '2026-04', '310', H1, '400.00');
    await f.settle('m5', '2026-05', '310', H1, '500.00');
    // June and July have nothing posted; August's 30 working days run through 中秋 and the 国庆 week.
    await f.settle('m8', '2026-08', '310', H1, '800.00');
  });

  afterAll(async () => {
    await f?.close();
  });

  it('a month paid within 30 working days is PAID_ON_TIME — the amount held for a suspended institution is not a late payment', async () => {
    at('2026-04-20');
    const run = await f.run('2026-03');
    const march = (await months())['2026-03'];
    expect(march).toMatchObject({
      submissionDeadline: '2026-04-10',
      dueDate: '2026-05-26',
      state: 'PAID_ON_TIME',
      workingDaysLate: null,
      settlementPeriod: '2026-03',
      paidOn: '2026-04-20',
      heldFen: '30000',
    });
    const [{ id }] = await f.orm.em.fork().execute<{ id: string }[]>(`select id::text as id from fund.monthly_settlement where approval_id = ?`, [run.id]);
    expect(march.settlementId).toBe(id);
    expect(march.approvedAt).toBe('2026-04-20T02:00:00.000Z');
    // The year's list stops at the current month; April is not due (its deadline 10 May is a Sunday: 11 May).
    expect(Object.keys(await months())).toEqual(['2026-01', '2026-02', '2026-03', '2026-04']);
    expect((await months())['2026-04']).toMatchObject({ submissionDeadline: '2026-05-11', dueDate: '2026-06-23', state: 'NOT_DUE', workingDaysLeft: 43 });
    // January and February had no settlements: nothing to pay, nothing overdue.
    expect((await months())['2026-01']).toMatchObject({ state: 'NOTHING_TO_PAY', settlementId: null });
  });

  it('a month paid after its due date is PAID_LATE with the working days late', async () => {
    at('2026-06-25');
    await f.run('2026-04');
    expect((await months())['2026-04']).toMatchObject({ dueDate: '2026-06-23', state: 'PAID_LATE', workingDaysLate: 2, paidOn: '2026-06-25' });
  });

  it('a month about to fall due is reported once as approaching', async () => {
    at('2026-07-20');
    expect((await months())['2026-05']).toMatchObject({ dueDate: '2026-07-23', state: 'DUE_SOON', workingDaysLeft: 3 });
    expect(await sweep()).toEqual({ approaching: 1, overdue: 0 });
    expect(await sweep()).toEqual({ approaching: 0, overdue: 0 });
    expect(await outbox(PaymentDeadlineEventSubjects.PaymentDeadlineApproaching)).toBe(1);
    expect(await audits('fund.payment-deadline.approaching')).toBe(1);
  });

  it('an unpaid month past its due date is OVERDUE and reported once, however often and concurrently the sweep runs', async () => {
    at('2026-07-27');
    expect((await months())['2026-05']).toMatchObject({ state: 'OVERDUE', workingDaysLate: 2, overdueNotifiedAt: null, settlementId: null });
    // Two passes at once (as two replicas would run them): the notice's unique key lets one report.
    const service = f.sut.get(PaymentDeadlineService);
    const both = await Promise.all([service.sweep(), service.sweep()]);
    expect(both[0].overdue + both[1].overdue).toBe(1);
    expect(await sweep()).toEqual({ approaching: 0, overdue: 0 });
    at('2026-07-28');
    expect(await sweep()).toEqual({ approaching: 0, overdue: 0 });
    // The timer sweeps once per business day of the CLOCK.
    const sweeper = f.sut.get(PaymentDeadlineSweeper);
    expect(await sweeper.sweepOncePerDay()).toBeUndefined();
    at('2026-07-29');
    expect(await sweeper.sweepOncePerDay()).toEqual({ approaching: 0, overdue: 0 });
    expect(await outbox(PaymentDeadlineEventSubjects.PaymentDeadlineOverdue)).toBe(1);
    expect(await audits('fund.payment-deadline.overdue')).toBe(1);
    const [event] = await f.orm.em
      .fork()
      .execute<{ envelope: { admdvs: string; payload: Record<string, unknown> } }[]>(`select envelope from fund.outbox where subject = ?`, [
        PaymentDeadlineEventSubjects.PaymentDeadlineOverdue,
      ]);
    expect(event.envelope).toMatchObject({
      admdvs: CITY,
      payload: { admdvs: CITY, period: '2026-05', submissionDeadline: '2026-06-10', dueDate: '2026-07-23', workingDaysLate: 2, noticedOn: '2026-07-27' },
    });
    const [audit] = await f.orm.em
      .fork()
      .execute<{ actor_id: string; target_id: string }[]>(`select actor_id, target_id from fund.audit_log where action = 'fund.payment-deadline.overdue'`);
    expect(audit).toMatchObject({ actor_id: 'system', target_id: `${CITY}/2026-05` });
    // On 29 July, still unpaid: 4 working days late, reported on the 27th.
    expect((await months())['2026-05']).toMatchObject({ state: 'OVERDUE', workingDaysLate: 4, overdueNotifiedAt: '2026-07-27T02:00:00.000Z' });
    // June had nothing posted by its deadline (10 July): never reported. July's claims may still be submitted until 10 August.
    expect(await months({ admdvs: CITY, fromPeriod: '2026-06', toPeriod: '2026-07' })).toMatchObject({
      '2026-06': { state: 'NOTHING_TO_PAY', workingDaysLeft: null },
      '2026-07': { state: 'NOT_DUE', submissionDeadline: '2026-08-10' },
    });
  });

  it('counts working days on the holiday calendar: the 国庆 week pushes August’s due date from 22 to 28 October', async () => {
    // On 23 October a count of weekdays alone would be a day past due; with 中秋 and 国庆 off
    // (and the Sunday 20 September and Saturday 10 October worked) 3 working days are left.
    at('2026-10-23');
    expect((await months())['2026-08']).toMatchObject({ submissionDeadline: '2026-09-10', dueDate: '2026-10-28', state: 'DUE_SOON', workingDaysLeft: 3 });
    // Paid on 28 October, the last day: on time. August's run also takes May's postings (a later month
    // settled first), so May is paid then — late.
    at('2026-10-28');
    await f.run('2026-08');
    const after = await months();
    expect(after['2026-08']).toMatchObject({ state: 'PAID_ON_TIME', paidOn: '2026-10-28' });
    expect(after['2026-05']).toMatchObject({ state: 'PAID_LATE', settlementPeriod: '2026-08', paidOn: '2026-10-28', workingDaysLate: 65 });
    expect(await sweep()).toEqual({ approaching: 0, overdue: 0 });
    expect(await outbox(PaymentDeadlineEventSubjects.PaymentDeadlineOverdue)).toBe(1);
  });

  it('answers another region’s officer as if the region did not exist', async () => {
    const r = await list({ admdvs: CITY, year: 2026 }, stranger);
    expect(r.ok || r.error.code).toBe('NOT_FOUND');
  });

  it('refuses bad input naming the field', async () => {
    for (const [req, field] of [
      [{ admdvs: CITY, fromPeriod: '2026-13', toPeriod: '2026-12' }, 'fromPeriod'],
      [{ admdvs: CITY, fromPeriod: '2026-01', toPeriod: '2026-1' }, 'toPeriod'],
      [{ admdvs: '430102', year: 2026 }, 'admdvs'],
      [{ admdvs: '4301', year: 2026 }, 'admdvs'],
      [{ admdvs: CITY, year: '2026' }, 'year'],
      [{ admdvs: CITY }, 'year'],
      [{ admdvs: CITY, year: 2026, fromPeriod: '2026-01' }, 'year'],
      [{ admdvs: CITY, fromPeriod: '2026-01' }, 'toPeriod'],
      [{ admdvs: CITY, fromPeriod: '2026-05', toPeriod: '2026-04' }, 'toPeriod'],
      [{ admdvs: CITY, fromPeriod: '2023-01', toPeriod: '2026-01' }, 'toPeriod'],
    ] as const) {
      const r = await list(req);
      expect(r.ok || [r.error.code, r.error.message]).toEqual(['VALIDATION', expect.stringContaining(field)]);
    }
  });
});
