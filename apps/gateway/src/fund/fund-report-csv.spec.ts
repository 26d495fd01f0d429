import type { FundReportView } from '@mi/contracts';
import { fundReportCsv } from './fund-report-csv';

describe('fund report CSV', () => {
  it('is UTF-8 with BOM and CRLF, one row per month/region/insurance type, yuan from fen, empty where a county has no balance', () => {
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
    const csv = fundReportCsv(r);
    expect(csv.startsWith('\uFEFF统筹区,年度,月份')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual([
      '统筹区,年度,月份,区划,层级,险种,收入（元）,支出（元）,当月收支结余（元）,年度累计结余（元）,基金期末余额（元）,可支付月数',
      '430100,2026,2026-01,430100,市（统筹区合计）,310,500.01,-10.00,510.01,510.01,1500.00,7.50',
      '430100,2026,2026-01,430102,县（区）,310,0.05,0.00,0.05,0.05,,',
      '',
    ]);
  });
});
