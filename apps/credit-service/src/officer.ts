import { Admdvs, scopeFilter } from '@mi/domain';
import { currentActor, requireRole, requireScope } from '@mi/platform';

/** Roles that manage credit matters (经办): listings, repairs, inspections, complaints. */
export const OFFICER_ROLES = ['province-admin', 'city-officer', 'county-officer'] as const;

/** Refuses anyone but an officer (or a service) whose scope covers `admdvs`. */
export function requireOfficer(admdvs: string, what: string): void {
  const actor = currentActor();
  if (actor?.kind !== 'system') requireRole(actor, [...OFFICER_ROLES], what);
  requireScope(actor, admdvs, what);
}

/** Roles that read the red/black lists and penalty decisions (公示): officers, reviewers, auditors, the liaison. */
export const READER_ROLES = [...OFFICER_ROLES, 'reviewer', 'auditor', 'health-liaison'] as const;

/**
 * The region-code prefix a reader may see ('' for the platform itself); null for a scope that is
 * no region (nothing to show). Refuses anyone without a reader role.
 */
export function readerPrefix(what: string): string | null {
  const actor = currentActor();
  if (actor?.kind === 'system' && actor.scope === '') return '';
  if (actor?.kind !== 'system') requireRole(actor, [...READER_ROLES], what);
  if (!Admdvs.isValid(actor.scope)) return null;
  return scopeFilter(actor.scope).prefix;
}
