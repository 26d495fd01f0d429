import { MikroORM } from '@mikro-orm/postgresql';
import { approvalSubjects, type ApprovalView, type ManualClaimPageView, ManualClaimSubjects, type ManualClaimView } from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import type { MiNatsClient, RunningProcess } from '@mi/platform';
import { asActor, aUser, createTestInfra, startTestService, type TestInfra, testNatsClient } from '@mi/testing';
import { AppModule } from '../src/app.module';
import { CaseSweeper } from '../src/case/case-sweeper';
import { ClaimsReviewConfig } from '../src/config';
import { persistence } from '../src/persistence';

describe('large manual reimbursements: the working group (大额手工报销审核, real PostgreSQL + NATS)', () => {
  let infra: TestInfra;
  let sut: RunningProcess<ClaimsReviewConfig>;
  let client: MiNatsClient;
  // Monday 2026-09-28 in Beijing: 10 working days end on 2026-10-16 (国庆 off, the 10-10 Saturday worked).
  const clock = new ManualClock('2026-09-28T02:00:00.000Z');
  const clerk = aUser({ id: 'u-1', username: 'fz.clerk', roles: ['reviewer'], scope: '350100' });
  const head = aUser({ id: 'u-2', username: 'fz.head', roles: ['city-officer'], scope: '350100' });
  const xiamen = aUser({ id: 'u-3', username: 'xm.clerk', roles: ['reviewer'], scope: '350200' });
  let invoice = 0;
  const sql = <T>(q: string, params: unknown[] = []): Promise<T[]> => sut.get(MikroORM).em.fork().execute<T[]>(q, params);
  const claim = (amounts: string[], over: Record<string, unknown> = {}) => ({
    admdvs: '350102',
    psnNo: 'P35010000000001',
    insutype: '310',
    institutionName: '上海市某三甲医院',
    begndate: '2026-08-01',
    enddate: '2026-08-20',
    medfeeSumamtFen: String(amounts.reduce((n, a) => n + BigInt(a), 0n)),
    invoices: amounts.map((amountFen) => ({ invoiceNo: `FP${String((invoice += 1)).padStart(8, '0')}`, amountFen })),
    ...over,
  });
  const call = <T>(who: typeof clerk, subject: string, body: unknown) => asActor(who, () => client.requestReply<T>(subject, body));
  const ok = <T>(r: { ok: true; data: T } | { ok: false; error: unknown }): T => {
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.data;
  };

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startTestService(infra, AppModule, ClaimsReviewConfig, 'claims-review-service', { clock, extraEnv: { CASE_SWEEP_INTERVAL_MS: 0 } });
    client = testNatsClient(infra);
  });

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
  });

  it('routes a claim of 50,000 yuan or more to the working group with a 10-working-day deadline, a smaller one to the counter', async () => {
    const large = ok(await call<ManualClaimView>(clerk, ManualClaimSubjects.register, claim(['3000000', '2000000'])));
    expect(large).toMatchObject({ route: 'WORKING_GROUP', status: 'INVESTIGATING', medfeeSumamtFen: '5000000', dueOn: '2026-10-16', workingDaysLeft: 10 });
    expect(large.claimNo).toMatch(/^MC2026\d{8}$/);
    const small = ok(await call<ManualClaimView>(clerk, ManualClaimSubjects.register, claim(['4999999'])));
    expect(small).toMatchObject({ route: 'COUNTER', status: 'UNDER_REVIEW', dueOn: null });
    // A doubtful small claim goes to the group too, its 10 days counted from the referral.
    const referred = ok(await call<ManualClaimView>(clerk, ManualClaimSubjects.refer, { claimId: small.id, reason: '发票真实性存疑' }));
    expect(referred).toMatchObject({ route: 'WORKING_GROUP', status: 'INVESTIGATING', groupReason: '发票真实性存疑', dueOn: '2026-10-16' });
  });

  it('refuses bad claims naming the field, and stores nothing', async () => {
    const before = (await sql<{ n: number }>(`select count(*)::int as n from review.manual_claim`))[0].n;
    const sum = await call(clerk, ManualClaimSubjects.register, { ...claim(['100000', '200000']), medfeeSumamtFen: '300001' });
    expect(sum.ok || sum.error.details?.field).toBe('medfeeSumamtFen');
    const first = claim(['6000000']);
    ok(await call(clerk, ManualClaimSubjects.register, first));
    const again = await call(clerk, ManualClaimSubjects.register, { ...claim(['6000000']), invoices: first.invoices });
    expect(again.ok || again.error.code).toBe('REVIEW.INVOICE_ALREADY_CLAIMED');
    const dupInside = claim(['100', '100']);
    const twice = await call(clerk, ManualClaimSubjects.register, { ...dupInside, invoices: [dupInside.invoices[0], dupInside.invoices[0]] });
    expect(twice.ok || twice.error.details?.field).toBe('invoices');
    const future = await call(clerk, ManualClaimSubjects.register, claim(['100'], { enddate: '2026-10-01' }));
    expect(future.ok || future.error.details?.field).toBe('enddate');
    const foreign = await call(xiamen, ManualClaimSubjects.register, claim(['100']));
    expect(foreign.ok || foreign.error.code).toBe('FORBIDDEN.REGION');
    const noInvoices = await call(clerk, ManualClaimSubjects.register, { ...claim(['100']), invoices: [] });
    expect(noInvoices.ok || noInvoices.error.details?.field).toBe('invoices');
    expect((await sql<{ n: number }>(`select count(*)::int as n from review.manual_claim`))[0].n).toBe(before + 1);
  });

  it('keeps one file per case: records, then a conclusion the head approves (not the proposer); the decision is an event', async () => {
    const c = ok(await call<ManualClaimView>(clerk, ManualClaimSubjects.register, claim(['8800000'])));
    const early = await call(clerk, ManualClaimSubjects.conclude, { claimId: c.id, outcome: 'REJECT', conclusion: '发票系伪造' });
    expect(early.ok || early.error.code).toBe('REVIEW.MANUAL_CLAIM_NO_RECORD');
    ok(await call(clerk, ManualClaimSubjects.record, { claimId: c.id, method: 'letter', note: '向就医地医保经办机构发函协查' }));
    ok(await call(clerk, ManualClaimSubjects.record, { claimId: c.id, method: 'group-meeting', note: '集体研究：发票与医院记录不符' }));
    const proposal = ok(
      await call<ApprovalView>(clerk, ManualClaimSubjects.conclude, { claimId: c.id, outcome: 'REJECT', conclusion: '发票与医院记录不符，不予报销' }),
    );
    expect(proposal.status).toBe('PENDING');
    const self = await call(clerk, approvalSubjects('review').decide, { id: proposal.id, decision: 'approve' });
    expect(self.ok || self.error.code).toMatch(/^FORBIDDEN/);
    const approved = ok(
      await call<ApprovalView<unknown, ManualClaimView>>(head, approvalSubjects('review').decide, { id: proposal.id, decision: 'approve', note: '同意' }),
    );
    expect(approved.result).toMatchObject({ status: 'REJECTED', conclusion: '发票与医院记录不符，不予报销' });
    const file = ok(await call<ManualClaimView>(head, ManualClaimSubjects.get, { claimId: c.id }));
    expect(file.records.map((r) => [r.method, r.recordedBy])).toEqual([
      ['letter', 'fz.clerk'],
      ['group-meeting', 'fz.clerk'],
    ]);
    const [event] = await sql<{ envelope: { payload: Record<string, unknown> } }>(
      `select envelope from review.outbox where subject = 'evt.review.ManualClaimConcluded' and envelope->'payload'->>'claimId' = ?`,
      [c.id],
    );
    expect(event.envelope.payload).toMatchObject({ outcome: 'REJECT', medfeeSumamtFen: '8800000', psnNo: 'P35010000000001' });
    const late = await call(clerk, ManualClaimSubjects.record, { claimId: c.id, method: 'phone', note: '补充电话核实' });
    expect(late.ok || late.error.code).toBe('REVIEW.MANUAL_CLAIM_STATUS');
    const hidden = await call(xiamen, ManualClaimSubjects.get, { claimId: c.id });
    expect(hidden.ok || hidden.error.code).toBe('NOT_FOUND');
  });

  it('flags a file not concluded within 10 working days, once', async () => {
    const c = ok(await call<ManualClaimView>(clerk, ManualClaimSubjects.register, claim(['5500000'])));
    clock.set('2026-10-19T02:00:00.000Z');
    const overdue = ok(await call<ManualClaimPageView>(clerk, ManualClaimSubjects.list, { overdue: true }));
    expect(overdue.items.find((i) => i.id === c.id)).toMatchObject({ overdue: true, workingDaysLeft: -1 });
    await sut.get(CaseSweeper).sweep();
    await sut.get(CaseSweeper).sweep();
    const events = await sql<{ n: number }>(
      `select count(*)::int as n from review.outbox where subject = 'evt.review.ManualClaimOverdue' and envelope->'payload'->>'claimId' = ?`,
      [c.id],
    );
    expect(events[0].n).toBe(1);
    clock.set('2026-09-28T02:00:00.000Z');
  });
});
