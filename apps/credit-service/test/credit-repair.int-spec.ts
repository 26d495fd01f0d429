import { MikroORM } from '@mikro-orm/postgresql';
import {
  AgreementEventSubjects,
  type ApprovalView,
  approvalSubjects,
  type CreditFileDetailView,
  CreditListSubjects,
  type CreditRepairView,
  CreditRepairSubjects,
  EventSubjects,
  type ListDecisionView,
  type ListingProposalReply,
  type RepairProposalReply,
  Subjects,
  VIOLATION_CONFIRMED_SUBJECT,
} from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import { newUuidV7, type PortalActor } from '@mi/platform';
import { aUser, waitFor } from '@mi/testing';
import { actorCalls, creditHarness } from './credit-harness';

const approvals = approvalSubjects('credit');
const CODE = 'H43010200061';
const DOCTOR = 'D430102000061';
const envelope = (type: string, payload: Record<string, unknown>) => ({
  id: newUuidV7(),
  type,
  version: 1,
  occurredAt: '2026-01-10T02:00:00.000Z',
  admdvs: '430102',
  aggregateId: CODE,
  payload,
});

/** 信用修复: grounds as data, maker-checker, the city's restore rule, refused for a blacklisted subject. */
describe('credit repair (信用修复)', () => {
  const clock = new ManualClock('2026-03-02T02:00:00.000Z');
  const h = creditHarness(clock);
  const maker: PortalActor = aUser({ id: 'u-maker', username: 'maker', scope: '430100', roles: ['city-officer'] });
  const checker: PortalActor = aUser({ id: 'u-checker', username: 'checker', scope: '430100', roles: ['city-officer'] });
  const { call, refuse, fields } = actorCalls(h);
  const file = (subjectType: string, subjectCode: string) => call<CreditFileDetailView>(maker, Subjects.credit.getCreditFile, { subjectType, subjectCode });
  const repair = (over: Record<string, unknown> = {}) => ({
    subjectType: 'institution',
    subjectCode: CODE,
    grounds: ['CLEAN-6-MONTHS'],
    evidence: {},
    note: '整改完成，申请信用修复',
    ...over,
  });
  const violation = {
    caseId: '01a30000-0000-7000-8000-000000000061',
    caseNo: 'SH-430100-2026-000061',
    settlementId: '01a30000-0000-7000-8000-000000000062',
    setlId: 'S2026011000061',
    institutionCode: CODE,
    poolarea: '430100',
    practitionerCodes: [DOCTOR],
    ruleIds: ['R-DUP-001'],
    severity: '1',
    amountFen: '30000',
    outcome: 'DEDUCTED',
    confirmedOn: '2026-01-10',
  };

  beforeAll(async () => {
    await h.publish(
      EventSubjects.agreement.InstitutionRegistered,
      envelope('InstitutionRegistered', { code: CODE, name: '长沙某医院', type: 'hospital', level: '2', admdvs: '430102', poolarea: '430100' }),
    );
    await h.publish(VIOLATION_CONFIRMED_SUBJECT, envelope('ViolationConfirmed', violation));
    await h.publish(
      AgreementEventSubjects.AgreementSuspended,
      envelope('AgreementSuspended', {
        agreementId: '01a20000-0000-7000-8000-000000000061',
        institutionCode: CODE,
        poolarea: '430100',
        effectiveAt: '2026-01-10T00:00:00.000Z',
        suspensionId: '01a20000-0000-7000-8000-000000000062',
        kind: 'MANDATORY',
        reason: '违规使用医保基金',
        legalBasis: '《医疗保障基金使用监督管理条例》第三十八条',
        startsOn: '2026-01-10',
        endsOn: '2026-04-09',
      }),
    );
    // Three events of one institution consumed concurrently: each counts (the file row is locked).
    await waitFor(async () => ((await file('institution', CODE).catch(() => undefined))?.entries.length === 3 ? true : undefined), 10_000, 'three entries');
    expect(await file('institution', CODE)).toMatchObject({ score: 720, level: 'C' });
    await waitFor(async () => ((await file('practitioner', DOCTOR).catch(() => undefined))?.score === 820 ? true : undefined), 10_000, 'doctor 820');
  });

  it('refuses bad input naming the field, and a ground not yet met, without proposing anything', async () => {
    expect(fields(await refuse(maker, CreditRepairSubjects.propose, repair({ grounds: ['SIX-MONTHS'] })))).toEqual(['grounds']);
    expect(fields(await refuse(maker, CreditRepairSubjects.propose, repair({ subjectType: 'hospital' })))).toEqual(['subjectType']);
    const training = await refuse(maker, CreditRepairSubjects.propose, repair({ grounds: ['TRAINING-COMPLETED'] }));
    expect(training.code).toBe('VALIDATION');
    expect(fields(training)).toEqual(['evidence.certificateNo']);
    const early = await refuse(maker, CreditRepairSubjects.propose, repair());
    expect(early).toMatchObject({ code: 'CREDIT.REPAIR_GROUND_NOT_MET', details: { field: 'grounds', possibleFrom: '2026-07-10' } });
    expect((await refuse(maker, CreditRepairSubjects.propose, repair({ subjectCode: 'H43010299999' }))).code).toBe('NOT_FOUND');
    const other = aUser({ scope: '350100', roles: ['city-officer'] });
    expect((await refuse(other, CreditRepairSubjects.propose, repair())).code).toBe('NOT_FOUND');
    const [{ n }] = await h.sut.get(MikroORM).em.fork().execute<{ n: string }[]>(`select count(*)::text as n from credit.approval`);
    expect(n).toBe('0');
  });

  it('after 6 clean months a second officer approves; the city rule restores the lost score, the entry names the approval and evidence', async () => {
    clock.set('2026-07-11T02:00:00.000Z');
    const proposed = await call<RepairProposalReply>(
      maker,
      CreditRepairSubjects.propose,
      repair({ grounds: ['CLEAN-6-MONTHS', 'TRAINING-COMPLETED'], evidence: { certificateNo: 'PX-2026-0061' } }),
    );
    // Changsha (430100) restores all that was lost since the last repair, up to 150 points.
    expect(proposed).toMatchObject({ action: 'credit.repair-file', status: 'PENDING', restore: 130 });
    expect((await file('institution', CODE)).score).toBe(720);
    expect((await refuse(maker, approvals.decide, { id: proposed.approvalId, decision: 'approve' })).code).toBe('FORBIDDEN.SAME_PERSON');
    const approved = await call<ApprovalView<unknown, CreditRepairView>>(checker, approvals.decide, { id: proposed.approvalId, decision: 'approve' });
    expect(approved.result).toMatchObject({ restored: 130, scoreBefore: 720, scoreAfter: 850, levelBefore: 'C', levelAfter: 'B' });
    const f = await file('institution', CODE);
    expect(f).toMatchObject({ score: 850, level: 'B' });
    expect(f.entries.at(-1)).toMatchObject({
      kind: 'REPAIR',
      scoreDelta: 130,
      scoreAfter: 850,
      source: { eventId: proposed.approvalId, subject: 'credit.repair-file', service: 'credit-service' },
      evidence: { approvalId: proposed.approvalId, proposedBy: 'maker', grounds: 'CLEAN-6-MONTHS,TRAINING-COMPLETED', certificateNo: 'PX-2026-0061' },
    });
    expect(850 + f.entries.reduce((s, e) => s + e.scoreDelta, 0)).toBe(f.score);
    const [event] = await h.sut
      .get(MikroORM)
      .em.fork()
      .execute<{ envelope: { payload: Record<string, unknown> } }[]>(
        `select envelope from credit.outbox where type = 'CreditLevelChanged' order by seq desc limit 1`,
      );
    expect(event.envelope.payload).toMatchObject({ subjectCode: CODE, from: 'C', to: 'B', causeEventId: proposed.approvalId });
    // Nothing lost since this repair: a second one is refused.
    expect((await refuse(maker, CreditRepairSubjects.propose, repair())).code).toBe('CREDIT.NOTHING_TO_REPAIR');
  });

  it('refuses to repair a blacklisted subject before its period ends — also when it was listed after the repair was proposed', async () => {
    const pending = await call<RepairProposalReply>(maker, CreditRepairSubjects.propose, repair({ subjectType: 'practitioner', subjectCode: DOCTOR }));
    expect(pending.restore).toBe(30);
    const listing = await call<ListingProposalReply>(maker, CreditListSubjects.propose, {
      list: 'black',
      subjectType: 'practitioner',
      subjectCode: DOCTOR,
      subjectName: '张某',
      admdvs: '430102',
      decisionNo: '长医保信〔2026〕6号',
      legalBasis: '《医疗保障基金使用监督管理条例》第三十三条',
      reason: '参与欺诈骗保',
      periodStart: '2026-07-01',
      periodEnd: '2029-06-30',
      publicationText: '张某因参与欺诈骗保被列入严重失信名单。',
    });
    const listed = await call<ApprovalView<unknown, ListDecisionView>>(checker, approvals.decide, { id: listing.approvalId, decision: 'approve' });
    expect(listed.status).toBe('APPROVED');
    const late = await refuse(checker, approvals.decide, { id: pending.approvalId, decision: 'approve' });
    expect(late).toMatchObject({ code: 'CREDIT.BLACKLISTED', details: { field: 'subjectCode', until: '2029-06-30' } });
    await call(maker, approvals.withdraw, { id: pending.approvalId });
    const fresh = await refuse(maker, CreditRepairSubjects.propose, repair({ subjectType: 'practitioner', subjectCode: DOCTOR }));
    expect(fresh).toMatchObject({ code: 'CREDIT.BLACKLISTED', details: { field: 'subjectCode' } });
    expect(fresh.message).toContain('2029-06-30');
    const f = await file('practitioner', DOCTOR);
    // The listing itself is in the file (−200); the refused repair added nothing.
    expect(f.score).toBe(620);
    expect(f.entries.map((e) => e.kind)).toEqual(['VIOLATION', 'BLACKLISTED']);
  });
});
