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
