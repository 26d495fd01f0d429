import type { EntityManager } from '@mikro-orm/postgresql';
import { Admdvs, NotFoundError, scopeFilter } from '@mi/domain';
import { type Actor, canSee, currentActor, requireRole, requireScope } from '@mi/platform';
import { InstitutionEntity } from '../institution/institution.entity';

/** Roles that take agreement decisions (经办). */
export const OFFICER_ROLES = ['province-admin', 'city-officer', 'county-officer'] as const;

/** The caller must be a bureau officer (or the platform itself) with `admdvs` in scope. */
export function requireOfficer(admdvs: string, what: string): Actor {
  const actor = currentActor();
  if (actor?.kind !== 'system') requireRole(actor, [...OFFICER_ROLES], what);
  requireScope(actor, admdvs, what);
  return actor;
}

/** A registered institution the caller may see; another region's is NOT_FOUND (its existence is not the caller's business). */
export async function visibleInstitution(em: EntityManager, code: string): Promise<InstitutionEntity> {
  const entity = await em.findOne(InstitutionEntity, { code });
  if (!entity || !canSee(currentActor(), entity.admdvs)) throw new NotFoundError('institution', code);
  return entity;
}

/** SQL `like` prefix of the caller's region ('' = everything, for the platform itself); null if it sees nothing. */
export function scopePrefix(): string | null {
  const actor = currentActor();
  if (actor?.kind === 'system' && actor.scope === '') return '';
  if (actor?.kind !== 'system') requireRole(actor, ['province-admin', 'city-officer', 'county-officer', 'reviewer', 'auditor'], 'view the agreement registry');
  if (!Admdvs.isValid(actor.scope)) return null;
  return scopeFilter(actor.scope).prefix;
}

export const DEFAULT_LIMIT = 50;

export function page(limit?: number, offset?: number): { limit: number; offset: number } {
  return { limit: limit ?? DEFAULT_LIMIT, offset: offset ?? 0 };
}

/** SQL `like` pattern of a region filter: a province (xx0000), a city (xxxx00) or one county. */
export function regionPattern(admdvs: string): string {
  return `${admdvs.endsWith('0000') ? admdvs.slice(0, 2) : admdvs.endsWith('00') ? admdvs.slice(0, 4) : admdvs}%`;
}
