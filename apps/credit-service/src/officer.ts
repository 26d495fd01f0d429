import { currentActor, requireRole, requireScope } from '@mi/platform';

/** Roles that manage credit matters (经办): listings, repairs, inspections, complaints. */
export const OFFICER_ROLES = ['province-admin', 'city-officer', 'county-officer'] as const;

/** Refuses anyone but an officer (or a service) whose scope covers `admdvs`. */
export function requireOfficer(admdvs: string, what: string): void {
  const actor = currentActor();
  if (actor?.kind !== 'system') requireRole(actor, [...OFFICER_ROLES], what);
  requireScope(actor, admdvs, what);
}
