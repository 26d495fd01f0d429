import {
  AgreementSubjects,
  type ApplicationView,
  BlacklistStatusRequest,
  CreditBlacklistSubjects,
  type Page,
  type ProposalReply,
  Subjects,
} from '@mi/contracts';
import { MikroORM } from '@mikro-orm/postgresql';
import { ManualClock } from '@mi/domain';
import type { Subscription } from '@nats-io/transport-node';
import { type MiNatsClient, type RunningProcess } from '@mi/platform';
import { anIdCardNumber, anInstitutionRegistration, asActor, createTestInfra, type TestInfra, testNatsClient } from '@mi/testing';
import { AgreementConfig } from '../src/config';
import { persistence } from '../src/persistence';
import {
  approve,
  changsha,
  designate,
  eventErrors,
  hospitalFacts,
  maker,
  PHARMACY_MATERIALS,
  pharmacyFacts,
  registerInstitution,
  startAgreementService,
} from './agreement-fixtures';

type Rules = { rule: string }[];

describe('application and evaluation', () => {
  let infra: TestInfra;
  let sut: RunningProcess<AgreementConfig>;
  let client: MiNatsClient;
  let creditStub: Subscription;
  /** Codes and ID numbers credit-service's stand-in lists (the real responder is tested in credit-service). */
  const listed = new Set<string>();
  /** What the stand-in was asked, and the contract violations among those questions (must stay empty). */
  const asked: Record<string, string>[] = [];
  const contractErrors: unknown[] = [];
  // Friday 25 September 2026 (中秋节 holiday): the notice deadline skips it and the National Day week (1–7 October).
  const clock = new ManualClock('2026-09-25T02:00:00.000Z');
  const submit = (body: Record<string, unknown>) => asActor(maker, () => client.requestReply<ApplicationView>(AgreementSubjects.submitApplication, body));
  const evaluate = (id: string, votes: boolean[]) =>
    asActor(maker, () =>
      client.requestReply<ApplicationView>(AgreementSubjects.evaluateApplication, {
        id,
        team: votes.map((_, i) => `m${i}`),
        votes: votes.map((inFavour, i) => ({ member: `m${i}`, inFavour })),
      }),
    );

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startAgreementService(infra, clock, { BLACKLIST_SOURCE: 'credit-service' });
    client = testNatsClient(infra);
    creditStub = infra.nats.nc.subscribe(infra.nats.resolver.subject(CreditBlacklistSubjects.blacklistStatus), {
      callback: (_e, m) => {
        const req = m.json<Record<string, string>>();
        asked.push(req);
        contractErrors.push(...eventErrors(BlacklistStatusRequest, req));
        const hit = Object.values(req).some((v) => listed.has(v));
        m.respond(JSON.stringify({ ok: true, data: { listed: hit, entries: [] } }));
      },
    });
    for (const code of ['P35010200011', 'P35010200012', 'P35010200013']) await registerInstitution(client, code);
    await registerInstitution(client, 'H35010200014', 'hospital');
  });

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
  });

  it('lists every missing material in one notice with a 5-working-day deadline, then accepts when supplied', async () => {
    const r = await submit({ institutionCode: 'P35010200011', materials: ['application-form', 'licences'], facts: pharmacyFacts() });
    expect(r.ok && r.data).toMatchObject({ status: 'AWAITING_MATERIALS', notice: { issuedOn: '2026-09-25', deadline: '2026-10-09' } });
    const app = (r as { data: ApplicationView }).data;
    expect(app.notice?.missing.map((m) => m.code)).toEqual([
      'staff-roster',
      'product-list-ledger',
      'inspection-certificates',
      'premises',
      'last-year-accounts',
    ]);
    const early = await evaluate(app.id, [true, true, true]);
    expect(early.ok || early.error.code).toBe('AGREEMENT.NOT_ACCEPTED');
    const unknown = await asActor(maker, () => client.requestReply(AgreementSubjects.supplementApplication, { id: app.id, materials: ['selfie'] }));
    expect(unknown.ok || unknown.error.details).toMatchObject({ field: 'materials' });
    const again = await submit({ institutionCode: 'P35010200011', materials: PHARMACY_MATERIALS, facts: pharmacyFacts() });
    expect(again.ok || again.error.code).toBe('AGREEMENT.APPLICATION_OPEN');
    clock.set('2026-10-09T02:00:00.000Z');
    const done = await asActor(maker, () =>
      client.request<ApplicationView>(AgreementSubjects.supplementApplication, { id: app.id, materials: PHARMACY_MATERIALS.slice(2) }),
    );
    // 3 months from acceptance: the time spent waiting for materials does not count.
    expect(done).toMatchObject({ status: 'ACCEPTED', acceptedAt: '2026-10-09T02:00:00.000Z', evaluationDeadline: '2027-01-09' });
  });

  it('lets an application lapse when the materials miss the deadline; a new one may start', async () => {
    await registerInstitution(client, 'P35010200018');
    const r = await submit({ institutionCode: 'P35010200018', materials: ['application-form'], facts: pharmacyFacts() });
    const first = (r as { data: ApplicationView }).data;
    // From Friday 9 October: Saturday 10 October is a 调休 working day, so the fifth is Thursday 15 October.
    expect(first.notice?.deadline).toBe('2026-10-15');
    clock.set('2026-10-16T02:00:00.000Z');
    const late = await asActor(maker, () =>
      client.requestReply(AgreementSubjects.supplementApplication, { id: first.id, materials: PHARMACY_MATERIALS.slice(1) }),
    );
    expect(late.ok || late.error.code).toBe('AGREEMENT.MATERIALS_OVERDUE');
    const again = await submit({ institutionCode: 'P35010200018', materials: PHARMACY_MATERIALS, facts: pharmacyFacts() });
    expect(again.ok && again.data.status).toBe('ACCEPTED');
    const old = await asActor(maker, () => client.request<ApplicationView>(AgreementSubjects.getApplication, { id: first.id }));
    expect(old.status).toBe('LAPSED');
  });

  it('records fraud found in an application; the institution is barred for 3 years from discovery', async () => {
    const [lapsed] = await sut.get(MikroORM).em.fork().execute<{ id: string }[]>(`select id::text as id from agreement.application where status = 'LAPSED'`);
    const future = await asActor(maker, () =>
      client.requestReply(AgreementSubjects.recordApplicationFraud, { id: lapsed.id, discoveredOn: '2026-12-01', note: '伪造租赁合同' }),
    );
    expect(future.ok || future.error.details).toMatchObject({ field: 'discoveredOn' });
    const recorded = await asActor(maker, () =>
      client.request<ApplicationView>(AgreementSubjects.recordApplicationFraud, { id: lapsed.id, discoveredOn: '2026-10-16', note: '伪造租赁合同' }),
    );
    expect(recorded.fraud).toEqual({ discoveredOn: '2026-10-16', note: '伪造租赁合同' });
    const twice = await asActor(maker, () =>
      client.requestReply(AgreementSubjects.recordApplicationFraud, { id: lapsed.id, discoveredOn: '2026-10-16', note: 'again' }),
    );
    expect(twice.ok || twice.error.code).toBe('AGREEMENT.FRAUD_ALREADY_RECORDED');
    const barred = await submit({ institutionCode: 'P35010200018', materials: PHARMACY_MATERIALS, facts: pharmacyFacts() });
    expect(barred.ok || barred.error.details?.rules).toEqual([
      expect.objectContaining({ rule: 'AGR-04.fraudulent-application', reason: expect.stringContaining('2029-10-16') }),
    ]);
  });

  it('refuses ineligible applicants naming each rule (data per city)', async () => {
    const r = await submit({
      institutionCode: 'P35010200012',
      materials: PHARMACY_MATERIALS,
      facts: pharmacyFacts({ openedOn: '2026-08-01', pharmacists: 1, salesFloorM2: 40, warehouseM2: 10, informationSystems: ['outpatient'] }),
    });
    expect(r.ok || r.error.code).toBe('AGREEMENT.NOT_ELIGIBLE');
    expect(r.ok || (r.error.details?.rules as Rules).map((x) => x.rule)).toEqual([
      'ADM-SYSTEMS',
      'AGR-02.open',
      'AGR-02.pharmacists',
      'PHARM-FLOOR',
      'PHARM-WAREHOUSE',
    ]);
    const h = await submit({
      institutionCode: 'H35010200014',
      materials: ['application-form'],
      facts: hospitalFacts({ firstRegisteredPhysicians: 0, insuranceDepartment: false }),
    });
    expect(h.ok || (h.error.details?.rules as Rules).map((x) => x.rule)).toEqual(['AGR-01.2', 'AGR-01.3']);
    // Licences come from the registry: missing or expired ones are named.
    await client.request(Subjects.agreement.registerInstitution, {
      ...anInstitutionRegistration({ admdvs: '350102' }),
      code: 'P35010200017',
      type: 'pharmacy',
      level: '0',
    });
    for (const [kind, expiresOn] of [
      ['drug-trade', '2030-12-31'],
      ['business', '2030-12-31'],
      ['gsp', '2026-09-24'],
    ]) {
      await client.request(AgreementSubjects.addLicence, { institutionCode: 'P35010200017', kind, number: `${kind}-17`, issuedOn: '2021-01-01', expiresOn });
    }
    const expired = await submit({ institutionCode: 'P35010200017', materials: PHARMACY_MATERIALS, facts: pharmacyFacts() });
    expect(expired.ok || expired.error.details?.rules).toEqual([expect.objectContaining({ rule: 'ADM-LICENCES', reason: expect.stringContaining('gsp') })]);
    const bad = await submit({
      institutionCode: 'P35010200012',
      materials: 'all',
      facts: { ...pharmacyFacts(), ownership: 'state', informationSystems: ['fax'] },
    });
    expect(bad.ok || [...new Set((bad.error.details?.fields as { field: string }[]).map((f) => f.field))].sort()).toEqual([
      'facts.informationSystems',
      'facts.ownership',
      'materials',
    ]);
  });

  it('refuses a blacklisted applicant and one terminated within the no-reapply period', async () => {
    listed.add('P35010200012');
    const refused = await submit({ institutionCode: 'P35010200012', materials: PHARMACY_MATERIALS, facts: pharmacyFacts() });
    expect(refused.ok || (refused.error.details?.rules as Rules).map((x) => x.rule)).toEqual(['AGR-04.dishonesty-list']);

    const agreement = await designate(client, 'P35010200015');
    const t = await asActor(maker, () =>
      client.request<ProposalReply>(AgreementSubjects.proposeTermination, {
        institutionCode: agreement.institutionCode,
        ground: 2,
        reason: '以虚假材料取得定点',
      }),
    );
    await approve(client, t.approvalId);
    const back = await submit({ institutionCode: 'P35010200015', materials: PHARMACY_MATERIALS, facts: pharmacyFacts() });
    expect(back.ok || back.error).toMatchObject({
      code: 'AGREEMENT.APPLICATION_REFUSED',
      details: { rules: [expect.objectContaining({ rule: 'AGR-04.fraudulent-application' })] },
    });
  });

  it('asks about the legal representative and the controller by ID number, refuses a listed one naming the rule, keeps them only masked', async () => {
    const representative = anIdCardNumber({ region: '350102', sequence: 31 });
    const controller = anIdCardNumber({ region: '350102', sequence: 32, gender: '2' });
    await registerInstitution(client, 'P35010200019');
    listed.add(controller);
    asked.length = 0;
    const refused = await submit({
      institutionCode: 'P35010200019',
      materials: PHARMACY_MATERIALS,
      facts: pharmacyFacts(),
      legalRepresentativeIdNumber: representative,
      controllerIdNumber: controller,
    });
    expect(refused.ok || refused.error).toMatchObject({
      code: 'AGREEMENT.APPLICATION_REFUSED',
      details: { rules: [{ rule: 'AGR-04.controller-dishonesty-list', reason: expect.stringContaining(`${controller.slice(0, 4)}**********`) }] },
    });
    expect(JSON.stringify(refused)).not.toContain(controller);
    expect(asked).toEqual(
      expect.arrayContaining([{ uscc: expect.any(String), institutionCode: 'P35010200019' }, { idNumber: representative }, { idNumber: controller }]),
    );
    expect(contractErrors).toEqual([]);

    listed.delete(controller);
    const accepted = await submit({
      institutionCode: 'P35010200019',
      materials: PHARMACY_MATERIALS,
      facts: pharmacyFacts(),
      legalRepresentativeIdNumber: representative,
      controllerIdNumber: controller,
    });
    expect(accepted.ok && accepted.data).toMatchObject({
      status: 'ACCEPTED',
      legalRepresentativeIdMasked: `${representative.slice(0, 4)}**********${representative.slice(-4)}`,
      controllerIdMasked: `${controller.slice(0, 4)}**********${controller.slice(-4)}`,
    });
    // Nowhere in the schema in the clear: application rows, audit rows.
    const em = sut.get<MikroORM>(MikroORM).em.fork();
    for (const table of ['application', 'audit_log']) {
      const [{ n }] = await em.execute<{ n: string }[]>(`select count(*)::text as n from agreement.${table} t where t::text like ? or t::text like ?`, [
        `%${representative}%`,
        `%${controller}%`,
      ]);
      expect([table, n]).toEqual([table, '0']);
    }
    const bad = await submit({
      institutionCode: 'P35010200019',
      materials: PHARMACY_MATERIALS,
      facts: pharmacyFacts(),
      controllerIdNumber: '350102198504121234',
    });
    expect(bad.ok || (bad.error.details?.fields as { field: string }[]).map((f) => f.field)).toEqual(['controllerIdNumber']);
  });

  it('refuses binding a blacklisted practitioner, naming the rule; an unlisted one is registered', async () => {
    listed.add('Y350102000099');
    const register = (code: string) =>
      asActor(maker, () =>
        client.requestReply(AgreementSubjects.registerPractitioner, { code, name: '郑医师', institutionCode: 'H35010200014', type: 'physician' }),
      );
    const refused = await register('Y350102000099');
    expect(refused.ok || refused.error).toMatchObject({
      code: 'AGREEMENT.PRACTITIONER_BLACKLISTED',
      details: { field: 'code', rules: [{ rule: 'CRD-01.practitioner-dishonesty-list' }] },
    });
    expect(asked).toContainEqual({ practitionerCode: 'Y350102000099' });
    const list = await asActor(maker, () => client.request<{ total: number }>(AgreementSubjects.listPractitioners, { institutionCode: 'H35010200014' }));
    expect(list.total).toBe(0);
    const ok = await register('Y350102000098');
    expect(ok.ok).toBe(true);
    expect(contractErrors).toEqual([]);
  });

  it('passes with ≥ 2/3 in favour, fails below; signing needs a passed evaluation', async () => {
    const { id } = await firstOpen();
    const accepted = await asActor(maker, () => client.request<ApplicationView>(AgreementSubjects.getApplication, { id }));
    expect(accepted.status).toBe('ACCEPTED');
    const incomplete = await asActor(maker, () =>
      client.requestReply(AgreementSubjects.evaluateApplication, { id: accepted.id, team: ['a', 'b', 'c'], votes: [{ member: 'a', inFavour: true }] }),
    );
    expect(incomplete.ok || incomplete.error.code).toBe('AGREEMENT.VOTES_INCOMPLETE');
    const noSign = await asActor(maker, () =>
      client.requestReply(AgreementSubjects.proposeSigning, { applicationId: accepted.id, indicators: {}, reason: '签约' }),
    );
    expect(noSign.ok || noSign.error.code).toBe('AGREEMENT.EVALUATION_NOT_PASSED');
    const passed = await evaluate(accepted.id, [true, true, false]);
    // Accepted on 9 October, evaluated on 16 October: inside the 3-month limit.
    expect(passed.ok && passed.data).toMatchObject({ status: 'PASSED', evaluation: { inFavour: 2, against: 1, passed: true, overdue: false } });

    const r = await submit({ institutionCode: 'P35010200013', materials: PHARMACY_MATERIALS, facts: pharmacyFacts() });
    expect(r.ok && r.data.evaluationDeadline).toBe('2027-01-16');
    clock.set('2027-01-17T02:00:00.000Z'); // one day past the limit: the result stands, the lateness is recorded
    const failed = await evaluate((r as { data: ApplicationView }).data.id, [true, false, false, true, true, false]);
    expect(failed.ok && failed.data).toMatchObject({ status: 'FAILED', evaluation: { inFavour: 3, passed: false, overdue: true } });
    const retry = await submit({ institutionCode: 'P35010200013', materials: PHARMACY_MATERIALS, facts: pharmacyFacts() });
    expect(retry.ok || (retry.error.details?.rules as Rules).map((x) => x.rule)).toEqual(['AGR-03.rectify']);
    const badIndicators = await asActor(maker, () =>
      client.requestReply(AgreementSubjects.proposeSigning, {
        applicationId: accepted.id,
        indicators: { drugSharePct: 140, costPerAdmissionFen: '12.5' },
        reason: '签约',
      }),
    );
    expect(badIndicators.ok || (badIndicators.error.details?.fields as { field: string }[]).map((f) => f.field).sort()).toEqual([
      'indicators.costPerAdmissionFen',
      'indicators.drugSharePct',
    ]);
  });

  // P35010200013 failed its evaluation on 2027-01-17 (the test above).
  it('accepts a re-application after the 3 months of rectification; its evaluation records the on-site visit', async () => {
    clock.set('2027-04-16T02:00:00.000Z');
    const early = await submit({ institutionCode: 'P35010200013', materials: PHARMACY_MATERIALS, facts: pharmacyFacts() });
    expect(early.ok || early.error.details?.rules).toEqual([
      { rule: 'AGR-03.rectify', reason: 'failed evaluation; re-evaluation after 3 months of rectification (from 2027-04-17)' },
    ]);
    clock.set('2027-04-17T02:00:00.000Z');
    const again = await submit({ institutionCode: 'P35010200013', materials: PHARMACY_MATERIALS, facts: pharmacyFacts() });
    expect(again.ok && again.data).toMatchObject({ status: 'ACCEPTED', acceptedAt: '2027-04-17T02:00:00.000Z' });
    const id = (again as { data: ApplicationView }).data.id;

    clock.set('2027-05-10T02:00:00.000Z');
    const team = ['陈评估', '林评估', '王评估'];
    // visited on the day of acceptance, the earliest allowed
    const onSite = { visitedOn: '2027-04-17', membersPresent: ['陈评估', '林评估'], findings: '进销存系统未与医保信息系统对接，处方留存不全' };
    const evaluateWith = (record: Record<string, unknown>) =>
      asActor(maker, () =>
        client.requestReply<ApplicationView>(AgreementSubjects.evaluateApplication, {
          id,
          team,
          votes: team.map((member, i) => ({ member, inFavour: i === 0 })),
          onSite: record,
        }),
      );
    const refused = async (record: Record<string, unknown>) => {
      const r = await evaluateWith(record);
      return r.ok
        ? 'accepted'
        : [r.error.code, ...((r.error.details?.fields as { field: string }[] | undefined)?.map((f) => f.field) ?? [r.error.details?.field])];
    };
    expect(await refused({ ...onSite, visitedOn: '2027-04-16' })).toEqual(['VALIDATION', 'onSite.visitedOn']); // before acceptance
    expect(await refused({ ...onSite, visitedOn: '2027-05-11' })).toEqual(['VALIDATION', 'onSite.visitedOn']); // tomorrow
    expect(await refused({ ...onSite, membersPresent: ['陈评估', '张路人'] })).toEqual(['VALIDATION', 'onSite.membersPresent']);
    expect(await refused({ visitedOn: '2027-05-32', membersPresent: [], findings: '' })).toEqual([
      'VALIDATION',
      'onSite.visitedOn',
      'onSite.membersPresent',
      'onSite.findings',
    ]);
    expect((await asActor(maker, () => client.request<ApplicationView>(AgreementSubjects.getApplication, { id }))).status).toBe('ACCEPTED');

    const failed = await evaluateWith(onSite);
    expect(failed.ok && failed.data).toMatchObject({ status: 'FAILED', evaluation: { inFavour: 1, against: 2, passed: false, overdue: false, onSite } });
    const stored = await asActor(maker, () => client.request<ApplicationView>(AgreementSubjects.getApplication, { id }));
    expect(stored.evaluation?.onSite).toEqual(onSite);
    // An evaluation recorded without one (the test above) stays without one.
    const fails = await asActor(maker, () =>
      client.request<Page<ApplicationView>>(AgreementSubjects.listApplications, { institutionCode: 'P35010200013', status: 'FAILED' }),
    );
    expect(fails.items.map((a) => [a.id === id, a.evaluation?.onSite?.findings])).toEqual([
      [true, onSite.findings],
      [false, undefined],
    ]);
  });

  it('refuses re-application for a year from a second fail in a row, even once the first fail is over a year old', async () => {
    const apply = () => submit({ institutionCode: 'P35010200013', materials: PHARMACY_MATERIALS, facts: pharmacyFacts() });
    const secondFail = [
      { rule: 'AGR-03.second-fail', reason: 'failed evaluation twice in a row (the second on 2027-05-10); no new application before 2028-05-10' },
    ];
    clock.set('2027-08-10T02:00:00.000Z'); // 3 months after the second fail: rectification alone would allow it
    const afterRectification = await apply();
    expect(afterRectification.ok || afterRectification.error).toMatchObject({ code: 'AGREEMENT.APPLICATION_REFUSED', details: { rules: secondFail } });
    clock.set('2028-02-01T02:00:00.000Z'); // the first fail (2027-01-17) is more than a year old
    const firstFailOld = await apply();
    expect(firstFailOld.ok || firstFailOld.error.details?.rules).toEqual(secondFail);
    clock.set('2028-05-09T02:00:00.000Z');
    const lastDay = await apply();
    expect(lastDay.ok || lastDay.error.details?.rules).toEqual(secondFail);
    clock.set('2028-05-10T02:00:00.000Z');
    const allowed = await apply();
    expect(allowed.ok && allowed.data.status).toBe('ACCEPTED');
  });

  it('lists applications for officers of the region: newest first, paged, by status and institution', async () => {
    const list = (q: Record<string, unknown>, actor = maker) =>
      asActor(actor, () => client.requestReply<Page<ApplicationView>>(AgreementSubjects.listApplications, q));
    const all = (await list({ limit: 200 })) as { ok: true; data: Page<ApplicationView> };
    expect(all.data.total).toBeGreaterThanOrEqual(6);
    expect(all.data.items).toHaveLength(all.data.total);
    const submitted = all.data.items.map((a) => a.submittedAt);
    expect([...submitted].sort().reverse()).toEqual(submitted);
    const accepted = (await list({ status: 'ACCEPTED' })) as { ok: true; data: Page<ApplicationView> };
    expect(accepted.data.items.length).toBeGreaterThan(0);
    expect(accepted.data.items.every((a) => a.status === 'ACCEPTED')).toBe(true);
    expect(accepted.data.total).toBe(all.data.items.filter((a) => a.status === 'ACCEPTED').length);
    const [first, second] = await Promise.all([list({ limit: 2, offset: 0 }), list({ limit: 2, offset: 2 })]);
    const ids = [first, second].flatMap((r) => (r.ok ? r.data.items.map((a) => a.id) : []));
    expect(ids).toEqual(all.data.items.slice(0, 4).map((a) => a.id));
    const one = (await list({ institutionCode: 'P35010200019' })) as { ok: true; data: Page<ApplicationView> };
    expect(one.data.items.map((a) => [a.institutionCode, a.status])).toEqual([['P35010200019', 'ACCEPTED']]);
    expect(one.data.items[0].controllerIdMasked).toMatch(/^3501\*{10}\w{4}$/);
    const foreign = (await list({}, changsha)) as { ok: true; data: Page<ApplicationView> };
    expect(foreign.data).toMatchObject({ total: 0, items: [] });
    const bad = await list({ status: 'OPEN', limit: 0, institutionCode: 'x' });
    expect(bad.ok || (bad.error.details?.fields as { field: string }[]).map((f) => f.field).sort()).toEqual(['institutionCode', 'limit', 'status']);
  });

  it('accepts nothing unchecked when credit-service does not answer', async () => {
    creditStub.unsubscribe();
    await registerInstitution(client, 'P35010200016');
    const r = await submit({ institutionCode: 'P35010200016', materials: PHARMACY_MATERIALS, facts: pharmacyFacts() });
    expect(r.ok || r.error.code).toMatch(/^(UNAVAILABLE|TIMEOUT)$/);
    const [{ n }] = await sut
      .get(MikroORM)
      .em.fork()
      .execute<{ n: string }[]>(`select count(*)::text as n from agreement.application where institution_code = 'P35010200016'`);
    expect(n).toBe('0');
  });

  async function firstOpen(): Promise<{ id: string }> {
    const r = await submit({ institutionCode: 'P35010200011', materials: PHARMACY_MATERIALS, facts: pharmacyFacts() });
    return { id: r.ok ? r.data.id : (r.error.details as { applicationId: string }).applicationId };
  }
});
