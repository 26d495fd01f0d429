import { Workbook } from 'exceljs';
import { errorReply, Headers, KbSubjects, okReply } from '@mi/contracts';
import { routeHarness } from '../../test/route-harness';

/**
 * The catalogue import route: the gateway checks role, input and size (one NATS message), then
 * forwards the file as it came, CSV text or XLSX as base64, to monitoring-kb-service (a stand-in
 * here; the service's int-spec imports both formats and compares their reports).
 */
describe('gateway: /api/v1/kb/catalogue/import', () => {
  const { call, stub } = routeHarness({ now: '2026-05-02T01:00:00.000Z' });
  const forwarded: { body: Record<string, unknown>; deadlineInMs: number }[] = [];
  stub(KbSubjects.importCatalogue, ({ body, headers }) => {
    forwarded.push({ body, deadlineInMs: Number(headers?.get(Headers.deadline)) - Date.now() });
    if (body.fileName === 'bad.xlsx') {
      const rejected = [{ line: 3, field: 'list_type', reason: 'unknown list type' }];
      return errorReply({ code: 'VALIDATION', message: 'bad.xlsx: 1 problem(s), nothing imported', details: { field: 'xlsx', rejected, rows: 2 } });
    }
    return okReply({ batchId: 'b-1', region: body.region, rows: 1, imported: 1, rejected: [] });
  });

  const post = (body: unknown) => call('POST', '/api/v1/kb/catalogue/import', body);

  const xlsxOf = async (rows: unknown[][]): Promise<string> => {
    const wb = new Workbook();
    const ws = wb.addWorksheet('目录');
    rows.forEach((r) => ws.addRow(r));
    return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
  };

  const head = { region: '430000', validFrom: '2026-06-01' };

  it('forwards a CSV or an XLSX file as it came, with time for thousands of rows', async () => {
    const csv = 'hilist_code,hilist_name,list_type\nXLOCAL0000001,本省自定药品,101\n';
    expect(await post({ ...head, fileName: 'items.csv', csv })).toMatchObject({ status: 201, body: { imported: 1 } });
    const xlsx = await xlsxOf([
      ['hilist_code', 'hilist_name', 'list_type'],
      ['XLOCAL0000001', '本省自定药品', 101],
    ]);
    expect(await post({ ...head, fileName: 'items.xlsx', xlsx })).toMatchObject({ status: 201, body: { imported: 1 } });
    expect(forwarded.map((f) => f.body)).toEqual([
      { ...head, fileName: 'items.csv', csv },
      { ...head, fileName: 'items.xlsx', xlsx },
    ]);
    // Longer than the default 5 s: the service validates and writes the whole file in one transaction.
    expect(forwarded.every((f) => f.deadlineInMs > 20_000)).toBe(true);
  });

  it('answers the service’s rejected rows as a 400 listing them', async () => {
    const res = await post({ ...head, fileName: 'bad.xlsx', xlsx: await xlsxOf([['hilist_code']]) });
    expect(res.status).toBe(400);
    expect(res.body.details).toMatchObject({ rejected: [{ line: 3, field: 'list_type', reason: 'unknown list type' }], rows: 2 });
  });

  it('refuses a file larger than one NATS message, naming the limit, before sending it', async () => {
    const before = forwarded.length;
    // 1.2 MB of UTF-8 in 400,000 characters: within the characters allowed, over the bytes a message holds.
    const big = await post({ ...head, fileName: 'big.csv', csv: `hilist_code,hilist_name,list_type\n${'药'.repeat(400_000)}` });
    expect(big.status).toBe(400);
    expect(big.body.details).toMatchObject({ field: 'file' });
    expect(String(big.body.detail)).toMatch(/^big\.csv is too large for one import: a CSV file of at most 977 KB \(this one is 1172 KB\); split the catalogue/);
    const bigXlsx = await post({ ...head, fileName: 'big.xlsx', xlsx: 'QUJD'.repeat(300_000) });
    expect(bigXlsx.status).toBe(400);
    expect(JSON.stringify(bigXlsx.body)).toMatch(/xlsx must be the workbook as base64, at most 1000000 characters/);
    expect(forwarded).toHaveLength(before);
  });

  it('refuses a request with neither or both files, or an XLSX that is not base64, naming the field', async () => {
    const before = forwarded.length;
    for (const [body, text] of [
      [{ ...head, fileName: 'x.csv' }, /csv must be the file as text/],
      [{ ...head, fileName: 'x.xlsx', csv: 'a', xlsx: 'QUJD' }, /send the file as csv or as xlsx, not both/],
      [{ ...head, fileName: 'x.xlsx', xlsx: '这不是base64' }, /xlsx must be the workbook as base64/],
    ] as const) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toMatch(text);
    }
    expect(forwarded).toHaveLength(before);
  });
});
