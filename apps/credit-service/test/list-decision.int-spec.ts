import {
  type ApprovalView,
  approvalSubjects,
  type BlacklistStatusReply,
  CreditBlacklistSubjects,
  CreditListSubjects,
  type ListDecisionView,
  type ListingProposalReply,
  type Page,
} from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import { type MiNatsClient, type PortalActor, type RunningProcess } from '@mi/platform';
import { anIdCardNumber, asActor, aUscc, aUser, createTestInfra, startTestService, type TestInfra, testNatsClient } from '@mi/testing';
import { MikroORM } from '@mikro-orm/postgresql';
import { AppModule } from '../src/app.module';
import { CreditConfig } from '../src/config';
import { persistence } from '../src/persistence';

const approvals = approvalSubjects('credit');

describe('red/black list decisions (maker-checker), early repair, joint punishment notices', () => {
  let infra: TestInfra;
  let sut: RunningProcess<CreditConfig>;
  let client: MiNatsClient;
  const clock = new ManualClock('2026-03-02T02:00:00.000Z');
  const maker: PortalActor = aUser({ id: 'u-maker', username: 'maker', scope: '350100', roles: ['city-officer'] });
  const checker: PortalActor = aUser({ id: 'u-checker', username: 'checker', scope: '350100', roles: ['city-officer'] });
  const otherCity: PortalActor = aUser({ id: 'u-xm', username: 'xm', scope: '350200', roles: ['city-officer'] });
  const code = 'H35010200031';
  const uscc = aUscc({ region: '350102', serial: 31 });

  const call = <T>(actor: PortalActor, subject: string, body: unknown): Promise<T> => asActor(actor, () => client.request<T>(subject, body));
  async function refuse(actor: PortalActor, subject: string, body: unknown): Promise<{ code: string; message: string }> {
    const r = await asActor(actor, () => client.requestReply(subject, body));
    if (r.ok) throw new Error(`expected ${subject} to be refused`);
    return r.error;
  }
  const listing = (over: Record<string, unknown> = {}) => ({
    list: 'black',
    subjectType: 'institution',
    subjectCode: code,
    subjectName: '福州某民营医院',
    uscc,
    admdvs: '350102',
    decisionNo: '榕医保信〔2026〕1号',
    legalBasis: '《医疗保障基金使用监督管理条例》第三十三条',
    reason: '虚构医药服务项目骗取医保基金',
    periodStart: '2026-03-01',
    periodEnd: '2029-02-28',
    publicationText: '福州某民营医院因欺诈骗保被列入严重失信名单，公示期三年。',
    ...over,
  });
  async function listed(o: { institutionCode?: string; uscc?: string }): Promise<boolean> {
    return (await client.request<BlacklistStatusReply>(CreditBlacklistSubjects.blacklistStatus, o)).listed;
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

  let decision: ListDecisionView;

  it('lists a subject only when a second officer approves; the maker cannot approve', async () => {
    const proposed = await call<ListingProposalReply>(maker, CreditListSubjects.propose, listing());
    expect(proposed).toMatchObject({ action: 'credit.list-subject', status: 'PENDING' });
    expect(await listed({ institutionCode: code })).toBe(false);
    const same = await refuse(maker, approvals.decide, { id: proposed.approvalId, decision: 'approve' });
    expect(same.code).toBe('FORBIDDEN.SAME_PERSON');
    expect((await refuse(otherCity, approvals.decide, { id: proposed.approvalId, decision: 'approve' })).code).toBe('NOT_FOUND');
    expect((await refuse(maker, CreditListSubjects.propose, listing())).code).toBe('APPROVAL.ALREADY_PENDING');
    const approved = await call<ApprovalView<unknown, ListDecisionView>>(checker, approvals.decide, { id: proposed.approvalId, decision: 'approve' });
    expect(approved.status).toBe('APPROVED');
    decision = approved.result as ListDecisionView;
    expect(decision).toMatchObject({ status: 'IN_FORCE', list: 'black', decisionNo: '榕医保信〔2026〕1号', approvalId: proposed.approvalId });
    // Effects: the admission check refuses the institution by code and by USCC.
    expect(await listed({ institutionCode: code })).toBe(true);
    expect(await listed({ uscc })).toBe(true);
    expect((await refuse(maker, CreditListSubjects.propose, listing())).code).toBe('LIST.ALREADY_LISTED');
  });

  it('publishes the list in the region only, persons masked', async () => {
    const person = anIdCardNumber({ region: '350102', sequence: 31 });
    const p = await call<ListingProposalReply>(
      maker,
      CreditListSubjects.propose,
      listing({
        subjectType: 'controller',
        subjectCode: person,
        subjectName: '张某',
        uscc: undefined,
        institutionCode: code,
        decisionNo: '榕医保信〔2026〕2号',
      }),
    );
    await call(checker, approvals.decide, { id: p.approvalId, decision: 'approve' });
    // The controller is found by ID number (through its lookup hash) when they apply again.
    expect((await client.request<BlacklistStatusReply>(CreditBlacklistSubjects.blacklistStatus, { idNumber: person })).listed).toBe(true);
    expect(
      (await client.request<BlacklistStatusReply>(CreditBlacklistSubjects.blacklistStatus, { idNumber: anIdCardNumber({ region: '350102', sequence: 32 }) }))
        .listed,
    ).toBe(false);
    const page = await call<Page<ListDecisionView>>(checker, CreditListSubjects.list, { list: 'black' });
    expect(page.total).toBe(2);
    const controller = page.items.find((x) => x.subjectType === 'controller');
    expect(controller?.subjectCode).not.toContain(person.slice(6, 14));
    // PIPL: the number is nowhere in the clear — not in the decision, the blacklist, the approval or the audit log.
    const [clear] = await sut
      .get(MikroORM)
      .em.fork()
      .execute<{ n: string }[]>(
        `select (select count(*) from credit.list_decision d where d::text like ?) + (select count(*) from credit.blacklist_entry b where b::text like ?)
              + (select count(*) from credit.approval a where a::text like ?) + (select count(*) from credit.audit_log l where l::text like ?) + (select count(*) from credit.outbox o where o::text like ?) as n`,
        Array(5).fill(`%${person}%`),
      );
    expect(Number(clear.n)).toBe(0);
    expect(controller?.publicationText).toContain('严重失信');
    expect(await call<Page<ListDecisionView>>(otherCity, CreditListSubjects.list, {})).toMatchObject({ total: 0, items: [] });
    expect((await refuse(otherCity, CreditListSubjects.get, { id: decision.id })).code).toBe('NOT_FOUND');
    expect((await refuse(maker, CreditListSubjects.propose, listing({ subjectType: 'controller', subjectCode: '123' }))).code).toBe('VALIDATION');
  });

  it('tracks joint-punishment notices sent → acknowledged', async () => {
    const sent = await call<ListDecisionView>(maker, CreditListSubjects.sendNotices, { id: decision.id, departments: ['market-regulation', 'tax'] });
    expect(sent.notices.map((n) => [n.department, n.status])).toEqual([
      ['market-regulation', 'SENT'],
      ['tax', 'SENT'],
    ]);
    expect((await refuse(maker, CreditListSubjects.sendNotices, { id: decision.id, departments: ['tax'] })).code).toBe('LIST.NOTICE_EXISTS');
    const tax = sent.notices.find((n) => n.department === 'tax');
    const ack = await call<ListDecisionView>(checker, CreditListSubjects.acknowledgeNotice, {
      id: decision.id,
      noticeId: tax?.id,
      acknowledgedOn: '2026-03-05',
      note: '已纳入税务信用',
    });
    expect(ack.notices.find((n) => n.department === 'tax')).toMatchObject({ status: 'ACKNOWLEDGED', acknowledgedOn: '2026-03-05', departmentName: '税务局' });
    expect((await refuse(checker, CreditListSubjects.acknowledgeNotice, { id: decision.id, noticeId: tax?.id, acknowledgedOn: '2026-03-06' })).code).toBe(
      'LIST.NOTICE_ALREADY_ACKNOWLEDGED',
    );
  });

  it('refuses removal before the period ends unless a legal ground for early repair applies', async () => {
    const early = await refuse(maker, CreditListSubjects.repair, { id: decision.id, ground: 'CREDIT-REPAIR', note: '整改完成' });
    expect(early.code).toBe('LIST.PERIOD_NOT_ENDED');
    expect(early.message).toContain('runs until 2029-02-28');
    expect((await refuse(maker, CreditListSubjects.repair, { id: decision.id, ground: 'PERIOD-ENDED', note: 'x' })).code).toBe('LIST.PERIOD_NOT_ENDED');
    expect(await listed({ institutionCode: code })).toBe(true);
    clock.set('2026-03-10T02:00:00.000Z');
    const repaired = await call<ListDecisionView>(maker, CreditListSubjects.repair, {
      id: decision.id,
      ground: 'DECISION-REVOKED',
      note: '原行政处罚决定经复议撤销',
    });
    expect(repaired).toMatchObject({ status: 'REPAIRED', endedOn: '2026-03-10', repairGround: 'DECISION-REVOKED' });
    expect(await listed({ institutionCode: code })).toBe(false);
    expect(await listed({ uscc })).toBe(false);
    expect((await refuse(maker, CreditListSubjects.repair, { id: decision.id, ground: 'DECISION-REVOKED', note: 'x' })).code).toBe('LIST.NOT_IN_FORCE');
    const [events] = await sut
      .get(MikroORM)
      .em.fork()
      .execute<{ n: string }[]>(
        `select count(*)::text as n from credit.outbox where type in ('SubjectListed', 'SubjectDelisted', 'JointNoticeSent', 'JointNoticeAcknowledged')`,
      );
    expect(Number(events.n)).toBe(2 + 1 + 2 + 1);
  });

  it('a listing past its period reads as ended, and removal then needs no early ground', async () => {
    clock.set('2026-03-02T02:00:00.000Z');
    const p = await call<ListingProposalReply>(
      maker,
      CreditListSubjects.propose,
      listing({
        list: 'red',
        subjectCode: 'H35010200032',
        uscc: undefined,
        decisionNo: '榕医保信〔2026〕3号',
        periodEnd: '2026-03-05',
        publicationText: '守信激励',
      }),
    );
    const red = (await call<ApprovalView<unknown, ListDecisionView>>(checker, approvals.decide, { id: p.approvalId, decision: 'approve' }))
      .result as ListDecisionView;
    expect(await listed({ institutionCode: 'H35010200032' })).toBe(false); // red lists do not block admission
    clock.set('2026-03-06T02:00:00.000Z');
    const inForce = await call<Page<ListDecisionView>>(checker, CreditListSubjects.list, { status: 'IN_FORCE' });
    expect(inForce.items.map((x) => x.decisionNo)).toEqual(['榕医保信〔2026〕2号']);
    const ended = await call<Page<ListDecisionView>>(checker, CreditListSubjects.list, { status: 'ENDED', list: 'red' });
    expect(ended.items.map((x) => [x.decisionNo, x.status])).toEqual([['榕医保信〔2026〕3号', 'ENDED']]);
    const removed = await call<ListDecisionView>(maker, CreditListSubjects.repair, { id: red.id, ground: 'PERIOD-ENDED', note: '公示期满' });
    expect(removed).toMatchObject({ status: 'ENDED', repairGround: 'PERIOD-ENDED', endedOn: '2026-03-06' });
  });
});
