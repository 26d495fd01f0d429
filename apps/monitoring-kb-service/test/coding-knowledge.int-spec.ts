import { type ImportReport, KbSubjects, type RuleSetView, type RuleVersionView } from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import { type MiNatsClient, type RunningProcess } from '@mi/platform';
import { aClaim, compileRuleSet, DEFAULT_RULES, evaluate, InMemoryKnowledgeBase, type RuleDefinition } from '@mi/rules';
import { asActor, aUser, createTestInfra, startTestService, type TestInfra, testNatsClient } from '@mi/testing';
import { AppModule } from '../src/app.module';
import { MonitoringKbConfig } from '../src/config';
import { type KnowledgeSnapshotJson, snapshotFromJson } from '../src/knowledge/knowledge-json';
import { persistence } from '../src/persistence';

/**
 * The knowledge behind 疾病诊断编码异常, 手术操作编码与性别不符, 限支付疗程 and 超限定病种目录: the
 * bundled sample seeds it, the snapshot serves it, a catalogue import carries the new columns, and
 * the rules that read it are checked when saved.
 */
describe('coding knowledge and the rules that read it (real PostgreSQL + NATS)', () => {
  let infra: TestInfra;
  let sut: RunningProcess<MonitoringKbConfig>;
  let client: MiNatsClient;
  const clock = new ManualClock('2026-03-02T02:00:00.000Z');
  const officer = aUser({ id: 'u-1', username: 'cs.officer', roles: ['city-officer'], scope: '430100' });

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startTestService(infra, AppModule, MonitoringKbConfig, 'monitoring-kb-service', { clock });
    client = testNatsClient(infra);
  });

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
  });

  const snapshot = (poolarea: string, date = '2026-03-02') => client.request<KnowledgeSnapshotJson>(KbSubjects.knowledgeSnapshot, { poolarea, date });

  it('a new install serves the diagnosis code table, operation constraints and disease lists; the default set reads them', async () => {
    const kb = await snapshot('430102');
    expect(kb.diagnosisCodes.find((d) => d.code === 'K29.700')?.name).toBe('胃炎');
    expect(kb.operations.find((o) => o.codePrefix === '68')).toMatchObject({ gender: '2' });
    expect(kb.diseaseLists.map((l) => l.code)).toEqual(['LB-HTN', 'LB-DM', 'MTB-CKD']);
    const set = await client.request<RuleSetView>(KbSubjects.ruleSetInForce, { poolarea: '430100', date: '2026-03-02' });
    expect(set.rules).toHaveLength(DEFAULT_RULES.length);
    const compiled = compileRuleSet(set.rules as unknown as RuleDefinition[], { knowledge: InMemoryKnowledgeBase.from(snapshotFromJson(kb)) });
    const claim = aClaim({
      treatmentMode: '2',
      medType: '21',
      admissionDate: '2026-03-01',
      dischargeDate: '2026-03-05',
      mainDiagnosis: 'K80.100',
      diagnoses: ['K80.199'],
      operations: [{ code: '51.2300', isMain: true }, '68.4100'],
    });
    const fired = evaluate(compiled, claim).map((f) => f.ruleId);
    expect(fired).toEqual(expect.arrayContaining(['GZ10000201003000', 'GZ10000201005000']));
  });

  it('imports the course and disease-list columns, and refuses a disease list the knowledge base does not have', async () => {
    const header = 'hilist_code,hilist_name,list_type,course_days,course_window_days,disease_lists';
    const bad = await asActor(officer, () =>
      client.requestReply(KbSubjects.importCatalogue, {
        region: '430100',
        validFrom: '2026-03-02',
        fileName: 'bad.csv',
        csv: [header, 'XCITY00000001,本市限疗程药品,101,10,20,', 'XCITY00000002,本市两病药品,101,,,LB-DM|LB-COPD'].join('\n'),
      }),
    );
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.code).toBe('VALIDATION');
    expect(bad.error.details?.rejected).toEqual([{ line: 3, field: 'disease_lists', reason: 'unknown disease list LB-COPD (not in the knowledge base)' }]);

    const report = await asActor(officer, () =>
      client.request<ImportReport>(KbSubjects.importCatalogue, {
        region: '430100',
        validFrom: '2026-03-02',
        fileName: 'city.csv',
        csv: [header, 'XCITY00000001,本市限疗程药品,101,10,20,', 'XCITY00000002,本市两病药品,101,,,LB-DM|MTB-CKD'].join('\n'),
      }),
    );
    expect(report).toMatchObject({ rows: 2, imported: 2 });
    const kb = await snapshot('430100');
    expect(kb.items.find((i) => i.hilistCode === 'XCITY00000001')).toMatchObject({ courseDays: 10, courseWindowDays: 20 });
    expect(kb.items.find((i) => i.hilistCode === 'XCITY00000002')).toMatchObject({ diseaseLists: ['LB-DM', 'MTB-CKD'] });
    // the city's knowledge still loads with the rules
    expect(() => compileRuleSet(DEFAULT_RULES, { knowledge: InMemoryKnowledgeBase.from(snapshotFromJson(kb)) })).not.toThrow();
  });

  it('refuses at save time a rule reading an unknown field, aggregate or knowledge table, and saves one using the new ones', async () => {
    const base = DEFAULT_RULES.find((r) => r.id === 'GZ10000201005000') as RuleDefinition;
    const save = (condition: unknown, target: unknown = base.target) =>
      asActor(officer, () =>
        client.requestReply(KbSubjects.saveRuleDraft, {
          region: '430100',
          definition: { ...base, id: '430100-LOCAL-OPRN', nationalRuleId: base.id, target, condition },
        }),
      );
    const mismatch = { op: 'ne', args: [{ field: 'oprnRule.gender' }, { field: 'patient.gender' }] };
    for (const [condition, target, field] of [
      [{ agg: 'some', over: 'procedures', where: mismatch }, base.target, 'definition.condition.over'],
      [
        { agg: 'some', over: 'operations', where: { op: 'ne', args: [{ field: 'oprnRule.sex' }, { field: 'patient.gender' }] } },
        base.target,
        'definition.condition.where.args[0].field',
      ],
      [
        { agg: 'some', over: 'operations', where: mismatch },
        { kind: 'line', itemSet: { table: 'operationCodes', with: 'gender' } },
        'definition.target.itemSet.table',
      ],
    ] as const) {
      const bad = await save(condition, target);
      expect(bad.ok).toBe(false);
      if (bad.ok) return;
      expect(bad.error.code).toBe('VALIDATION');
      expect(bad.error.details?.field).toBe(field);
    }
    const good = await save({
      all: [
        { op: 'in', args: [{ field: 'patient.gender' }, { const: ['1', '2'] }] },
        { agg: 'some', over: 'operations', as: 'mismatched', where: mismatch },
      ],
    });
    expect(good.ok).toBe(true);
    if (good.ok) expect(good.data as RuleVersionView).toMatchObject({ ruleId: '430100-LOCAL-OPRN', status: 'DRAFT' });
  });
});
