import { AgreementSubjects, type IndicatorsInForceView, type ProposalReply } from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import type { MiNatsClient, RunningProcess } from '@mi/platform';
import { asActor, aUser, createTestInfra, type TestInfra, testNatsClient } from '@mi/testing';
import { AgreementConfig } from '../src/config';
import { persistence } from '../src/persistence';
import { approve, changsha, designate, maker, startAgreementService } from './agreement-fixtures';

/**
 * The indicators in force during a past period (what claims review's indicator assessment compares
 * with): each agreement keeps the indicators it was signed with, a renewal brings new ones from
 * 1 January, a termination ends an agreement's days in force.
 */
describe('indicators of the agreements in force during a period (mi.v1.agreement.indicators-in-force)', () => {
  let infra: TestInfra;
  let sut: RunningProcess<AgreementConfig>;
  let client: MiNatsClient;
  const clock = new ManualClock('2026-03-02T01:00:00.000Z');
  const reviewer = aUser({ id: 'u-rev', username: 'fz.reviewer', scope: '350100', roles: ['reviewer'] });
  const renewed = 'H35010200081';
  const terminated = 'H35010200082';
  let applicationId: string;
  const inForce = (body: Record<string, unknown>, who = reviewer) =>
    asActor(who, () => client.requestReply<IndicatorsInForceView>(AgreementSubjects.indicatorsInForce, body));
  const ok = async (body: Record<string, unknown>) => {
    const r = await inForce(body);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.data;
  };

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startAgreementService(infra, clock);
    client = testNatsClient(infra);
    applicationId = (await designate(client, renewed, { type: 'hospital' })).applicationId!;
    await designate(client, terminated, { type: 'hospital' });
    // 10:00 on 15 August in Fuzhou: the second hospital's agreement is terminated (fraud confirmed, ground 3).
    clock.set('2026-08-15T02:00:00.000Z');
    const termination = await asActor(maker, () =>
      client.request<ProposalReply>(AgreementSubjects.proposeTermination, { institutionCode: terminated, ground: 3, reason: '经查实欺诈骗保' }),
    );
    await approve(client, termination.approvalId);
    // Renewed in the window with new targets for 2027.
    clock.set('2026-10-09T01:00:00.000Z');
    const renewal = await asActor(maker, () =>
      client.request<ProposalReply>(AgreementSubjects.proposeSigning, {
        applicationId,
        indicators: { selfPayRatioPct: 8, drugSharePct: 30, costPerAdmissionFen: '900000', averageStayDays: 9 },
        reason: '年度续签，调整量化指标',
      }),
    );
    await approve(client, renewal.approvalId);
    clock.set('2027-01-20T01:00:00.000Z');
  });

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
  });

  it('answers the targets in force during a past quarter, not today’s', async () => {
    const q4 = await ok({ institutionCode: renewed, from: '2026-10-01', to: '2026-12-31' });
    expect(q4.agreements).toEqual([
      expect.objectContaining({
        inForceFrom: '2026-03-02',
        inForceTo: '2026-12-31',
        indicators: { westernStockingRatePct: 80, patentChineseStockingRatePct: 60, selfPayRatioPct: 10 },
      }),
    ]);
    const q1 = await ok({ institutionCode: renewed, from: '2027-01-01', to: '2027-03-31' });
    expect(q1.agreements).toEqual([
      expect.objectContaining({
        inForceFrom: '2027-01-01',
        inForceTo: '2027-12-31',
        indicators: { selfPayRatioPct: 8, drugSharePct: 30, costPerAdmissionFen: '900000', averageStayDays: 9 },
      }),
    ]);
    // A window across the change: both, oldest first.
    const across = await ok({ institutionCode: renewed, from: '2026-12-01', to: '2027-01-31' });
    expect(across.agreements.map((a) => [a.inForceFrom, a.inForceTo])).toEqual([
      ['2026-03-02', '2026-12-31'],
      ['2027-01-01', '2027-12-31'],
    ]);
    expect(across.agreements[0].number).not.toBe(across.agreements[1].number);
  });

  it('ends a terminated agreement’s days in force on the day the termination took effect', async () => {
    const q3 = await ok({ institutionCode: terminated, from: '2026-07-01', to: '2026-09-30' });
    expect(q3.agreements).toEqual([expect.objectContaining({ status: 'TERMINATED', inForceFrom: '2026-03-02', inForceTo: '2026-08-15' })]);
    expect((await ok({ institutionCode: terminated, from: '2026-09-01', to: '2026-09-30' })).agreements).toEqual([]);
    expect((await ok({ institutionCode: renewed, from: '2025-01-01', to: '2025-12-31' })).agreements).toEqual([]);
  });

  it('refuses a window that ends before it starts, and another city’s officer', async () => {
    const backwards = await inForce({ institutionCode: renewed, from: '2026-10-01', to: '2026-09-30' });
    expect(backwards.ok || [backwards.error.code, backwards.error.details?.field]).toEqual(['VALIDATION', 'to']);
    const badDate = await inForce({ institutionCode: renewed, from: '2026-02-30', to: '2026-03-31' });
    expect(badDate.ok || badDate.error.code).toBe('VALIDATION');
    const foreign = await inForce({ institutionCode: renewed, from: '2026-10-01', to: '2026-12-31' }, changsha);
    expect(foreign.ok || foreign.error.code).toBe('NOT_FOUND');
  });
});
