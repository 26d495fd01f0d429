import { MikroORM } from '@mikro-orm/postgresql';
import {
  approvalSubjects,
  type ApprovalView,
  type CaseActionReply,
  type CaseDetailView,
  type CasePageView,
  CaseSubjects,
  type CaseSummaryView,
  DEDUCTION_SUBJECT,
  type DeductionView,
  type RulePrecisionView,
} from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import { type MiNatsClient, newUuidV7, type RunningProcess } from '@mi/platform';
import { asActor, aUser, createTestInfra, startTestService, type TestInfra, testNatsClient } from '@mi/testing';
import { AppModule } from '../src/app.module';
import { CaseService } from '../src/case/case.service';
import { CaseSweeper } from '../src/case/case-sweeper';
import { ClaimsReviewConfig } from '../src/config';
import { persistence } from '../src/persistence';

const CODE = 'H43010200001';
const RULE_A = 'GZ10000101001000';
const RULE_B = 'GZ10000204002000';

describe('review cases 初审 → 复审 → 申诉 → 核实 → 处理 (real PostgreSQL + NATS)', () => {
  let infra: TestInfra;
  let sut: RunningProcess<ClaimsReviewConfig>;
  let client: MiNatsClient;
  // Monday 2026-09-28, 10:00 in Beijing; 10 working days later crosses 国庆 (10-01…07 off) and the 10-10 调休 Saturday.
  const clock = new ManualClock('2026-09-28T02:00:00.000Z');
  const reviewer = aUser({ id: 'u-1', username: 'cs.reviewer', roles: ['reviewer'], scope: '430100' });
  const reviewer2 = aUser({ id: 'u-2', username: 'cs.reviewer2', roles: ['reviewer'], scope: '430100' });
  const zhuzhou = aUser({ id: 'u-3', username: 'zz.reviewer', roles: ['reviewer'], scope: '430200' });
  const auditor = aUser({ id: 'u-4', username: 'cs.auditor', roles: ['auditor'], scope: '430100' });
  const his = { kind: 'his' as const, id: 'his-1', institutionCode: CODE, scope: '430102' };
  const otherHis = { kind: 'his' as const, id: 'his-2', institutionCode: 'H43010200002', scope: '430102' };
  const sql = <T>(q: string, params: unknown[] = []): Promise<T[]> => sut.get(MikroORM).em.fork().execute<T[]>(q, params);
  let n = 0;

  /** A reviewed settlement with two lines and a finding on each (300.00 on line 1, 50.00 on line 2); opens its case. */
  async function aFlaggedSettlement(): Promise<{ settlementId: string; caseId: string; findingA: string; findingB: string }> {
    n += 1;
    const settlementId = newUuidV7();
    const setlId = `S${String(n).padStart(10, '0')}`;
    await sql(
      `insert into review.settlement (id, setl_id, fixmedins_code, mdtrt_id, psn_no, certno_enc, certno_hash, gend, brdy, insutype, med_type, treatment_mode,
         setl_time, setl_date, begndate, enddate, diagnoses, medfee_sumamt_fen, hifp_pay_fen, acct_pay_fen, psn_cash_pay_fen, amounts_fen, poolarea, admdvs,
         content_hash, review_status, rule_set, findings, received_at, reviewed_at)
       values (?, ?, ?, ?, 'P1', 'x', 'x', '1', '1980-03-04', '310', '11', 'outpatient', now(), '2026-09-21', '2026-09-21', '2026-09-21',
         '[]', 100000, 70000, 10000, 20000, '{}', '430100', '430102', 'h', 'REVIEWED', '430100#1', 2, now(), now())`,
      [settlementId, setlId, CODE, `M${n}`],
    );
    for (const [sn, dr] of [
      ['1', 'D430102000001'],
      ['2', 'D430102000002'],
    ])
      await sql(
        `insert into review.settlement_line (settlement_id, feedetl_sn, hilist_code, hilist_name, list_type, cnt, pric_fen, amount_fen, fee_ocur_time, service_date, dr_codg)
         values (?, ?, 'XA01', '药品', '101', 1, 50000, 50000, '2026-09-21 09:00:00', '2026-09-21', ?)`,
        [settlementId, sn, dr],
      );
    const findingA = newUuidV7();
    const findingB = newUuidV7();
    for (const [id, rule, amount, line] of [
      [findingA, RULE_A, 30000, '1'],
      [findingB, RULE_B, 5000, '2'],
    ] as const)
      await sql(
        `insert into review.finding (id, settlement_id, setl_id, fixmedins_code, rule_id, rule_version, rule_set, severity, amount_fen, lines, facts, vola_cont, vola_evid, created_at)
         values (?, ?, ?, ?, ?, 1, '430100#1', '1', ?, ?, '{}', '疑点', '依据', now())`,
        [id, settlementId, setlId, CODE, rule, amount, JSON.stringify([{ lineId: line, itemType: 'drug', amountFen: String(amount) }])],
      );
    const cases = sut.get(CaseService);
    await sut
      .get(MikroORM)
      .em.fork()
      .transactional((em) => cases.openFor(em, [settlementId], 'FINDING', clock.now()));
    const [c] = await sql<{ id: string }>(`select id::text as id from review.review_case where settlement_id = ?`, [settlementId]);
    return { settlementId, caseId: c.id, findingA, findingB };
  }

  const call = async <T>(who: Parameters<typeof asActor>[0], subject: string, body: unknown) => asActor(who, () => client.requestReply<T>(subject, body));
  const act = (who: typeof reviewer, body: Record<string, unknown>) => call<CaseActionReply>(who, CaseSubjects.act, { note: '审核意见', ...body });
  const detail = async (caseId: string): Promise<CaseDetailView> => {
    const r = await call<CaseDetailView>(reviewer, CaseSubjects.get, { caseId });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.data;
  };
  const ok = <T>(r: { ok: true; data: T } | { ok: false; error: unknown }): T => {
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.data;
  };
  const outbox = (subject: string, caseId: string) =>
    sql<{ envelope: { payload: Record<string, unknown> } }>(`select envelope from review.outbox where subject = ? and envelope->'payload'->>'caseId' = ?`, [
      subject,
      caseId,
    ]);

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startTestService(infra, AppModule, ClaimsReviewConfig, 'claims-review-service', { clock, extraEnv: { CASE_SWEEP_INTERVAL_MS: 0 } });
    client = testNatsClient(infra);
  });

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
  });

  it('opens a case at 初审 with a deadline in working days across 国庆 and a 调休 Saturday, visible only in its region', async () => {
    const { caseId } = await aFlaggedSettlement();
    const page = ok(await call<CasePageView>(reviewer, CaseSubjects.list, { stage: 'INITIAL' }));
    const mine = page.items.find((c) => c.id === caseId) as CaseSummaryView;
    expect(mine).toMatchObject({
      stage: 'INITIAL',
      stageLabel: '初审',
      origin: 'FINDING',
      amountFen: '35000',
      findings: 2,
      dueOn: '2026-10-16',
      workingDaysLeft: 10,
    });
    expect(mine.caseNo).toMatch(/^RC2026\d{8}$/);
    expect(ok(await call<CasePageView>(auditor, CaseSubjects.list, {})).total).toBeGreaterThanOrEqual(1);
    expect(ok(await call<CasePageView>(zhuzhou, CaseSubjects.list, {})).total).toBe(0);
    const foreign = await call(zhuzhou, CaseSubjects.get, { caseId });
    expect(foreign.ok || foreign.error.code).toBe('NOT_FOUND');
  });

  it('refuses a wrong action, a stale stage, an unknown case and a bad bulk request, and changes nothing', async () => {
    const { caseId } = await aFlaggedSettlement();
    const { caseId: other } = await aFlaggedSettlement();
    const wrong = await act(reviewer, { caseIds: [caseId], action: 'notify', expectedStage: 'INITIAL' });
    expect(wrong.ok || [wrong.error.code, wrong.error.details?.field]).toEqual(['REVIEW.CASE_ACTION_NOT_ALLOWED', 'action']);
    const stale = await act(reviewer, { caseIds: [caseId], action: 'escalate', expectedStage: 'RE_REVIEW' });
    expect(stale.ok || [stale.error.code, stale.error.details?.field]).toEqual(['REVIEW.CASE_MOVED', 'caseIds[0]']);
    const unknown = await act(reviewer, { caseIds: [caseId, newUuidV7()], action: 'escalate', expectedStage: 'INITIAL' });
    expect(unknown.ok || [unknown.error.code, unknown.error.details?.field]).toEqual(['NOT_FOUND', 'caseIds[1]']);
    const badAction = await act(reviewer, { caseIds: [caseId], action: 'approve', expectedStage: 'INITIAL' });
    expect(badAction.ok || badAction.error.details?.field).toBe('action');
    const noNote = await act(reviewer, { caseIds: [caseId], action: 'escalate', expectedStage: 'INITIAL', note: '' });
    expect(noNote.ok || noNote.error.details?.field).toBe('note');
    const foreign = await act(zhuzhou, { caseIds: [caseId], action: 'dismiss', expectedStage: 'INITIAL' });
    expect(foreign.ok || foreign.error.code).toBe('NOT_FOUND');
    // One case of a bulk request already moved: the whole request is refused.
    ok(await act(reviewer, { caseIds: [other], action: 'escalate', expectedStage: 'INITIAL' }));
    const bulk = await act(reviewer, { caseIds: [caseId, other], action: 'dismiss', expectedStage: 'INITIAL' });
    expect(bulk.ok || [bulk.error.code, bulk.error.details?.field]).toEqual(['REVIEW.CASE_MOVED', 'caseIds[1]']);
    expect((await detail(caseId)).events.map((e) => e.action)).toEqual(['open']);
    expect((await detail(caseId)).stage).toBe('INITIAL');
  });

  it('works a case from finding to an approved deduction: four eyes at each step, appeal with an attachment, findings’ outcomes, ViolationConfirmed', async () => {
    const { settlementId, caseId, findingA, findingB } = await aFlaggedSettlement();
    ok(await call(reviewer, CaseSubjects.assign, { caseIds: [caseId], assignee: 'cs.reviewer' }));
    expect(ok(await call<CasePageView>(reviewer, CaseSubjects.list, { assignee: 'cs.reviewer' })).items.map((c) => c.id)).toContain(caseId);
    ok(await act(reviewer, { caseIds: [caseId], action: 'escalate', expectedStage: 'INITIAL', note: '疑似超限价，转复审' }));

    const self = await act(reviewer, { caseIds: [caseId], action: 'notify', expectedStage: 'RE_REVIEW' });
    expect(self.ok || self.error.code).toBe('FORBIDDEN.SAME_PERSON');
    const notified = ok(await act(reviewer2, { caseIds: [caseId], action: 'notify', expectedStage: 'RE_REVIEW', findingIds: [findingA], note: '告知疑点' }));
    expect(notified.cases[0]).toMatchObject({ stage: 'APPEAL', amountFen: '30000', dueOn: '2026-10-10' });

    // Nothing can be deducted before 处理, and not around the case.
    const around = await call(reviewer, DEDUCTION_SUBJECT, { settlementId, amountFen: '30000', reason: '超限价收费' });
    expect(around.ok || [around.error.code, around.error.details?.field]).toEqual(['REVIEW.CASE_OPEN', 'caseId']);
    const early = await call(reviewer, DEDUCTION_SUBJECT, { settlementId, caseId, amountFen: '30000', reason: '超限价收费' });
    expect(early.ok || early.error.code).toBe('REVIEW.CASE_NOT_AT_DISPOSAL');

    // The institution appeals from its HIS; another institution cannot see the case.
    const evidence = Buffer.from('病历首页扫描件');
    const stranger = await call(otherHis, CaseSubjects.appeal, { caseId, statement: '该药品有适应症，附病历' });
    expect(stranger.ok || stranger.error.code).toBe('NOT_FOUND');
    const tooBig = await call(his, CaseSubjects.appeal, {
      caseId,
      statement: '该药品有适应症，附病历',
      attachments: [{ fileName: 'big.pdf', contentType: 'application/pdf', contentBase64: Buffer.alloc(700 * 1024).toString('base64') }],
    });
    expect(tooBig.ok || tooBig.error.details?.field).toBe('attachments');
    ok(
      await call(his, CaseSubjects.appeal, {
        caseId,
        statement: '该药品有适应症，附病历',
        attachments: [{ fileName: '病历.txt', contentType: 'text/plain', contentBase64: evidence.toString('base64') }],
      }),
    );
    const appealed = await detail(caseId);
    expect(appealed.stage).toBe('VERIFY');
    expect(appealed.appeal).toMatchObject({ statement: '该药品有适应症，附病历', submittedBy: `his:${CODE}` });
    expect(appealed.appeal?.attachments[0]).toMatchObject({ fileName: '病历.txt', sizeBytes: evidence.length });
    expect(appealed.appeal?.attachments[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(appealed.lines.map((l) => [l.feedetlSn, l.flagged])).toEqual([
      ['1', true],
      ['2', true],
    ]);
    const file = ok(
      await call<{ contentBase64: string; fileName: string }>(reviewer, CaseSubjects.attachment, { caseId, attachmentId: appealed.appeal?.attachments[0].id }),
    );
    expect(Buffer.from(file.contentBase64, 'base64').toString()).toBe('病历首页扫描件');
    const peek = await call(otherHis, CaseSubjects.attachment, { caseId, attachmentId: appealed.appeal?.attachments[0].id });
    expect(peek.ok || peek.error.code).toBe('NOT_FOUND');
    const twice = await call(his, CaseSubjects.appeal, { caseId, statement: '再次申诉，补充材料' });
    expect(twice.ok || twice.error.code).toBe('REVIEW.APPEAL_NOT_OPEN');

    // 核实 by someone other than who notified.
    const sameAsNotifier = await act(reviewer2, { caseIds: [caseId], action: 'uphold', expectedStage: 'VERIFY' });
    expect(sameAsNotifier.ok || sameAsNotifier.error.code).toBe('FORBIDDEN.SAME_PERSON');
    const upheld = ok(await act(reviewer, { caseIds: [caseId], action: 'uphold', expectedStage: 'VERIFY', note: '申诉理由不成立' }));
    expect(upheld.cases[0]).toMatchObject({ stage: 'DISPOSAL', amountFen: '30000' }); // as notified

    const proposed = ok(
      await call<ApprovalView>(reviewer, DEDUCTION_SUBJECT, { settlementId, caseId, amountFen: '30000', reason: '超限价收费', findingIds: [findingA] }),
    );
    expect((await detail(caseId)).stage).toBe('DISPOSAL');
    const approved = ok(
      await call<ApprovalView<unknown, DeductionView>>(reviewer2, approvalSubjects('review').decide, { id: proposed.id, decision: 'approve', note: '同意' }),
    );
    expect(approved.result).toMatchObject({ caseId, amountFen: '30000' });

    const closed = await detail(caseId);
    expect(closed).toMatchObject({ stage: 'CLOSED', outcome: 'DEDUCTED', deductionId: approved.result?.id, dueOn: null, overdue: false });
    expect(closed.events.map((e) => e.action)).toEqual(['open', 'assign', 'escalate', 'notify', 'appeal', 'uphold', 'deduct']);
    expect(Object.fromEntries(closed.findingsDetail.map((f) => [f.id, f.outcome]))).toEqual({ [findingA]: 'CONFIRMED', [findingB]: 'OVERTURNED' });
    const [event] = await outbox('evt.review.ViolationConfirmed', caseId);
    expect(event.envelope.payload).toMatchObject({
      caseId,
      settlementId,
      institutionCode: CODE,
      ruleIds: [RULE_A],
      practitionerCodes: ['D430102000001'],
      amountFen: '30000',
      outcome: 'DEDUCTED',
      confirmedOn: '2026-09-28',
      setlDate: '2026-09-21',
    });
    const [audit] = await sql<{ n: string }>(`select count(*)::text as n from review.audit_log where target_id = ? and action like 'review.case.%'`, [caseId]);
    expect(Number(audit.n)).toBeGreaterThanOrEqual(4);
  });

  it('moves a case whose appeal window lapsed on to 处理, refuses a late appeal, and closes it as a warning', async () => {
    const { caseId } = await aFlaggedSettlement();
    ok(await act(reviewer, { caseIds: [caseId], action: 'escalate', expectedStage: 'INITIAL' }));
    ok(await act(reviewer2, { caseIds: [caseId], action: 'notify', expectedStage: 'RE_REVIEW' }));
    clock.set('2026-10-12T02:00:00.000Z'); // past the 5-working-day window (due 2026-10-10, a 调休 Saturday)
    const late = await call(his, CaseSubjects.appeal, { caseId, statement: '逾期申诉材料' });
    expect(late.ok || late.error.code).toBe('REVIEW.APPEAL_WINDOW_CLOSED');
    await sut.get(CaseSweeper).sweep();
    const lapsed = await detail(caseId);
    expect(lapsed).toMatchObject({ stage: 'DISPOSAL', dueOn: '2026-10-19' });
    expect(lapsed.events.at(-1)).toMatchObject({ action: 'appeal-lapsed', actor: 'system' });
    const warned = ok(await act(reviewer, { caseIds: [caseId], action: 'close-without-deduction', expectedStage: 'DISPOSAL', note: '约谈提醒' }));
    expect(warned.cases[0]).toMatchObject({ stage: 'CLOSED', outcome: 'WARNED' });
    const [event] = await outbox('evt.review.ViolationConfirmed', caseId);
    expect(event.envelope.payload).toMatchObject({ outcome: 'WARNED', amountFen: '35000', ruleIds: [RULE_A, RULE_B] });
    clock.set('2026-09-28T02:00:00.000Z');
  });

  it('flags a stage past its deadline once (CaseOverdue), and bulk-dismisses overturning the findings', async () => {
    const { caseId, findingA } = await aFlaggedSettlement();
    const { caseId: second } = await aFlaggedSettlement();
    clock.set('2026-10-19T02:00:00.000Z'); // 初审 was due 2026-10-16
    const overdue = ok(await call<CasePageView>(reviewer, CaseSubjects.list, { overdue: true }));
    expect(overdue.items.find((c) => c.id === caseId)).toMatchObject({ overdue: true, workingDaysLeft: -1 });
    await sut.get(CaseSweeper).sweep();
    await sut.get(CaseSweeper).sweep();
    const events = await outbox('evt.review.CaseOverdue', caseId);
    expect(events.map((e) => e.envelope.payload)).toEqual([expect.objectContaining({ caseId, stage: 'INITIAL', dueOn: '2026-10-16' })]);

    ok(await act(reviewer, { caseIds: [caseId, second], action: 'dismiss', expectedStage: 'INITIAL', note: '有适应症，不属违规' }));
    const [f] = await sql<{ outcome: string }>(`select outcome from review.finding where id = ?`, [findingA]);
    expect(f.outcome).toBe('OVERTURNED');
    const precision = ok(await call<RulePrecisionView[]>(reviewer, CaseSubjects.precision, { poolarea: '430100' }));
    const a = precision.find((p) => p.ruleId === RULE_A) as RulePrecisionView;
    // Rule A: confirmed by the deduction and by the warning, overturned by the two dismissals; the rest is pending.
    expect(a.confirmed).toBe(2);
    expect(a.overturned).toBe(2);
    expect(a.precisionPermille).toBe(500);
    expect(a.pending).toBe(a.findings - 4);
    clock.set('2026-09-28T02:00:00.000Z');
  });
});
