import { catchDomainError } from '@mi/domain';
import { hasRole, requireRole, requireScope, type Actor, type HisActor, type PortalActor, type SystemActor } from './actor';

const user = (overrides: Partial<PortalActor> = {}): PortalActor => ({
  kind: 'user',
  id: 'u-1',
  username: 'zhangsan',
  roles: ['city-officer', 'reviewer'],
  scope: '430100',
  sessionId: 's-1',
  ...overrides,
});
const his: HisActor = { kind: 'his', id: 'his-1', institutionCode: 'H43010200001', scope: '430102' };
const system = (scope = ''): SystemActor => ({ kind: 'system', id: 'svc:claims-review', scope });

describe('actor', () => {
  describe('hasRole', () => {
    it('is true when the user holds any of the roles', () => {
      expect(hasRole(user(), 'reviewer')).toBe(true);
      expect(hasRole(user(), 'province-admin', 'city-officer')).toBe(true);
    });

    it('is false when the user holds none of them, or none are asked', () => {
      expect(hasRole(user(), 'auditor', 'province-admin')).toBe(false);
      expect(hasRole(user())).toBe(false);
      expect(hasRole(user({ roles: [] }), 'reviewer')).toBe(false);
    });

    it('is false for HIS and system actors, who hold no roles', () => {
      expect(hasRole(his, 'reviewer')).toBe(false);
      expect(hasRole(system(), 'system-operator')).toBe(false);
    });
  });

  describe('requireRole', () => {
    it('passes a user holding one of the roles', () => {
      expect(() => requireRole(user(), ['reviewer', 'province-admin'], 'decide a review')).not.toThrow();
    });

    it('refuses a missing actor with UNAUTHENTICATED', () => {
      const error = catchDomainError(() => requireRole(undefined, ['reviewer'], 'decide a review'));
      expect(error.code).toBe('UNAUTHENTICATED');
      expect(error.message).toBe('decide a review requires a signed-in caller');
      expect(error.details).toEqual({ field: 'actor', reason: 'no caller identity' });
    });

    it('refuses a user without the role with FORBIDDEN.ROLE naming the action and the roles allowed', () => {
      const error = catchDomainError(() => requireRole(user({ roles: ['auditor'] }), ['province-admin', 'city-officer'], 'suspend agreement'));
      expect(error.code).toBe('FORBIDDEN.ROLE');
      expect(error.message).toBe('suspend agreement requires one of the roles province-admin, city-officer');
      expect(error.details).toEqual({
        field: 'roles',
        reason: 'none of the required roles is held',
        action: 'suspend agreement',
        allowed: ['province-admin', 'city-officer'],
        held: ['auditor'],
      });
    });

    it.each([
      ['his', his],
      ['system', system()],
    ] as const)('refuses a %s actor, which holds no roles', (kind, actor) => {
      const error = catchDomainError(() => requireRole(actor, ['reviewer'], 'decide a review'));
      expect(error.code).toBe('FORBIDDEN.ROLE');
      expect(error.details).toMatchObject({ reason: `a ${kind} caller holds no roles`, held: [] });
    });

    it('refuses everyone when no role is allowed', () => {
      expect(catchDomainError(() => requireRole(user(), [], 'nothing')).message).toBe('nothing requires one of the roles (none)');
    });
  });

  describe('requireScope', () => {
    it.each<[string, Actor, string]>([
      ['a user inside their city', user(), '430102'],
      ['a user on their own city', user(), '430100'],
      ['a HIS on its own county', his, '430102'],
      ['a province system actor', system('430000'), '430102'],
      ['an unrestricted system actor', system(''), '440305'],
    ])('passes %s', (_name, actor, target) => {
      expect(() => requireScope(actor, target, 'Institution H1')).not.toThrow();
    });

    it('refuses a missing actor with UNAUTHENTICATED', () => {
      const error = catchDomainError(() => requireScope(undefined, '430102', 'Institution H1'));
      expect(error.code).toBe('UNAUTHENTICATED');
      expect(error.message).toBe('access to Institution H1 requires a signed-in caller');
    });

    it.each<[string, Actor, string]>([
      ['a user outside their city', user(), '430202'],
      ['a user above their city', user(), '430000'],
      ['a HIS on a neighbouring county', his, '430103'],
      ['a scoped system actor outside its scope', system('430100'), '440100'],
      ['a user with an empty scope (only system actors may be unrestricted)', user({ scope: '' }), '430102'],
      ['a malformed target', user(), '43010'],
    ])('refuses %s with FORBIDDEN.REGION', (_name, actor, target) => {
      const error = catchDomainError(() => requireScope(actor, target, 'Institution H1'));
      expect(error.code).toBe('FORBIDDEN.REGION');
      expect(error.message).toBe(`Institution H1 in region ${target} is outside your region ${actor.scope}`);
      expect(error.details).toEqual({ field: 'admdvs', scope: actor.scope, target });
    });
  });
});
