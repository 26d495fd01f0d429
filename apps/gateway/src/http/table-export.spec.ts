import { type CellValue, Workbook } from 'exceljs';
import { type ExportTable, toCsv, toXlsx, xlsxCellValue } from './table-export';

const table = (rows: string[][]): ExportTable => ({
  sheetName: '结算单 2026-04',
  columns: [
    { header: '机构编码', type: 'text' },
    { header: '项目', type: 'text' },
    { header: '笔数', type: 'integer' },
    { header: '金额（元）', type: 'yuan' },
    { header: '可支付月数', type: 'decimal2' },
  ],
  rows,
});

/** The sheet read back with the library, every cell as the text it stands for. */
async function readBack(file: Buffer) {
  const wb = new Workbook();
  await wb.xlsx.load(file as unknown as Parameters<Workbook['xlsx']['load']>[0]);
  const ws = wb.worksheets[0];
  const rows: CellValue[][] = [];
  ws.eachRow((row) => rows.push(Array.from({ length: 5 }, (_, i) => row.getCell(i + 1).value)));
  return { ws, rows };
}

describe('table export: one table, rendered as CSV or XLSX', () => {
  const rows = [
    ['H43010200001', '本月结算 2 笔, 统筹基金支付', '2', '12345678901.23', '7.50'],
    ['H43010200001', '协议中止期间暂缓拨付（"恢复"后拨付）', '', '-0.07', ''],
    ['000123', '合计实际拨付', '', '0.00', '0.05'],
    ['H43010200001', '超出 Excel 精度的金额', '', '123456789012345.67', ''],
  ];

  it('writes CSV for Excel: BOM, CRLF, header first, quoted where needed', () => {
    expect(toCsv(table(rows.slice(0, 2)))).toBe(
      '\uFEFF机构编码,项目,笔数,金额（元）,可支付月数\r\n' +
        'H43010200001,"本月结算 2 笔, 统筹基金支付",2,12345678901.23,7.50\r\n' +
        'H43010200001,"协议中止期间暂缓拨付（""恢复""后拨付）",,-0.07,\r\n',
    );
  });

  it('writes XLSX the library reads back to the same strings; amounts exact as numbers with 2 decimals; codes stay text', async () => {
    const { ws, rows: back } = await readBack(await toXlsx(table(rows)));
    expect(ws.name).toBe('结算单 2026-04');
    expect(back[0]).toEqual(['机构编码', '项目', '笔数', '金额（元）', '可支付月数']);
    expect(back.slice(1)).toEqual([
      ['H43010200001', '本月结算 2 笔, 统筹基金支付', 2, 12345678901.23, 7.5],
      ['H43010200001', '协议中止期间暂缓拨付（"恢复"后拨付）', null, -0.07, null],
      ['000123', '合计实际拨付', null, 0, 0.05],
      // 17 significant digits: Excel would round it, so it stays text, exact.
      ['H43010200001', '超出 Excel 精度的金额', null, '123456789012345.67', null],
    ]);
    // Every amount reads back as the decimal string it was written from.
    expect(back.slice(1).map((r) => (typeof r[3] === 'number' ? r[3].toFixed(2) : r[3]))).toEqual(rows.map((r) => r[3]));
    expect(String(back[1][3])).toBe('12345678901.23');
    expect(ws.getCell('D2').numFmt).toBe('#,##0.00');
    expect(ws.getCell('E2').numFmt).toBe('0.00');
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('makes a number only of a well-formed figure of its column; anything else stays text', () => {
    expect(xlsxCellValue('yuan', '-99.94')).toBe(-99.94);
    expect(xlsxCellValue('yuan', '1,000.00')).toBe('1,000.00');
    expect(xlsxCellValue('yuan', '12.5')).toBe('12.5');
    expect(xlsxCellValue('integer', '12')).toBe(12);
    expect(xlsxCellValue('text', '430100')).toBe('430100');
    expect(xlsxCellValue('yuan', '')).toBeNull();
    expect(xlsxCellValue('yuan', '9999999999999.99')).toBe(9999999999999.99);
    expect(xlsxCellValue('yuan', '99999999999999.99')).toBe('99999999999999.99');
  });

  it('keeps a sheet name within Excel’s rules', async () => {
    const { ws } = await readBack(await toXlsx({ ...table([]), sheetName: '报表[2026]/第一季度:汇总*?一二三四五六七八九十甲乙丙丁' }));
    expect(ws.name).toBe('报表-2026--第一季度-汇总--一二三四五六七八九十甲乙丙丁'.slice(0, 31));
  });
});
