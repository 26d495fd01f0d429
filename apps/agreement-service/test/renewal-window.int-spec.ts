import { AgreementEventSubjects, AgreementSubjects, type AgreementView, InstitutionAdmittedEvent, type Page, type ProposalReply } from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import type { MiNatsClient, RunningProcess } from '@mi/platform';
import { asActor, createTestInfra, type TestInfra, testNatsClient } from '@mi/testing';
import { AgreementSweeper } from '../src/agreement/agreement-sweeper';
import { AgreementConfig } from '../src/config';
import { EligibilityCache } from '../src/eligibility/eligibility-cache';
import { persistence } from '../src/persistence';
import { approve, designate, eventErrors, maker, publishedEvents, startAgreementService } from './agreement-fixtures';

describe('renewal only inside the window before expiry; not renewed → EXPIRED at year end (AGR-07)', () => {
  let infra: TestInfra;
  let sut: RunningProcess<AgreementConfig>;
  let client: MiNatsClient;
  const clock = new ManualClock('2026-03-02T01:00:00.000Z');
  const renewing = 'P35010200071';
  const lapsing = 'P35010200072';
  const apps: Record<string, string> = {};
  const propose = (code: string, over: Record<string, unknown> = {}) =>
    asActor(maker, () =>
      client.requestReply<ProposalReply>(AgreementSubjects.proposeSigning, {
        applicationId: apps[code],
        indicators: { westernStockingRatePct: 85 },
        reason: '年度续签',
        ...over,
      }),
    );
  const get = (code: string) => asActor(maker, () => client.request<AgreementView>(AgreementSubjects.getAgreement, { institutionCode: code }));
  const expiring = (days: number) => asActor(maker, () => client.request<Page<AgreementView>>(AgreementSubjects.listAgreements, { expiringWithinDays: days }));

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startAgreementService(infra, clock);
    client = testNatsClient(infra);
    for (const code of [renewing, lapsing]) apps[code] = (await designate(client, code)).applicationId!;
  });

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
  });

  it('refuses a renewal before the window opens, naming the window; lists nothing as expiring yet', async () => {
    clock.set('2026-09-30T04:00:00.000Z'); // 30 September, noon in Fuzhou
    const early = await propose(renewing);
    expect(early.ok || early.error).toMatchObject({
      code: 'AGREEMENT.RENEWAL_WINDOW',
      details: { rule: 'AGR-07', opensOn: '2026-10-01', closesOn: '2026-12-31' },
    });
    expect(early.ok || early.error.message).toContain('2026-10-01');
    expect((await expiring(91)).total).toBe(0);
    expect((await expiring(92)).items.map((a) => a.institutionCode).sort()).toEqual([renewing, lapsing]);
  });

  it('inside the window the renewal continues into the next natural year; another start day is refused', async () => {
    clock.set('2026-10-01T01:00:00.000Z');
    const gap = await propose(renewing, { validFrom: '2027-02-01' });
    expect(gap.ok || gap.error.details).toMatchObject({ field: 'validFrom' });
    const ok = await propose(renewing);
    expect(ok.ok).toBe(true);
    const next = (await approve(client, (ok as { data: ProposalReply }).data.approvalId)).result as AgreementView;
    expect(next).toMatchObject({ institutionCode: renewing, validFrom: '2027-01-01', validTo: '2027-12-31', status: 'ACTIVE' });
    // Renewed: no longer "expiring soon"; the one not renewed still is.
    expect((await expiring(92)).items.map((a) => a.institutionCode)).toEqual([lapsing]);
    // Admitted once, at the first signing; the renewal signs again but admits no one.
    const signed = await publishedEvents(sut, infra, AgreementEventSubjects.AgreementSigned);
    expect(signed.filter((e) => e.payload.institutionCode === renewing)).toHaveLength(2);
    const admitted = await publishedEvents(sut, infra, AgreementEventSubjects.InstitutionAdmitted);
    expect(admitted.map((e) => e.payload.institutionCode)).toEqual([renewing, lapsing]);
    const first = signed.find((e) => e.payload.institutionCode === renewing && e.payload.validFrom === '2026-03-02');
    expect(admitted[0]).toMatchObject({
      type: 'InstitutionAdmitted',
      admdvs: '350102',
      aggregateId: renewing,
      payload: {
        institutionCode: renewing,
        agreementId: first?.aggregateId,
        applicationId: apps[renewing],
        poolarea: '350100',
        institutionType: 'pharmacy',
        level: '0',
        admittedOn: '2026-03-02',
      },
    });
    for (const e of admitted) expect(eventErrors(InstitutionAdmittedEvent, e)).toEqual([]);
  });

  it('at year end the unrenewed agreement expires and can no longer be renewed; the renewed one carries on', async () => {
    clock.set('2026-12-31T16:00:00.000Z'); // 00:00 on 1 January 2027 in Fuzhou
    expect(await sut.get(AgreementSweeper).sweep()).toMatchObject({ expired: 2 });
    expect(await get(lapsing)).toMatchObject({ status: 'EXPIRED', validTo: '2026-12-31' });
    expect(await get(renewing)).toMatchObject({ status: 'ACTIVE', validFrom: '2027-01-01' });
    expect(sut.get(EligibilityCache).check(renewing, clock.now()).eligible).toBe(true);
    expect(sut.get(EligibilityCache).check(lapsing, clock.now()).reasons).toEqual(['AGREEMENT_EXPIRED']);
    clock.set('2027-01-02T01:00:00.000Z');
    const late = await propose(lapsing);
    expect(late.ok || late.error).toMatchObject({ code: 'AGREEMENT.RENEWAL_WINDOW', details: { opensOn: '2026-10-01', closesOn: '2026-12-31' } });
  });
});
