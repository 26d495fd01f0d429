import { MikroORM } from '@mikro-orm/postgresql';
import { type CreditFileDetailView, CreditInspectionSubjects, type InspectionPlanView, type InspectorView, Subjects } from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import { newUuidV7, type PortalActor } from '@mi/platform';
import { asActor, aUser } from '@mi/testing';
import { creditHarness } from './credit-harness';

const FZ = Array.from({ length: 12 }, (_, i) => `H350102${String(i + 1).padStart(5, '0')}`);
const XM = 'H35020300001';
const ZZ = ['H35050200001', 'H35050200002'];

/** 双随机、一公开: yearly plan, seeded draw (inspectors from a pool, targets weighted by level), results into the files. */
describe('joint inspections (双随机、一公开)', () => {
  const clock = new ManualClock('2026-03-02T02:00:00.000Z');
  const h = creditHarness(clock);
  const officer: PortalActor = aUser({ id: 'u-fz', username: 'fz-officer', scope: '350100', roles: ['city-officer'] });
  const zz: PortalActor = aUser({ id: 'u-zz', username: 'zz-officer', scope: '350500', roles: ['city-officer'] });
  const call = <T>(actor: PortalActor, subject: string, body: unknown): Promise<T> => asActor(actor, () => h.client.request<T>(subject, body));
  async function refuse(actor: PortalActor, subject: string, body: unknown) {
    const r = await asActor(actor, () => h.client.requestReply(subject, body));
    if (r.ok) throw new Error(`expected ${subject} to be refused`);
    return r.error as { code: string; message: string; details?: Record<string, unknown> };
  }
  const fields = (e: { details?: Record<string, unknown> }) => (e.details?.fields as { field: string }[] | undefined)?.map((f) => f.field);
  const inspection = (over: Record<string, unknown> = {}) => ({
    title: '医保基金使用联合专项检查',
    kind: 'joint-special',
    departments: ['health-commission', 'market-regulation'],
    targets: 3,
    inspectors: 2,
    ...over,
  });
  const plan = (year: number, over: Record<string, unknown> = {}) => ({
    admdvs: '350100',
    year,
    inspections: [
      inspection(),
      inspection({ title: '定点药店联合专项检查', departments: ['market-regulation'] }),
      inspection({ title: '日常抽查', kind: 'routine', departments: [], targets: 2, inspectors: 3 }),
    ],
    ...over,
  });

  beforeAll(async () => {
    const em = h.sut.get(MikroORM).em.fork();
    // Four Fuzhou institutions at D, eight at A; one in Xiamen; two in Zhangzhou.
    const rows = [
      ...FZ.map((code, i) => [code, '350102', i < 4 ? 600 : 920, i < 4 ? 'D' : 'A']),
      [XM, '350203', 600, 'D'],
      ...ZZ.map((code) => [code, '350502', 850, 'B']),
    ];
    for (const [code, admdvs, score, level] of rows) {
      await em.execute(
        `insert into credit.credit_file (id, subject_type, subject_code, admdvs, opened_at, score, level) values (?, 'institution', ?, ?, now(), ?, ?)`,
        [newUuidV7(), code, admdvs, score, level],
      );
    }
    for (const [code, linked] of [
      ['INSPA', []],
      ['INSPB', [FZ[0]]],
      ['INSPC', []],
      ['INSPD', []],
      ['INSPX', FZ], // linked to every Fuzhou institution: never drawn there
    ] as [string, string[]][]) {
      await call<InspectorView>(officer, CreditInspectionSubjects.upsertInspector, {
        admdvs: '350102',
        code,
        name: `检查员${code}`,
        department: code === 'INSPC' ? 'health-commission' : 'medical-security',
        linkedInstitutions: linked,
      });
    }
  });

  let planId: string;
  let drawn: InspectionPlanView;

  it('keeps the pool per city with the linked institutions; bad input names the field', async () => {
    const bad = await refuse(officer, CreditInspectionSubjects.upsertInspector, {
      admdvs: '350102',
      code: 'x',
      name: '',
      department: 'police',
      linkedInstitutions: ['nope'],
    });
    expect(new Set(fields(bad))).toEqual(new Set(['code', 'name', 'department', 'linkedInstitutions']));
    const updated = await call<InspectorView>(officer, CreditInspectionSubjects.upsertInspector, {
      admdvs: '350100',
      code: 'INSPB',
      name: '检查员INSPB',
      department: 'medical-security',
      linkedInstitutions: [FZ[0].toLowerCase(), FZ[1]],
    });
    expect(updated).toMatchObject({ admdvs: '350100', code: 'INSPB', linkedInstitutions: [FZ[0], FZ[1]], active: true });
  });

  it('a yearly plan needs the city’s joint special inspections (Fuzhou: 2) and ≥ 2 inspectors each; one plan per city and year', async () => {
    const one = await refuse(
      officer,
      CreditInspectionSubjects.createPlan,
      plan(2026, { inspections: [inspection(), inspection({ kind: 'routine', departments: [] })] }),
    );
    expect(one).toMatchObject({ code: 'VALIDATION' });
    expect(one.message).toContain('at least 2 joint special');
    expect(fields(await refuse(officer, CreditInspectionSubjects.createPlan, plan(2026, { inspections: [inspection({ inspectors: 1 })] })))).toEqual([
      'inspections[0].inspectors',
    ]);
    const noDept = await refuse(officer, CreditInspectionSubjects.createPlan, plan(2026, { inspections: [inspection(), inspection({ departments: [] })] }));
    expect(noDept.details).toMatchObject({ field: 'inspections[1].departments' });
    expect((await refuse(zz, CreditInspectionSubjects.createPlan, plan(2026))).code).toMatch(/^FORBIDDEN/);
    const created = await call<InspectionPlanView>(officer, CreditInspectionSubjects.createPlan, plan(2026));
    expect(created).toMatchObject({ admdvs: '350100', year: 2026, status: 'PLANNED', seed: null });
    expect(created.inspections.map((i) => [i.kind, i.targetCount, i.inspectorCount])).toEqual([
      ['joint-special', 3, 2],
      ['joint-special', 3, 2],
      ['routine', 2, 3],
    ]);
    planId = created.id;
    expect((await refuse(officer, CreditInspectionSubjects.createPlan, plan(2026))).code).toBe('INSPECTION.PLAN_EXISTS');
  });

  it('draws with a recorded seed: city targets only, none twice, ≥ 2 inspectors without a conflict of interest; once per plan', async () => {
    drawn = await call<InspectionPlanView>(officer, CreditInspectionSubjects.draw, { planId, seed: 'fz-2026-double-random' });
    expect(drawn).toMatchObject({ status: 'DRAWN', seed: 'fz-2026-double-random', candidates: { targets: 12, inspectors: 5 } });
    const codes = drawn.inspections.flatMap((i) => i.targets.map((t) => t.institutionCode));
    expect(codes).toHaveLength(8);
    expect(new Set(codes).size).toBe(8);
    for (const c of codes) expect(FZ).toContain(c);
    for (const i of drawn.inspections) {
      expect(i.inspectors.length).toBe(i.inspectorCount);
      const ins = i.inspectors.map((p) => p.code);
      expect(ins).not.toContain('INSPX');
      expect(i.excluded.filter((x) => x.inspectorCode === 'INSPX').map((x) => x.institutionCode)).toEqual(i.targets.map((t) => t.institutionCode));
      const targets = new Set(i.targets.map((t) => t.institutionCode));
      if (targets.has(FZ[0]) || targets.has(FZ[1])) expect(ins).not.toContain('INSPB');
      for (const t of i.targets) expect(t.weight).toBe(t.level === 'D' ? 4 : 0.5);
    }
    expect((await refuse(officer, CreditInspectionSubjects.draw, { planId, seed: 'another-seed-123' })).code).toBe('INSPECTION.ALREADY_DRAWN');
    const [event] = await h.sut
      .get(MikroORM)
      .em.fork()
      .execute<{ envelope: { payload: { seed: string } } }[]>(`select envelope from credit.outbox where type = 'InspectionDrawn'`);
    expect(event.envelope.payload.seed).toBe('fz-2026-double-random');
  });

  it('the same seed on the same pool gives the same draw (the next year’s plan)', async () => {
    const next = await call<InspectionPlanView>(officer, CreditInspectionSubjects.createPlan, plan(2027));
    const again = await call<InspectionPlanView>(officer, CreditInspectionSubjects.draw, { planId: next.id, seed: 'fz-2026-double-random' });
    expect(again.inspections.map((i) => [i.targets, i.inspectors, i.excluded])).toEqual(drawn.inspections.map((i) => [i.targets, i.inspectors, i.excluded]));
    const next2 = await call<InspectionPlanView>(officer, CreditInspectionSubjects.createPlan, plan(2028));
    const other = await call<InspectionPlanView>(officer, CreditInspectionSubjects.draw, { planId: next2.id });
    expect(other.seed).toMatch(/^[0-9a-f]{24}$/);
  });

  it('results go into each target’s credit file once, with the penalties of several departments', async () => {
    const [first, second] = drawn.inspections[0].targets.map((t) => t.institutionCode);
    const notDrawn = FZ.find((c) => !drawn.inspections.some((i) => i.targets.some((t) => t.institutionCode === c)))!;
    const stray = await refuse(officer, CreditInspectionSubjects.recordResults, {
      planId,
      index: 0,
      results: [{ institutionCode: notDrawn, outcome: 'NO_ISSUES', findings: '未发现问题' }],
    });
    expect(stray.details).toMatchObject({ field: 'results[0].institutionCode' });
    const before = await call<CreditFileDetailView>(officer, Subjects.credit.getCreditFile, { subjectType: 'institution', subjectCode: first });
    const after = await call<InspectionPlanView>(officer, CreditInspectionSubjects.recordResults, {
      planId,
      index: 0,
      results: [
        {
          institutionCode: first,
          outcome: 'PENALIZED',
          findings: '串换药品、超标准收费',
          penalties: [
            { department: 'medical-security', decisionNo: '榕医保罚〔2026〕3号' },
            { department: 'health-commission', decisionNo: '榕卫罚〔2026〕7号' },
          ],
        },
        { institutionCode: second, outcome: 'NO_ISSUES', findings: '未发现问题' },
      ],
    });
    expect(after.inspections[0].targets.find((t) => t.institutionCode === first)?.result).toMatchObject({ outcome: 'PENALIZED', penalties: [{}, {}] });
    const file = await call<CreditFileDetailView>(officer, Subjects.credit.getCreditFile, { subjectType: 'institution', subjectCode: first });
    expect(file.score).toBe(before.score - 50);
    expect(file.entries.at(-1)).toMatchObject({
      kind: 'INSPECTION',
      scoreDelta: -50,
      source: { subject: CreditInspectionSubjects.recordResults, service: 'credit-service' },
      evidence: { planId, seed: 'fz-2026-double-random', outcome: 'PENALIZED', decisionNos: '榕医保罚〔2026〕3号,榕卫罚〔2026〕7号' },
    });
    // Shared with other departments: one InspectionResultsRecorded carrying each department's decision.
    const shared = await h.sut
      .get(MikroORM)
      .em.fork()
      .execute<
        { envelope: { payload: { planId: string; results: { institutionCode: string; penalties: { department: string; decisionNo: string }[] }[] } } }[]
      >(`select envelope from credit.outbox where type = 'InspectionResultsRecorded' and envelope->>'aggregateId' = ?`, [planId]);
    expect(shared).toHaveLength(1);
    expect(shared[0].envelope.payload.results.find((r) => r.institutionCode === first)?.penalties.map((p) => p.department)).toEqual([
      'medical-security',
      'health-commission',
    ]);
    const quiet = await call<CreditFileDetailView>(officer, Subjects.credit.getCreditFile, { subjectType: 'institution', subjectCode: second });
    expect(quiet.entries.map((e) => [e.kind, e.scoreDelta])).toEqual([['INSPECTION', 0]]);
    const twice = await refuse(officer, CreditInspectionSubjects.recordResults, {
      planId,
      index: 0,
      results: [{ institutionCode: second, outcome: 'ISSUES_FOUND', findings: '再次录入' }],
    });
    expect(twice).toMatchObject({ code: 'INSPECTION.RESULT_EXISTS', details: { field: 'results' } });
  });

  it('refuses a draw when conflicts of interest leave fewer than 2 inspectors; nothing is recorded', async () => {
    for (const [code, linked] of [
      ['ZZIA', []],
      ['ZZIB', ZZ],
    ] as [string, string[]][]) {
      await call(zz, CreditInspectionSubjects.upsertInspector, {
        admdvs: '350500',
        code,
        name: code,
        department: 'medical-security',
        linkedInstitutions: linked,
      });
    }
    const p = await call<InspectionPlanView>(zz, CreditInspectionSubjects.createPlan, {
      admdvs: '350500',
      year: 2026,
      inspections: [inspection({ targets: 1 })],
    });
    const short = await refuse(zz, CreditInspectionSubjects.draw, { planId: p.id, seed: 'zz-2026-draw' });
    expect(short).toMatchObject({ code: 'INSPECTION.NOT_ENOUGH_INSPECTORS', details: { field: 'planId', index: 0 } });
    expect((await call<InspectionPlanView>(zz, CreditInspectionSubjects.getPlan, { planId: p.id })).status).toBe('PLANNED');
    expect((await refuse(officer, CreditInspectionSubjects.getPlan, { planId: p.id })).code).toBe('NOT_FOUND');
  });
});
