import { MikroORM } from '@mikro-orm/postgresql';
import {
  type ApprovalView,
  approvalSubjects,
  type CreditFileDetailView,
  CreditListSubjects,
  CreditPenaltySubjects,
  EventSubjects,
  type ListDecisionView,
  type ListingProposalReply,
  type Page,
  type PenaltyView,
  Subjects,
} from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import { newUuidV7, type PortalActor } from '@mi/platform';
import { aUser, waitFor } from '@mi/testing';
import { actorCalls, creditHarness } from './credit-harness';

const approvals = approvalSubjects('credit');
const CODE = 'H35010200071';
const DOCTOR = 'D350102000071';

/** 行政处罚 and 红黑名单 decisions enter the subject's credit file (一户一档/一人一档) with their evidence. */
describe('penalty and listing decisions in credit files', () => {
  const clock = new ManualClock('2026-06-01T02:00:00.000Z');
  const h = creditHarness(clock);
  const officer: PortalActor = aUser({ id: 'u-o1', username: 'officer1', scope: '350100', roles: ['city-officer'] });
  const checker: PortalActor = aUser({ id: 'u-o2', username: 'officer2', scope: '350100', roles: ['city-officer'] });
  const xiamen: PortalActor = aUser({ id: 'u-xm', username: 'xm', scope: '350200', roles: ['city-officer'] });
  const reviewer: PortalActor = aUser({ id: 'u-rv', username: 'rv', scope: '350100', roles: ['reviewer'] });
  const { call, refuse, fields } = actorCalls(h);
  const file = (subjectType: string, subjectCode: string) => call<CreditFileDetailView>(officer, Subjects.credit.getCreditFile, { subjectType, subjectCode });
  const penalty = (over: Record<string, unknown> = {}) => ({
    subjectType: 'institution',
    subjectCode: CODE,
    subjectName: '福州某医院',
    admdvs: '350102',
    decisionNo: '榕医保罚〔2026〕7号',
    decidedOn: '2026-05-28',
    legalBasis: '《医疗保障基金使用监督管理条例》第三十八条',
    facts: '2025年度串换药品、重复收费，造成基金损失12,345.67元',
    measures: [
      { kind: 'ORDER_REFUND', amountFen: '1234567' },
      { kind: 'FINE', amountFen: '2469134' },
    ],
    evidence: [{ title: '行政处罚决定书', pages: 4 }],
    caseRef: 'SH-350100-2026-000071',
    ...over,
  });
  const count = async (sql: string, params: unknown[]) =>
    Number((await h.sut.get(MikroORM).em.fork().execute<{ n: string }[]>(`select count(*)::text as n from ${sql}`, params))[0].n);

  beforeAll(async () => {
    await h.publish(EventSubjects.agreement.InstitutionRegistered, {
      id: newUuidV7(),
      type: 'InstitutionRegistered',
      version: 1,
      occurredAt: '2026-01-05T02:00:00.000Z',
      admdvs: '350102',
      aggregateId: CODE,
      payload: { code: CODE, name: '福州某医院', type: 'hospital', level: '2', admdvs: '350102', poolarea: '350100' },
    });
    await waitFor(async () => (await file('institution', CODE).catch(() => undefined)) ?? undefined, 10_000, 'institution file');
  });

  it('records a penalty once: the file scores its heaviest measure, names the decision, and PenaltyRecorded is published', async () => {
    const before = await file('institution', CODE);
    expect(before.score).toBe(850);
    const p = await call<PenaltyView>(officer, CreditPenaltySubjects.record, penalty());
    // 一案多罚: refund (−20) and fine (−60) count once, as the heavier fine.
    expect(p).toMatchObject({ scoreDelta: -60, scoreAfter: 790, totalFen: '3703701', recordedBy: 'officer1', caseRef: 'SH-350100-2026-000071' });
    expect(p.measures.map((m) => m.label)).toEqual(['责令退回', '罚款']);
    const after = await file('institution', CODE);
    expect(after.score).toBe(790);
    const entry = after.entries.find((e) => e.kind === 'PENALTY');
    expect(entry).toMatchObject({
      scoreDelta: -60,
      sourceEventId: p.id,
      evidence: { penaltyId: p.id, decisionNo: '榕医保罚〔2026〕7号', totalFen: '3703701' },
    });
    expect(entry?.summary).toContain('罚款 24691.34元');
    expect(await count(`credit.outbox where type = 'PenaltyRecorded' and envelope->>'aggregateId' = ?`, [p.id])).toBe(1);
    // The same decision number again: refused, nothing changes.
    const dup = await refuse(officer, CreditPenaltySubjects.record, penalty({ measures: [{ kind: 'WARNING' }] }));
    expect(dup.code).toBe('PENALTY.DUPLICATE');
    expect((await file('institution', CODE)).score).toBe(790);
    expect(await count(`credit.penalty_decision where decision_no = ?`, ['榕医保罚〔2026〕7号'])).toBe(1);
  });

  it('refuses bad input naming the field, and changes nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ measures: [{ kind: 'FINE' }] }, 'measures[0].amountFen'],
      [{ measures: [{ kind: 'WARNING', amountFen: '100' }] }, 'measures[0].amountFen'],
      [
        {
          measures: [
            { kind: 'FINE', amountFen: '100' },
            { kind: 'FINE', amountFen: '200' },
          ],
        },
        'measures[1].kind',
      ],
      [{ measures: [{ kind: 'FINE', amountFen: '12.50' }] }, 'measures[0].amountFen'],
      [{ measures: [] }, 'measures'],
      [{ decidedOn: '2026-06-02' }, 'decidedOn'],
      [{ decidedOn: '2026-02-30' }, 'decidedOn'],
    ];
    for (const [over, field] of cases) {
      const e = await refuse(officer, CreditPenaltySubjects.record, penalty({ decisionNo: '榕医保罚〔2026〕8号', ...over }));
      expect({ over, code: e.code, fields: fields(e) }).toEqual({ over, code: 'VALIDATION', fields: expect.arrayContaining([field]) });
    }
    // An institution the registry does not know has no file: not found, no file opened.
    expect((await refuse(officer, CreditPenaltySubjects.record, penalty({ decisionNo: '榕医保罚〔2026〕9号', subjectCode: 'H35010299999' }))).code).toBe(
      'NOT_FOUND',
    );
    // Another city's officer, and a reviewer, may not record Fuzhou's penalties.
    expect((await refuse(xiamen, CreditPenaltySubjects.record, penalty({ decisionNo: '榕医保罚〔2026〕10号' }))).code).toBe('FORBIDDEN.REGION');
    expect((await refuse(reviewer, CreditPenaltySubjects.record, penalty({ decisionNo: '榕医保罚〔2026〕11号' }))).code).toBe('FORBIDDEN.ROLE');
    expect(await count(`credit.penalty_decision`, [])).toBe(1);
    expect((await file('institution', CODE)).score).toBe(790);
  });

  it('opens a practitioner’s file with a penalty and lists penalties of the region only', async () => {
    const p = await call<PenaltyView>(
      officer,
      CreditPenaltySubjects.record,
      penalty({ subjectType: 'practitioner', subjectCode: DOCTOR, subjectName: '王某', decisionNo: '榕医保罚〔2026〕12号', measures: [{ kind: 'WARNING' }] }),
    );
    expect(p).toMatchObject({ scoreDelta: -20, scoreAfter: 830, totalFen: '0' });
    expect((await file('practitioner', DOCTOR)).entries.map((e) => e.kind)).toEqual(['PENALTY']);
    const mine = await call<Page<PenaltyView>>(reviewer, CreditPenaltySubjects.list, {});
    expect(mine.items.map((x) => x.decisionNo).sort()).toEqual(['榕医保罚〔2026〕12号', '榕医保罚〔2026〕7号']);
    expect((await call<Page<PenaltyView>>(officer, CreditPenaltySubjects.list, { subjectType: 'practitioner' })).total).toBe(1);
    expect((await call<Page<PenaltyView>>(xiamen, CreditPenaltySubjects.list, {})).total).toBe(0);
  });

  it('a black listing enters the file with its weight; its removal is recorded without restoring the score', async () => {
    const proposed = await call<ListingProposalReply>(officer, CreditListSubjects.propose, {
      list: 'black',
      subjectType: 'institution',
      subjectCode: CODE,
      subjectName: '福州某医院',
      admdvs: '350102',
      decisionNo: '榕医保信〔2026〕71号',
      legalBasis: '《医疗保障基金使用监督管理条例》第三十三条',
      reason: '欺诈骗保',
      periodStart: '2026-06-01',
      periodEnd: '2027-05-31',
      publicationText: '福州某医院列入严重失信名单。',
    });
    const approved = await call<ApprovalView<unknown, ListDecisionView>>(checker, approvals.decide, { id: proposed.approvalId, decision: 'approve' });
    const d = approved.result as ListDecisionView;
    const listed = await file('institution', CODE);
    expect(listed.score).toBe(590);
    expect(listed.level).toBe('D');
    expect(listed.entries.find((e) => e.kind === 'BLACKLISTED')).toMatchObject({ scoreDelta: -200, sourceEventId: d.id, evidence: { decisionId: d.id } });
    await call<ListDecisionView>(officer, CreditListSubjects.repair, { id: d.id, ground: 'DECISION-REVOKED', note: '处罚决定经复议撤销' });
    const removed = await file('institution', CODE);
    expect(removed.entries.at(-1)).toMatchObject({ kind: 'DELISTED', scoreDelta: 0 });
    expect(removed.score).toBe(590);
  });
});
