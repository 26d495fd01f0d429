import { DomainError, LocalDate } from '@mi/domain';

/**
 * Reading records of the national HIS interface (NHSA-INTERFACES.md) as HIS systems send them:
 * lenient where payloads vary (numbers or strings, `""`/null/missing alike, one object where an
 * array is expected) and strict on ids, codes, dates and quantities — every problem a VALIDATION
 * error naming the NHSA path (`input.selinfo[2].sel_retn_time`). Shared by the services that take
 * HIS records (claims review: 3101/3102 and settlements; monitoring: 35xx 进销存).
 */

/** A JSON object as a HIS sent it. */
export type NhsaObject = Record<string, unknown>;

/** Refuses with the NHSA path of the offending field (`input.data.patient_dtos[0].brdy`). */
export function nhsaFail(path: string, reason: string): never {
  throw new DomainError('VALIDATION', `${path}: ${reason}`, { field: path, reason });
}

/** An array where HIS payloads vary: a missing/empty value is none, a single object is one. */
export function nhsaList(value: unknown): NhsaObject[] {
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) return value.filter((v): v is NhsaObject => typeof v === 'object' && v !== null);
  if (typeof value === 'object') return [value as NhsaObject];
  return [];
}

/**
 * Refuses text PostgreSQL cannot store or a reviewer could not read: NUL and other control
 * characters, and broken UTF-16 (a lone surrogate). Found by the fuzzing in tools/faults — a NUL
 * in one fee line's name used to fail the whole upload with an internal error.
 */
export function refuseUnstorable(s: string, path: string): void {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s)) nhsaFail(path, '含有控制字符 (contains a control character)');
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s)) nhsaFail(path, '不是有效的Unicode文本 (not well-formed Unicode)');
}

/** A text field (a number is taken as its digits), trimmed; `required` refuses missing/empty. */
export function nhsaText(o: NhsaObject, key: string, path: string, required = true, max = 100): string | undefined {
  const v = o[key];
  if (v === undefined || v === null || v === '') {
    if (required) nhsaFail(`${path}.${key}`, '缺失 (is required)');
    return undefined;
  }
  if (typeof v !== 'string' && typeof v !== 'number') nhsaFail(`${path}.${key}`, '必须是字符串或数字 (must be a string or number)');
  const s = String(v).trim();
  refuseUnstorable(s, `${path}.${key}`);
  if (s.length === 0 && required) nhsaFail(`${path}.${key}`, '缺失 (is required)');
  if (s.length > max) nhsaFail(`${path}.${key}`, `过长，最多 ${max} 个字符 (too long)`);
  return s;
}

function calendarDate(value: string, path: string): string {
  try {
    return LocalDate.parse(value, path).toString();
  } catch {
    nhsaFail(path, `不是有效日期 (not a calendar date): ${value}`);
  }
}

/** `yyyy-MM-dd` or `yyyy-MM-dd HH:mm:ss` → the date part. */
export function nhsaDate(o: NhsaObject, key: string, path: string, required = true): string | undefined {
  const v = nhsaText(o, key, path, required);
  if (v === undefined) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(v);
  if (!m) nhsaFail(`${path}.${key}`, `日期格式应为 yyyy-MM-dd 或 yyyy-MM-dd HH:mm:ss: ${v}`);
  if (m[2] !== undefined && (Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4] ?? 0) > 59))
    nhsaFail(`${path}.${key}`, `不是有效时间 (not a valid time): ${v}`);
  return calendarDate(m[1], `${path}.${key}`);
}

/** `yyyy-MM-dd HH:mm:ss` in Beijing time (or ISO 8601 with a zone) → instant and its Beijing date. */
export function nhsaInstant(o: NhsaObject, key: string, path: string): { at: Date; day: string } {
  const v = nhsaText(o, key, path) as string;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/.exec(v);
  if (!m) nhsaFail(`${path}.${key}`, `时间格式应为 yyyy-MM-dd HH:mm:ss: ${v}`);
  calendarDate(m[1], `${path}.${key}`);
  if (Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4] ?? 0) > 59) nhsaFail(`${path}.${key}`, `不是有效时间 (not a valid time): ${v}`);
  const at = new Date(`${m[1]}T${m[2]}:${m[3]}:${m[4] ?? '00'}${m[5] ?? ''}${m[6] ?? '+08:00'}`);
  if (Number.isNaN(at.getTime())) nhsaFail(`${path}.${key}`, `不是有效时间 (not a valid time): ${v}`);
  const day = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  return { at, day };
}
