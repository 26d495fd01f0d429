import { MikroORM } from '@mikro-orm/postgresql';
import { AgreementSubjects, type ApplicationView } from '@mi/contracts';
import { FixedClock } from '@mi/domain';
import type { MiNatsClient, RunningProcess } from '@mi/platform';
import { asActor, aUser, createTestInfra, type TestInfra, testNatsClient } from '@mi/testing';
import { CITY_ADMISSION } from '../src/application/admission-policy';
import { AgreementConfig } from '../src/config';
import { persistence } from '../src/persistence';
import { designate, PHARMACY_MATERIALS, pharmacyFacts, registerInstitution, startAgreementService } from './agreement-fixtures';

type Rules = { rule: string; reason: string }[];

/**
 * Quanzhou (350500) adopts the 001_… 3rd-article pharmacy conditions: 24-hour service, ≥ 300
 * insured persons nearby, no price or quality violation in the past year, and (set here) a layout
 * plan per district. Each refusal names its rule and stores nothing.
 */
describe('pharmacy conditions a city adopts (24-hour service, insured nearby, violations, layout plan)', () => {
  let infra: TestInfra;
  let sut: RunningProcess<AgreementConfig>;
  let client: MiNatsClient;
  const quanzhouMaker = aUser({ id: 'u-qz-maker', username: 'qz-maker', scope: '350500', roles: ['city-officer'] });
  const quanzhouChecker = aUser({ id: 'u-qz-checker', username: 'qz-checker', scope: '350500', roles: ['city-officer'] });
  const planBefore = CITY_ADMISSION['350500'].pharmacyLayoutQuota;
  /** Meets every Quanzhou condition (open over a year). */
  const facts = (over: Record<string, unknown> = {}) =>
    pharmacyFacts({ openedOn: '2024-01-10', twentyFourHourService: true, insuredPersonsNearby: 450, priceOrQualityViolationInPastYear: false, ...over });
  const submit = (institutionCode: string, f: Record<string, unknown>) =>
    asActor(quanzhouMaker, () =>
      client.requestReply<ApplicationView>(AgreementSubjects.submitApplication, { institutionCode, materials: PHARMACY_MATERIALS, facts: f }),
    );
  const applications = async (code: string) =>
    Number(
      (
        await sut.get(MikroORM).em.fork().execute<{ n: string }[]>('select count(*)::text as n from agreement.application where institution_code = ?', [code])
      )[0].n,
    );

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startAgreementService(infra, new FixedClock('2026-03-02T01:00:00.000Z'));
    client = testNatsClient(infra);
    for (const code of ['P35050200002', 'P35050200003', 'P35050300004']) await registerInstitution(client, code, 'pharmacy', code.slice(1, 7));
  });

  afterAll(async () => {
    CITY_ADMISSION['350500'].pharmacyLayoutQuota = planBefore;
    await sut?.close();
    await infra?.close();
  });

  it.each([
    ['PHARM-24H', { twentyFourHourService: false }, '24-hour'],
    ['PHARM-24H', { twentyFourHourService: undefined }, 'must be declared'],
    ['PHARM-INSURED-NEARBY', { insuredPersonsNearby: 299 }, '299 insured persons nearby; at least 300'],
    ['PHARM-PRICE-QUALITY', { priceOrQualityViolationInPastYear: true }, 'price or quality violation'],
  ])('refuses a pharmacy failing %s (%j), naming the rule; nothing is stored', async (rule, over, reason) => {
    const r = await submit('P35050200002', facts(over));
    expect(r.ok || r.error).toMatchObject({ code: 'AGREEMENT.NOT_ELIGIBLE', details: { field: 'facts' } });
    const rules = (r.ok ? [] : r.error.details?.rules) as Rules;
    expect(rules.map((x) => x.rule)).toEqual([rule]);
    expect(rules[0].reason).toContain(reason);
    expect(await applications('P35050200002')).toBe(0);
  });

  it('keeps within the layout plan: a district whose planned pharmacies are all designated refuses the next one; another district with room accepts', async () => {
    CITY_ADMISSION['350500'].pharmacyLayoutQuota = { '350502': 1, '350503': 1 };
    // The one planned point of 鲤城区 (350502) is taken by a designated pharmacy.
    await designate(client, 'P35050200001', { facts: facts(), admdvs: '350502', officers: { maker: quanzhouMaker, checker: quanzhouChecker } });
    const full = await submit('P35050200003', facts());
    expect(full.ok || full.error.code).toBe('AGREEMENT.NOT_ELIGIBLE');
    expect(full.ok || full.error.details?.rules).toEqual([
      { rule: 'PHARM-LAYOUT-QUOTA', reason: 'the layout plan allows 1 designated pharmacies in 350502; 1 already designated' },
    ]);
    expect(await applications('P35050200003')).toBe(0);
    const room = await submit('P35050300004', facts());
    expect(room.ok && room.data.status).toBe('ACCEPTED');
    // A district the plan leaves out has no planned points.
    CITY_ADMISSION['350500'].pharmacyLayoutQuota = { '350502': 1 };
    const unplanned = await submit('P35050200002', facts());
    expect(unplanned.ok || unplanned.error.details?.rules).toEqual([expect.objectContaining({ rule: 'PHARM-LAYOUT-QUOTA' })]);
    // Raising the plan makes room again.
    CITY_ADMISSION['350500'].pharmacyLayoutQuota = { '350502': 2 };
    const raised = await submit('P35050200003', facts());
    expect(raised.ok && raised.data.status).toBe('ACCEPTED');
  });
});
