import { assertInScope, DomainError, type Role } from '@mi/domain';

/** A person signed in to the portal (监管端用户). `scope` is the 6-digit admdvs they are confined to. */
export interface PortalActor {
  kind: 'user';
  id: string;
  username: string;
  roles: Role[];
  scope: string;
  sessionId: string;
}

/** A designated institution's HIS (定点医药机构信息系统) calling the NHSA-style interface. */
export interface HisActor {
  kind: 'his';
  id: string;
  institutionCode: string;
  scope: string;
}

/** A service acting for the platform (scheduled jobs, event handlers). `scope` '' = unrestricted. */
export interface SystemActor {
  kind: 'system';
  id: string;
  scope: string;
}

/** Who is calling: set by the gateway, carried signed in the `x-mi-actor` NATS header. */
export type Actor = PortalActor | HisActor | SystemActor;

/** True when `actor` is a portal user holding at least one of `roles`. HIS and system actors hold no roles. */
export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  if (actor.kind !== 'user') return false;
  return actor.roles.some((role) => roles.includes(role));
}

function unauthenticated(action: string): DomainError {
  return new DomainError('UNAUTHENTICATED', `${action} requires a signed-in caller`, { field: 'actor', reason: 'no caller identity' });
}

/**
 * Refuses with `UNAUTHENTICATED` when there is no actor and with `FORBIDDEN.ROLE` unless the
 * actor holds one of `roles`; `action` names what was attempted (`'suspend agreement'`).
 */
export function requireRole(actor: Actor | undefined, roles: Role[], action: string): asserts actor is PortalActor {
  if (actor === undefined) throw unauthenticated(action);
  if (hasRole(actor, ...roles)) return;
  const held = actor.kind === 'user' ? actor.roles : [];
  throw new DomainError('FORBIDDEN.ROLE', `${action} requires one of the roles ${roles.join(', ') || '(none)'}`, {
    field: 'roles',
    reason: actor.kind === 'user' ? 'none of the required roles is held' : `a ${actor.kind} caller holds no roles`,
    action,
    allowed: [...roles],
    held: [...held],
  });
}

/**
 * Refuses with `UNAUTHENTICATED` when there is no actor and with `FORBIDDEN.REGION` unless
 * `target` (an admdvs) lies in the actor's scope. A system actor with scope '' is unrestricted;
 * '' on any other actor contains nothing.
 */
export function requireScope(actor: Actor | undefined, target: string, what: string): asserts actor is Actor {
  if (actor === undefined) throw unauthenticated(`access to ${what}`);
  if (actor.kind === 'system' && actor.scope === '') return;
  assertInScope(actor.scope, target, what);
}
