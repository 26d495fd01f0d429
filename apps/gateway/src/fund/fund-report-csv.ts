import type { FundReportView } from '@mi/contracts';
import { Money } from '@mi/domain';

const HEADER = [
  '统筹区',
  '年度',
  '月份',
  '区划',
  '层级',
  '险种',
  '收入（元）',
  '支出（元）',
  '当月收支结余（元）',
  '年度累计结余（元）',
  '基金期末余额（元）',
  '可支付月数',
];
const LEVEL = { city: '市（统筹区合计）', county: '县（区）' } as const;

const yuanOf = (fen: string | null): string => (fen === null ? '' : Money.fromFen(BigInt(fen)).toYuanString());

/**
 * The fund report as CSV for Excel, like the statement CSV: UTF-8 with a byte-order mark, CRLF
 * rows, one row per month, region and insurance type; amounts in yuan with 2 decimals formatted
 * from fen (every field is digits, a sign, a dot or fixed Chinese text: nothing needs quoting).
 */
export function fundReportCsv(r: FundReportView): string {
  const rows = [HEADER];
  for (const x of r.rows)
    rows.push([
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
  return `\uFEFF${rows.map((row) => row.join(',')).join('\r\n')}\r\n`;
}
