import { Admdvs, type AdmdvsLevel } from '../region/admdvs';
import { DomainError, ValidationError } from '../errors/domain-error';

/**
 * 数据权限 — region scope checks. A scope is the 6-digit `admdvs` a user (or HIS, or service) is
 * confined to: a province `xx0000` sees its cities and counties, a city `xxxx00` its counties, a
 * county only itself. Built on {@link Admdvs.contains}, so municipalities follow the same rules.
 */

/**
 * True when `target` lies inside `scope` (equal codes contain each other). Never throws: a
 * malformed scope or target is simply not contained, so a bad code can never widen access.
 */
export function scopeContains(scope: string, target: string): boolean {
  // Numbers would parse as Admdvs; a scope must be the string code, nothing looser.
  if (typeof scope !== 'string' || typeof target !== 'string') return false;
  if (!Admdvs.isValid(scope) || !Admdvs.isValid(target)) return false;
  return Admdvs.parse(scope).contains(Admdvs.parse(target));
}

/**
 * Refuses with `FORBIDDEN.REGION` unless `target` lies inside `scope`. `what` names the thing
 * being accessed, e.g. `'Institution H43010200001'`.
 */
export function assertInScope(scope: string, target: string, what: string): void {
  if (scopeContains(scope, target)) return;
  throw new DomainError('FORBIDDEN.REGION', `${what} in region ${target} is outside your region ${scope}`, { field: 'admdvs', scope, target });
}

/** How to restrict a query to a scope: `admdvs like prefix || '%'`. */
export interface ScopeFilter {
  readonly level: AdmdvsLevel;
  /** 2 (province), 4 (city) or 6 (county) leading digits; digits only, safe in a LIKE pattern. */
  readonly prefix: string;
}

const PREFIX_LENGTH: Record<AdmdvsLevel, number> = { province: 2, city: 4, county: 6 };

/** The query filter for a scope; a malformed scope is refused with `VALIDATION` (field `scope`). */
export function scopeFilter(scope: string): ScopeFilter {
  if (typeof scope !== 'string') throw new ValidationError('scope', 'must be a 6-digit region code');
  const admdvs = Admdvs.parse(scope, 'scope');
  return { level: admdvs.level, prefix: admdvs.code.slice(0, PREFIX_LENGTH[admdvs.level]) };
}
