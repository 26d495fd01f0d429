import type { CodingTableKind } from '@mi/contracts';
import { ValidationError } from '@mi/domain';
import { type DiagnosisCode, type DiseaseList, InMemoryKnowledgeBase, type KnowledgeBaseData, type OperationConstraint } from '@mi/rules';
import { type CatalogueRecord, type CsvRowError, parseCsv } from './catalogue-csv';

/**
 * Coding table files (知识库编码表), read from the same text rows as a catalogue file (CSV, or an
 * XLSX's first sheet read as CSV text). Header row required, in any column order; unknown columns
 * are ignored; cells are trimmed. A file is the whole table: it replaces the region's table of that
 * kind from `validFrom`.
 *
 * - `diagnosisCodes` (医保疾病诊断分类与代码, ICD-10 医保版; {@link DiagnosisCode}): `code,name` — one
 *   row per code (`K29.700,慢性胃炎`); codes are kept upper case, a code twice (in any case) is refused.
 * - `operations` (手术操作与性别, ICD-9-CM-3 医保版; {@link OperationConstraint}): `code_prefix,name,gender`
 *   — one row per prefix (`68,子宫切开术和切除术,2`); `gender` `1` (male only), `2` (female only) or
 *   empty; the longest prefix starting an operation code applies.
 * - `diseaseLists` (限定病种目录, 门诊慢特病 / 两病; {@link DiseaseList}): `list_code,list_name,benefit,
 *   diagnosis_prefix` — one row per list and ICD-10 prefix (`LB-DM,糖尿病（两病）,两病门诊用药保障,E11`),
 *   grouped by `list_code` in file order; `benefit` is optional; a list's later rows may leave
 *   `list_name` and `benefit` empty or repeat them, never differ.
 *
 * Every cell is checked with the knowledge base's own validation ({@link InMemoryKnowledgeBase.from}),
 * so a file is refused for the reasons, in the words, a snapshot holding it would be.
 */
export const CODING_TABLE_COLUMNS = {
  diagnosisCodes: { required: ['code', 'name'], optional: [] },
  operations: { required: ['code_prefix', 'name'], optional: ['gender'] },
  diseaseLists: { required: ['list_code', 'list_name', 'diagnosis_prefix'], optional: ['benefit'] },
} as const satisfies Record<CodingTableKind, { required: readonly string[]; optional: readonly string[] }>;

/** What each kind's table holds, as a snapshot carries it. */
export interface CodingTables {
  diagnosisCodes: DiagnosisCode[];
  operations: OperationConstraint[];
  diseaseLists: DiseaseList[];
}

export interface CodingTableParse<K extends CodingTableKind = CodingTableKind> {
  table: CodingTables[K];
  errors: CsvRowError[];
  /** Data rows of the file (for `diseaseLists`: list × prefix rows). */
  rows: number;
}

/** Names and 病种 codes are text a person reads; the library only asks that they are not empty. */
const MAX_NAME = 200;
/** A 病种编码 is written in catalogue files' `disease_lists`, `|`-separated: no `|`, no spaces. */
const LIST_CODE = /^[^|\s]{1,40}$/;

/**
 * Why the knowledge base would refuse `data`, or undefined: the reason {@link InMemoryKnowledgeBase.from}
 * gives (`must be an ICD-10 code such as K29.700`).
 */
function refusal(data: Omit<KnowledgeBaseData, 'version'>): string | undefined {
  try {
    InMemoryKnowledgeBase.from({ version: 'import', ...data });
    return undefined;
  } catch (e) {
    if (e instanceof ValidationError) return String(e.details.reason);
    throw e;
  }
}

/** Parses and validates a coding table file given as CSV text. */
export function parseCodingTableCsv<K extends CodingTableKind>(kind: K, text: string): CodingTableParse<K> {
  return parseCodingTableRecords(kind, parseCsv(text));
}

/**
 * The rows of a file (CSV or XLSX as text cells), header first: validates every row, reporting
 * each bad cell with its line and column; the table is only meant to be stored when there is no
 * error (all or nothing). An empty table is refused: an import replaces the whole table.
 */
export function parseCodingTableRecords<K extends CodingTableKind>(kind: K, rows: readonly CatalogueRecord[]): CodingTableParse<K> {
  if (rows.length === 0) return { table: [] as CodingTables[K], errors: [{ line: 1, field: 'file', reason: 'is empty' }], rows: 0 };
  const header = rows[0].cells.map((h) => h.trim().toLowerCase());
  const errors: CsvRowError[] = [];
  for (const required of CODING_TABLE_COLUMNS[kind].required) {
    if (!header.includes(required)) errors.push({ line: rows[0].line, field: required, reason: 'column is missing from the header' });
  }
  if (errors.length > 0) return { table: [] as CodingTables[K], errors, rows: rows.length - 1 };
  const data = rows.slice(1).map(({ line, cells }) => ({ line, get: (col: string): string => (cells[header.indexOf(col)] ?? '').trim() }));
  if (data.length === 0) {
    errors.push({ line: rows[0].line, field: 'file', reason: 'has no rows: an import replaces the whole table, so it cannot be empty' });
    return { table: [] as CodingTables[K], errors, rows: 0 };
  }
  const table = kind === 'diagnosisCodes' ? diagnosisCodes(data, errors) : kind === 'operations' ? operations(data, errors) : diseaseLists(data, errors);
  if (errors.length === 0) {
    // The table as a whole, as a snapshot would load it (each cell was checked above).
    const reason = refusal({ [kind]: table });
    if (reason !== undefined) errors.push({ line: rows[0].line, field: 'file', reason });
  }
  return { table: (errors.length === 0 ? table : []) as CodingTables[K], errors, rows: data.length };
}

interface Row {
  line: number;
  get(col: string): string;
}

function checkName(name: string, line: number, field: string, errors: CsvRowError[], check: (name: string) => string | undefined): void {
  const reason = check(name) ?? (name.length > MAX_NAME ? `must be at most ${MAX_NAME} characters` : undefined);
  if (reason !== undefined) errors.push({ line, field, reason });
}

function diagnosisCodes(rows: readonly Row[], errors: CsvRowError[]): DiagnosisCode[] {
  const table: DiagnosisCode[] = [];
  const seen = new Map<string, number>();
  for (const { line, get } of rows) {
    const before = errors.length;
    const code = get('code');
    const name = get('name');
    const bad = refusal({ diagnosisCodes: [{ code, name: '-' }] });
    if (bad !== undefined) errors.push({ line, field: 'code', reason: bad });
    else if (seen.has(code.toUpperCase())) errors.push({ line, field: 'code', reason: `duplicates line ${seen.get(code.toUpperCase())}` });
    else seen.set(code.toUpperCase(), line);
    checkName(name, line, 'name', errors, (n) => refusal({ diagnosisCodes: [{ code: 'A00.000', name: n }] }));
    if (errors.length === before) table.push({ code: code.toUpperCase(), name });
  }
  return table;
}

function operations(rows: readonly Row[], errors: CsvRowError[]): OperationConstraint[] {
  const table: OperationConstraint[] = [];
  const seen = new Map<string, number>();
  for (const { line, get } of rows) {
    const before = errors.length;
    const codePrefix = get('code_prefix');
    const name = get('name');
    const gender = get('gender');
    const bad = refusal({ operations: [{ codePrefix, name: '-' }] });
    if (bad !== undefined) errors.push({ line, field: 'code_prefix', reason: bad });
    else if (seen.has(codePrefix)) errors.push({ line, field: 'code_prefix', reason: `duplicates line ${seen.get(codePrefix)}` });
    else seen.set(codePrefix, line);
    checkName(name, line, 'name', errors, (n) => refusal({ operations: [{ codePrefix: '00', name: n }] }));
    const badGender = gender === '' ? undefined : refusal({ operations: [{ codePrefix: '00', name: '-', gender: gender as '1' }] });
    if (badGender !== undefined) errors.push({ line, field: 'gender', reason: badGender });
    if (errors.length === before) table.push({ codePrefix, name, ...(gender === '1' || gender === '2' ? { gender } : {}) });
  }
  return table;
}

function diseaseLists(rows: readonly Row[], errors: CsvRowError[]): DiseaseList[] {
  const lists = new Map<string, { line: number; name: string; benefit: string; prefixes: Map<string, number> }>();
  for (const { line, get } of rows) {
    const code = get('list_code');
    const name = get('list_name');
    const benefit = get('benefit');
    const prefix = get('diagnosis_prefix');
    const badCode =
      refusal({ diseaseLists: [{ code, name: '-', diagnosisPrefixes: ['A00'] }] }) ??
      (LIST_CODE.test(code) ? undefined : 'must be 1–40 characters without spaces or |');
    if (badCode !== undefined) errors.push({ line, field: 'list_code', reason: badCode });
    const badPrefix = refusal({ diseaseLists: [{ code: 'X', name: '-', diagnosisPrefixes: [prefix] }] });
    if (badPrefix !== undefined) errors.push({ line, field: 'diagnosis_prefix', reason: badPrefix });
    if (benefit.length > MAX_NAME) errors.push({ line, field: 'benefit', reason: `must be at most ${MAX_NAME} characters` });
    if (badCode !== undefined) continue;
    const list = lists.get(code);
    if (!list) {
      // The list's first row names it.
      checkName(name, line, 'list_name', errors, (n) => refusal({ diseaseLists: [{ code: 'X', name: n, diagnosisPrefixes: ['A00'] }] }));
      lists.set(code, { line, name, benefit, prefixes: new Map(badPrefix === undefined ? [[prefix, line]] : []) });
      continue;
    }
    if (name !== '' && name !== list.name) errors.push({ line, field: 'list_name', reason: `differs from line ${list.line} (${list.name}) of list ${code}` });
    if (benefit !== '' && benefit !== list.benefit)
      errors.push({ line, field: 'benefit', reason: `differs from line ${list.line} (${list.benefit || 'empty'}) of list ${code}` });
    if (badPrefix !== undefined) continue;
    if (list.prefixes.has(prefix)) errors.push({ line, field: 'diagnosis_prefix', reason: `duplicates line ${list.prefixes.get(prefix)} of list ${code}` });
    else list.prefixes.set(prefix, line);
  }
  return [...lists].map(([code, l]) => ({
    code,
    name: l.name,
    ...(l.benefit !== '' ? { benefit: l.benefit } : {}),
    diagnosisPrefixes: [...l.prefixes.keys()],
  }));
}
