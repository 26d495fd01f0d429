import { ApiError } from '../api/problem';
import type { MessageKey } from '../i18n/messages';

/**
 * Pasted text of the 按病种付费 screens, read line by line before anything is sent: a scheme's groups
 * (`编码,名称,权重`) and the grouper's results (`结算编号,分组编码` or `结算编号,特例`). Commas may be
 * ASCII or full-width, or tabs (a column pasted from Excel); blank lines and `#` comments are skipped,
 * and so is a header line. Every bad line is reported with its line number (1 = the first line pasted).
 */

/** The server's patterns (libs/contracts case-payment.messages.ts). */
export const GROUP_CODE = /^[A-Za-z0-9.+_-]{2,30}$/;
export const WEIGHT = /^(0|[1-9]\d{0,5})(\.\d{1,4})?$/;
export const SETL_ID = /^[A-Za-z0-9_-]{1,40}$/;
/** 机构系数 / 等级系数 in percent: 1–1000 with up to 2 decimals. */
export const COEFFICIENT = /^(1000(\.0{1,2})?|[1-9]\d{0,2}(\.\d{1,2})?)$/;
export const MAX_GROUPS = 8000;
export const MAX_CASES = 1000;
/** What a grouping line says instead of a group code to flag a special case (特例单议). */
export const SPECIAL_WORDS = ['特例', '特例单议'];

export interface LineError {
  /** 1-based line of the pasted text; 0 for the text as a whole. */
  line: number;
  key: MessageKey;
  vars: Record<string, string | number>;
}

export interface Parsed<T> {
  items: T[];
  /** The pasted line number of each item (for the server's `groups[i]` / `cases[i]` errors). */
  lines: number[];
  errors: LineError[];
}

export interface GroupLine {
  code: string;
  name: string;
  weight: string;
}

export interface GroupingLine {
  setlId: string;
  groupCode?: string;
  specialCase?: true;
}

const SEPARATOR = /[,，\t]/;

/** The non-blank, non-comment lines with their numbers, as pasted (trimmed) and split on `,` `，` or tab. */
function rows(text: string): { line: number; raw: string; fields: string[] }[] {
  return text
    .split(/\r?\n/)
    .map((raw, i) => ({ line: i + 1, raw: raw.trim() }))
    .filter((r) => r.raw !== '' && !r.raw.startsWith('#'))
    .map((r) => ({ ...r, fields: r.raw.split(SEPARATOR).map((f) => f.trim()) }));
}

const GROUP_HEADER = /^(code|group_?code|编码|分组编码|病种编码|病组编码)$/i;
const SETL_HEADER = /^(setl_?id|结算编号|结算id)$/i;

/** `ES23,呼吸系统感染/炎症，伴并发症,1.2345` → code ES23, the name between as pasted (its commas kept), weight 1.2345. */
export function parseGroups(text: string): Parsed<GroupLine> {
  const out: Parsed<GroupLine> = { items: [], lines: [], errors: [] };
  const seen = new Map<string, number>();
  const all = rows(text);
  if (all.length > 0 && GROUP_HEADER.test(all[0].fields[0])) all.shift();
  for (const { line, raw, fields } of all) {
    if (fields.length < 3) {
      out.errors.push({ line, key: 'casePay.line.fields', vars: { line } });
      continue;
    }
    // The name is what lies between the first and the last separator, as pasted (it may hold commas).
    const code = fields[0];
    const weight = fields[fields.length - 1];
    const last = Math.max(raw.lastIndexOf(','), raw.lastIndexOf('，'), raw.lastIndexOf('\t'));
    const name = raw.slice(raw.search(SEPARATOR) + 1, last).trim();
    const before = out.errors.length;
    if (!GROUP_CODE.test(code)) out.errors.push({ line, key: 'casePay.line.code', vars: { line, value: code } });
    if (name.length < 1 || name.length > 100) out.errors.push({ line, key: 'casePay.line.name', vars: { line } });
    if (!WEIGHT.test(weight) || !/[1-9]/.test(weight)) out.errors.push({ line, key: 'casePay.line.weight', vars: { line, value: weight } });
    const first = seen.get(code);
    if (first !== undefined) out.errors.push({ line, key: 'casePay.line.duplicate', vars: { line, value: code, first } });
    else seen.set(code, line);
    if (out.errors.length === before) {
      out.items.push({ code, name, weight });
      out.lines.push(line);
    }
  }
  if (all.length === 0) out.errors.push({ line: 0, key: 'casePay.line.none', vars: {} });
  if (all.length > MAX_GROUPS) out.errors.push({ line: 0, key: 'casePay.line.tooMany', vars: { max: MAX_GROUPS, n: all.length } });
  return out;
}

/** `Y430100000123,ES23` → grouped as ES23; `Y430100000124,特例` → a special case. */
export function parseGroupings(text: string): Parsed<GroupingLine> {
  const out: Parsed<GroupingLine> = { items: [], lines: [], errors: [] };
  const seen = new Map<string, number>();
  const all = rows(text);
  if (all.length > 0 && SETL_HEADER.test(all[0].fields[0])) all.shift();
  for (const { line, fields } of all) {
    if (fields.length !== 2) {
      out.errors.push({ line, key: 'casePay.gline.fields', vars: { line } });
      continue;
    }
    const [setlId, group] = fields;
    const before = out.errors.length;
    const special = SPECIAL_WORDS.includes(group);
    if (!SETL_ID.test(setlId)) out.errors.push({ line, key: 'casePay.gline.setlId', vars: { line, value: setlId } });
    if (!special && !GROUP_CODE.test(group)) out.errors.push({ line, key: 'casePay.gline.group', vars: { line, value: group } });
    const first = seen.get(setlId);
    if (first !== undefined) out.errors.push({ line, key: 'casePay.gline.duplicate', vars: { line, value: setlId, first } });
    else seen.set(setlId, line);
    if (out.errors.length === before) {
      out.items.push(special ? { setlId, specialCase: true } : { setlId, groupCode: group });
      out.lines.push(line);
    }
  }
  if (all.length === 0) out.errors.push({ line: 0, key: 'casePay.gline.none', vars: {} });
  if (all.length > MAX_CASES) out.errors.push({ line: 0, key: 'casePay.line.tooMany', vars: { max: MAX_CASES, n: all.length } });
  return out;
}

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** At most `max` errors in words, one a line, and how many more there are. */
export function errorLines(errors: LineError[], t: Translate, max = 5): string[] {
  const shown = errors.slice(0, max).map((e) => t(e.key, e.vars));
  return errors.length > max ? [...shown, t('casePay.line.more', { n: errors.length - max })] : shown;
}

/**
 * The server's refusal of an item sent from pasted text (`groups[3].weight`, `cases[0].groupCode`)
 * moved to the text's form field, with the line it came from: items are sent in the order they were
 * read, so `lines[i]` is the line of item `i`. Other errors pass as they are.
 */
export function atLines(e: unknown, list: 'groups' | 'cases', field: string, lines: number[], t: Translate): unknown {
  if (!(e instanceof ApiError)) return e;
  const item = new RegExp(`^${list}\\[(\\d+)\\]`);
  const fields = e.fieldErrors();
  if (!fields.some((f) => item.test(f.field))) return e;
  const mapped = fields.map((f) => {
    const m = item.exec(f.field);
    return m ? { field, reason: t('casePay.atLine', { line: lines[Number(m[1])] ?? Number(m[1]) + 1, reason: f.reason }) } : f;
  });
  return new ApiError({ ...e.problem, details: { ...e.problem.details, fields: mapped } });
}
