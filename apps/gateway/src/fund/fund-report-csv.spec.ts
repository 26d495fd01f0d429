import type { FundReportView } from '@mi/contracts';
import { Workbook } from 'exceljs';
import { toXlsx } from '../http/table-export';
import { fundReportCsv, fundReportTable } from './fund-report-csv';

/** A city row and a county row (a county keeps no balance). */
const r: FundReportView = {
  admdvs: '430100',
  year: 2026,
  months: ['2026-01'],
  notes: [],
  rows: [
    {
      period: '2026-01',
      region: '430100',
      regionLevel: 'city',
      insutype: '310',
      incomeFen: '50001',
      expenseFen: '-1000',
      netFen: '51001',
      ytdNetFen: '51001',
      balanceFen: '150000',
      monthsOfReserve: '7.50',
    },
    {
      period: '2026-01',
      region: '430102',
      regionLevel: 'county',
      insutype: '310',
      incomeFen: '5',
      expenseFen: '0',
      netFen: '5',
      ytdNetFen: '5',
      balanceFen: null,
      monthsOfReserve: null,
    },
  ],
};

describe('fund report CSV', () => {
  it('is UTF-8 with BOM and CRLF, one row per month/region/insurance type, yuan from fen, empty where a county has no balance', () => {
    const csv = fundReportCsv(r);
    expect(csv.startsWith('\uFEFF统筹区,年度,月份')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual([
      '统筹区,年度,月份,区划,层级,险种,收入（元）,支出（元）,当月收支结余（元）,年度累计结余（元）,基金期末余额（元）,可支付月数',
      '430100,2026,2026-01,430100,市（统筹区合计）,310,500.01,-10.00,510.01,510.01,1500.00,7.50',
      '430100,2026,2026-01,430102,县（区）,310,0.05,0.00,0.05,0.05,,',
      '',
    ]);
  });

  it('writes the same rows to XLSX, amounts as numbers with 2 decimals, an empty balance left empty', async () => {
    const wb = new Workbook();
    await wb.xlsx.load((await toXlsx(fundReportTable(r))) as unknown as Parameters<Workbook['xlsx']['load']>[0]);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('基金运行报表 2026');
    const values = (n: number) => Array.from({ length: 12 }, (_, i) => ws.getRow(n).getCell(i + 1).value);
    expect(values(1)[6]).toBe('收入（元）');
    expect(values(2)).toEqual(['430100', '2026', '2026-01', '430100', '市（统筹区合计）', '310', 500.01, -10, 510.01, 510.01, 1500, 7.5]);
    expect(values(3)).toEqual(['430100', '2026', '2026-01', '430102', '县（区）', '310', 0.05, 0, 0.05, 0.05, null, null]);
    expect(ws.getCell('K2').numFmt).toBe('#,##0.00');
  });
});
