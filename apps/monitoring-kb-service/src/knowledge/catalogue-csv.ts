import { ListType, Money, TreatmentMode } from '@mi/domain';
import { type CatalogueEntry, TCM_NOT_PAYABLE, type TcmNotPayable } from '@mi/rules';

/**
 * Catalogue CSV (国家医保目录 layout, the columns the rules use). Header row required; unknown
 * columns are ignored; empty cells mean "no limit". Lists are `|`-separated; flags are 1/0,
 * true/false or 是/否. `tcm_not_payable` is `always` (单复方均不予支付) or `single` (单方使用不予支付),
 * list type 102 only; `max_amount_per_visit` (限定报销总额) is in yuan. `course_days` (限支付疗程: days
 * of use paid per course) and `course_window_days` (疗程周期, at least `course_days`; empty = the
 * rule's default window); `disease_lists` (限定病种目录) are codes of the knowledge base's disease
 * lists (门诊慢特病, 两病), `|`-separated, checked against them at import.
 */
export const CATALOGUE_COLUMNS = [
  'hilist_code',
  'hilist_name',
  'list_type',
  'gender',
  'min_age',
  'max_age',
  'work_injury_only',
  'maternity_only',
  'tcm_not_payable',
  'elderly_avoid',
  'max_amount_per_visit',
  'child_only',
  'newborn_only',
  'indication_prefixes',
  'max_days',
  'max_quantity_per_visit',
  'max_per_day',
  'max_per_visit',
  'min_institution_level',
  'treatment_modes',
  'second_line',
  'price_cap_lv1',
  'price_cap_lv2',
  'price_cap_lv3',
  'drug_class',
  'contains',
  'excluded_with',
  'bundle_parts',
  'course_days',
  'course_window_days',
  'disease_lists',
] as const;

export interface CsvRowError {
  line: number;
  field: string;
  reason: string;
}

/**
 * One row of an uploaded file as text cells, with the line (CSV) or row number (XLSX) the
 * rejection report names. Both readers produce these; {@link parseCatalogueRecords} reads them.
 */
export interface CatalogueRecord {
  line: number;
  cells: string[];
}

/** RFC 4180 CSV: quotes, doubled quotes, CRLF; returns rows with their 1-based line numbers. */
export function parseCsv(text: string): CatalogueRecord[] {
  const rows: CatalogueRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i++;
      cells.push(cell);
      if (cells.some((x) => x.trim() !== '')) rows.push({ line: rowLine, cells });
      cells = [];
      cell = '';
      line++;
      rowLine = line;
    } else cell += c;
  }
  cells.push(cell);
  if (cells.some((x) => x.trim() !== '')) rows.push({ line: rowLine, cells });
  return rows;
}

function int(v: string, field: string, errors: CsvRowError[], line: number, min = 0, max = 100_000): number | undefined {
  if (v === '') return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    errors.push({ line, field, reason: `must be a whole number ${min}–${max}` });
    return undefined;
  }
  return Number(v);
}

function flag(v: string, field: string, errors: CsvRowError[], line: number): boolean | undefined {
  if (v === '') return undefined;
  if (v === '1' || v.toLowerCase() === 'true' || v === '是') return true;
  if (v === '0' || v.toLowerCase() === 'false' || v === '否') return false;
  errors.push({ line, field, reason: 'must be 1/0, true/false or 是/否' });
  return undefined;
}

/** 限定报销总额 — kept as a yuan string in the entry (`'1500.00'`), as the JSON knowledge API stores it. */
function positiveYuan(v: string, field: string, errors: CsvRowError[], line: number): string | undefined {
  if (v === '') return undefined;
  try {
    const m = Money.parseYuan(v, field);
    if (m.isPositive()) return m.toYuanString();
  } catch {
    // reported below
  }
  errors.push({ line, field, reason: 'must be a positive yuan amount with at most 2 decimals' });
  return undefined;
}

const list = (v: string): string[] | undefined =>
  v === ''
    ? undefined
    : v
        .split('|')
        .map((x) => x.trim())
        .filter(Boolean);

export interface CatalogueParse {
  entries: CatalogueEntry[];
  errors: CsvRowError[];
  rows: number;
}

/** Parses and validates every row; any error rejects the file (nothing half-imported). */
export function parseCatalogueCsv(text: string): CatalogueParse {
  return parseCatalogueRecords(parseCsv(text));
}

/**
 * The rows of a file (CSV or XLSX, already turned into text cells), header first: validates every
 * row the same way whatever the file's format. Blank rows are left out by the readers.
 */
export function parseCatalogueRecords(rows: readonly CatalogueRecord[]): CatalogueParse {
  const errors: CsvRowError[] = [];
  if (rows.length === 0) return { entries: [], errors: [{ line: 1, field: 'file', reason: 'is empty' }], rows: 0 };
  const header = rows[0].cells.map((h) => h.trim().toLowerCase());
  for (const required of ['hilist_code', 'hilist_name', 'list_type']) {
    if (!header.includes(required)) errors.push({ line: rows[0].line, field: required, reason: 'column is missing from the header' });
  }
  if (errors.length > 0) return { entries: [], errors, rows: rows.length - 1 };
  const entries: CatalogueEntry[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of rows.slice(1)) {
    const get = (col: string): string => (cells[header.indexOf(col)] ?? '').trim();
    const before = errors.length;
    const code = get('hilist_code');
    if (!/^[A-Z0-9][A-Z0-9.-]{4,49}$/.test(code))
      errors.push({ line, field: 'hilist_code', reason: 'must be 5–50 upper-case letters, digits, dots or dashes' });
    else if (seen.has(code)) errors.push({ line, field: 'hilist_code', reason: `duplicates line ${seen.get(code)}` });
    else seen.set(code, line);
    const name = get('hilist_name');
    if (name === '' || name.length > 200) errors.push({ line, field: 'hilist_name', reason: 'is required (≤ 200 characters)' });
    let listType: ListType | undefined;
    try {
      listType = ListType.parse(get('list_type'), 'list_type');
    } catch (e) {
      errors.push({ line, field: 'list_type', reason: String((e as { details?: { reason?: string } }).details?.reason ?? 'unknown list type') });
    }
    const gender = get('gender');
    if (gender !== '' && gender !== '1' && gender !== '2')
      errors.push({ line, field: 'gender', reason: "must be empty, '1' (male only) or '2' (female only)" });
    const priceCaps: Record<number, Money> = {};
    for (const lv of [1, 2, 3] as const) {
      const v = get(`price_cap_lv${lv}`);
      if (v === '') continue;
      try {
        const m = Money.parseYuan(v, `price_cap_lv${lv}`);
        if (!m.isPositive()) throw new Error('not positive');
        priceCaps[lv] = m;
      } catch {
        errors.push({ line, field: `price_cap_lv${lv}`, reason: 'must be a positive yuan amount with at most 2 decimals' });
      }
    }
    const modes = list(get('treatment_modes'));
    const treatmentModes: TreatmentMode[] = [];
    for (const m of modes ?? []) {
      if (TreatmentMode.has(m)) treatmentModes.push(m);
      else errors.push({ line, field: 'treatment_modes', reason: `unknown treatment mode ${m}` });
    }
    const workInjuryOnly = flag(get('work_injury_only'), 'work_injury_only', errors, line);
    const maternityOnly = flag(get('maternity_only'), 'maternity_only', errors, line);
    if (workInjuryOnly && maternityOnly)
      errors.push({ line, field: 'maternity_only', reason: 'an item is limited to one insurance type (work_injury_only is set)' });
    const tcm = get('tcm_not_payable');
    let tcmNotPayable: TcmNotPayable | undefined;
    if (tcm !== '') {
      if (!(TCM_NOT_PAYABLE as readonly string[]).includes(tcm))
        errors.push({ line, field: 'tcm_not_payable', reason: `must be empty, ${TCM_NOT_PAYABLE.join(' or ')}` });
      else if (listType !== undefined && listType !== '102')
        errors.push({ line, field: 'tcm_not_payable', reason: 'applies to TCM pieces (list type 102) only' });
      else tcmNotPayable = tcm as TcmNotPayable;
    }
    const minLevel = int(get('min_institution_level'), 'min_institution_level', errors, line, 1, 3) as 1 | 2 | 3 | undefined;
    const courseDays = int(get('course_days'), 'course_days', errors, line, 1, 3660);
    const courseWindowDays = int(get('course_window_days'), 'course_window_days', errors, line, 1, 3660);
    if (courseWindowDays !== undefined && courseDays === undefined && get('course_days') === '')
      errors.push({ line, field: 'course_window_days', reason: 'a course window needs course_days' });
    else if (courseWindowDays !== undefined && courseDays !== undefined && courseWindowDays < courseDays)
      errors.push({ line, field: 'course_window_days', reason: 'must not be shorter than course_days' });
    const entry: CatalogueEntry = {
      hilistCode: code,
      name,
      listType: listType as ListType,
      ...(gender === '1' || gender === '2' ? { gender } : {}),
      ...defined('minAge', int(get('min_age'), 'min_age', errors, line, 0, 150)),
      ...defined('maxAge', int(get('max_age'), 'max_age', errors, line, 0, 150)),
      ...defined('workInjuryOnly', workInjuryOnly),
      ...defined('maternityOnly', maternityOnly),
      ...defined('tcmNotPayable', tcmNotPayable),
      ...defined('elderlyAvoid', flag(get('elderly_avoid'), 'elderly_avoid', errors, line)),
      ...defined('maxAmountPerVisit', positiveYuan(get('max_amount_per_visit'), 'max_amount_per_visit', errors, line)),
      ...defined('childOnly', flag(get('child_only'), 'child_only', errors, line)),
      ...defined('newbornOnly', flag(get('newborn_only'), 'newborn_only', errors, line)),
      ...defined('indicationPrefixes', list(get('indication_prefixes'))),
      ...defined('maxDays', int(get('max_days'), 'max_days', errors, line, 1)),
      ...defined('maxQuantityPerVisit', int(get('max_quantity_per_visit'), 'max_quantity_per_visit', errors, line, 1)),
      ...defined('maxPerDay', int(get('max_per_day'), 'max_per_day', errors, line, 1)),
      ...defined('maxPerVisit', int(get('max_per_visit'), 'max_per_visit', errors, line, 1)),
      ...defined('minInstitutionLevel', minLevel),
      ...(treatmentModes.length > 0 ? { treatmentModes } : {}),
      ...defined('secondLine', flag(get('second_line'), 'second_line', errors, line)),
      ...(Object.keys(priceCaps).length > 0 ? { priceCaps } : {}),
      ...defined('drugClass', get('drug_class') || undefined),
      ...defined('contains', list(get('contains'))),
      ...defined('excludedWith', list(get('excluded_with'))),
      ...defined('bundleParts', list(get('bundle_parts'))),
      ...defined('courseDays', courseDays),
      ...defined('courseWindowDays', courseWindowDays),
      ...defined('diseaseLists', list(get('disease_lists'))),
    };
    if (errors.length === before) entries.push(entry);
  }
  return { entries, errors, rows: rows.length - 1 };
}

function defined<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/**
 * Rows naming a disease list (`disease_lists`) the knowledge base in force does not have: a snapshot
 * with such an item would not load, so the import refuses them (line numbers from the file's rows).
 */
export function unknownDiseaseLists(
  rows: readonly { line: number; cells: string[] }[],
  entries: readonly CatalogueEntry[],
  known: ReadonlySet<string>,
): CsvRowError[] {
  const header = rows[0]?.cells.map((h) => h.trim().toLowerCase()) ?? [];
  const codeAt = header.indexOf('hilist_code');
  const lineOf = new Map(rows.slice(1).map((r) => [(r.cells[codeAt] ?? '').trim(), r.line]));
  const errors: CsvRowError[] = [];
  for (const e of entries) {
    const unknown = (e.diseaseLists ?? []).filter((code) => !known.has(code));
    if (unknown.length > 0) {
      errors.push({
        line: lineOf.get(e.hilistCode) ?? 0,
        field: 'disease_lists',
        reason: `unknown disease list ${unknown.join(', ')} (not in the knowledge base)`,
      });
    }
  }
  return errors;
}
