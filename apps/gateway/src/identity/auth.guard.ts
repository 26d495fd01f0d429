import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { DomainError, type Role } from '@mi/domain';
import { type PortalActor, requireRole } from '@mi/platform';
import { IdentityService } from './identity.service';

const PUBLIC = 'mi:public';
const ROLES = 'mi:roles';
const ALLOWED_BEFORE_PASSWORD_CHANGE = 'mi:allowed-before-password-change';

/** Routes an account on an initial password may still call (me, change password, logout). */
export const AllowedBeforePasswordChange = (): MethodDecorator & ClassDecorator => SetMetadata(ALLOWED_BEFORE_PASSWORD_CHANGE, true);

/** A route anyone may call (login, refresh) or one with its own authentication (HIS). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC, true);

/** Roles allowed on a route (checked at the gateway; services check region scope themselves). */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES, roles);

export type AuthenticatedRequest = FastifyRequest & { actor?: PortalActor };

/**
 * Every `/api/v1` route needs a valid access token bound to an open session, unless `@Public()`.
 * The verified actor is attached to the request; the request-context interceptor carries it on
 * to the services, signed.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly identity: IdentityService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers.authorization;
    if (!header || !header.startsWith('Bearer ')) throw new DomainError('UNAUTHENTICATED', 'Authorization: Bearer <access token> is required');
    const { mustChangePassword, ...actor } = await this.identity.authenticate(header.slice('Bearer '.length).trim());
    req.actor = actor;
    // 等保: an initial password set by an administrator must be changed before any other work.
    if (mustChangePassword && !this.reflector.getAllAndOverride<boolean>(ALLOWED_BEFORE_PASSWORD_CHANGE, targets)) {
      throw new DomainError('FORBIDDEN.PASSWORD_CHANGE_REQUIRED', '请先修改初始密码 (change your initial password first: POST /api/v1/auth/change-password)');
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && roles.length > 0) requireRole(req.actor, roles, `${req.method} ${req.routeOptions?.url ?? req.url}`);
    return true;
  }
}
