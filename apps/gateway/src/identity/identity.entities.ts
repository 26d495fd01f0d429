import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { Role } from '@mi/domain';

/** A portal user (市/县医保局经办人员、审核人员、审计员…) with a role set and a region scope. */
@Entity({ tableName: 'portal_user' })
export class PortalUserEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'text' })
  username: string;

  @Property({ type: 'text' })
  displayName: string;

  @Property({ type: 'text', hidden: true })
  passwordHash: string;

  @Property({ type: 'text[]' })
  roles: Role[];

  /** admdvs of the region the user may see and act in. */
  @Property({ type: 'text' })
  scope: string;

  @Property({ type: 'text' })
  status: 'active' | 'disabled';

  @Property({ type: 'int' })
  failedAttempts: number;

  @Property({ type: 'timestamptz', nullable: true })
  lockedUntil?: Date | null;

  @Property({ type: 'timestamptz' })
  passwordChangedAt: Date;

  @Property({ type: 'boolean' })
  mustChangePassword: boolean;

  @Property({ type: 'timestamptz' })
  createdAt: Date;

  @Property({ type: 'text' })
  createdBy: string;
}

@Entity({ tableName: 'session' })
export class SessionEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'uuid' })
  userId: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date;

  @Property({ type: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  revokeReason?: string | null;

  @Property({ type: 'text', nullable: true })
  clientIp?: string | null;

  @Property({ type: 'text', nullable: true })
  userAgent?: string | null;
}

/** A refresh token, stored as a hash; each is used once and replaced (rotation). */
@Entity({ tableName: 'refresh_token' })
export class RefreshTokenEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'uuid' })
  sessionId: string;

  @Property({ type: 'text' })
  tokenHash: string;

  @Property({ type: 'timestamptz' })
  issuedAt: Date;

  @Property({ type: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'timestamptz', nullable: true })
  usedAt?: Date | null;
}
