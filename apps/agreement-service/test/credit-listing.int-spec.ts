import { MikroORM } from '@mikro-orm/postgresql';
import { jetstream } from '@nats-io/jetstream';
import { AgreementEventSubjects, AgreementSubjects, CreditListEventSubjects, type SettlementEligibilityReply } from '@mi/contracts';
import { FixedClock } from '@mi/domain';
import { type MiNatsClient, newUuidV7, type RunningProcess } from '@mi/platform';
import { asActor, createTestInfra, type TestInfra, testNatsClient } from '@mi/testing';
import { AgreementConfig } from '../src/config';
import { EligibilityCache } from '../src/eligibility/eligibility-cache';
import { persistence } from '../src/persistence';
import { consumed, designate, maker, publishedEvents, startAgreementService } from './agreement-fixtures';

describe('a practitioner black-listed after registration may not settle for the period (evt.credit.SubjectListed / SubjectDelisted)', () => {
  let infra: TestInfra;
  let sut: RunningProcess<AgreementConfig>;
  let client: MiNatsClient;
  const pharmacy = 'P35010200121';
  const pharmacist = 'Y350102000121';
  const colleague = 'Y350102000122';
  const decisionId = newUuidV7();
  const listingEvent = (type: 'SubjectListed' | 'SubjectDelisted', over: Record<string, unknown> = {}, occurredAt = '2026-03-02T01:00:00.000Z') => ({
    id: newUuidV7(),
    type,
    version: 1,
    occurredAt,
    admdvs: '350100',
    aggregateId: decisionId,
    payload: {
      decisionId,
      list: 'black',
      subjectType: 'practitioner',
      subjectCode: pharmacist,
      institutionCode: null,
      uscc: null,
      periodStart: '2026-03-05',
      periodEnd: '2026-09-04',
      status: type === 'SubjectListed' ? 'IN_FORCE' : 'REPAIRED',
      ...over,
    },
  });
  const publish = async (body: { id: string; type: string }, withMsgId = true) => {
    const subject = CreditListEventSubjects[body.type as 'SubjectListed' | 'SubjectDelisted'];
    await jetstream(infra.nats.nc).publish(infra.nats.resolver.subject(subject), JSON.stringify(body), withMsgId ? { msgID: body.id } : {});
    await consumed(infra, subject);
  };
  /** The answer of this replica's cache at a Beijing-time instant, for the pharmacist at the pharmacy. */
  const at = (instant: string, code = pharmacist) => sut.get(EligibilityCache).check(pharmacy, new Date(instant), code).reasons;
  const count = async (sql: string, params: unknown[] = []) => Number((await sut.get(MikroORM).em.fork().execute<{ n: string }[]>(sql, params))[0].n);
  const audits = (action: string) => count(`select count(*)::text as n from agreement.audit_log where action = ? and target_id = ?`, [action, pharmacist]);

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startAgreementService(infra, new FixedClock('2026-03-02T01:00:00.000Z'));
    client = testNatsClient(infra);
    await designate(client, pharmacy);
    for (const code of [pharmacist, colleague]) {
      await asActor(maker, () => client.request(AgreementSubjects.registerPractitioner, { code, name: '药师', institutionCode: pharmacy, type: 'pharmacist' }));
    }
  });

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
  });

  it('is eligible when registered; once listed, refused from the first day of the period to its last, with audit, once however often the event comes', async () => {
    expect(at('2026-03-02T01:00:00.000Z')).toEqual([]);
    const listed = listingEvent('SubjectListed');
    await publish(listed);
    // The period is in Beijing days: 5 March 00:00 (+08:00) to the end of 4 September.
    expect(at('2026-03-04T15:59:59.999Z')).toEqual([]);
    expect(at('2026-03-04T16:00:00.000Z')).toEqual(['PRACTITIONER_BLACKLISTED']);
    expect(at('2026-09-04T15:59:59.999Z')).toEqual(['PRACTITIONER_BLACKLISTED']);
    expect(at('2026-09-04T16:00:00.000Z')).toEqual([]);
    // Only the listed practitioner; the institution itself still settles.
    expect(at('2026-06-01T02:00:00.000Z', colleague)).toEqual([]);
    expect(sut.get(EligibilityCache).check(pharmacy, new Date('2026-06-01T02:00:00.000Z')).eligible).toBe(true);
    // Over NATS as claims review asks it.
    const reply = await client.request<SettlementEligibilityReply>(AgreementSubjects.settlementEligibility, {
      institutionCode: pharmacy,
      practitionerCode: pharmacist,
      at: '2026-06-01T10:00:00+08:00',
    });
    expect(reply).toMatchObject({ eligible: false, reasons: ['PRACTITIONER_BLACKLISTED'] });

    // Redelivered past the dedup window, and the same decision under a new event id: nothing twice.
    await publish(listed, false);
    await publish({ ...listed, id: newUuidV7() });
    expect(await count('select count(*)::text as n from agreement.practitioner_listing where practitioner_code = ?', [pharmacist])).toBe(1);
    expect(await audits('practitioner.blacklisted')).toBe(1);
    expect(await count('select count(*)::text as n from agreement.inbox where event_id = ?', [listed.id])).toBe(1);
    // Every replica hears one RegistryChanged for it (besides the registration's).
    const changes = (await publishedEvents(sut, infra, AgreementEventSubjects.RegistryChanged)).filter((e) => e.aggregateId === pharmacist);
    expect(changes).toHaveLength(2);
    expect(changes[1].payload).toEqual({ kind: 'practitioner', code: pharmacist, institutionCode: pharmacy });
    // A replica that starts now (cache built from the database) answers the same.
    await sut.get(EligibilityCache).rebuild();
    expect(at('2026-03-04T16:00:00.000Z')).toEqual(['PRACTITIONER_BLACKLISTED']);
  });

  it('ignores red lists and listings of others than practitioners (admission asks credit-service for those)', async () => {
    await publish(listingEvent('SubjectListed', { decisionId: newUuidV7(), list: 'red', subjectCode: colleague }));
    await publish(
      listingEvent('SubjectListed', { decisionId: newUuidV7(), subjectType: 'controller', subjectCode: '350102********1234', institutionCode: pharmacy }),
    );
    expect(at('2026-06-01T02:00:00.000Z', colleague)).toEqual([]);
    expect(await count('select count(*)::text as n from agreement.practitioner_listing')).toBe(1);
  });

  it('a delisting before the period ends lets the practitioner settle again from then, once', async () => {
    const delisted = listingEvent('SubjectDelisted', {}, '2026-04-01T02:00:00.000Z');
    await publish(delisted);
    expect(at('2026-04-01T01:59:59.999Z')).toEqual(['PRACTITIONER_BLACKLISTED']);
    expect(at('2026-04-01T02:00:00.000Z')).toEqual([]);
    await publish(delisted, false);
    expect(await audits('practitioner.delisted')).toBe(1);
    await sut.get(EligibilityCache).rebuild();
    expect([at('2026-03-20T02:00:00.000Z'), at('2026-05-01T02:00:00.000Z')]).toEqual([['PRACTITIONER_BLACKLISTED'], []]);
  });
});
