import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { jwtVerify, SignJWT } from 'jose';
import { type Clock, ConflictError, DomainError, NotFoundError, Role, scopeContains, scopeFilter } from '@mi/domain';
import {
  AuditService,
  checkPasswordPolicy,
  CLOCK,
  hashPassword,
  newUuidV7,
  type PortalActor,
  requireRole,
  SERVICE_CONFIG,
  SYSTEM_ACTOR,
  verifyPassword,
} from '@mi/platform';
import type { GatewayConfig } from '../config';
import { PortalUserEntity, RefreshTokenEntity, SessionEntity } from './identity.entities';

export interface TokenPair {
  accessToken: string;
  tokenType: 'Bearer';
  /** Seconds until the access token expires. */
  expiresIn: number;
  refreshToken: string;
  user: UserView;
}

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  scope: string;
  status: 'active' | 'disabled';
  lockedUntil: string | null;
  mustChangePassword: boolean;
  createdAt: string;
}

interface RequestMeta {
  ip?: string;
  userAgent?: string;
}

const BAD_CREDENTIALS = '用户名或密码错误 (wrong username or password)';

/**
 * 门户用户与会话 — portal identities: argon2id passwords, lockout after repeated failures, short
 * access tokens (JWT) bound to a server-side session, refresh tokens rotated on every use (a
 * reused one revokes the whole session), and user administration within the admin's region.
 */
@Injectable()
export class IdentityService {
  private readonly log = new Logger('Identity');
  private readonly key: Uint8Array;
  /** sessionId → (active?, checked until): a revoked session stops working within 5 s on every replica. */
  private readonly sessionCache = new Map<string, { active: boolean; until: number }>();
  /** Verified against when the user does not exist, so both paths cost one argon2 verification. */
  private dummyHash?: Promise<string>;

  constructor(
    private readonly orm: MikroORM,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: GatewayConfig,
  ) {
    this.key = new TextEncoder().encode(config.JWT_SECRET);
  }

  /** Creates `admin` (province administrator) when no user exists yet; idempotent. Runs after migrations. */
  async ensureBootstrapAdmin(): Promise<void> {
    const password = this.config.BOOTSTRAP_ADMIN_PASSWORD;
    if (!password) return;
    const problems = checkPasswordPolicy(password, { username: 'admin' });
    if (problems.length > 0) throw new Error(`BOOTSTRAP_ADMIN_PASSWORD does not meet the password policy: ${problems.join('; ')}`);
    await this.orm.em.fork().transactional(async (em) => {
      await em.execute(`select pg_advisory_xact_lock(hashtext('gateway.bootstrap-admin'))`);
      const [{ n }] = await em.execute<{ n: string }[]>('select count(*)::text as n from gateway.portal_user');
      if (n !== '0') return;
      const user = this.newUser(
        em,
        { username: 'admin', displayName: '省级管理员', roles: ['province-admin'], scope: this.config.PROVINCE_ADMDVS },
        await hashPassword(password),
        'bootstrap',
      );
      user.mustChangePassword = false;
      await this.audit.record(em, {
        action: 'user.bootstrap',
        targetType: 'user',
        targetId: 'admin',
        admdvs: user.scope,
        actor: SYSTEM_ACTOR,
        after: toView(user),
      });
      this.log.log({ msg: 'bootstrap administrator created', username: 'admin', scope: user.scope });
    });
  }

  async login(usernameRaw: string, password: string, meta: RequestMeta): Promise<TokenPair> {
    const username = usernameRaw.trim().toLowerCase();
    const now = this.clock.now();
    // Outcome is committed first (failure counters, lockout), then refused — a thrown error would roll it back.
    const outcome = await this.orm.em.fork().transactional(async (em) => {
      const user = await em.findOne(PortalUserEntity, { username }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!user) {
        this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
        await verifyPassword(password, await this.dummyHash);
        await this.audit.record(em, {
          action: 'auth.login-failed',
          targetType: 'user',
          targetId: username,
          actor: anonymous(meta),
          detail: { reason: 'unknown user' },
        });
        return { ok: false as const, error: new DomainError('UNAUTHENTICATED', BAD_CREDENTIALS) };
      }
      if (user.lockedUntil && user.lockedUntil > now) {
        await this.audit.record(em, {
          action: 'auth.login-refused',
          targetType: 'user',
          targetId: username,
          admdvs: user.scope,
          actor: anonymous(meta),
          detail: { reason: 'locked' },
        });
        return { ok: false as const, error: lockedError(user.lockedUntil) };
      }
      const valid = await verifyPassword(password, user.passwordHash);
      if (!valid) {
        user.failedAttempts += 1;
        const remaining = this.config.LOGIN_MAX_FAILURES - user.failedAttempts;
        if (remaining <= 0) {
          user.lockedUntil = new Date(now.getTime() + this.config.LOCKOUT_MINUTES * 60_000);
          user.failedAttempts = 0;
        }
        await em.flush();
        await this.audit.record(em, {
          action: remaining <= 0 ? 'auth.locked' : 'auth.login-failed',
          targetType: 'user',
          targetId: username,
          admdvs: user.scope,
          actor: anonymous(meta),
          detail: { reason: 'wrong password', remaining: Math.max(0, remaining) },
        });
        if (remaining <= 0) return { ok: false as const, error: lockedError(user.lockedUntil as Date) };
        return { ok: false as const, error: new DomainError('UNAUTHENTICATED', BAD_CREDENTIALS, { remainingAttempts: remaining }) };
      }
      if (user.status !== 'active') {
        await this.audit.record(em, {
          action: 'auth.login-refused',
          targetType: 'user',
          targetId: username,
          admdvs: user.scope,
          actor: anonymous(meta),
          detail: { reason: 'disabled' },
        });
        return { ok: false as const, error: new DomainError('AUTH.DISABLED', '账户已停用 (account disabled)') };
      }
      user.failedAttempts = 0;
      user.lockedUntil = null;
      const session = em.create(SessionEntity, {
        id: newUuidV7(),
        userId: user.id,
        createdAt: now,
        expiresAt: new Date(now.getTime() + this.config.SESSION_TTL_S * 1000),
        clientIp: meta.ip ?? null,
        userAgent: meta.userAgent?.slice(0, 300) ?? null,
      });
      em.persist(session);
      const refreshToken = this.issueRefresh(em, session.id, now);
      await em.flush();
      await this.audit.record(em, {
        action: 'auth.login',
        targetType: 'session',
        targetId: session.id,
        admdvs: user.scope,
        actor: userAuditActor(user),
        detail: { ip: meta.ip },
      });
      return { ok: true as const, pair: await this.pair(user, session.id, refreshToken) };
    });
    if (!outcome.ok) throw outcome.error;
    return outcome.pair;
  }

  async refresh(refreshToken: string, meta: RequestMeta): Promise<TokenPair> {
    const now = this.clock.now();
    const outcome = await this.orm.em.fork().transactional(async (em) => {
      const row = await em.findOne(RefreshTokenEntity, { tokenHash: sha256(refreshToken) }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!row) return { ok: false as const, error: new DomainError('UNAUTHENTICATED', 'refresh token is not valid') };
      const session = await em.findOneOrFail(SessionEntity, { id: row.sessionId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const user = await em.findOneOrFail(PortalUserEntity, { id: session.userId });
      if (row.usedAt) {
        // A refresh token used twice means it was copied: end the whole session.
        if (!session.revokedAt) {
          session.revokedAt = now;
          session.revokeReason = 'refresh-token-reuse';
          this.sessionCache.delete(session.id);
        }
        await em.flush();
        await this.audit.record(em, { action: 'auth.refresh-reuse', targetType: 'session', targetId: session.id, admdvs: user.scope, actor: anonymous(meta) });
        return { ok: false as const, error: new DomainError('UNAUTHENTICATED', 'refresh token was already used; the session has been ended') };
      }
      if (session.revokedAt || session.expiresAt <= now || row.expiresAt <= now || user.status !== 'active') {
        return { ok: false as const, error: new DomainError('UNAUTHENTICATED', 'session has ended; log in again') };
      }
      row.usedAt = now;
      const next = this.issueRefresh(em, session.id, now);
      await em.flush();
      await this.audit.record(em, { action: 'auth.refresh', targetType: 'session', targetId: session.id, admdvs: user.scope, actor: userAuditActor(user) });
      return { ok: true as const, pair: await this.pair(user, session.id, next) };
    });
    if (!outcome.ok) throw outcome.error;
    return outcome.pair;
  }

  async logout(actor: PortalActor): Promise<void> {
    await this.orm.em.fork().transactional(async (em) => {
      const session = await em.findOne(SessionEntity, { id: actor.sessionId });
      if (!session || session.revokedAt) return;
      session.revokedAt = this.clock.now();
      session.revokeReason = 'logout';
      await em.flush();
      await this.audit.record(em, { action: 'auth.logout', targetType: 'session', targetId: session.id, admdvs: actor.scope });
    });
    this.sessionCache.delete(actor.sessionId);
  }

  /**
   * Verifies an access token and that its session is still open. `mustChangePassword` is true for
   * an account still on the password someone else set: it may only change it (or log out).
   */
  async authenticate(accessToken: string): Promise<PortalActor & { mustChangePassword: boolean }> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(accessToken, this.key, {
        algorithms: ['HS256'],
        issuer: 'mi-gateway',
        audience: 'mi-portal',
        currentDate: this.clock.now(),
      }));
    } catch (e) {
      const expired = (e as { code?: string }).code === 'ERR_JWT_EXPIRED';
      throw new DomainError('UNAUTHENTICATED', expired ? 'access token expired; refresh it' : 'access token is not valid', {
        reason: expired ? 'expired' : 'invalid',
      });
    }
    const actor: PortalActor = {
      kind: 'user',
      id: String(payload.sub),
      username: String(payload.usr),
      roles: (payload.roles as string[]).map((r) => Role.parse(r)),
      scope: String(payload.scope),
      sessionId: String(payload.sid),
    };
    if (!(await this.sessionActive(actor.sessionId))) throw new DomainError('UNAUTHENTICATED', 'session has ended; log in again', { reason: 'session-ended' });
    return { ...actor, mustChangePassword: payload.mcp === true };
  }

  async me(actor: PortalActor): Promise<UserView> {
    const user = await this.orm.em.fork().findOne(PortalUserEntity, { id: actor.id });
    if (!user) throw new NotFoundError('user', actor.id);
    return toView(user);
  }

  async createUser(actor: PortalActor, input: { username: string; displayName: string; roles: Role[]; scope: string; password: string }): Promise<UserView> {
    requireRole(actor, ['province-admin'], 'create users');
    const username = input.username.trim().toLowerCase();
    if (!scopeContains(actor.scope, input.scope)) {
      throw new DomainError('FORBIDDEN.REGION', `you may only create users inside your region ${actor.scope}`, {
        field: 'scope',
        reason: 'outside your region',
      });
    }
    const problems = checkPasswordPolicy(input.password, { username });
    if (problems.length > 0)
      throw new DomainError('VALIDATION', `password: ${problems.join('; ')}`, {
        field: 'password',
        reason: problems.join('; '),
        fields: problems.map((p) => ({ field: 'password', reason: p })),
      });
    const hash = await hashPassword(input.password);
    return this.orm.em.fork().transactional(async (em) => {
      if (await em.findOne(PortalUserEntity, { username }))
        throw new ConflictError('USER.EXISTS', `user ${username} already exists`, { field: 'username', reason: 'already exists' });
      const user = this.newUser(em, { ...input, username }, hash, actor.username);
      const view = toView(user);
      await em.flush();
      await this.audit.record(em, { action: 'user.create', targetType: 'user', targetId: username, admdvs: user.scope, after: view });
      return view;
    });
  }

  async listUsers(actor: PortalActor): Promise<UserView[]> {
    requireRole(actor, ['province-admin', 'auditor', 'system-operator'], 'list users');
    const { prefix } = scopeFilter(actor.scope);
    const users = await this.orm.em.fork().find(PortalUserEntity, { scope: { $like: `${prefix}%` } }, { orderBy: { username: 'asc' } });
    return users.map(toView);
  }

  async setStatus(actor: PortalActor, userId: string, change: 'disable' | 'enable' | 'unlock'): Promise<UserView> {
    requireRole(actor, ['province-admin'], `${change} users`);
    return this.orm.em.fork().transactional(async (em) => {
      const user = await em.findOne(PortalUserEntity, { id: userId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!user || !scopeContains(actor.scope, user.scope)) throw new NotFoundError('user', userId);
      if (user.id === actor.id && change === 'disable') throw new ConflictError('USER.SELF', 'you cannot disable your own account', { field: 'id' });
      const before = toView(user);
      if (change === 'disable') user.status = 'disabled';
      if (change === 'enable') user.status = 'active';
      if (change === 'unlock') {
        user.lockedUntil = null;
        user.failedAttempts = 0;
      }
      await em.flush();
      if (change === 'disable') {
        await em.execute(`update gateway.session set revoked_at = ?, revoke_reason = 'user-disabled' where user_id = ? and revoked_at is null`, [
          this.clock.now(),
          user.id,
        ]);
        this.sessionCache.clear();
      }
      const after = toView(user);
      await this.audit.record(em, { action: `user.${change}`, targetType: 'user', targetId: user.username, admdvs: user.scope, before, after });
      return after;
    });
  }

  async changePassword(actor: PortalActor, oldPassword: string, newPassword: string): Promise<void> {
    const problems = checkPasswordPolicy(newPassword, { username: actor.username });
    if (problems.length > 0) throw new DomainError('VALIDATION', `newPassword: ${problems.join('; ')}`, { field: 'newPassword', reason: problems.join('; ') });
    const hash = await hashPassword(newPassword);
    await this.orm.em.fork().transactional(async (em) => {
      const user = await em.findOneOrFail(PortalUserEntity, { id: actor.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!(await verifyPassword(oldPassword, user.passwordHash)))
        throw new DomainError('UNAUTHENTICATED', 'current password is wrong', { field: 'oldPassword' });
      user.passwordHash = hash;
      user.passwordChangedAt = this.clock.now();
      user.mustChangePassword = false;
      await em.flush();
      // Every other session of the user ends.
      await em.execute(`update gateway.session set revoked_at = ?, revoke_reason = 'password-changed' where user_id = ? and id <> ? and revoked_at is null`, [
        this.clock.now(),
        user.id,
        actor.sessionId,
      ]);
      await this.audit.record(em, { action: 'user.change-password', targetType: 'user', targetId: user.username, admdvs: user.scope });
    });
    this.sessionCache.clear();
  }

  private newUser(
    em: EntityManager,
    input: { username: string; displayName: string; roles: Role[]; scope: string },
    passwordHash: string,
    createdBy: string,
  ): PortalUserEntity {
    const now = this.clock.now();
    const user = em.create(PortalUserEntity, {
      id: newUuidV7(),
      username: input.username,
      displayName: input.displayName,
      passwordHash,
      roles: [...new Set(input.roles)],
      scope: input.scope,
      status: 'active',
      failedAttempts: 0,
      lockedUntil: null,
      passwordChangedAt: now,
      // An account made by someone else starts with a password that someone else knows.
      mustChangePassword: true,
      createdAt: now,
      createdBy,
    });
    em.persist(user);
    return user;
  }

  private issueRefresh(em: EntityManager, sessionId: string, now: Date): string {
    const token = randomBytes(32).toString('base64url');
    em.persist(
      em.create(RefreshTokenEntity, {
        id: newUuidV7(),
        sessionId,
        tokenHash: sha256(token),
        issuedAt: now,
        expiresAt: new Date(now.getTime() + this.config.SESSION_TTL_S * 1000),
        usedAt: null,
      }),
    );
    return token;
  }

  private async pair(user: PortalUserEntity, sessionId: string, refreshToken: string): Promise<TokenPair> {
    const nowS = Math.floor(this.clock.now().getTime() / 1000);
    const accessToken = await new SignJWT({ usr: user.username, roles: user.roles, scope: user.scope, sid: sessionId, mcp: user.mustChangePassword })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer('mi-gateway')
      .setAudience('mi-portal')
      .setJti(newUuidV7())
      .setIssuedAt(nowS)
      .setExpirationTime(nowS + this.config.ACCESS_TOKEN_TTL_S)
      .sign(this.key);
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.ACCESS_TOKEN_TTL_S, refreshToken, user: toView(user) };
  }

  private async sessionActive(sessionId: string): Promise<boolean> {
    const nowMs = Date.now();
    const cached = this.sessionCache.get(sessionId);
    if (cached && cached.until > nowMs) return cached.active;
    const session = await this.orm.em.fork().findOne(SessionEntity, { id: sessionId });
    const active = !!session && !session.revokedAt && session.expiresAt > this.clock.now();
    this.sessionCache.set(sessionId, { active, until: nowMs + 5000 });
    if (this.sessionCache.size > 50_000) this.sessionCache.clear();
    return active;
  }
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function lockedError(until: Date): DomainError {
  return new DomainError('AUTH.LOCKED', `账户已锁定，请于 ${until.toISOString()} 后重试 (account locked until ${until.toISOString()})`, {
    lockedUntil: until.toISOString(),
  });
}

function toView(u: PortalUserEntity): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    scope: u.scope,
    status: u.status,
    lockedUntil: u.lockedUntil ? u.lockedUntil.toISOString() : null,
    mustChangePassword: u.mustChangePassword,
    createdAt: u.createdAt.toISOString(),
  };
}

function userAuditActor(u: PortalUserEntity): { id: string; role: string; scope: string } {
  return { id: u.username, role: u.roles.join(','), scope: u.scope };
}

function anonymous(meta: RequestMeta): { id: string; role: string; scope: string } {
  return { id: `anonymous@${meta.ip ?? '?'}`, role: 'anonymous', scope: '' };
}
