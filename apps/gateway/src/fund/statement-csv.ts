import type { InstitutionStatementView } from '@mi/contracts';
import { Money } from '@mi/domain';

const STATUS: Record<InstitutionStatementView['status'], string> = { SETTLED: '已结算', PROVISIONAL: '预估（未结算）' };
const HEADER = ['统筹区', '结算月份', '机构编码', '状态', '结算批次', '险种', '项目代码', '项目', '笔数', '金额（元）'];

/** Yuan with exactly 2 decimals, from integer fen (no floating point on the way). */
const yuanOf = (fen: string): string => Money.fromFen(BigInt(fen)).toYuanString();

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
const field = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * An institution's monthly statement as CSV for Excel: UTF-8 with a byte-order mark (Excel reads
 * it as UTF-8 only then), CRLF rows, one row per statement line of each insurance type (claims,
 * reversals, deductions, late items, carry-forward, prepayment offset, holds, payable) and a total
 * row of what is paid. Amounts are formatted from fen.
 */
export function statementCsv(s: InstitutionStatementView): string {
  const head = [s.admdvs, s.period, s.institutionCode, STATUS[s.status], s.settlementId ?? ''];
  const rows = [HEADER];
  for (const item of s.items)
    for (const l of item.lines) rows.push([...head, item.insutype, l.code, l.label, l.count === undefined ? '' : String(l.count), yuanOf(l.amountFen)]);
  const paid = s.items.reduce((sum, i) => sum + BigInt(i.netFen), 0n);
  rows.push([...head, '', 'TOTAL_NET_PAYABLE', '合计实际拨付', '', yuanOf(paid.toString())]);
  return `\uFEFF${rows.map((r) => r.map(field).join(',')).join('\r\n')}\r\n`;
}

/** `statement-<region>-<month>-<institution>.csv` (its parts are validated: ASCII only). */
export const statementCsvName = (s: Pick<InstitutionStatementView, 'admdvs' | 'period' | 'institutionCode'>): string =>
  `statement-${s.admdvs}-${s.period}-${s.institutionCode}.csv`;
