import { MikroORM } from '@mikro-orm/postgresql';
import { CreditReferralSubjects, type Page, type ReferralAnnualReport, type ReferralView } from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import { type MiNatsClient, type PortalActor, type RunningProcess } from '@mi/platform';
import { asActor, aUser, createTestInfra, startTestService, type TestInfra, testNatsClient } from '@mi/testing';
import { AppModule } from '../src/app.module';
import { CreditConfig } from '../src/config';
import { persistence } from '../src/persistence';
import { ReferralSweeper } from '../src/referral/referral-sweeper';

/** 10:00 in Asia/Shanghai on a business date. */
const at = (date: string) => `${date}T02:00:00.000Z`;

describe('referrals (线索移送) between the bureau and the health commission', () => {
  let infra: TestInfra;
  let sut: RunningProcess<CreditConfig>;
  let client: MiNatsClient;
  const clock = new ManualClock(at('2025-12-29'));

  const bureau = (scope: string, id = `bureau-${scope}`): PortalActor => aUser({ id, username: id, scope, roles: ['city-officer'] });
  const commission = (scope: string, id = `hc-${scope}`): PortalActor => aUser({ id, username: id, scope, roles: ['health-liaison'] });

  function call<T>(actor: PortalActor, subject: string, body: unknown): Promise<T> {
    return asActor(actor, () => client.request<T>(subject, body));
  }
  async function refuse(actor: PortalActor, subject: string, body: unknown): Promise<{ code: string; message: string }> {
    const r = await asActor(actor, () => client.requestReply(subject, body));
    if (r.ok) throw new Error(`expected ${subject} to be refused`);
    return r.error;
  }

  function open(actor: PortalActor, o: { direction?: string; triggerDate: string; reasonCodes?: string[]; subjectCode?: string }): Promise<ReferralView> {
    const direction = o.direction ?? 'BUREAU_TO_COMMISSION';
    return call<ReferralView>(actor, CreditReferralSubjects.open, {
      direction,
      admdvs: actor.scope,
      subjectType: 'institution',
      subjectCode: o.subjectCode ?? 'H35010200001',
      subjectName: '福州某医院',
      reasonCodes: o.reasonCodes ?? [direction === 'BUREAU_TO_COMMISSION' ? 'B2C-4' : 'C2B-1'],
      facts: '2025年抽查发现过度检查、重复开药',
      triggerDate: o.triggerDate,
      ...(direction === 'BUREAU_TO_COMMISSION' ? { penaltyDecisionNo: '榕医保罚〔2025〕12号' } : {}),
    });
  }
  function issue(actor: PortalActor, id: string, short = actor.roles.includes('health-liaison') ? '榕卫健' : '榕医保'): Promise<ReferralView> {
    return call<ReferralView>(actor, CreditReferralSubjects.issue, {
      id,
      issuerShortName: short,
      pages: 42,
      evidence: [{ title: '行政处罚决定书', pages: 3 }, { title: '检查笔录' }],
    });
  }
  async function outbox(type: string, aggregateId: string): Promise<number> {
    const [row] = await sut
      .get(MikroORM)
      .em.fork()
      .execute<{ n: string }[]>(`select count(*)::text as n from credit.outbox where type = ? and envelope->>'aggregateId' = ?`, [type, aggregateId]);
    return Number(row.n);
  }

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startTestService(infra, AppModule, CreditConfig, 'credit-service', { clock, extraEnv: { REFERRAL_SWEEP_INTERVAL_MS: 0 } });
    client = testNatsClient(infra);
  });

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
  });

  it('numbers referrals ×局(委)案移字〔YYYY〕N号 per issuing authority and year, gap-free under concurrency', async () => {
    clock.set(at('2025-12-29'));
    const a = await open(bureau('350100'), { triggerDate: '2025-12-26' });
    expect(a).toMatchObject({ status: 'DRAFT', documentNumber: null, issuer: 'BUREAU', receiver: 'COMMISSION' });
    expect((await issue(bureau('350100'), a.id)).documentNumber).toBe('榕医保局案移字〔2025〕1号');
    const b = await open(bureau('350100'), { triggerDate: '2025-12-26' });
    expect(await issue(bureau('350100'), b.id)).toMatchObject({ status: 'SENT', documentNumber: '榕医保局案移字〔2025〕2号', pages: 42 });
    // The commission of the same city and the bureau of another city count on their own.
    const c = await open(commission('350100'), { direction: 'COMMISSION_TO_BUREAU', triggerDate: '2025-12-26' });
    expect((await issue(commission('350100'), c.id)).documentNumber).toBe('榕卫健委案移字〔2025〕1号');
    const d = await open(bureau('350200'), { triggerDate: '2025-12-26' });
    expect((await issue(bureau('350200'), d.id, '厦医保')).documentNumber).toBe('厦医保局案移字〔2025〕1号');
    // Only the issuing department issues; a refused attempt uses no number.
    const e = await open(bureau('350100'), { triggerDate: '2025-12-26' });
    expect(
      (await refuse(commission('350100'), CreditReferralSubjects.issue, { id: e.id, issuerShortName: '榕卫健', pages: 1, evidence: [{ title: 'x' }] })).code,
    ).toBe('FORBIDDEN.DEPARTMENT');
    expect(
      (await refuse(bureau('350100'), CreditReferralSubjects.issue, { id: a.id, issuerShortName: '榕医保', pages: 1, evidence: [{ title: 'x' }] })).code,
    ).toBe('REFERRAL.NOT_DRAFT');
    // Five issued at once: 3..7, no gaps, no duplicates.
    const drafts = [e, ...(await Promise.all([1, 2, 3, 4].map(() => open(bureau('350100'), { triggerDate: '2025-12-26' }))))];
    const numbers = (await Promise.all(drafts.map((x) => issue(bureau('350100'), x.id)))).map((x) => x.documentNumber);
    expect(numbers.sort()).toEqual([3, 4, 5, 6, 7].map((n) => `榕医保局案移字〔2025〕${n}号`));
    // A new year starts at 1.
    clock.set(at('2026-01-05'));
    const f = await open(bureau('350100'), { triggerDate: '2025-12-31' });
    expect((await issue(bureau('350100'), f.id)).documentNumber).toBe('榕医保局案移字〔2026〕1号');
  });

  it('only the receiving department signs the receipt (回执); another city does not see the referral', async () => {
    clock.set(at('2026-03-02'));
    const r = await issue(bureau('350100'), (await open(bureau('350100'), { triggerDate: '2026-02-27' })).id);
    const wrong = await refuse(bureau('350100', 'bureau-colleague'), CreditReferralSubjects.signReceipt, { id: r.id, signedBy: '王五' });
    expect(wrong.code).toBe('FORBIDDEN.DEPARTMENT');
    expect(wrong.message).toContain('must be done by 卫健委; you act for 医保局');
    expect((await refuse(commission('350200'), CreditReferralSubjects.signReceipt, { id: r.id, signedBy: '赵六' })).code).toBe('NOT_FOUND');
    expect((await refuse(aUser({ scope: '350100', roles: ['auditor'] }), CreditReferralSubjects.signReceipt, { id: r.id, signedBy: 'x' })).code).toBe(
      'FORBIDDEN.ROLE',
    );
    const signed = await call<ReferralView>(commission('350100'), CreditReferralSubjects.signReceipt, { id: r.id, signedBy: '李四' });
    expect(signed).toMatchObject({ status: 'RECEIVED', receiptSignedBy: '李四' });
    expect(signed.ledger.map((l) => [l.kind, l.department])).toEqual([
      ['OPENED', 'BUREAU'],
      ['ISSUED', 'BUREAU'],
      ['RECEIPT_SIGNED', 'COMMISSION'],
    ]);
    expect(await outbox('ReferralReceived', r.id)).toBe(1);
    expect([await outbox('ReferralOpened', r.id), await outbox('ReferralIssued', r.id)]).toEqual([1, 1]);
    // The reverse direction: the bureau signs, the commission may not.
    const back = await issue(commission('350100'), (await open(commission('350100'), { direction: 'COMMISSION_TO_BUREAU', triggerDate: '2026-02-27' })).id);
    expect((await refuse(commission('350100'), CreditReferralSubjects.signReceipt, { id: back.id, signedBy: '李四' })).code).toBe('FORBIDDEN.DEPARTMENT');
    expect((await call<ReferralView>(bureau('350100'), CreditReferralSubjects.signReceipt, { id: back.id, signedBy: '王五' })).status).toBe('RECEIVED');
    // Unknown subjects and future triggers are refused.
    expect((await refuse(bureau('350100'), CreditReferralSubjects.open, { ...baseOpen('350100'), subjectCode: 'X123' })).code).toBe('VALIDATION');
    expect((await refuse(bureau('350100'), CreditReferralSubjects.open, { ...baseOpen('350100'), triggerDate: '2026-03-03' })).code).toBe(
      'REFERRAL.TRIGGER_IN_FUTURE',
    );
    // Reasons of the other list are refused.
    expect((await refuse(bureau('350100'), CreditReferralSubjects.open, { ...baseOpen('350100'), reasonCodes: ['C2B-1'] })).code).toBe('VALIDATION');
  });

  it('incomplete materials: a completion request due in 3 days, never a refusal; overdue once', async () => {
    clock.set(at('2026-11-06'));
    const r = await issue(bureau('350100'), (await open(bureau('350100'), { triggerDate: '2026-11-05' })).id);
    const asked = await call<ReferralView>(commission('350100'), CreditReferralSubjects.requestCompletion, { id: r.id, missing: '缺少费用明细' });
    expect(asked).toMatchObject({ status: 'SENT', completionRequestedOn: '2026-11-06', completionDueOn: '2026-11-09', completionOverdue: false });
    // The receiver still signs the receipt while materials are outstanding.
    expect((await call<ReferralView>(commission('350100'), CreditReferralSubjects.signReceipt, { id: r.id, signedBy: '李四' })).status).toBe('RECEIVED');
    clock.set(at('2026-11-09'));
    await sut.get(ReferralSweeper).sweep();
    expect(await outbox('ReferralOverdue', r.id)).toBe(0);
    clock.set(at('2026-11-10'));
    await Promise.all([sut.get(ReferralSweeper).sweep(), sut.get(ReferralSweeper).sweep()]);
    await sut.get(ReferralSweeper).sweep();
    expect(await outbox('ReferralOverdue', r.id)).toBe(1);
    const late = await call<ReferralView>(bureau('350100'), CreditReferralSubjects.supplement, {
      id: r.id,
      evidence: [{ title: '费用明细', pages: 8 }],
      addedPages: 8,
    });
    expect(late).toMatchObject({ completedOn: '2026-11-10', completionOverdue: true, pages: 50 });
    expect(await outbox('ReferralSupplemented', r.id)).toBe(1);
    expect(await outbox('ReferralOverdue', r.id)).toBe(1);
  });

  it('7 working days across 中秋/国庆 and the 调休 Saturday; ReferralOverdue once, also after a restart-style re-sweep', async () => {
    clock.set(at('2026-09-24'));
    const r = await open(bureau('350100'), { triggerDate: '2026-09-24' });
    // 25–27 off, 28–30 work (3), 10-01..07 off, 8, 9, 10 (调休 Saturday), 12 → 7.
    expect(r.dueOn).toBe('2026-10-12');
    clock.set(at('2026-10-12'));
    expect(await sut.get(ReferralSweeper).sweep()).toMatchObject({ referralOverdue: 0 });
    clock.set(at('2026-10-13'));
    expect((await sut.get(ReferralSweeper).sweep()).referralOverdue).toBeGreaterThanOrEqual(1);
    expect(await sut.get(ReferralSweeper).sweep()).toMatchObject({ referralOverdue: 0 });
    expect(await outbox('ReferralOverdue', r.id)).toBe(1);
    const [event] = await sut
      .get(MikroORM)
      .em.fork()
      .execute<{ envelope: { payload: Record<string, unknown> } }[]>(
        `select envelope from credit.outbox where type = 'ReferralOverdue' and envelope->>'aggregateId' = ?`,
        [r.id],
      );
    expect(event.envelope.payload).toMatchObject({ referralId: r.id, deadline: 'REFERRAL', dueOn: '2026-10-12', status: 'DRAFT' });
    // Issued late: flagged, not announced twice.
    const issued = await issue(bureau('350100'), r.id);
    expect(issued).toMatchObject({ referralOverdue: true, issuedOn: '2026-10-13' });
    expect(await outbox('ReferralOverdue', r.id)).toBe(1);
    const ledger = await call<Page<ReferralView>>(bureau('350100'), CreditReferralSubjects.list, { overdue: 'true', limit: 200 });
    expect(ledger.items.map((x) => x.id)).toContain(r.id);
    expect(ledger.items.every((x) => x.referralOverdue || x.completionOverdue)).toBe(true);
    const fresh = await open(bureau('350100'), { triggerDate: '2026-10-13' });
    const onTime = await call<Page<ReferralView>>(bureau('350100'), CreditReferralSubjects.list, { overdue: 'false', limit: 200 });
    expect(onTime.items.map((x) => x.id)).toContain(fresh.id);
    const all = await call<Page<ReferralView>>(bureau('350100'), CreditReferralSubjects.list, { limit: 200 });
    expect(onTime.total + ledger.total).toBe(all.total);
    expect(onTime.items.some((x) => x.referralOverdue || x.completionOverdue)).toBe(false);
  });

  it('transfers a received referral onward to the supervisory commission; not before its receipt, not by the issuing department', async () => {
    const city = '350600';
    clock.set(at('2024-05-06'));
    const r = await issue(
      commission(city),
      (await open(commission(city), { direction: 'COMMISSION_TO_BUREAU', triggerDate: '2024-05-06', reasonCodes: ['C2B-1'] })).id,
      '漳卫健',
    );
    const body = { id: r.id, target: 'SUPERVISORY_COMMISSION', authority: '漳州市监察委员会', transferredOn: '2024-05-08', reason: '公职人员涉嫌职务违法' };
    // No signed receipt yet: the bureau cannot pass on what it has not received.
    expect((await refuse(bureau(city), CreditReferralSubjects.transfer, body)).code).toBe('REFERRAL.NOT_RECEIVED');
    await call(bureau(city), CreditReferralSubjects.signReceipt, { id: r.id, signedBy: '陈七' });
    // The commission issued it; only the receiving bureau handles it onward.
    expect((await refuse(commission(city), CreditReferralSubjects.transfer, body)).code).toBe('FORBIDDEN.DEPARTMENT');
    expect(await outbox('ReferralTransferred', r.id)).toBe(0);
    const onward = await call<ReferralView>(bureau(city), CreditReferralSubjects.transfer, body);
    expect(onward).toMatchObject({ status: 'TRANSFERRED', onward: { target: 'SUPERVISORY_COMMISSION', authority: '漳州市监察委员会' } });
    expect(onward.ledger.at(-1)).toMatchObject({ kind: 'TRANSFERRED' });
    expect(onward.ledger.at(-1)?.note).toContain('移送监察机关 漳州市监察委员会');
    expect(await outbox('ReferralTransferred', r.id)).toBe(1);
    // Once transferred it cannot be transferred again.
    expect((await refuse(bureau(city), CreditReferralSubjects.transfer, { ...body, target: 'POLICE', authority: '漳州市公安局' })).code).toBe(
      'REFERRAL.NOT_RECEIVED',
    );
  });

  it('the annual report of last year, with its figures, transfers onward and the ledger to the result', async () => {
    const city = '350300';
    clock.set(at('2025-03-03'));
    const a = await issue(bureau(city), (await open(bureau(city), { triggerDate: '2025-03-03', reasonCodes: ['B2C-1', 'B2C-4'] })).id, '莆医保');
    const b = await issue(
      commission(city),
      (await open(commission(city), { direction: 'COMMISSION_TO_BUREAU', triggerDate: '2025-03-03', reasonCodes: ['C2B-1'] })).id,
      '莆卫健',
    );
    const d = await open(bureau(city), { triggerDate: '2025-03-03', reasonCodes: ['B2C-2'] });
    await call(commission(city), CreditReferralSubjects.signReceipt, { id: a.id, signedBy: '李四' });
    const done = await call<ReferralView>(commission(city), CreditReferralSubjects.conclude, {
      id: a.id,
      outcome: 'PENALIZED',
      result: '对责任医师给予警告',
      concludedOn: '2025-04-01',
    });
    expect(done.ledger.map((l) => l.kind)).toEqual(['OPENED', 'ISSUED', 'RECEIPT_SIGNED', 'CONCLUDED']);
    await call(bureau(city), CreditReferralSubjects.signReceipt, { id: b.id, signedBy: '王五' });
    const onward = await call<ReferralView>(bureau(city), CreditReferralSubjects.transfer, {
      id: b.id,
      target: 'POLICE',
      authority: '莆田市公安局',
      transferredOn: '2025-04-02',
      reason: '涉嫌诈骗罪',
    });
    expect(onward).toMatchObject({ status: 'TRANSFERRED', onward: { target: 'POLICE', authority: '莆田市公安局' } });
    clock.set(at('2025-03-20'));
    await issue(bureau(city), d.id, '莆医保'); // due 2025-03-12: late
    clock.set(at('2025-12-01'));
    await open(bureau(city), { triggerDate: '2025-12-01', reasonCodes: ['B2C-5'] }); // never issued
    clock.set(at('2026-01-10'));
    const report = await call<ReferralAnnualReport>(bureau(city), CreditReferralSubjects.annualReport, {});
    expect(report).toMatchObject({
      year: 2025,
      admdvs: city,
      issuer: 'BOTH',
      dueBy: '2026-01-15',
      total: 3,
      overdue: 2,
      awaitingReceipt: 1,
      completionOverdue: 0,
    });
    const n = (list: { key: string; count: number }[]) => Object.fromEntries(list.filter((c) => c.count > 0).map((c) => [c.key, c.count]));
    expect(n(report.byDirection)).toEqual({ BUREAU_TO_COMMISSION: 2, COMMISSION_TO_BUREAU: 1 });
    expect(n(report.byReason)).toEqual({ 'B2C-1': 1, 'B2C-4': 1, 'B2C-2': 1, 'C2B-1': 1 });
    expect(n(report.byStatus)).toEqual({ SENT: 1, TRANSFERRED: 1, CONCLUDED: 1 });
    expect(n(report.byOutcome)).toEqual({ PENALIZED: 1 });
    expect(n(report.onward)).toEqual({ POLICE: 1 });
    expect(report.byReason).toHaveLength(15);
    const bureauOnly = await call<ReferralAnnualReport>(bureau(city), CreditReferralSubjects.annualReport, { year: 2025, issuer: 'BUREAU' });
    expect(bureauOnly).toMatchObject({ total: 2, issuer: 'BUREAU' });
    // The province sums its cities.
    const province = await call<ReferralAnnualReport>(
      aUser({ id: 'prov', scope: '350000', roles: ['province-admin'] }),
      CreditReferralSubjects.annualReport,
      {},
    );
    expect(n(province.byRegion)).toMatchObject({ [city]: 3 });
    expect(province.total).toBe(3 + n(province.byRegion)['350100'] + n(province.byRegion)['350200']);
    // Another city's report knows nothing of these.
    expect(
      (await call<ReferralAnnualReport>(bureau('350100'), CreditReferralSubjects.annualReport, { year: 2025 })).byReason.find((x) => x.key === 'B2C-2')?.count,
    ).toBe(0);
  });

  it('each department submits its annual report once, late after 15 January; the unsubmitted one is noticed once', async () => {
    const city = '350700';
    const overdueNotices = async () =>
      Number(
        (
          await sut
            .get(MikroORM)
            .em.fork()
            .execute<{ n: string }[]>(`select count(*)::text as n from credit.outbox where type = 'ReferralAnnualReportOverdue' and envelope->>'admdvs' = ?`, [
              city,
            ])
        )[0].n,
      );
    clock.set(at('2025-06-03'));
    await issue(bureau(city), (await open(bureau(city), { triggerDate: '2025-06-03', reasonCodes: ['B2C-1'] })).id, '南医保');
    clock.set(at('2026-01-12'));
    expect((await refuse(bureau(city), CreditReferralSubjects.submitAnnualReport, { year: 2026 })).code).toBe('REFERRAL.YEAR_NOT_ENDED');
    expect((await refuse(aUser({ id: 'rv', scope: city, roles: ['reviewer'] }), CreditReferralSubjects.submitAnnualReport, { year: 2025 })).code).toBe(
      'FORBIDDEN.ROLE',
    );
    const mine = await call<ReferralAnnualReport>(bureau(city), CreditReferralSubjects.submitAnnualReport, { year: 2025 });
    expect(mine).toMatchObject({ year: 2025, admdvs: city, issuer: 'BUREAU', total: 1, reportOverdue: false });
    expect(mine.submissions).toEqual([
      { issuer: 'BUREAU', submittedAt: '2026-01-12T02:00:00.000Z', submittedBy: `bureau-${city}`, late: false, overdueNotifiedAt: null },
    ]);
    expect((await refuse(bureau(city), CreditReferralSubjects.submitAnnualReport, { year: 2025 })).code).toBe('REFERRAL.REPORT_SUBMITTED');
    // Not due yet: no notice for the commission.
    await sut.get(ReferralSweeper).sweep();
    expect(await overdueNotices()).toBe(0);
    clock.set(at('2026-01-16'));
    await sut.get(ReferralSweeper).sweep();
    await sut.get(ReferralSweeper).sweep();
    expect(await overdueNotices()).toBe(1);
    const both = await call<ReferralAnnualReport>(bureau(city), CreditReferralSubjects.annualReport, { year: 2025 });
    expect(both.reportOverdue).toBe(true);
    expect(both.submissions.find((x) => x.issuer === 'COMMISSION')).toMatchObject({ submittedAt: null, overdueNotifiedAt: '2026-01-16T02:00:00.000Z' });
    const late = await call<ReferralAnnualReport>(commission(city), CreditReferralSubjects.submitAnnualReport, { year: 2025 });
    expect(late.submissions).toEqual([expect.objectContaining({ issuer: 'COMMISSION', late: true, submittedBy: `hc-${city}` })]);
    expect((await call<ReferralAnnualReport>(bureau(city), CreditReferralSubjects.annualReport, { year: 2025 })).reportOverdue).toBe(false);
    // The submitted snapshot does not move when the ledger changes afterwards.
    await open(bureau(city), { triggerDate: '2025-12-30', reasonCodes: ['B2C-2'] });
    const [row] = await sut
      .get(MikroORM)
      .em.fork()
      .execute<{ total: string }[]>(`select snapshot->>'total' as total from credit.referral_annual_report where admdvs = ? and issuer = 'BUREAU'`, [city]);
    expect(row.total).toBe('1');
  });
});

function baseOpen(admdvs: string): Record<string, unknown> {
  return {
    direction: 'BUREAU_TO_COMMISSION',
    admdvs,
    subjectType: 'institution',
    subjectCode: 'H35010200001',
    subjectName: '福州某医院',
    reasonCodes: ['B2C-1'],
    facts: 'x',
    triggerDate: '2026-02-27',
  };
}
