import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { type ApprovalView, type InstitutionView, Subjects } from '@mi/contracts';
import { type Clock, NotFoundError, scopeFilter } from '@mi/domain';
import {
  ApprovalService,
  AuditService,
  canSee,
  CLOCK,
  MiNatsClient,
  newUuidV7,
  PiiCipher,
  type PortalActor,
  requireRole,
  requireScope,
  SERVICE_CONFIG,
} from '@mi/platform';
import type { GatewayConfig } from '../config';
import { type HisClientAlgorithm, HisClientEntity, type HisSignatureMode } from './his-client.entity';

export interface HisClientView {
  id: string;
  paasId: string;
  institutionCode: string;
  admdvs: string;
  mode: HisSignatureMode;
  algorithm: HisClientAlgorithm;
  status: 'active' | 'revoked';
  ratePerMinute: number;
  createdAt: string;
  rotatedAt: string | null;
  revokedAt: string | null;
}

/** Shown once, when a credential is created or rotated; never stored in clear. */
export interface HisClientSecret extends HisClientView {
  paasToken: string;
}

/** Maker-checker action: relaxing an institution from strong to compatible signatures. */
export const RELAX_SIGNATURE = 'his-client.relax-signature';

/** Emitted whenever a credential changes so the verifier's cache drops it at once. */
export type HisClientChanged = (paasId: string) => void;

/**
 * HIS 接入凭证管理 — the bureau creates, rotates and revokes per-institution HIS credentials and
 * decides whether an institution must sign in strong mode (HMAC over the whole request).
 */
@Injectable()
export class HisClientsService {
  private readonly cipher: PiiCipher;
  private readonly listeners: HisClientChanged[] = [];

  constructor(
    private readonly orm: MikroORM,
    private readonly audit: AuditService,
    private readonly nats: MiNatsClient,
    private readonly approvals: ApprovalService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) config: GatewayConfig,
  ) {
    this.cipher = PiiCipher.fromConfig(config.SECRET_KEYS, config.SECRET_ACTIVE_KEY, config.SECRET_HASH_KEY);
    this.defaultRate = config.HIS_DEFAULT_RATE_PER_MINUTE;
    approvals.register<{ id: string }, HisClientView>(RELAX_SIGNATURE, {
      requiredRoles: ['province-admin', 'city-officer'],
      describe: (p) => `HIS credential ${p.id}: strong signatures → compatible`,
      apply: (em, p) => this.relaxSignature(em, p.id),
    });
  }

  private readonly defaultRate: number;

  onChange(listener: HisClientChanged): void {
    this.listeners.push(listener);
  }

  decryptSecret(client: HisClientEntity): string {
    return this.cipher.decrypt(client.secretEnc);
  }

  async create(
    actor: PortalActor,
    input: { institutionCode: string; mode: HisSignatureMode; algorithm?: HisClientAlgorithm; ratePerMinute?: number },
  ): Promise<HisClientSecret> {
    requireRole(actor, ['province-admin', 'city-officer'], 'manage HIS credentials');
    // The registry is the truth about where the institution is (and whether it exists).
    const institution = await this.nats.request<InstitutionView>(Subjects.agreement.getInstitution, { code: input.institutionCode });
    requireScope(actor, institution.admdvs, `institution ${institution.code}`);
    const algorithm = input.mode === 'compatible' ? 'SHA256' : (input.algorithm ?? 'HMAC-SHA256');
    const secret = newSecret();
    const now = this.clock.now();
    return this.orm.em.fork().transactional(async (em) => {
      const client = em.create(HisClientEntity, {
        id: newUuidV7(),
        paasId: `${institution.code}-${randomBytes(4).toString('hex')}`,
        institutionCode: institution.code,
        admdvs: institution.admdvs,
        mode: input.mode,
        algorithm,
        secretEnc: this.cipher.encrypt(secret),
        status: 'active',
        ratePerMinute: input.ratePerMinute ?? this.defaultRate,
        createdAt: now,
        rotatedAt: null,
        revokedAt: null,
      });
      em.persist(client);
      await em.flush();
      const view = toView(client);
      await this.audit.record(em, { action: 'his-client.create', targetType: 'his-client', targetId: client.paasId, admdvs: client.admdvs, after: view });
      return { ...view, paasToken: secret };
    });
  }

  async rotate(actor: PortalActor, id: string): Promise<HisClientSecret> {
    const secret = newSecret();
    const view = await this.change(actor, id, 'rotate', (c) => {
      c.secretEnc = this.cipher.encrypt(secret);
      c.rotatedAt = this.clock.now();
    });
    return { ...view, paasToken: secret };
  }

  revoke(actor: PortalActor, id: string): Promise<HisClientView> {
    return this.change(actor, id, 'revoke', (c) => {
      c.status = 'revoked';
      c.revokedAt = this.clock.now();
    });
  }

  /**
   * The bureau requires strong signatures for an institution at once; relaxing back to the
   * compatible scheme lowers a security control, so it is only proposed here and takes effect when
   * a second officer approves it (maker-checker).
   */
  async setMode(
    actor: PortalActor,
    id: string,
    mode: HisSignatureMode,
    algorithm?: HisClientAlgorithm,
    reason?: string,
  ): Promise<{ applied: HisClientView } | { proposed: ApprovalView }> {
    const current = await this.orm.em.fork().findOne(HisClientEntity, { id });
    if (current?.mode === 'strong' && mode === 'compatible') {
      requireRole(actor, ['province-admin', 'city-officer'], 'manage HIS credentials');
      if (!canSee(actor, current.admdvs)) throw new NotFoundError('HIS credential', id);
      const proposed = await this.approvals.propose<{ id: string }>({
        action: RELAX_SIGNATURE,
        targetType: 'his-client',
        targetId: current.paasId,
        admdvs: current.admdvs,
        payload: { id },
        reason: reason ?? '',
      });
      return { proposed };
    }
    const applied = await this.change(actor, id, 'set-mode', (c) => {
      c.mode = mode;
      c.algorithm = mode === 'compatible' ? 'SHA256' : (algorithm ?? 'HMAC-SHA256');
    });
    return { applied };
  }

  /** Applies an approved relaxation to compatible signatures (runs in the approving transaction). */
  private async relaxSignature(em: EntityManager, id: string): Promise<HisClientView> {
    const client = await em.findOne(HisClientEntity, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!client || client.status !== 'active') throw new NotFoundError('active HIS credential', id);
    const before = toView(client);
    client.mode = 'compatible';
    client.algorithm = 'SHA256';
    await em.flush();
    const after = toView(client);
    await this.audit.record(em, { action: 'his-client.set-mode', targetType: 'his-client', targetId: client.paasId, admdvs: client.admdvs, before, after });
    for (const l of this.listeners) l(client.paasId);
    return after;
  }

  async list(actor: PortalActor): Promise<HisClientView[]> {
    requireRole(actor, ['province-admin', 'city-officer', 'auditor', 'system-operator'], 'list HIS credentials');
    const { prefix } = scopeFilter(actor.scope);
    const rows = await this.orm.em.fork().find(HisClientEntity, { admdvs: { $like: `${prefix}%` } }, { orderBy: { createdAt: 'desc' } });
    return rows.map(toView);
  }

  async findActiveByPaasId(paasId: string): Promise<HisClientEntity | null> {
    return this.orm.em.fork().findOne(HisClientEntity, { paasId, status: 'active' });
  }

  private async change(actor: PortalActor, id: string, what: string, apply: (c: HisClientEntity) => void): Promise<HisClientView> {
    requireRole(actor, ['province-admin', 'city-officer'], 'manage HIS credentials');
    const view = await this.orm.em.fork().transactional(async (em) => {
      const client = await em.findOne(HisClientEntity, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!client) throw new NotFoundError('HIS credential', id);
      requireScope(actor, client.admdvs, `HIS credential ${client.paasId}`);
      if (client.status === 'revoked') throw new NotFoundError('active HIS credential', id);
      const before = toView(client);
      apply(client);
      await em.flush();
      const after = toView(client);
      await this.audit.record(em, { action: `his-client.${what}`, targetType: 'his-client', targetId: client.paasId, admdvs: client.admdvs, before, after });
      return after;
    });
    for (const l of this.listeners) l(view.paasId);
    return view;
  }
}

function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

function toView(c: HisClientEntity): HisClientView {
  return {
    id: c.id,
    paasId: c.paasId,
    institutionCode: c.institutionCode,
    admdvs: c.admdvs,
    mode: c.mode,
    algorithm: c.algorithm,
    status: c.status,
    ratePerMinute: c.ratePerMinute,
    createdAt: c.createdAt.toISOString(),
    rotatedAt: c.rotatedAt ? c.rotatedAt.toISOString() : null,
    revokedAt: c.revokedAt ? c.revokedAt.toISOString() : null,
  };
}
