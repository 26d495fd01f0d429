import { scopeContains } from '@mi/domain';
import { RequestScope } from '../context/request-context';
import type { Actor } from './actor';

/** The verified caller of the request being handled (undefined outside a request). */
export function currentActor(): Actor | undefined {
  return RequestScope.current()?.actor;
}

/**
 * Whether the actor may see a record of region `admdvs`: system actors with an empty scope see
 * everything; everyone else only their region. Queries use it to answer "not found" for records
 * of other regions instead of revealing that they exist.
 */
export function canSee(actor: Actor | undefined, admdvs: string): boolean {
  if (!actor) return false;
  if (actor.kind === 'system' && actor.scope === '') return true;
  return scopeContains(actor.scope, admdvs);
}
