import { Workbook, type Worksheet } from 'exceljs';
import type { FastifyReply } from 'fastify';

/**
 * How a column's cells go into XLSX (in CSV every cell is its text):
 * - `text`: as text, codes included (`430100`, `310` stay codes, not numbers);
 * - `integer`: a whole number (counts);
 * - `yuan`: an amount in yuan with 2 decimals, already formatted from integer fen (`-99.94`),
 *   written as a number shown `#,##0.00`;
 * - `decimal2`: another 2-decimal figure (months of reserve), shown `0.00`.
 */
export type ExportColumnType = 'text' | 'integer' | 'yuan' | 'decimal2';

export interface ExportColumn {
  header: string;
  type: ExportColumnType;
}

/**
 * One export as rows of text cells: what a CSV for Excel and an XLSX sheet both render. Building
 * the rows is each export's job; rendering them is this file's, so the two formats never drift.
 */
export interface ExportTable {
  /** The XLSX sheet's name (at most 31 characters, none of `[]:*?/\`). */
  sheetName: string;
  columns: ExportColumn[];
  /** One entry per column; '' for an empty cell. Amounts are decimal strings formatted from fen. */
  rows: string[][];
}

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
const csvField = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** CSV for Excel: UTF-8 with a byte-order mark (Excel reads it as UTF-8 only then), CRLF rows, header first. */
export function toCsv(t: ExportTable): string {
  const lines = [t.columns.map((c) => c.header), ...t.rows].map((r) => r.map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Excel keeps 15 significant digits: a longer figure stays text rather than be rounded. */
const exactInExcel = (v: string): boolean => v.replace(/[-.]/g, '').replace(/^0+/, '').length <= 15;
const NUMBER_FORMAT: Partial<Record<ExportColumnType, string>> = { integer: '0', yuan: '#,##0.00', decimal2: '0.00' };
const SHAPE: Partial<Record<ExportColumnType, RegExp>> = { integer: /^-?\d+$/, yuan: /^-?\d+\.\d{2}$/, decimal2: /^-?\d+\.\d{2}$/ };

/**
 * The cell value of a text cell of a column. A number column's cell becomes a number parsed from
 * its decimal string (no arithmetic: the double nearest the decimal, which Excel shows exactly with
 * the column's 2 decimals up to 15 significant digits); anything else stays text.
 */
export function xlsxCellValue(type: ExportColumnType, v: string): string | number | null {
  if (v === '') return null;
  const shape = SHAPE[type];
  if (shape?.test(v) && exactInExcel(v)) return Number(v);
  return v;
}

/** Excel's sheet-name rules: ≤ 31 characters, none of `[]:*?/\`. */
const sheetNameOf = (name: string): string => name.replace(/[[\]:*?/\\]/g, '-').slice(0, 31) || 'Sheet1';

/** Display width of a text: a CJK character takes two columns. */
const widthOf = (s: string): number => [...s].reduce((n, c) => n + (c.charCodeAt(0) > 0x2e7f ? 2 : 1), 0);

/**
 * XLSX with one sheet: a bold, frozen header row with filters, amounts as numbers with 2 decimals
 * (see {@link xlsxCellValue}), columns as wide as their text.
 */
export async function toXlsx(t: ExportTable): Promise<Buffer> {
  const wb = new Workbook();
  wb.creator = '医保基金监管平台';
  const ws: Worksheet = wb.addWorksheet(sheetNameOf(t.sheetName), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = t.columns.map((c, i) => ({
    header: c.header,
    key: String(i),
    width: Math.min(60, Math.max(8, widthOf(c.header), ...t.rows.map((r) => widthOf(r[i] ?? ''))) + 2),
    ...(NUMBER_FORMAT[c.type] ? { style: { numFmt: NUMBER_FORMAT[c.type] } } : {}),
  }));
  ws.getRow(1).font = { bold: true };
  for (const r of t.rows) ws.addRow(t.columns.map((c, i) => xlsxCellValue(c.type, r[i] ?? '')));
  if (t.columns.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.columns.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Sends an export as a download; `fileName` must be ASCII without quotes (the callers' parts are validated). */
export async function sendFile(reply: FastifyReply, contentType: string, fileName: string, body: string | Buffer): Promise<void> {
  await reply
    .header('content-type', contentType)
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('x-content-type-options', 'nosniff')
    .send(body);
}
