import type { InstitutionStatementView } from '@mi/contracts';
import { Money } from '@mi/domain';
import { type ExportColumn, type ExportTable, toCsv } from '../http/table-export';

const STATUS: Record<InstitutionStatementView['status'], string> = { SETTLED: '已结算', PROVISIONAL: '预估（未结算）' };
const COLUMNS: ExportColumn[] = [
  { header: '统筹区', type: 'text' },
  { header: '结算月份', type: 'text' },
  { header: '机构编码', type: 'text' },
  { header: '状态', type: 'text' },
  { header: '结算批次', type: 'text' },
  { header: '险种', type: 'text' },
  { header: '项目代码', type: 'text' },
  { header: '项目', type: 'text' },
  { header: '笔数', type: 'integer' },
  { header: '金额（元）', type: 'yuan' },
];

/** Yuan with exactly 2 decimals, from integer fen (no floating point on the way). */
const yuanOf = (fen: string): string => Money.fromFen(BigInt(fen)).toYuanString();

/**
 * An institution's monthly statement as a table for Excel: one row per statement line of each
 * insurance type (claims, reversals, deductions, late items, carry-forward, prepayment offset,
 * holds, payable) and a total row of what is paid. Amounts are formatted from fen. Rendered as CSV
 * ({@link statementCsv}) or XLSX (`toXlsx`), the rows are the same.
 */
export function statementTable(s: InstitutionStatementView): ExportTable {
  const head = [s.admdvs, s.period, s.institutionCode, STATUS[s.status], s.settlementId ?? ''];
  const rows: string[][] = [];
  for (const item of s.items)
    for (const l of item.lines) rows.push([...head, item.insutype, l.code, l.label, l.count === undefined ? '' : String(l.count), yuanOf(l.amountFen)]);
  const paid = s.items.reduce((sum, i) => sum + BigInt(i.netFen), 0n);
  rows.push([...head, '', 'TOTAL_NET_PAYABLE', '合计实际拨付', '', yuanOf(paid.toString())]);
  return { sheetName: `结算单 ${s.period}`, columns: COLUMNS, rows };
}

/** The statement as CSV for Excel: UTF-8 with a byte-order mark, CRLF rows. */
export const statementCsv = (s: InstitutionStatementView): string => toCsv(statementTable(s));

/** `statement-<region>-<month>-<institution>.csv|xlsx` (its parts are validated: ASCII only). */
export const statementFileName = (s: Pick<InstitutionStatementView, 'admdvs' | 'period' | 'institutionCode'>, ext: 'csv' | 'xlsx'): string =>
  `statement-${s.admdvs}-${s.period}-${s.institutionCode}.${ext}`;
