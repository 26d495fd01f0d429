import { type CellValue, Workbook } from 'exceljs';
import { parseCatalogueCsv, parseCatalogueRecords, parseCsv } from './catalogue-csv';
import { cellText, checkZip, readXlsxRecords } from './catalogue-xlsx';

/** A workbook whose first sheet holds `rows` (null = a blank row), as the bytes an upload carries. */
async function xlsxOf(rows: (CellValue[] | null)[], more: (wb: Workbook) => void = () => undefined): Promise<Buffer> {
  const wb = new Workbook();
  const ws = wb.addWorksheet('目录');
  rows.forEach((cells, i) => {
    if (cells) ws.getRow(i + 1).values = cells;
  });
  more(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const reasonOf = async (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => 'no error',
    (e: { details?: { reason?: unknown } }) => e.details?.reason,
  );

const HEADER = [
  'hilist_code',
  'hilist_name',
  'list_type',
  'gender',
  'max_per_day',
  'work_injury_only',
  'elderly_avoid',
  'max_amount_per_visit',
  'price_cap_lv1',
  'treatment_modes',
];

describe('readXlsxRecords — an XLSX read as the text rows a CSV holds', () => {
  it('imports exactly what the same catalogue as CSV imports: numbers, flags, rich text, formulas and links as their text', async () => {
    const csv = [
      HEADER.join(','),
      'XLOCAL0000001,本市自定服务项目,201,,2,,,1500,12.5,1|2',
      '"XLOCAL0000002","本市自定药品, 片剂",101,2,,TRUE,是,,0.3,',
      '',
      'XLOCAL0000003,"带""引号""的名称",102,,,FALSE,,3000.5,,',
    ].join('\r\n');
    const sut = await readXlsxRecords(
      await xlsxOf([
        HEADER,
        ['XLOCAL0000001', '本市自定服务项目', 201, null, 2, null, null, 1500, 12.5, '1|2'],
        [
          { richText: [{ text: 'XLOCAL' }, { text: '0000002', font: { bold: true } }] },
          { text: '本市自定药品, 片剂', hyperlink: 'https://example.org/x' },
          { formula: '100+1', result: 101 },
          '2',
          null,
          true,
          '是',
          null,
          { formula: '0.1+0.2', result: 0.1 + 0.2 },
        ],
        null,
        ['XLOCAL0000003', '带"引号"的名称', 102, null, null, false, null, 3000.5],
      ]),
      'city.xlsx',
    );
    expect(sut).toEqual(parseCsv(csv).map((r) => ({ ...r, cells: r.cells.filter((c, i, all) => all.slice(i).some((x) => x !== '')) })));
    expect(sut.map((r) => r.line)).toEqual([1, 2, 3, 5]);
    const parsed = parseCatalogueRecords(sut);
    expect(parsed).toEqual(parseCatalogueCsv(csv));
    expect(parsed.errors).toEqual([]);
    expect(parsed.entries.map((e) => [e.hilistCode, e.name])).toEqual([
      ['XLOCAL0000001', '本市自定服务项目'],
      ['XLOCAL0000002', '本市自定药品, 片剂'],
      ['XLOCAL0000003', '带"引号"的名称'],
    ]);
    expect(parsed.entries[0]).toMatchObject({ maxAmountPerVisit: '1500.00', maxPerDay: 2, treatmentModes: ['1', '2'] });
  });

  it('rejects the same rows, with their row numbers, as the CSV path does', async () => {
    const rows = [
      ['hilist_code', 'hilist_name', 'list_type', 'min_age', 'work_injury_only', 'maternity_only'],
      ['XGOOD00000001', '合格药品', '101'],
      ['bad code!', '', 999, -1],
      ['XBAD000000002', '两险', 101, null, 1, 1],
    ];
    const fromXlsx = parseCatalogueRecords(await readXlsxRecords(await xlsxOf(rows), 'bad.xlsx'));
    expect(fromXlsx).toEqual(parseCatalogueCsv(rows.map((r) => r.map((c) => (c === null ? '' : String(c))).join(',')).join('\n')));
    expect(fromXlsx.errors.map((e) => `${e.line} ${e.field}`)).toEqual(['3 hilist_code', '3 hilist_name', '3 list_type', '3 min_age', '4 maternity_only']);
  });

  it('reads a wrong header as the CSV path does: the missing columns, nothing imported', async () => {
    const sut = parseCatalogueRecords(
      await readXlsxRecords(
        await xlsxOf([
          ['编码', '名称', '类别'],
          ['XLOCAL0000001', '药', 101],
        ]),
        'x.xlsx',
      ),
    );
    expect(sut.entries).toEqual([]);
    expect(sut.errors).toEqual(['hilist_code', 'hilist_name', 'list_type'].map((field) => ({ line: 1, field, reason: 'column is missing from the header' })));
  });

  it('refuses a file that is not an XLSX workbook, naming the problem', async () => {
    expect(await reasonOf(readXlsxRecords(Buffer.from('hilist_code,hilist_name\n'), 'items.xlsx'))).toBe('is not an XLSX workbook (not a zip file)');
    expect(await reasonOf(readXlsxRecords(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'old.xls'))).toMatch(/old \.xls workbook/);
    const good = await xlsxOf([HEADER]);
    expect(await reasonOf(readXlsxRecords(good.subarray(0, good.length - 100), 't.xlsx'))).toMatch(/^is not an XLSX workbook/);
    await expect(readXlsxRecords(Buffer.from('x'), 'items.xlsx')).rejects.toMatchObject({
      code: 'VALIDATION',
      message: /^items\.xlsx: is not an XLSX workbook/,
    });
  });

  it('refuses an empty first sheet, naming it, even when a later sheet has rows', async () => {
    const file = await xlsxOf([null, [' ', null]], (wb) => wb.addWorksheet('Sheet2').addRow(HEADER));
    expect(await reasonOf(readXlsxRecords(file, 'x.xlsx'))).toBe('the first sheet "目录" is empty (the header row goes on the first sheet)');
  });

  it('refuses a formula without a saved value, naming the cell', async () => {
    const file = await xlsxOf([HEADER, ['XLOCAL0000001', { formula: 'A1&"x"' } as CellValue, 101]]);
    expect(await reasonOf(readXlsxRecords(file, 'x.xlsx'))).toBe('cell B2 holds a formula with no saved value: open the file in Excel and save it again');
  });

  it('holds no more than a CSV import may (1,000,000 bytes of text)', async () => {
    const name = '药'.repeat(330); // 990 bytes of UTF-8
    const rows = [HEADER, ...Array.from({ length: 1010 }, (_, i) => [`X${String(i).padStart(12, '0')}`, name, 101])];
    expect(await reasonOf(readXlsxRecords(await xlsxOf(rows), 'big.xlsx'))).toMatch(/more than an import may \(977 KB of text, as a CSV file\)/);
    expect((await readXlsxRecords(await xlsxOf(rows.slice(0, 900)), 'ok.xlsx')).length).toBe(900);
  });

  it('inflates a zip with a cap before parsing it (a small file can unpack to gigabytes)', async () => {
    const file = await xlsxOf([HEADER]);
    expect(() => checkZip(file, 'x.xlsx', 64 * 1024 * 1024)).not.toThrow();
    expect(() => checkZip(file, 'x.xlsx', 2_000)).toThrow(/unpacks to more than 0 MB/);
  });

  it('writes cells as Excel writes them to CSV', () => {
    expect(cellText(12345678901.23)).toBe('12345678901.23');
    expect(cellText(0.1 + 0.2)).toBe('0.3');
    expect(cellText(86900001000011)).toBe('86900001000011');
    expect(cellText(true)).toBe('TRUE');
    expect(cellText(new Date('2026-03-02T00:00:00Z'))).toBe('2026-03-02');
    expect(cellText({ error: '#N/A' })).toBe('#N/A');
    expect(cellText({ sharedFormula: 'A1', result: 'x' })).toBe('x');
    expect(cellText(null)).toBe('');
  });
});
