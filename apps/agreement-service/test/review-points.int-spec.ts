import { MikroORM } from '@mikro-orm/postgresql';
import { jetstream } from '@nats-io/jetstream';
import { AgreementSubjects, type Page, type PointsProposalView, type PointsView, VIOLATION_CONFIRMED_SUBJECT } from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import { type MiNatsClient, newUuidV7, type RunningProcess } from '@mi/platform';
import { asActor, createTestInfra, type TestInfra, testNatsClient, waitFor } from '@mi/testing';
import { AgreementConfig } from '../src/config';
import { EligibilityCache } from '../src/eligibility/eligibility-cache';
import { persistence } from '../src/persistence';
import { changsha, consumed, designate, maker, startAgreementService } from './agreement-fixtures';

describe('confirmed review violations score the named practitioners (12分制)', () => {
  let infra: TestInfra;
  let sut: RunningProcess<AgreementConfig>;
  let client: MiNatsClient;
  const clock = new ManualClock('2026-03-02T01:00:00.000Z');
  const pharmacy = 'P35010200041';
  const deducted = 'Y350102000041';
  const warned = 'Y350102000042';
  const unknown = 'Y350102999999';

  const violation = (over: Record<string, unknown>, id = newUuidV7()) => ({
    id,
    type: 'ViolationConfirmed',
    version: 1,
    occurredAt: '2026-03-02T01:00:00.000Z',
    admdvs: '350102',
    aggregateId: '01a40000-0000-7000-8000-000000000001',
    payload: {
      caseId: '01a40000-0000-7000-8000-000000000001',
      caseNo: 'SH-350100-2026-000007',
      settlementId: '01a40000-0000-7000-8000-000000000002',
      setlId: 'S2026030100007',
      institutionCode: pharmacy,
      poolarea: '350100',
      practitionerCodes: [deducted],
      ruleIds: ['R-QTY-001'],
      severity: '1',
      amountFen: '8800',
      outcome: 'DEDUCTED',
      confirmedOn: '2026-03-02',
      ...over,
    },
  });
  const publish = async (body: { id: string }, withMsgId = true) =>
    jetstream(infra.nats.nc).publish(infra.nats.resolver.subject(VIOLATION_CONFIRMED_SUBJECT), JSON.stringify(body), withMsgId ? { msgID: body.id } : {});
  /** Every published violation delivered and acknowledged by agreement-service's durable consumer. */
  const drained = () => consumed(infra, VIOLATION_CONFIRMED_SUBJECT);
  const points = (code: string) =>
    asActor(maker, () => client.request<PointsView>(AgreementSubjects.getPoints, { subjectType: 'practitioner', subjectCode: code }));
  const proposals = (actor = maker, status?: string) =>
    asActor(actor, () => client.request<Page<PointsProposalView>>(AgreementSubjects.listPointsProposals, status ? { status } : {}));
  const decide = (body: Record<string, unknown>, actor = maker) =>
    asActor(actor, () => client.requestReply<PointsProposalView>(AgreementSubjects.decidePointsProposal, body));

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startAgreementService(infra, clock);
    client = testNatsClient(infra);
    await designate(client, pharmacy);
    await asActor(maker, async () => {
      for (const [code, name] of [
        [deducted, '林药师'],
        [warned, '黄药师'],
      ]) {
        await client.request(AgreementSubjects.registerPractitioner, { code, name, institutionCode: pharmacy, type: 'pharmacist' });
      }
      await client.request(AgreementSubjects.deductPoints, {
        subjectType: 'practitioner',
        subjectCode: deducted,
        item: 'no-real-name-purchase',
        occurredOn: '2026-02-10',
        note: '未执行实名购药',
      });
    });
  });

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
  });

  it('a deducted definite violation adds 3 points once, even delivered twice, and crosses the 6-point threshold', async () => {
    const event = violation({ practitionerCodes: [deducted, unknown, deducted] });
    await publish(event);
    await publish(event, false); // a redelivery JetStream's de-duplication does not catch
    await waitFor(async () => (await points(deducted)).total === 6, 10_000, '6 points');
    await drained();
    const p = await points(deducted);
    expect(p.total).toBe(6);
    expect(p.history.map((h) => [h.item, h.points])).toEqual([
      ['no-real-name-purchase', 3],
      ['review-deducted-definite', 3],
    ]);
    expect(p.history[1].evidence).toMatchObject({ caseNo: 'SH-350100-2026-000007', setlId: 'S2026030100007', institutionCode: pharmacy });
    // The existing threshold consequence: 6 points suspend the practitioner for 3 months.
    expect(sut.get(EligibilityCache).check(pharmacy, clock.now(), deducted).reasons).toEqual(['PRACTITIONER_NOT_ACTIVE']);
    const em = sut.get<MikroORM>(MikroORM).em.fork();
    const rows = await em.execute<{ n: string }[]>(`select count(*)::text as n from agreement.points_deduction where source_event_id = ?`, [event.id]);
    expect(rows[0].n).toBe('1');
    const skipped = await em.execute<{ target_id: string }[]>(`select target_id from agreement.audit_log where action = 'points.review-violation-skipped'`);
    expect(skipped.map((r) => r.target_id)).toEqual([unknown]);
  });

  it('a warning without deduction becomes one proposal an officer of the region confirms; it then counts', async () => {
    const event = violation({ practitionerCodes: [warned], outcome: 'WARNED', severity: '2', caseNo: 'SH-350100-2026-000008' });
    await publish(event);
    await publish(event, false);
    await waitFor(async () => (await proposals()).total === 1, 10_000, 'one proposal');
    await drained();
    expect((await points(warned)).total).toBe(0);
    const [proposal] = (await proposals(maker, 'PENDING')).items;
    expect(proposal).toMatchObject({ subjectCode: warned, item: 'review-warned', points: 1, status: 'PENDING', evidence: { caseNo: 'SH-350100-2026-000008' } });
    expect((await proposals(changsha)).total).toBe(0);
    const foreign = await decide({ proposalId: proposal.id, decision: 'confirm', note: '确认记分' }, changsha);
    expect(foreign.ok || foreign.error.code).toBe('NOT_FOUND');
    const bad = await decide({ proposalId: 'nope', decision: 'maybe', note: '' });
    expect(bad.ok || (bad.error.details?.fields as { field: string }[]).map((f) => f.field).sort()).toEqual(['decision', 'note', 'proposalId']);

    const confirmed = await decide({ proposalId: proposal.id, decision: 'confirm', note: '约谈后确认记分' });
    expect(confirmed.ok && confirmed.data).toMatchObject({ status: 'CONFIRMED', decidedBy: 'maker', deductionId: expect.any(String) });
    const p = await points(warned);
    expect(p).toMatchObject({ total: 1 });
    expect(p.history[0]).toMatchObject({ item: 'review-warned', evidence: { caseNo: 'SH-350100-2026-000008' } });
    const again = await decide({ proposalId: proposal.id, decision: 'dismiss', note: '重复' });
    expect(again.ok || again.error.code).toBe('AGREEMENT.PROPOSAL_DECIDED');
    expect((await points(warned)).total).toBe(1);
  });

  it('a dismissed proposal scores nothing', async () => {
    await publish(violation({ practitionerCodes: [warned], outcome: 'WARNED', severity: '3', caseNo: 'SH-350100-2026-000009' }));
    await waitFor(async () => (await proposals(maker, 'PENDING')).total === 1, 10_000, 'pending proposal');
    const [proposal] = (await proposals(maker, 'PENDING')).items;
    const dismissed = await decide({ proposalId: proposal.id, decision: 'dismiss', note: '经核实系系统误判' });
    expect(dismissed.ok && dismissed.data).toMatchObject({ status: 'DISMISSED', deductionId: null });
    expect((await points(warned)).total).toBe(1);
    expect((await proposals()).items.map((i) => i.status)).toEqual(['DISMISSED', 'CONFIRMED']);
  });
});
