import { Workbook } from 'exceljs';
import { errorReply, Headers, KbSubjects, okReply } from '@mi/contracts';
import { routeHarness } from '../../test/route-harness';

/**
 * The coding table import route (diagnosis codes, operation constraints, disease lists): the gateway
 * checks role, input and size (one NATS message), then forwards the file as it came, CSV text or
 * XLSX as base64, to monitoring-kb-service (a stand-in here; the service's int-spec imports each
 * kind against PostgreSQL and reads the snapshot).
 */
describe('gateway: /api/v1/kb/coding-tables/import', () => {
  const { call, stub, tokenFor } = routeHarness({
    now: '2026-05-02T01:00:00.000Z',
    users: { city: { roles: ['city-officer'], scope: '430100' }, reviewer: { roles: ['reviewer'], scope: '430100' } },
  });
  const forwarded: { body: Record<string, unknown>; deadlineInMs: number }[] = [];
  stub(KbSubjects.importCodingTable, ({ body, headers }) => {
    forwarded.push({ body, deadlineInMs: Number(headers?.get(Headers.deadline)) - Date.now() });
    if (body.fileName === 'bad.csv') {
      const rejected = [{ line: 3, field: 'code', reason: 'must be an ICD-10 code such as K29.700' }];
      return errorReply({ code: 'VALIDATION', message: 'bad.csv: 1 problem(s), nothing imported', details: { field: 'csv', rejected, rows: 2 } });
    }
    return okReply({ batchId: 'b-1', kind: body.kind, region: body.region, validFrom: body.validFrom, rows: 2, imported: 2, rejected: [] });
  });

  const post = (body: unknown, token?: string) => call('POST', '/api/v1/kb/coding-tables/import', body, token);

  const xlsxOf = async (rows: unknown[][]): Promise<string> => {
    const wb = new Workbook();
    const ws = wb.addWorksheet('编码表');
    rows.forEach((r) => ws.addRow(r));
    return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
  };

  const head = { region: '430100', validFrom: '2026-06-01' };

  it('forwards each kind of table, as CSV or XLSX, as it came, with time for a whole table', async () => {
    const codes = { ...head, kind: 'diagnosisCodes', fileName: 'icd10.csv', csv: 'code,name\nK29.700,胃炎\nI10.X00,高血压\n' };
    expect(await post(codes, tokenFor('city'))).toMatchObject({ status: 201, body: { kind: 'diagnosisCodes', region: '430100', imported: 2 } });
    const operations = {
      ...head,
      kind: 'operations',
      fileName: 'icd9.xlsx',
      xlsx: await xlsxOf([
        ['code_prefix', 'name', 'gender'],
        ['68', '子宫切开术和切除术', 2],
      ]),
    };
    expect(await post(operations)).toMatchObject({ status: 201, body: { kind: 'operations' } });
    const lists = { ...head, kind: 'diseaseLists', fileName: 'lists.csv', csv: 'list_code,list_name,diagnosis_prefix\nLB-DM,糖尿病,E11\n' };
    expect(await post(lists)).toMatchObject({ status: 201, body: { kind: 'diseaseLists' } });
    expect(forwarded.map((f) => f.body)).toEqual([codes, operations, lists]);
    // Longer than the default 5 s: the service validates and writes the whole table in one transaction.
    expect(forwarded.every((f) => f.deadlineInMs > 20_000)).toBe(true);
  });

  it('answers the service’s rejected rows as a 400 listing them', async () => {
    const res = await post({ ...head, kind: 'diagnosisCodes', fileName: 'bad.csv', csv: 'code,name\nK29.700,胃炎\nK29,胃炎\n' });
    expect(res.status).toBe(400);
    expect(res.body.details).toMatchObject({ rejected: [{ line: 3, field: 'code', reason: 'must be an ICD-10 code such as K29.700' }], rows: 2 });
  });

  it('is for the officers who import knowledge: another role is 403, the request never sent', async () => {
    const before = forwarded.length;
    const res = await post({ ...head, kind: 'operations', fileName: 'x.csv', csv: 'code_prefix,name,gender\n68,子宫手术,2' }, tokenFor('reviewer'));
    expect(res.status).toBe(403);
    expect(forwarded).toHaveLength(before);
  });

  it('refuses an unknown kind, neither or both files, or a file larger than one NATS message, naming the field, before sending it', async () => {
    const before = forwarded.length;
    for (const [body, text] of [
      [{ ...head, kind: 'drugClasses', fileName: 'x.csv', csv: 'code,name' }, /kind must be one of diagnosisCodes, operations, diseaseLists/],
      [{ ...head, fileName: 'x.csv', csv: 'code,name' }, /kind must be one of/],
      [{ ...head, kind: 'operations', fileName: 'x.csv' }, /csv must be the file as text/],
      [{ ...head, kind: 'operations', fileName: 'x.xlsx', csv: 'a', xlsx: 'QUJD' }, /send the file as csv or as xlsx, not both/],
      [{ ...head, kind: 'operations', fileName: 'x.xlsx', xlsx: '这不是base64' }, /xlsx must be the workbook as base64/],
      [{ ...head, kind: 'operations', validFrom: '2026-02-30', fileName: 'x.csv', csv: 'a' }, /validFrom/],
    ] as const) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toMatch(text);
    }
    // 1.2 MB of UTF-8 in 400,000 characters: within the characters allowed, over the bytes a message holds.
    const big = await post({ ...head, kind: 'diagnosisCodes', fileName: 'big.csv', csv: `code,name\n${'药'.repeat(400_000)}` });
    expect(big.status).toBe(400);
    expect(big.body.details).toMatchObject({ field: 'file' });
    expect(String(big.body.detail)).toMatch(
      /^big\.csv is too large for one import: a CSV file of at most 977 KB \(this one is 1172 KB\); a table is imported whole/,
    );
    expect(forwarded).toHaveLength(before);
  });
});
