import { Workbook } from 'exceljs';
import { InMemoryKnowledgeBase, SAMPLE_DIAGNOSIS_CODES, SAMPLE_DISEASE_LISTS, SAMPLE_OPERATION_CONSTRAINTS } from '@mi/rules';
import { readXlsxRecords } from './catalogue-xlsx';
import { parseCodingTableCsv, parseCodingTableRecords } from './coding-tables';

/** The reason the knowledge base itself gives for `data` (what a snapshot holding it would say). */
const libraryReason = (data: Parameters<typeof InMemoryKnowledgeBase.from>[0]): string => {
  try {
    InMemoryKnowledgeBase.from(data);
  } catch (e) {
    return String((e as { details: { reason: string } }).details.reason);
  }
  return 'accepted';
};

describe('parseCodingTableCsv — diagnosisCodes (ICD-10 医保版)', () => {
  it('reads code and name in any column order, ignoring unknown columns; codes kept upper case', () => {
    const sut = parseCodingTableCsv('diagnosisCodes', ['备注,name,code', '版本2.0,胃炎,K29.700', ',"脑梗死, 未特指",i63.900x001', ''].join('\r\n'));
    expect(sut).toEqual({
      table: [
        { code: 'K29.700', name: '胃炎' },
        { code: 'I63.900X001', name: '脑梗死, 未特指' },
      ],
      errors: [],
      rows: 2,
    });
  });

  it('refuses a bad code with the knowledge base’s own reason, a duplicate (in any case) with the line it repeats, a missing name', () => {
    const sut = parseCodingTableCsv(
      'diagnosisCodes',
      ['code,name', 'K29.700,胃炎', '29.7,胃炎', 'k29.700,胃炎（重复）', 'K30.X00,', `K31.000,${'长'.repeat(201)}`].join('\n'),
    );
    expect(sut.errors).toEqual([
      { line: 3, field: 'code', reason: libraryReason({ version: 'x', diagnosisCodes: [{ code: '29.7', name: '胃炎' }] }) },
      { line: 4, field: 'code', reason: 'duplicates line 2' },
      { line: 5, field: 'name', reason: 'is required' },
      { line: 6, field: 'name', reason: 'must be at most 200 characters' },
    ]);
    expect(sut.errors[0].reason).toBe('must be an ICD-10 code such as K29.700');
    expect(sut.table).toEqual([]);
    expect(sut.rows).toBe(5);
  });

  it('names a missing column on the header line; refuses an empty file or a header without rows (a table is replaced whole)', () => {
    expect(parseCodingTableCsv('diagnosisCodes', 'code,名称\nK29.700,胃炎').errors).toEqual([
      { line: 1, field: 'name', reason: 'column is missing from the header' },
    ]);
    expect(parseCodingTableCsv('diagnosisCodes', '\n\n').errors).toEqual([{ line: 1, field: 'file', reason: 'is empty' }]);
    expect(parseCodingTableCsv('diagnosisCodes', '\ncode,name\n').errors).toEqual([
      { line: 2, field: 'file', reason: 'has no rows: an import replaces the whole table, so it cannot be empty' },
    ]);
  });

  it('reads back the bundled table written as a file', () => {
    const csv = ['code,name', ...SAMPLE_DIAGNOSIS_CODES.map((d) => `${d.code},${d.name}`)].join('\n');
    expect(parseCodingTableCsv('diagnosisCodes', csv)).toEqual({ table: SAMPLE_DIAGNOSIS_CODES, errors: [], rows: SAMPLE_DIAGNOSIS_CODES.length });
  });
});

describe('parseCodingTableCsv — operations (ICD-9-CM-3 与性别)', () => {
  it('reads prefixes with a gender or none', () => {
    const sut = parseCodingTableCsv('operations', 'code_prefix,name,gender\n68,子宫切开术和切除术,2\n60.2,经尿道前列腺切除,1\n99.9,其他操作,');
    expect(sut).toEqual({
      table: [
        { codePrefix: '68', name: '子宫切开术和切除术', gender: '2' },
        { codePrefix: '60.2', name: '经尿道前列腺切除', gender: '1' },
        { codePrefix: '99.9', name: '其他操作' },
      ],
      errors: [],
      rows: 3,
    });
    expect(parseCodingTableCsv('operations', 'code_prefix,name\n68,子宫手术').table).toEqual([{ codePrefix: '68', name: '子宫手术' }]);
  });

  it('refuses each bad cell with the knowledge base’s reason, and a prefix twice', () => {
    const sut = parseCodingTableCsv('operations', 'code_prefix,name,gender\n68,子宫手术,2\nK68,子宫手术,F\n68,子宫手术（重复）,2\n,,2');
    expect(sut.errors).toEqual([
      { line: 3, field: 'code_prefix', reason: 'must be an upper-case ICD-9-CM-3 prefix such as 68 or 60.2' },
      { line: 3, field: 'gender', reason: "must be '1' or '2'" },
      { line: 4, field: 'code_prefix', reason: 'duplicates line 2' },
      { line: 5, field: 'code_prefix', reason: 'must be an upper-case ICD-9-CM-3 prefix such as 68 or 60.2' },
      { line: 5, field: 'name', reason: 'is required' },
    ]);
    expect(sut.errors[0].reason).toBe(libraryReason({ version: 'x', operations: [{ codePrefix: 'K68', name: 'x' }] }));
  });

  it('reads back the bundled constraints written as a file', () => {
    const csv = ['code_prefix,name,gender', ...SAMPLE_OPERATION_CONSTRAINTS.map((o) => `${o.codePrefix},${o.name},${o.gender ?? ''}`)].join('\n');
    expect(parseCodingTableCsv('operations', csv).table).toEqual(SAMPLE_OPERATION_CONSTRAINTS);
  });
});

describe('parseCodingTableCsv — diseaseLists (限定病种目录)', () => {
  const header = 'list_code,list_name,benefit,diagnosis_prefix';

  it('groups one row per list and prefix into lists, in file order; later rows may leave name and benefit empty', () => {
    const sut = parseCodingTableCsv(
      'diseaseLists',
      [header, 'LB-DM,糖尿病（两病）,两病门诊用药保障,E11', 'MTB-CKD,慢性肾脏病,,N18', 'LB-DM,,,E10', 'LB-DM,糖尿病（两病）,两病门诊用药保障,E14'].join('\n'),
    );
    expect(sut).toEqual({
      table: [
        { code: 'LB-DM', name: '糖尿病（两病）', benefit: '两病门诊用药保障', diagnosisPrefixes: ['E11', 'E10', 'E14'] },
        { code: 'MTB-CKD', name: '慢性肾脏病', diagnosisPrefixes: ['N18'] },
      ],
      errors: [],
      rows: 4,
    });
    expect(() => InMemoryKnowledgeBase.from({ version: 'x', diseaseLists: sut.table })).not.toThrow();
  });

  it('refuses a bad prefix with the knowledge base’s reason, a prefix twice in a list, a name or benefit that differs, a code a catalogue cannot name', () => {
    const sut = parseCodingTableCsv(
      'diseaseLists',
      [
        header,
        'LB-DM,糖尿病,两病,E11',
        'LB-DM,糖尿病,两病,e10',
        'LB-DM,,,E11',
        'LB-DM,高血压,门诊慢特病,E12',
        'LB HTN,高血压,,I10',
        'LB-HTN,,,I10',
        'MTB-CKD,慢性肾脏病,,',
      ].join('\n'),
    );
    expect(sut.errors).toEqual([
      { line: 3, field: 'diagnosis_prefix', reason: 'must be an upper-case ICD-10 prefix such as E11' },
      { line: 4, field: 'diagnosis_prefix', reason: 'duplicates line 2 of list LB-DM' },
      { line: 5, field: 'list_name', reason: 'differs from line 2 (糖尿病) of list LB-DM' },
      { line: 5, field: 'benefit', reason: 'differs from line 2 (两病) of list LB-DM' },
      { line: 6, field: 'list_code', reason: 'must be 1–40 characters without spaces or |' },
      { line: 7, field: 'list_name', reason: 'is required' },
      { line: 8, field: 'diagnosis_prefix', reason: 'must be an upper-case ICD-10 prefix such as E11' },
    ]);
    expect(sut.errors[0].reason).toBe(libraryReason({ version: 'x', diseaseLists: [{ code: 'X', name: 'x', diagnosisPrefixes: ['e10'] }] }));
    expect(sut.table).toEqual([]);
  });

  it('needs list_code, list_name and diagnosis_prefix; benefit is optional', () => {
    expect(parseCodingTableCsv('diseaseLists', 'list_code,diagnosis_prefix\nLB-DM,E11').errors).toEqual([
      { line: 1, field: 'list_name', reason: 'column is missing from the header' },
    ]);
    const sample = [header, ...SAMPLE_DISEASE_LISTS.flatMap((l) => l.diagnosisPrefixes.map((p) => `${l.code},${l.name},${l.benefit ?? ''},${p}`))].join('\n');
    expect(parseCodingTableCsv('diseaseLists', sample).table).toEqual(SAMPLE_DISEASE_LISTS);
  });
});

describe('parseCodingTableRecords — an XLSX reads as the same CSV', () => {
  it('gives the same table and the same rejections (row numbers), numbers as their text', async () => {
    const wb = new Workbook();
    const ws = wb.addWorksheet('手术操作');
    [['code_prefix', 'name', 'gender'], [68, '子宫手术', 2], [60.2, '经尿道前列腺切除', 1], [], ['K68', '错误前缀', 3]].forEach((r, i) => {
      if (r.length > 0) ws.getRow(i + 1).values = r;
    });
    const records = await readXlsxRecords(Buffer.from(await wb.xlsx.writeBuffer()), 'ops.xlsx');
    const fromXlsx = parseCodingTableRecords('operations', records);
    const fromCsv = parseCodingTableCsv('operations', 'code_prefix,name,gender\n68,子宫手术,2\n60.2,经尿道前列腺切除,1\n\nK68,错误前缀,3');
    expect(fromXlsx).toEqual(fromCsv);
    expect(fromXlsx.errors.map((e) => [e.line, e.field])).toEqual([
      [5, 'code_prefix'],
      [5, 'gender'],
    ]);
    expect(parseCodingTableRecords('operations', records.slice(0, 3)).table).toEqual([
      { codePrefix: '68', name: '子宫手术', gender: '2' },
      { codePrefix: '60.2', name: '经尿道前列腺切除', gender: '1' },
    ]);
  });
});
