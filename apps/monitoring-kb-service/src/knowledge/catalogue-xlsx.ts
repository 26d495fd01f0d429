import { inflateRawSync } from 'node:zlib';
import { type CellValue, ValueType, Workbook } from 'exceljs';
import { CATALOGUE_IMPORT_MAX_BYTES } from '@mi/contracts';
import { DomainError } from '@mi/domain';
import type { CatalogueRecord } from './catalogue-csv';

/**
 * What an XLSX may unpack to. A workbook is a zip: a few hundred KB can inflate to gigabytes of
 * XML, so the sizes are checked by inflating with a cap before the workbook is parsed. An import
 * worth of cells (≤ {@link CATALOGUE_IMPORT_MAX_BYTES} as text) is far below this.
 */
export const XLSX_MAX_UNPACKED_BYTES = 64 * 1024 * 1024;

/** A file-level refusal (not a workbook, empty, too large): names the file; the portal shows it by its file field. */
function refused(fileName: string, reason: string): DomainError {
  return new DomainError('VALIDATION', `${fileName}: ${reason}; nothing imported`, { field: 'file', reason });
}

/**
 * The rows of the first sheet as the text cells a CSV export of it would hold, with their row
 * numbers (blank rows left out, numbering kept, as the CSV reader does): the catalogue parser then
 * treats both formats alike. Throws a VALIDATION error naming the problem for a file that is not an
 * XLSX workbook, has no sheet or an empty first sheet, or holds more than an import may (`whenTooLarge`
 * says what to do then: a catalogue can be split, a coding table cannot).
 */
export async function readXlsxRecords(file: Buffer, fileName: string, whenTooLarge = 'split it into several files'): Promise<CatalogueRecord[]> {
  checkZip(file, fileName, XLSX_MAX_UNPACKED_BYTES);
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(file as unknown as Parameters<Workbook['xlsx']['load']>[0]);
  } catch {
    throw refused(fileName, 'is not an XLSX workbook (it could not be read)');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw refused(fileName, 'the workbook has no sheet');
  const records: CatalogueRecord[] = [];
  let bytes = 0;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) {
      const cell = row.getCell(c);
      // A merged range keeps its value in the top-left cell only, as Excel's own CSV export does.
      cells.push(cell.type === ValueType.Merge ? '' : cellText(cell.value, fileName, cell.address));
    }
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    if (!cells.some((x) => x.trim() !== '')) return;
    bytes += Buffer.byteLength(cells.join(',')) + 2;
    if (bytes > CATALOGUE_IMPORT_MAX_BYTES)
      throw refused(
        fileName,
        `the sheet holds more than an import may (${Math.round(CATALOGUE_IMPORT_MAX_BYTES / 1024)} KB of text, as a CSV file): ${whenTooLarge}`,
      );
    records.push({ line: rowNumber, cells });
  });
  if (records.length === 0) throw refused(fileName, `the first sheet "${sheet.name}" is empty (the header row goes on the first sheet)`);
  return records;
}

/**
 * A cell as the text Excel writes to CSV for the values a catalogue holds: numbers in their shortest
 * form with Excel's 15 significant digits (`12.5`, `0.1 + 0.2` → `0.3`), booleans `TRUE`/`FALSE`,
 * dates `yyyy-MM-dd`, a formula's saved result, rich text and links as their text, errors as `#N/A`.
 */
export function cellText(v: CellValue, fileName = 'file', address = ''): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return dateText(v);
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('error' in v) return String(v.error);
  if ('formula' in v || 'sharedFormula' in v) {
    if (v.result === undefined || v.result === null)
      throw refused(fileName, `cell ${address} holds a formula with no saved value: open the file in Excel and save it again`);
    return cellText(v.result, fileName, address);
  }
  if ('hyperlink' in v) return cellText(v.text, fileName, address);
  return '';
}

function numberText(n: number): string {
  return Number.isFinite(n) ? String(Number(n.toPrecision(15))) : '';
}

function dateText(d: Date): string {
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * Checks that `file` is a zip whose entries inflate to at most `maxUnpacked` bytes in all, by
 * inflating each with a cap (a zip's declared sizes can lie). Zip64 is refused: a workbook an
 * officer uploads is far below 4 GB.
 */
export function checkZip(file: Buffer, fileName: string, maxUnpacked: number): void {
  const notXlsx = (why: string) => refused(fileName, `is not an XLSX workbook (${why})`);
  if (file.length >= 4 && file.readUInt32BE(0) === 0xd0cf11e0)
    throw refused(fileName, 'is an old .xls workbook or a password-protected one: save it in Excel as an unprotected .xlsx workbook');
  let eocd = -1;
  for (let i = file.length - 22; i >= Math.max(0, file.length - 22 - 0xffff); i--)
    if (file.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw notXlsx('not a zip file');
  const entries = file.readUInt16LE(eocd + 10);
  const directorySize = file.readUInt32LE(eocd + 12);
  const directoryAt = file.readUInt32LE(eocd + 16);
  if (entries === 0xffff || directoryAt === 0xffffffff) throw notXlsx('zip64 is not supported');
  if (directoryAt + directorySize > file.length) throw notXlsx('truncated');
  let p = directoryAt;
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > file.length || file.readUInt32LE(p) !== CENTRAL) throw notXlsx('damaged zip directory');
    const method = file.readUInt16LE(p + 10);
    const compressed = file.readUInt32LE(p + 20);
    const local = file.readUInt32LE(p + 42);
    if (local + 30 > file.length || file.readUInt32LE(local) !== LOCAL) throw notXlsx('damaged zip entry');
    const start = local + 30 + file.readUInt16LE(local + 26) + file.readUInt16LE(local + 28);
    if (start + compressed > file.length) throw notXlsx('truncated');
    const data = file.subarray(start, start + compressed);
    const budget = maxUnpacked - total;
    if (method === 0) total += compressed;
    else if (method === 8) {
      try {
        total += inflateRawSync(data, { maxOutputLength: Math.max(1, budget) }).length;
      } catch (e) {
        if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') total = maxUnpacked + 1;
        else throw notXlsx('damaged compressed data');
      }
    } else throw notXlsx(`unsupported compression ${method}`);
    if (total > maxUnpacked)
      throw refused(
        fileName,
        `unpacks to more than ${Math.round(maxUnpacked / 1024 / 1024)} MB: not a catalogue an import can hold; split it into several files`,
      );
    p += 46 + file.readUInt16LE(p + 28) + file.readUInt16LE(p + 30) + file.readUInt16LE(p + 32);
  }
}
