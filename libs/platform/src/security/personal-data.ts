import { maskIdNumber, type Role } from '@mi/domain';
import type { Actor } from './actor';

/**
 * Roles whose daily work needs insured persons' full ID numbers and names (case work on claims).
 * Everyone else — auditors, system operators, the health-commission liaison, administrators —
 * sees them masked (PIPL: minimum necessary).
 */
export const PERSONAL_DATA_ROLES: readonly Role[] = ['reviewer', 'city-officer', 'county-officer'];

export function mayReadPersonalData(actor: Actor | undefined): boolean {
  if (!actor) return false;
  if (actor.kind === 'system') return true;
  if (actor.kind === 'his') return true; // an institution sees its own patients' data it sent
  return actor.roles.some((r) => PERSONAL_DATA_ROLES.includes(r));
}

/** A name with all but its first character masked: 张三丰 → 张**. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

/**
 * The person fields as this actor may see them. Views that return full values must also record
 * the read in the audit trail (`AuditService.record` with action `personal-data.read`).
 */
export function personView(actor: Actor | undefined, person: { idNumber: string; name: string }): { idNumber: string; name: string; masked: boolean } {
  if (mayReadPersonalData(actor)) return { ...person, masked: false };
  return { idNumber: maskIdNumber(person.idNumber), name: maskName(person.name), masked: true };
}
