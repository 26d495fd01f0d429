import { MikroORM } from '@mikro-orm/postgresql';
import { Workbook } from 'exceljs';
import { type CodingTableImportReport, type ImportReport, KbSubjects } from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import { type MiNatsClient, type RunningProcess } from '@mi/platform';
import {
  aClaim,
  aClaimLine,
  compileRuleSet,
  DEFAULT_RULES,
  evaluate,
  InMemoryKnowledgeBase,
  SAMPLE_CODES,
  SAMPLE_DIAGNOSIS_CODES,
  SAMPLE_DISEASE_LISTS,
  SAMPLE_OPERATION_CONSTRAINTS,
} from '@mi/rules';
import { asActor, aUser, createTestInfra, startTestService, type TestInfra, testNatsClient } from '@mi/testing';
import { AppModule } from '../src/app.module';
import { MonitoringKbConfig } from '../src/config';
import { type KnowledgeSnapshotJson, snapshotFromJson } from '../src/knowledge/knowledge-json';
import { persistence } from '../src/persistence';

/**
 * A bureau loads its own coding tables (知识库编码表: ICD-10 医保版 diagnosis codes, ICD-9-CM-3
 * operation constraints, 限定病种目录) from CSV or XLSX: each import replaces the region's table from
 * its date, the snapshot claims-review reads serves it from then on (and the old one before), a
 * city's table overrides the province's for that city only, and a file with any problem imports nothing.
 */
describe('coding table import (real PostgreSQL + NATS)', () => {
  let infra: TestInfra;
  let sut: RunningProcess<MonitoringKbConfig>;
  let client: MiNatsClient;
  const clock = new ManualClock('2026-03-02T02:00:00.000Z');
  const admin = aUser({ id: 'u-p', username: 'hn.admin', roles: ['province-admin'], scope: '430000' });
  const changsha = aUser({ id: 'u-1', username: 'cs.officer', roles: ['city-officer'], scope: '430100' });
  const zhuzhou = aUser({ id: 'u-3', username: 'zz.officer', roles: ['city-officer'], scope: '430200' });
  const reviewer = aUser({ id: 'u-4', username: 'cs.reviewer', roles: ['reviewer'], scope: '430100' });
  const C = SAMPLE_CODES;

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startTestService(infra, AppModule, MonitoringKbConfig, 'monitoring-kb-service', { clock });
    client = testNatsClient(infra);
  });

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
  });

  const sql = <T>(query: string, params: unknown[] = []) => sut.get<MikroORM>(MikroORM).em.fork().execute<T[]>(query, params);
  const count = async (from: string) => Number((await sql<{ n: string }>(`select count(*)::text as n from ${from}`))[0].n);
  const snapshot = (poolarea: string, date: string) => client.request<KnowledgeSnapshotJson>(KbSubjects.knowledgeSnapshot, { poolarea, date });
  const importTable = (actor: typeof admin, req: Record<string, unknown>) =>
    asActor(actor, () => client.requestReply<CodingTableImportReport>(KbSubjects.importCodingTable, req));
  const imported = async (actor: typeof admin, req: Record<string, unknown>): Promise<CodingTableImportReport> => {
    const r = await importTable(actor, req);
    if (!r.ok) throw new Error(`import refused: ${JSON.stringify(r.error)}`);
    return r.data;
  };
  const rulesOn = (kb: KnowledgeSnapshotJson) => compileRuleSet(DEFAULT_RULES, { knowledge: InMemoryKnowledgeBase.from(snapshotFromJson(kb)) });
  const xlsxOf = async (rows: unknown[][]): Promise<string> => {
    const wb = new Workbook();
    const ws = wb.addWorksheet('编码表');
    rows.forEach((r) => ws.addRow(r));
    return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
  };

  it('replaces the province’s diagnosis code table from validFrom: the snapshot serves the new table from then, the bundled one before', async () => {
    const csv = ['code,name,备注', 'K29.700,慢性胃炎,', 'j44.100,慢性阻塞性肺病伴有急性加重,新增', 'I10.X00,特发性（原发性）高血压,'].join('\n');
    const report = await imported(admin, { kind: 'diagnosisCodes', region: '430000', validFrom: '2026-04-01', fileName: 'icd10-yb.csv', csv });
    expect(report).toMatchObject({ kind: 'diagnosisCodes', region: '430000', validFrom: '2026-04-01', rows: 3, imported: 3, rejected: [] });

    const april = await snapshot('430102', '2026-04-01');
    expect(april.diagnosisCodes).toEqual([
      { code: 'K29.700', name: '慢性胃炎' },
      { code: 'J44.100', name: '慢性阻塞性肺病伴有急性加重' },
      { code: 'I10.X00', name: '特发性（原发性）高血压' },
    ]);
    const march = await snapshot('430102', '2026-03-31');
    expect(march.diagnosisCodes).toEqual(SAMPLE_DIAGNOSIS_CODES);
    // The other tables are untouched.
    expect(april.operations).toEqual(SAMPLE_OPERATION_CONSTRAINTS);
    expect(april.diseaseLists).toEqual(SAMPLE_DISEASE_LISTS);

    // 疾病诊断编码异常 reads it: E11.900 is a code from April 1 no more.
    const claim = aClaim({ mainDiagnosis: 'K29.700', diagnoses: ['E11.900'] });
    const codeRule = (kb: KnowledgeSnapshotJson) => evaluate(rulesOn(kb), claim).filter((f) => f.ruleId === 'GZ10000201003000');
    expect(codeRule(march)).toEqual([]);
    expect(codeRule(april).map((f) => f.volaCont)).toEqual([expect.stringContaining('编码库中不存在E11.900')]);

    // One batch, one document, one audit row, one event — in one transaction.
    expect(await sql(`select kind, file_name, rows, imported, created_by from kb.import_batch where id = ?`, [report.batchId])).toEqual([
      { kind: 'diagnosisCodes', file_name: 'icd10-yb.csv', rows: 3, imported: 3, created_by: 'hn.admin' },
    ]);
    expect(await sql(`select region, valid_from::text as valid_from from kb.knowledge_misc where batch_id = ?`, [report.batchId])).toEqual([
      { region: '430000', valid_from: '2026-04-01' },
    ]);
    expect(await sql(`select action, admdvs, detail->>'kind' as kind from kb.audit_log where target_id = ?`, [report.batchId])).toEqual([
      { action: 'kb.import-coding-table', admdvs: '430000', kind: 'diagnosisCodes' },
    ]);
    const events = await sql<{ type: string; payload: unknown }>(
      `select type, envelope->'payload' as payload from kb.outbox where envelope->>'aggregateId' = ?`,
      [report.batchId],
    );
    expect(events).toEqual([
      { type: 'KnowledgeImported', payload: { region: '430000', batchId: report.batchId, kind: 'diagnosisCodes', entries: 3, validFrom: '2026-04-01' } },
    ]);
  });

  it('a table imported again on the same day replaces it, with a new snapshot version', async () => {
    const before = await snapshot('430100', '2026-04-01');
    await imported(admin, {
      kind: 'diagnosisCodes',
      region: '430000',
      validFrom: '2026-04-01',
      fileName: 'icd10-yb-v2.csv',
      csv: ['code,name', ...SAMPLE_DIAGNOSIS_CODES.map((d) => `${d.code},${d.name}`), 'J45.900,哮喘'].join('\n'),
    });
    const after = await snapshot('430100', '2026-04-01');
    expect(after.diagnosisCodes).toHaveLength(SAMPLE_DIAGNOSIS_CODES.length + 1);
    expect(after.version).not.toBe(before.version);
    expect(await count(`kb.knowledge_misc where region = '430000' and kind = 'diagnosisCodes'`)).toBe(2);
  });

  it('refuses a file with a bad code, a duplicate code or a missing column: the lines and columns listed, nothing imported', async () => {
    const batches = await count('kb.import_batch');
    const documents = await count('kb.knowledge_misc');
    const bad = await importTable(changsha, {
      kind: 'diagnosisCodes',
      region: '430100',
      validFrom: '2026-04-01',
      fileName: 'bad.csv',
      csv: ['code,name', 'K29.700,胃炎', '29.700,胃炎（无字母）', 'k29.700,胃炎（重复）', 'K30.X00,'].join('\n'),
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.code).toBe('VALIDATION');
    expect(bad.error.message).toBe('bad.csv: 3 problem(s), nothing imported; first: line 3 code: must be an ICD-10 code such as K29.700');
    expect(bad.error.details?.rejected).toEqual([
      { line: 3, field: 'code', reason: 'must be an ICD-10 code such as K29.700' },
      { line: 4, field: 'code', reason: 'duplicates line 2' },
      { line: 5, field: 'name', reason: 'is required' },
    ]);
    expect(bad.error.details).toMatchObject({ field: 'csv', rows: 4 });

    const noColumn = await importTable(changsha, {
      kind: 'operations',
      region: '430100',
      validFrom: '2026-04-01',
      fileName: 'ops.csv',
      csv: 'code,name,gender\n68,子宫手术,2',
    });
    expect(noColumn.ok || noColumn.error.details?.rejected).toEqual([{ line: 1, field: 'code_prefix', reason: 'column is missing from the header' }]);
    const empty = await importTable(changsha, {
      kind: 'operations',
      region: '430100',
      validFrom: '2026-04-01',
      fileName: 'ops.csv',
      csv: 'code_prefix,name,gender\n',
    });
    expect(empty.ok || empty.error.details?.rejected).toEqual([
      { line: 1, field: 'file', reason: 'has no rows: an import replaces the whole table, so it cannot be empty' },
    ]);
    expect(await count('kb.import_batch')).toBe(batches);
    expect(await count('kb.knowledge_misc')).toBe(documents);
    expect(await count(`kb.audit_log where action = 'kb.import-coding-table' and admdvs = '430100'`)).toBe(0);
  });

  it('is for the officers of the region: another city, another role, a city officer for the province, a county are refused', async () => {
    const req = { kind: 'operations', region: '430100', validFrom: '2026-04-01', fileName: 'ops.csv', csv: 'code_prefix,name,gender\n68,子宫手术,2' };
    expect(await importTable(zhuzhou, req).then((r) => r.ok || r.error.code)).toBe('FORBIDDEN.REGION');
    expect(await importTable(reviewer, req).then((r) => r.ok || r.error.code)).toBe('FORBIDDEN.ROLE');
    expect(await importTable(changsha, { ...req, region: '430000' }).then((r) => r.ok || r.error.code)).toBe('FORBIDDEN.ROLE');
    expect(await importTable(changsha, { ...req, region: '430102' }).then((r) => r.ok || r.error.details?.field)).toBe('region');
    expect(await importTable(changsha, { ...req, kind: 'codeSets' }).then((r) => r.ok || r.error.details?.field)).toBe('kind');
  });

  it('a city’s operation constraints override the province’s for that city only, from their date', async () => {
    const report = await imported(changsha, {
      kind: 'operations',
      region: '430100',
      validFrom: '2026-04-01',
      fileName: 'ops.csv',
      csv: ['code_prefix,name,gender', '60,前列腺和精囊手术,1', '65,卵巢手术,2', '99.9,其他操作,'].join('\n'),
    });
    expect(report).toMatchObject({ kind: 'operations', region: '430100', rows: 3, imported: 3 });
    const city = await snapshot('430102', '2026-04-01');
    expect(city.operations).toEqual([
      { codePrefix: '60', name: '前列腺和精囊手术', gender: '1' },
      { codePrefix: '65', name: '卵巢手术', gender: '2' },
      { codePrefix: '99.9', name: '其他操作' },
    ]);
    const other = await snapshot('430200', '2026-04-01');
    expect(other.operations).toEqual(SAMPLE_OPERATION_CONSTRAINTS);
    expect((await snapshot('430100', '2026-03-31')).operations).toEqual(SAMPLE_OPERATION_CONSTRAINTS);
    // 手术操作编码与性别不符: a man’s uterine operation is no finding in Changsha (68 not kept), still one in Zhuzhou.
    const claim = aClaim({
      treatmentMode: '2',
      medType: '21',
      admissionDate: '2026-04-01',
      dischargeDate: '2026-04-05',
      patient: { gender: '1' },
      operations: [{ code: '68.4100', isMain: true }],
    });
    const oprnRule = (kb: KnowledgeSnapshotJson) => evaluate(rulesOn(kb), claim).filter((f) => f.ruleId === 'GZ10000201005000');
    expect(oprnRule(city)).toEqual([]);
    expect(oprnRule(other)).toHaveLength(1);
  });

  const LISTS = 'list_code,list_name,benefit,diagnosis_prefix';
  const sampleListRows = (except: string[] = []) =>
    SAMPLE_DISEASE_LISTS.filter((l) => !except.includes(l.code)).flatMap((l) => l.diagnosisPrefixes.map((p) => `${l.code},${l.name},${l.benefit ?? ''},${p}`));

  it('refuses a disease list table that leaves out a list catalogue items in force still name, naming the list and an item', async () => {
    const documents = await count(`kb.knowledge_misc where kind = 'diseaseLists'`);
    const bad = await importTable(admin, {
      kind: 'diseaseLists',
      region: '430000',
      validFrom: '2026-04-01',
      fileName: 'lists.csv',
      csv: [LISTS, ...sampleListRows(['MTB-CKD'])].join('\n'),
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.details?.rejected).toEqual([
      {
        line: 1,
        field: 'list_code',
        reason: `disease list MTB-CKD is left out, but 1 catalogue item(s) in force for 430000 from 2026-04-01 name it, e.g. ${C.nifedipine} 硝苯地平控释片 (430000, valid from 2019-01-01): keep the list, or first import those items without it`,
      },
    ]);
    expect(await count(`kb.knowledge_misc where kind = 'diseaseLists'`)).toBe(documents);

    // Keeping every list in use, the province may change prefixes and add one.
    const report = await imported(admin, {
      kind: 'diseaseLists',
      region: '430000',
      validFrom: '2026-04-01',
      fileName: 'lists.csv',
      csv: [LISTS, ...sampleListRows(), 'MTB-HF,慢性心力衰竭（门诊慢特病）,门诊慢特病,I50', 'MTB-HF,,,I11.0'].join('\n'),
    });
    expect(report).toMatchObject({ kind: 'diseaseLists', rows: 13, imported: 4 });
    const zz = await snapshot('430200', '2026-04-01');
    expect(zz.diseaseLists.map((l) => l.code)).toEqual(['LB-HTN', 'LB-DM', 'MTB-CKD', 'MTB-HF']);
    expect(zz.diseaseLists[3]).toEqual({ code: 'MTB-HF', name: '慢性心力衰竭（门诊慢特病）', benefit: '门诊慢特病', diagnosisPrefixes: ['I50', 'I11.0'] });
    expect((await snapshot('430200', '2026-03-31')).diseaseLists).toEqual(SAMPLE_DISEASE_LISTS);
  });

  it('imports a city’s disease lists from an XLSX workbook exactly as the CSV, and guards the city’s own items too', async () => {
    const rows = [
      ['list_code', 'list_name', 'benefit', 'diagnosis_prefix'],
      ...sampleListRows().map((r) => r.split(',')),
      ['MTB-COPD', '慢性阻塞性肺疾病（门诊慢特病）', '门诊慢特病', 'J44'],
    ];
    const badXlsx = await importTable(changsha, {
      kind: 'diseaseLists',
      region: '430100',
      validFrom: '2026-04-01',
      fileName: 'lists.xlsx',
      xlsx: await xlsxOf([...rows, ['MTB-COPD', '慢阻肺', '', 'j44']]),
    });
    expect(badXlsx.ok || [badXlsx.error.details?.field, badXlsx.error.details?.rejected]).toEqual([
      'xlsx',
      [
        { line: 14, field: 'diagnosis_prefix', reason: 'must be an upper-case ICD-10 prefix such as E11' },
        { line: 14, field: 'list_name', reason: 'differs from line 13 (慢性阻塞性肺疾病（门诊慢特病）) of list MTB-COPD' },
      ],
    ]);
    const report = await imported(changsha, {
      kind: 'diseaseLists',
      region: '430100',
      validFrom: '2026-04-01',
      fileName: 'lists.xlsx',
      xlsx: await xlsxOf(rows),
    });
    expect(report).toMatchObject({ kind: 'diseaseLists', region: '430100', rows: 12, imported: 4 });
    const cs = await snapshot('430100', '2026-04-01');
    expect(cs.diseaseLists.map((l) => l.code)).toEqual(['LB-HTN', 'LB-DM', 'MTB-CKD', 'MTB-COPD']);
    // Zhuzhou keeps the province's lists.
    expect((await snapshot('430200', '2026-04-01')).diseaseLists.map((l) => l.code)).toEqual(['LB-HTN', 'LB-DM', 'MTB-CKD', 'MTB-HF']);

    // A city item now names the city's list …
    const item = await asActor(changsha, () =>
      client.request<ImportReport>(KbSubjects.importCatalogue, {
        region: '430100',
        validFrom: '2026-04-01',
        fileName: 'copd.csv',
        csv: 'hilist_code,hilist_name,list_type,disease_lists\nXCITY0000COPD,噻托溴铵粉吸入剂,101,MTB-COPD',
      }),
    );
    expect(item.imported).toBe(1);
    // … so the city cannot drop it from May, nor a list a provincial item names; both named.
    const drop = await importTable(changsha, {
      kind: 'diseaseLists',
      region: '430100',
      validFrom: '2026-05-01',
      fileName: 'lists-may.csv',
      csv: [LISTS, ...sampleListRows(['LB-DM'])].join('\n'),
    });
    expect(drop.ok || (drop.error.details?.rejected as { reason: string }[]).map((r) => r.reason)).toEqual([
      `disease list LB-DM is left out, but 1 catalogue item(s) in force for 430100 from 2026-05-01 name it, e.g. ${C.acarbose} 阿卡波糖片 (430000, valid from 2019-01-01): keep the list, or first import those items without it`,
      'disease list MTB-COPD is left out, but 1 catalogue item(s) in force for 430100 from 2026-05-01 name it, e.g. XCITY0000COPD 噻托溴铵粉吸入剂 (430100, valid from 2026-04-01): keep the list, or first import those items without it',
    ]);
    // The province's table does not apply to Changsha once Changsha has its own: the province need not keep MTB-COPD.
    await imported(admin, {
      kind: 'diseaseLists',
      region: '430000',
      validFrom: '2026-03-15',
      fileName: 'lists-mar.csv',
      csv: [LISTS, ...sampleListRows()].join('\n'),
    });

    // 药品超限定病种目录范围使用 reads the city's list: the COPD drug is paid with a J44 diagnosis only.
    const chronic = (mainDiagnosis: string) =>
      aClaim({
        medType: '14',
        mainDiagnosis,
        lines: [aClaimLine({ hilistCode: 'XCITY0000COPD', name: '噻托溴铵粉吸入剂', listType: '101', lineId: 'B1', unitPrice: '120.00' })],
      });
    const knowledge = await snapshot('430100', '2026-04-01');
    const listRule = (mainDiagnosis: string) => evaluate(rulesOn(knowledge), chronic(mainDiagnosis)).filter((f) => f.ruleId === 'GZ10000101011000');
    expect(listRule('J44.100')).toEqual([]);
    expect(listRule('I10.X00')).toHaveLength(1);
  });

  it('a province table may not drop a list a city’s own item names while that city has no lists of its own', async () => {
    // Zhuzhou has no disease lists of its own: its item naming the province's MTB-HF is checked against the province's table.
    const item = await asActor(zhuzhou, () =>
      client.request<ImportReport>(KbSubjects.importCatalogue, {
        region: '430200',
        validFrom: '2026-04-01',
        fileName: 'hf.csv',
        csv: 'hilist_code,hilist_name,list_type,disease_lists\nXZZ000000HF01,沙库巴曲缬沙坦钠片,101,MTB-HF',
      }),
    );
    expect(item.imported).toBe(1);
    const drop = await importTable(admin, {
      kind: 'diseaseLists',
      region: '430000',
      validFrom: '2026-06-01',
      fileName: 'lists-jun.csv',
      csv: [LISTS, ...sampleListRows()].join('\n'),
    });
    expect(drop.ok || (drop.error.details?.rejected as { reason: string }[]).map((r) => r.reason)).toEqual([
      'disease list MTB-HF is left out, but 1 catalogue item(s) in force for 430000 from 2026-06-01 name it, e.g. XZZ000000HF01 沙库巴曲缬沙坦钠片 (430200, valid from 2026-04-01): keep the list, or first import those items without it',
    ]);
    expect((await snapshot('430200', '2026-06-01')).diseaseLists.map((l) => l.code)).toEqual(['LB-HTN', 'LB-DM', 'MTB-CKD', 'MTB-HF']);
  });
});
