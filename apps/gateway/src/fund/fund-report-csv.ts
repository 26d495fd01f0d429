import type { FundReportView } from '@mi/contracts';
import { Money } from '@mi/domain';
import { type ExportColumn, type ExportTable, toCsv } from '../http/table-export';

const COLUMNS: ExportColumn[] = [
  { header: '统筹区', type: 'text' },
  { header: '年度', type: 'text' },
  { header: '月份', type: 'text' },
  { header: '区划', type: 'text' },
  { header: '层级', type: 'text' },
  { header: '险种', type: 'text' },
  { header: '收入（元）', type: 'yuan' },
  { header: '支出（元）', type: 'yuan' },
  { header: '当月收支结余（元）', type: 'yuan' },
  { header: '年度累计结余（元）', type: 'yuan' },
  { header: '基金期末余额（元）', type: 'yuan' },
  { header: '可支付月数', type: 'decimal2' },
];
const LEVEL = { city: '市（统筹区合计）', county: '县（区）' } as const;

const yuanOf = (fen: string | null): string => (fen === null ? '' : Money.fromFen(BigInt(fen)).toYuanString());

/**
 * The fund report as a table for Excel: one row per month, region and insurance type; amounts in
 * yuan with 2 decimals formatted from fen, empty where a county keeps no balance. Rendered as CSV
 * ({@link fundReportCsv}) or XLSX (`toXlsx`), the rows are the same.
 */
export function fundReportTable(r: FundReportView): ExportTable {
  const rows = r.rows.map((x) => [
    r.admdvs,
    String(r.year),
    x.period,
    x.region,
    LEVEL[x.regionLevel],
    x.insutype,
    yuanOf(x.incomeFen),
    yuanOf(x.expenseFen),
    yuanOf(x.netFen),
    yuanOf(x.ytdNetFen),
    yuanOf(x.balanceFen),
    x.monthsOfReserve ?? '',
  ]);
  return { sheetName: `基金运行报表 ${r.year}`, columns: COLUMNS, rows };
}

/** The fund report as CSV for Excel, like the statement CSV: UTF-8 with a byte-order mark, CRLF rows. */
export const fundReportCsv = (r: FundReportView): string => toCsv(fundReportTable(r));

/** `fund-report-<region>-<year>[-<insutype>].csv|xlsx` (its parts are validated: ASCII only). */
export const fundReportFileName = (r: Pick<FundReportView, 'admdvs' | 'year'>, insutype: string | undefined, ext: 'csv' | 'xlsx'): string =>
  `fund-report-${r.admdvs}-${r.year}${insutype ? `-${insutype}` : ''}.${ext}`;
