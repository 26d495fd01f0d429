import { DomainError } from '@mi/domain';

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
