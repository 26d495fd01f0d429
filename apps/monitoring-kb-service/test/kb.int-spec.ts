import { MikroORM } from '@mikro-orm/postgresql';
import { Workbook } from 'exceljs';
import { jetstreamManager } from '@nats-io/jetstream';
import { approvalSubjects, type ApprovalView, type ImportReport, KbEventSubjects, KbSubjects, type RuleSetView, type RuleVersionView } from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import { type MiNatsClient, type RunningProcess } from '@mi/platform';
import { DEFAULT_RULES, SAMPLE_CODES } from '@mi/rules';
import { asActor, aUser, createTestInfra, describeServiceBoots, startTestService, type TestInfra, testNatsClient } from '@mi/testing';
import { AppModule } from '../src/app.module';
import { parseCsv } from '../src/knowledge/catalogue-csv';
import { MonitoringKbConfig } from '../src/config';
import type { KnowledgeSnapshotJson } from '../src/knowledge/knowledge-json';
import { persistence } from '../src/persistence';

describeServiceBoots('monitoring-kb-service', AppModule, MonitoringKbConfig, persistence);

describe('knowledge base and rule base (real PostgreSQL + NATS)', () => {
  let infra: TestInfra;
  let sut: RunningProcess<MonitoringKbConfig>;
  let client: MiNatsClient;
  const clock = new ManualClock('2026-03-02T02:00:00.000Z');
  const officer = aUser({ id: 'u-1', username: 'cs.officer', roles: ['city-officer'], scope: '430100' });
  const officer2 = aUser({ id: 'u-2', username: 'cs.officer2', roles: ['city-officer'], scope: '430100' });
  const zhuzhou = aUser({ id: 'u-3', username: 'zz.officer', roles: ['city-officer'], scope: '430200' });
  const reviewer = aUser({ id: 'u-4', username: 'cs.reviewer', roles: ['reviewer'], scope: '430100' });
  const count = async (sql: string) =>
    Number((await sut.get<MikroORM>(MikroORM).em.fork().execute<{ n: string }[]>(`select count(*)::text as n from ${sql}`))[0].n);

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startTestService(infra, AppModule, MonitoringKbConfig, 'monitoring-kb-service', { clock });
    client = testNatsClient(infra);
  });

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
  });

  it('a new install has the bundled knowledge and the default rule set of its province', async () => {
    const kb = await client.request<KnowledgeSnapshotJson>(KbSubjects.knowledgeSnapshot, { poolarea: '430102', date: '2026-03-02' });
    expect(kb.items.length).toBeGreaterThan(20);
    expect(kb.items.map((i) => i.hilistCode)).toContain(SAMPLE_CODES.ceftriaxone ?? kb.items[0].hilistCode);
    // A province's own knowledge (what its rule sets compile against) is the same bundled catalogue.
    const province = await client.request<KnowledgeSnapshotJson>(KbSubjects.knowledgeSnapshot, { poolarea: '430000', date: '2026-03-02' });
    expect(province.items.length).toBe(kb.items.length);
    expect(province.version.startsWith('430000@2026-03-02#')).toBe(true);
    const set = await client.request<RuleSetView>(KbSubjects.ruleSetInForce, { poolarea: '430100', date: '2026-03-02' });
    expect(set).toMatchObject({ region: '430000', version: 1, effectiveFrom: '2019-01-01' });
    expect(set.rules).toHaveLength(DEFAULT_RULES.length);
    // A published rule version cannot be edited, even in the database.
    await expect(sut.get<MikroORM>(MikroORM).em.fork().execute(`update kb.rule_version set definition = '{}' where status = 'PUBLISHED'`)).rejects.toThrow(
      /immutable/,
    );
  });

  const csv = [
    'hilist_code,hilist_name,list_type,price_cap_lv1,price_cap_lv2,price_cap_lv3,max_per_day,work_injury_only,maternity_only,tcm_not_payable,elderly_avoid,max_amount_per_visit',
    `${'XLOCAL0000001'},本市自定服务项目,201,10.00,12.00,15.00,2,,,,,1500`,
    '"XLOCAL0000002","本市自定药品, 片剂",101,,,,,1,,,是,',
    'XLOCAL0000003,本市自定饮片,102,,,,,,,single,,',
  ].join('\n');

  it('imports a city catalogue all or nothing, and the city items overlay the province’s', async () => {
    const bad = await asActor(officer, () =>
      client.requestReply(KbSubjects.importCatalogue, {
        region: '430100',
        validFrom: '2026-03-02',
        fileName: 'bad.csv',
        csv: `${csv}\nbad code!,x,999,-1,,,\nXLOCAL0000009,两险饮片,101,,,,,1,1,always,否,0`,
      }),
    );
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.code).toBe('VALIDATION');
    const fields = (bad.error.details?.fields as { field: string }[]).map((f) => f.field);
    expect(fields).toEqual([
      'line 5: hilist_code',
      'line 5: list_type',
      'line 5: price_cap_lv1',
      'line 6: maternity_only',
      'line 6: tcm_not_payable',
      'line 6: max_amount_per_visit',
    ]);
    expect((bad.error.details?.rejected as unknown[])[4]).toEqual({ line: 6, field: 'tcm_not_payable', reason: 'applies to TCM pieces (list type 102) only' });
    expect(bad.error.details?.rows).toBe(5);
    expect(await count(`kb.catalogue_item where region = '430100'`)).toBe(0);
    expect(await count(`kb.import_batch where region = '430100'`)).toBe(0);

    const report = await asActor(officer, () =>
      client.request<ImportReport>(KbSubjects.importCatalogue, { region: '430100', validFrom: '2026-03-02', fileName: 'city.csv', csv }),
    );
    expect(report).toMatchObject({ region: '430100', rows: 3, imported: 3, rejected: [] });
    const kb = await client.request<KnowledgeSnapshotJson>(KbSubjects.knowledgeSnapshot, { poolarea: '430100', date: '2026-03-02' });
    expect(kb.items.find((i) => i.hilistCode === 'XLOCAL0000001')).toMatchObject({
      name: '本市自定服务项目',
      listType: '201',
      maxPerDay: 2,
      maxAmountPerVisit: '1500.00',
      priceCaps: { 1: '1000', 2: '1200', 3: '1500' },
    });
    expect(kb.items.find((i) => i.hilistCode === 'XLOCAL0000002')).toMatchObject({ name: '本市自定药品, 片剂', workInjuryOnly: true, elderlyAvoid: true });
    expect(kb.items.find((i) => i.hilistCode === 'XLOCAL0000002')?.maternityOnly).toBeUndefined();
    expect(kb.items.find((i) => i.hilistCode === 'XLOCAL0000003')).toMatchObject({ listType: '102', tcmNotPayable: 'single' });
    const before = await client.request<KnowledgeSnapshotJson>(KbSubjects.knowledgeSnapshot, { poolarea: '430100', date: '2026-03-01' });
    expect(before.items.find((i) => i.hilistCode === 'XLOCAL0000001')).toBeUndefined();
    const other = await client.request<KnowledgeSnapshotJson>(KbSubjects.knowledgeSnapshot, { poolarea: '430200', date: '2026-03-02' });
    expect(other.items.find((i) => i.hilistCode === 'XLOCAL0000001')).toBeUndefined();
  });

  it('refuses imports from another city or without the role', async () => {
    const r1 = await asActor(zhuzhou, () =>
      client.requestReply(KbSubjects.importCatalogue, { region: '430100', validFrom: '2026-03-02', fileName: 'x.csv', csv }),
    );
    expect(r1.ok || r1.error.code).toBe('FORBIDDEN.REGION');
    const r2 = await asActor(reviewer, () =>
      client.requestReply(KbSubjects.importCatalogue, { region: '430100', validFrom: '2026-03-02', fileName: 'x.csv', csv }),
    );
    expect(r2.ok || r2.error.code).toBe('FORBIDDEN.ROLE');
  });

  it('imports an XLSX catalogue exactly as the same CSV: same rows, same rejections (row numbers), same items', async () => {
    const rows = csv.split('\n').map((line) => parseCsv(line)[0].cells);
    const xlsxOf = async (cells: unknown[][]): Promise<string> => {
      const wb = new Workbook();
      const ws = wb.addWorksheet('目录');
      cells.forEach((r) => ws.addRow(r));
      return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    };
    const badCells = [...rows, ['bad code!', 'x', 999, -1], ['XLOCAL0000009', '两险饮片', 101, null, null, null, null, 1, 1, 'always', '否', 0]];
    const bad = { region: '430200', validFrom: '2026-03-02', fileName: 'bad.xlsx' };
    const fromXlsx = await asActor(zhuzhou, async () => client.requestReply(KbSubjects.importCatalogue, { ...bad, xlsx: await xlsxOf(badCells) }));
    const fromCsv = await asActor(zhuzhou, () =>
      client.requestReply(KbSubjects.importCatalogue, {
        ...bad,
        fileName: 'bad.csv',
        csv: `${csv}\nbad code!,x,999,-1\nXLOCAL0000009,两险饮片,101,,,,,1,1,always,否,0`,
      }),
    );
    expect(fromXlsx.ok || fromXlsx.error.code).toBe('VALIDATION');
    if (fromXlsx.ok || fromCsv.ok) throw new Error('both are rejected');
    expect(fromXlsx.error.details?.rejected).toEqual(fromCsv.error.details?.rejected);
    expect(fromXlsx.error.details?.rows).toBe(5);
    expect(fromXlsx.error.details?.field).toBe('xlsx');
    expect(await count(`kb.catalogue_item where region = '430200'`)).toBe(0);

    const notXlsx = await asActor(zhuzhou, () =>
      client.requestReply(KbSubjects.importCatalogue, { ...bad, fileName: 'items.xlsx', xlsx: Buffer.from(csv).toString('base64') }),
    );
    expect(notXlsx.ok || notXlsx.error).toMatchObject({
      code: 'VALIDATION',
      message: 'items.xlsx: is not an XLSX workbook (not a zip file); nothing imported',
    });
    const both = await asActor(zhuzhou, async () => client.requestReply(KbSubjects.importCatalogue, { ...bad, csv, xlsx: await xlsxOf(rows) }));
    expect(both.ok || JSON.stringify(both.error)).toContain('csv or as xlsx, not both');
    expect(await count(`kb.import_batch where region = '430200'`)).toBe(0);

    const report = await asActor(zhuzhou, async () =>
      client.request<ImportReport>(KbSubjects.importCatalogue, { region: '430200', validFrom: '2026-03-02', fileName: 'city.xlsx', xlsx: await xlsxOf(rows) }),
    );
    expect(report).toMatchObject({ region: '430200', rows: 3, imported: 3, rejected: [] });
    const zz = await client.request<KnowledgeSnapshotJson>(KbSubjects.knowledgeSnapshot, { poolarea: '430200', date: '2026-03-02' });
    const cs = await client.request<KnowledgeSnapshotJson>(KbSubjects.knowledgeSnapshot, { poolarea: '430100', date: '2026-03-02' });
    for (const code of ['XLOCAL0000001', 'XLOCAL0000002', 'XLOCAL0000003'])
      expect(zz.items.find((i) => i.hilistCode === code)).toEqual(cs.items.find((i) => i.hilistCode === code));
    expect(zz.items.find((i) => i.hilistCode === 'XLOCAL0000002')).toMatchObject({ name: '本市自定药品, 片剂', workInjuryOnly: true });
  });

  it('validates a rule when it is saved, naming the path of the offending part', async () => {
    const base = DEFAULT_RULES.find((r) => r.id === 'GZ10000204002000');
    const broken = {
      ...base,
      id: '430100-LOCAL-001',
      nationalRuleId: 'GZ10000204002000',
      condition: { op: 'gt', args: [{ field: 'claim.noSuchField' }, { const: 1 }] },
    };
    const bad = await asActor(officer, () => client.requestReply(KbSubjects.saveRuleDraft, { region: '430100', definition: broken }));
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.code).toBe('VALIDATION');
    expect(String(bad.error.details?.field)).toMatch(/^definition\.condition/);
    const good = {
      ...base,
      id: '430100-LOCAL-001',
      nationalRuleId: 'GZ10000204002000',
      name: { zh: '本市频繁门诊（15天8次）', en: 'Frequent outpatient visits (city)' },
      params: { windowDays: 15, maxVisits: 8 },
    };
    const saved = await asActor(officer, () => client.request<RuleVersionView>(KbSubjects.saveRuleDraft, { region: '430100', definition: good }));
    expect(saved).toMatchObject({ ruleId: '430100-LOCAL-001', version: 1, status: 'DRAFT' });
    const again = await asActor(officer, () => client.request<RuleVersionView>(KbSubjects.saveRuleDraft, { region: '430100', definition: good }));
    expect(again.version).toBe(1); // a draft is edited in place until published
  });

  it('lets the province propose its own rule set: it compiles against the province’s knowledge', async () => {
    const provincial = aUser({ id: 'u-p', username: 'hn.admin', roles: ['province-admin'], scope: '430000' });
    const proposal = {
      region: '430000',
      effectiveFrom: '2026-06-01',
      rules: DEFAULT_RULES.slice(0, 5).map((r) => ({ ruleId: r.id, version: 1 })),
      overrides: [],
      reason: '全省规则库调整：先行启用五条规则',
    };
    const approval = await asActor(provincial, () => client.request<ApprovalView>(KbSubjects.proposeRuleSet, proposal));
    expect(approval).toMatchObject({ status: 'PENDING', action: 'kb.publish-rule-set', admdvs: '430000' });
    await asActor(provincial, () => client.request(approvalSubjects('kb').withdraw, { id: approval.id }));
  });

  it('publishes a city rule set only when a second officer approves; the version in force follows the date', async () => {
    const proposal = {
      region: '430100',
      effectiveFrom: '2026-04-01',
      rules: [],
      overrides: [
        { ruleId: 'GZ10000204002000', disabled: true },
        { ruleId: 'GZ10000204001000', params: { maxGapDays: 10 } },
      ],
      reason: '本市分解住院间隔按10天执行；频繁门诊改用本市规则',
    };
    const past = await asActor(officer, () => client.requestReply(KbSubjects.proposeRuleSet, { ...proposal, effectiveFrom: '2026-01-01' }));
    expect(past.ok || past.error.details?.field).toBe('effectiveFrom');
    const unknown = await asActor(officer, () =>
      client.requestReply(KbSubjects.proposeRuleSet, { ...proposal, overrides: [{ ruleId: 'GZ99999999999000', disabled: true }] }),
    );
    expect(unknown.ok || unknown.error.details?.field).toBe('overrides');
    const badParam = await asActor(officer, () =>
      client.requestReply(KbSubjects.proposeRuleSet, { ...proposal, overrides: [{ ruleId: 'GZ10000204001000', params: { maxGapDays: 'ten' } }] }),
    );
    expect(badParam.ok).toBe(false);

    const approval = await asActor(officer, () => client.request<ApprovalView>(KbSubjects.proposeRuleSet, proposal));
    expect(approval).toMatchObject({ status: 'PENDING', action: 'kb.publish-rule-set' });
    const self = await asActor(officer, () => client.requestReply(approvalSubjects('kb').decide, { id: approval.id, decision: 'approve' }));
    expect(self.ok || self.error.code).toBe('FORBIDDEN.SAME_PERSON');
    expect(await count(`kb.rule_set where region = '430100'`)).toBe(0);
    const decided = await asActor(officer2, () =>
      client.request<ApprovalView>(approvalSubjects('kb').decide, { id: approval.id, decision: 'approve', note: '同意' }),
    );
    expect(decided.status).toBe('APPROVED');

    const march = await client.request<RuleSetView>(KbSubjects.ruleSetInForce, { poolarea: '430100', date: '2026-03-31' });
    expect(march).toMatchObject({ region: '430000', version: 1 });
    const april = await client.request<RuleSetView>(KbSubjects.ruleSetInForce, { poolarea: '430102', date: '2026-04-01' });
    expect(april).toMatchObject({ region: '430100', version: 1, effectiveFrom: '2026-04-01' });
    expect(april.rules).toHaveLength(DEFAULT_RULES.length - 1);
    expect(april.rules.find((r) => r.id === 'GZ10000204002000')).toBeUndefined();
    expect((april.rules.find((r) => r.id === 'GZ10000204001000') as { params: { maxGapDays: number } }).params.maxGapDays).toBe(10);
    // Other cities keep the province's set.
    expect((await client.request<RuleSetView>(KbSubjects.ruleSetInForce, { poolarea: '430200', date: '2026-04-01' })).region).toBe('430000');

    const jsm = await jetstreamManager(infra.nats.nc);
    const msg = await jsm.streams.getMessage(infra.nats.resolver.eventsStream, { last_by_subj: infra.nats.resolver.subject(KbEventSubjects.RuleSetPublished) });
    expect(msg?.json()).toMatchObject({
      type: 'RuleSetPublished',
      admdvs: '430100',
      payload: { region: '430100', version: 1, effectiveFrom: '2026-04-01', overrides: 2 },
    });
  });

  it('a rule set entry may run in shadow mode: validated, stored and answered with the set in force', async () => {
    // A city listing its rule versions (a province's own proposal needs knowledge of a province, which
    // KnowledgeService.snapshot does not answer yet).
    const zz2 = aUser({ id: 'u-6', username: 'zz.officer2', roles: ['city-officer'], scope: '430200' });
    const SHADOW = 'GZ10000301004000';
    const proposal = {
      region: '430200',
      effectiveFrom: '2026-05-01',
      rules: DEFAULT_RULES.map((d) => ({ ruleId: d.id, version: d.version, ...(d.id === SHADOW ? { shadow: true } : {}) })),
      reason: '药品区分性别使用规则先影子运行一个月',
    };
    const notBoolean = await asActor(zhuzhou, () =>
      client.requestReply(KbSubjects.proposeRuleSet, { ...proposal, rules: [{ ruleId: SHADOW, version: 1, shadow: 'yes' }] }),
    );
    expect(notBoolean.ok || [notBoolean.error.code, notBoolean.error.message]).toEqual(['VALIDATION', expect.stringMatching(/shadow/)]);
    const allShadow = await asActor(zhuzhou, () =>
      client.requestReply(KbSubjects.proposeRuleSet, { ...proposal, rules: [{ ruleId: SHADOW, version: 1, shadow: true }] }),
    );
    expect(allShadow.ok || [allShadow.error.code, allShadow.error.details?.field]).toEqual(['VALIDATION', 'rules']);

    const approval = await asActor(zhuzhou, () => client.request<ApprovalView>(KbSubjects.proposeRuleSet, proposal));
    await asActor(zz2, () => client.request<ApprovalView>(approvalSubjects('kb').decide, { id: approval.id, decision: 'approve', note: '同意' }));
    const stored = await sut
      .get<MikroORM>(MikroORM)
      .em.fork()
      .execute<{ rules: { ruleId: string; shadow?: boolean }[] }[]>(`select rules from kb.rule_set where region = '430200' and effective_from = '2026-05-01'`);
    expect(stored[0].rules.filter((r) => r.shadow)).toEqual([{ ruleId: SHADOW, version: 1, shadow: true }]);
    const may = await client.request<RuleSetView>(KbSubjects.ruleSetInForce, { poolarea: '430200', date: '2026-05-01' });
    expect(may).toMatchObject({ region: '430200', shadow: [SHADOW] });
    expect(may.rules.some((r) => r.id === SHADOW)).toBe(true);
    // Before May Zhuzhou has the province's set, nothing in shadow; other cities are untouched.
    expect((await client.request<RuleSetView>(KbSubjects.ruleSetInForce, { poolarea: '430200', date: '2026-04-30' })).shadow).toEqual([]);
    expect((await client.request<RuleSetView>(KbSubjects.ruleSetInForce, { poolarea: '430100', date: '2026-05-02' })).shadow).toEqual([]);
  });

  it('answers a simulation the definitions of named rule versions of the city or its province, drafts included', async () => {
    const ok = await client.request<{ definitions: { id: string; version: number }[] }>(KbSubjects.ruleDefinitions, {
      poolarea: '430102',
      rules: [
        { ruleId: '430100-LOCAL-001', version: 1 },
        { ruleId: 'GZ10000204002000', version: 1 },
      ],
    });
    expect(ok.definitions.map((d) => [d.id, d.version])).toEqual([
      ['430100-LOCAL-001', 1],
      ['GZ10000204002000', 1],
    ]);
    const unknown = await client.requestReply(KbSubjects.ruleDefinitions, {
      poolarea: '430100',
      rules: [
        { ruleId: 'GZ10000204002000', version: 1 },
        { ruleId: 'GZ10000204002000', version: 9 },
      ],
    });
    expect(unknown.ok || [unknown.error.code, unknown.error.details?.field]).toEqual(['NOT_FOUND', 'rules[1]']);
    // Changsha's draft is not Zhuzhou's to simulate.
    const other = await client.requestReply(KbSubjects.ruleDefinitions, { poolarea: '430200', rules: [{ ruleId: '430100-LOCAL-001', version: 1 }] });
    expect(other.ok || [other.error.code, other.error.details?.field]).toEqual(['NOT_FOUND', 'rules[0]']);
  });
});
