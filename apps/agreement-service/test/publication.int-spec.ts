import { AgreementSubjects, approvalSubjects, type ApplicationView, type Page, type ProposalReply, type PublicationView } from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import type { MiNatsClient, RunningProcess } from '@mi/platform';
import { asActor, aUser, createTestInfra, type TestInfra, testNatsClient } from '@mi/testing';
import { AgreementSweeper } from '../src/agreement/agreement-sweeper';
import { AgreementConfig } from '../src/config';
import { persistence } from '../src/persistence';
import {
  approve,
  changsha,
  checker,
  designate,
  maker,
  PHARMACY_MATERIALS,
  pharmacyFacts,
  registerInstitution,
  startAgreementService,
} from './agreement-fixtures';

describe('decisions published citywide (公示/公告), written with the decision', () => {
  let infra: TestInfra;
  let sut: RunningProcess<AgreementConfig>;
  let client: MiNatsClient;
  const clock = new ManualClock('2026-03-02T01:00:00.000Z');
  const suspended = 'P35010200091';
  const terminated = 'P35010200092';
  const lapsing = 'P35010200093';
  const failed = 'P35010200094';
  const raced = 'P35010200095';
  // An officer of another county of the same city: decisions apply citywide, so it sees them all.
  const cangshan = aUser({ id: 'u-cangshan', username: 'cangshan', scope: '350104', roles: ['county-officer'] });
  const list = (q: Record<string, unknown> = {}, actor = maker) =>
    asActor(actor, () => client.request<Page<PublicationView>>(AgreementSubjects.listPublications, q));
  const propose = (subject: string, body: Record<string, unknown>) => asActor(maker, () => client.request<ProposalReply>(subject, body));

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startAgreementService(infra, clock);
    client = testNatsClient(infra);
    for (const code of [suspended, terminated, lapsing, raced]) await designate(client, code);
  });

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
  });

  it('publishes evaluation results, passed and failed', async () => {
    await registerInstitution(client, failed);
    await asActor(maker, async () => {
      const app = await client.request<ApplicationView>(AgreementSubjects.submitApplication, {
        institutionCode: failed,
        materials: PHARMACY_MATERIALS,
        facts: pharmacyFacts(),
      });
      await client.request(AgreementSubjects.evaluateApplication, {
        id: app.id,
        team: ['a', 'b', 'c'],
        votes: [
          { member: 'a', inFavour: true },
          { member: 'b', inFavour: false },
          { member: 'c', inFavour: false },
        ],
      });
    });
    const passed = await list({ kind: 'EVALUATION_PASSED' });
    expect(passed.items.map((p) => p.institutionCode).sort()).toEqual([suspended, terminated, lapsing, raced].sort());
    const [fail] = (await list({ kind: 'EVALUATION_FAILED' })).items;
    expect(fail).toMatchObject({
      institutionCode: failed,
      poolarea: '350100',
      effectiveOn: '2026-03-02',
      title: '定点医药机构评估结果公示',
      sourceType: 'application',
    });
    expect(fail.text).toContain('不合格');
    expect(fail.text).toContain('赞成1票');
  });

  it('publishes a suspension when decided and a termination, in the decision’s transaction', async () => {
    const s = await propose(AgreementSubjects.proposeSuspension, {
      institutionCode: suspended,
      reason: '日常检查发现重大风险隐患',
      legalBasis: '《医疗机构医疗保障定点管理暂行办法》第四十二条',
      startsOn: '2026-04-01',
      endsOn: '2026-06-30',
    });
    expect((await list({ kind: 'SUSPENSION' })).total).toBe(0);
    await approve(client, s.approvalId);
    const [notice] = (await list({ kind: 'SUSPENSION' })).items;
    expect(notice).toMatchObject({ institutionCode: suspended, effectiveOn: '2026-04-01', title: '中止医疗保障服务协议公告' });
    expect(notice.text).toContain('自2026-04-01起至2026-06-30止中止医疗保障服务协议');
    expect(notice.text).toContain('日常检查发现重大风险隐患');

    const t = await propose(AgreementSubjects.proposeTermination, { institutionCode: terminated, ground: 3, reason: '查实欺诈骗保' });
    await approve(client, t.approvalId);
    const [termination] = (await list({ kind: 'TERMINATION' })).items;
    expect(termination).toMatchObject({ institutionCode: terminated, effectiveOn: '2026-03-02', title: '解除医疗保障服务协议公告' });
    expect(termination.text).toContain('经查实有欺诈骗保行为');

    // A decision that fails when approved leaves no notice: the suspension of an agreement terminated meanwhile.
    const late = await propose(AgreementSubjects.proposeSuspension, {
      institutionCode: raced,
      reason: '数据造假',
      legalBasis: '协议约定',
      startsOn: '2026-04-01',
      endsOn: '2026-04-30',
    });
    await approve(client, (await propose(AgreementSubjects.proposeTermination, { institutionCode: raced, ground: 8, reason: '重大违规' })).approvalId);
    const refused = await asActor(checker, () => client.requestReply(approvalSubjects('agreement').decide, { id: late.approvalId, decision: 'approve' }));
    expect(refused.ok || refused.error.code).toBe('AGREEMENT.TERMINATED');
    expect((await list({ institutionCode: raced })).items.map((p) => p.kind).sort()).toEqual(['EVALUATION_PASSED', 'TERMINATION']);
  });

  it('publishes an expiry without renewal; lists by city, newest first, paginated; another city sees nothing', async () => {
    clock.set('2026-12-31T16:00:00.000Z');
    await sut.get(AgreementSweeper).sweep();
    // The suspended pharmacy and the lapsing one expire unrenewed; the two terminated ones do not expire.
    expect((await list({ kind: 'EXPIRY' })).items.map((p) => [p.institutionCode, p.effectiveOn]).sort()).toEqual([
      [suspended, '2027-01-01'],
      [lapsing, '2027-01-01'],
    ]);
    const all = await list();
    expect(all.total).toBe(10);
    expect(all.items[0].kind).toBe('EXPIRY');
    const pageTwo = await list({ limit: 4, offset: 8 });
    expect(pageTwo).toMatchObject({ total: 10, limit: 4, offset: 8 });
    expect(pageTwo.items.map((p) => p.id)).toEqual(all.items.slice(8).map((p) => p.id));
    expect(pageTwo.items).toHaveLength(2);
    expect((await list({}, cangshan)).total).toBe(10);
    expect((await list({}, changsha)).total).toBe(0);
  });
});
