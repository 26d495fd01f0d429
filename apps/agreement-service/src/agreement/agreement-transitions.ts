import { Inject, Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  AgreementEventSubjects,
  AgreementExpiredEvent,
  type AgreementExpiredPayload,
  AgreementResumedEvent,
  type AgreementResumedPayload,
  AgreementSuspendedEvent,
  type AgreementSuspendedPayload,
  AgreementTerminatedEvent,
  type AgreementTerminatedPayload,
  type AgreementView,
  type SuspensionKind,
  type SuspensionView,
  type TerminationGround,
} from '@mi/contracts';
import { type Clock, LocalDate } from '@mi/domain';
import { AuditService, CLOCK, newUuidV7, OutboxService } from '@mi/platform';
import { EligibilityCache } from '../eligibility/eligibility-cache';
import { InstitutionEntity } from '../institution/institution.entity';
import { expiryNotice, suspensionNotice, terminationNotice } from '../publication/publication-text';
import { PublicationService } from '../publication/publication.service';
import { endInstant, LIFECYCLE_POLICY } from './agreement-policy';
import { AgreementEntity, SuspensionEntity } from './agreement.entities';

export interface NewSuspension {
  kind: SuspensionKind;
  reason: string;
  legalBasis: string;
  startsOn: LocalDate;
  endsOn: LocalDate;
}

/**
 * The state changes of an agreement, each inside the caller's transaction with its audit row and
 * event. Used by the approved decisions, the institution's own requests, the 12-point scheme and
 * the due-transition sweeper; callers hold the agreement row locked and have checked the rules.
 */
@Injectable()
export class AgreementTransitions {
  constructor(
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly cache: EligibilityCache,
    private readonly publications: PublicationService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Records a suspension; it takes effect now if it has started, else the sweeper starts it. */
  async suspend(em: EntityManager, a: AgreementEntity, s: NewSuspension): Promise<SuspensionEntity> {
    this.cache.refreshAfterCommit(em, a.institutionCode);
    const now = this.clock.now();
    const startsAt = s.startsOn.startOfDayInstant();
    const suspension = em.create(SuspensionEntity, {
      id: newUuidV7(),
      agreementId: a.id,
      kind: s.kind,
      status: 'SCHEDULED',
      reason: s.reason,
      legalBasis: s.legalBasis,
      startsOn: s.startsOn.toString(),
      endsOn: s.endsOn.toString(),
      startsAt,
      endsAt: endInstant(s.endsOn),
      resumeRequested: false,
    });
    em.persist(suspension);
    await this.audit.record(em, {
      action: 'agreement.suspension.record',
      targetType: 'agreement',
      targetId: a.id,
      admdvs: a.admdvs,
      after: suspensionView(suspension),
      detail: { institutionCode: a.institutionCode },
    });
    if (startsAt.getTime() <= now.getTime()) await this.startSuspension(em, a, suspension);
    // Published citywide when decided (AGR-09); a suspension that terminated the agreement at once is published as the termination.
    if (a.status !== 'TERMINATED') {
      await this.publications.publish(em, {
        kind: 'SUSPENSION',
        institutionCode: a.institutionCode,
        sourceType: 'agreement',
        sourceId: a.id,
        sourceKey: suspension.id,
        effectiveOn: suspension.startsOn,
        notice: (name) => suspensionNotice(name, a.institutionCode, suspension),
      });
    }
    return suspension;
  }

  /**
   * SCHEDULED → ACTIVE; the agreement becomes SUSPENDED — unless this suspension is the one that
   * meets AGR-11 ground 1 (LIFECYCLE_POLICY.automaticGround1): then the agreement is terminated
   * automatically from the suspension's start instead, and the suspension ends with it.
   */
  async startSuspension(em: EntityManager, a: AgreementEntity, s: SuspensionEntity): Promise<void> {
    this.cache.refreshAfterCommit(em, a.institutionCode);
    const nth = await this.countedSuspensions(em, a, s);
    if (nth !== undefined && nth >= LIFECYCLE_POLICY.suspensionsForGround1) {
      const reason = `协议有效期内第${nth}次被中止协议（本次：${s.reason}），依第一项自动解除（2号令第四十三条）`;
      await this.terminate(em, a, 1, reason, true, s.startsAt);
      return;
    }
    s.status = 'ACTIVE';
    const before = a.status;
    a.status = 'SUSPENDED';
    await this.audit.record(em, {
      action: 'agreement.suspend',
      targetType: 'agreement',
      targetId: a.id,
      admdvs: a.admdvs,
      before: { status: before },
      after: { status: a.status, suspensionId: s.id },
    });
    await this.outbox.add<AgreementSuspendedPayload>(em, {
      subject: AgreementEventSubjects.AgreementSuspended,
      type: AgreementSuspendedEvent.TYPE,
      admdvs: a.admdvs,
      aggregateId: a.id,
      payload: {
        ...base(a),
        suspensionId: s.id,
        kind: s.kind,
        reason: s.reason,
        legalBasis: s.legalBasis,
        startsOn: s.startsOn,
        endsOn: s.endsOn,
        effectiveAt: s.startsAt.toISOString(),
      },
    });
  }

  /** How many counted suspensions (this one included) the agreement's term has; undefined when `s` is not counted. */
  private async countedSuspensions(em: EntityManager, a: AgreementEntity, s: SuspensionEntity): Promise<number | undefined> {
    const rule = LIFECYCLE_POLICY.automaticGround1;
    if (!rule.enabled || !rule.kinds.includes(s.kind)) return undefined;
    const all = await em.find(SuspensionEntity, { agreementId: a.id, kind: { $in: [...rule.kinds] } });
    // A suspension withdrawn before it started (ended at or before its start) never happened.
    const happened = all.filter((x) => x.id !== s.id && !(x.status === 'ENDED' && x.endedAt && x.endedAt.getTime() <= x.startsAt.getTime()));
    return happened.length + 1;
  }

  /** ACTIVE suspension → ENDED; the agreement is ACTIVE again if nothing else holds it. */
  async endSuspension(em: EntityManager, a: AgreementEntity, s: SuspensionEntity, cause: 'period-ended' | 'institution-request'): Promise<void> {
    this.cache.refreshAfterCommit(em, a.institutionCode);
    const now = this.clock.now();
    s.status = 'ENDED';
    s.endedAt = cause === 'period-ended' ? s.endsAt : now;
    if (a.status !== 'SUSPENDED') return;
    const others = await em.count(SuspensionEntity, { agreementId: a.id, status: 'ACTIVE', id: { $ne: s.id } });
    if (others > 0) return;
    a.status = 'ACTIVE';
    await this.audit.record(em, {
      action: 'agreement.resume',
      targetType: 'agreement',
      targetId: a.id,
      admdvs: a.admdvs,
      before: { status: 'SUSPENDED' },
      after: { status: 'ACTIVE', suspensionId: s.id, cause },
    });
    await this.outbox.add<AgreementResumedPayload>(em, {
      subject: AgreementEventSubjects.AgreementResumed,
      type: AgreementResumedEvent.TYPE,
      admdvs: a.admdvs,
      aggregateId: a.id,
      payload: { ...base(a), suspensionId: s.id, cause, effectiveAt: (s.endedAt ?? now).toISOString() },
    });
  }

  /** → TERMINATED (final); pending and running suspensions end with it. */
  async terminate(em: EntityManager, a: AgreementEntity, ground: TerminationGround, reason: string, automatic: boolean, at?: Date): Promise<void> {
    this.cache.refreshAfterCommit(em, a.institutionCode);
    // `at`: when a due transition took effect (a lapsed voluntary suspension ends the agreement at its end).
    const now = at ?? this.clock.now();
    const before = a.status;
    a.status = 'TERMINATED';
    a.terminatedAt = now;
    a.terminationGround = ground;
    a.terminationReason = reason;
    for (const s of await em.find(SuspensionEntity, { agreementId: a.id, status: { $ne: 'ENDED' } })) {
      s.status = 'ENDED';
      s.endedAt = now;
    }
    await this.audit.record(em, {
      action: 'agreement.terminate',
      targetType: 'agreement',
      targetId: a.id,
      admdvs: a.admdvs,
      before: { status: before },
      after: { status: a.status, ground, automatic },
      detail: { reason },
    });
    await this.outbox.add<AgreementTerminatedPayload>(em, {
      subject: AgreementEventSubjects.AgreementTerminated,
      type: AgreementTerminatedEvent.TYPE,
      admdvs: a.admdvs,
      aggregateId: a.id,
      payload: { ...base(a), ground, reason, automatic, effectiveAt: now.toISOString() },
    });
    // AGR-11: the list of terminated institutions is published.
    const effectiveOn = LocalDate.fromInstant(now).toString();
    await this.publications.publish(em, {
      kind: 'TERMINATION',
      institutionCode: a.institutionCode,
      sourceType: 'agreement',
      sourceId: a.id,
      effectiveOn,
      notice: (name) => terminationNotice(name, a.institutionCode, { ground, effectiveOn }),
    });
  }

  /** → EXPIRED at the end of the natural year. */
  async expire(em: EntityManager, a: AgreementEntity): Promise<void> {
    this.cache.refreshAfterCommit(em, a.institutionCode);
    const before = a.status;
    a.status = 'EXPIRED';
    for (const s of await em.find(SuspensionEntity, { agreementId: a.id, status: { $ne: 'ENDED' } })) {
      s.status = 'ENDED';
      s.endedAt = a.expiresAt;
    }
    const renewed =
      (await em.count(AgreementEntity, { institutionCode: a.institutionCode, validFrom: { $gt: a.validTo }, status: { $in: ['ACTIVE', 'SUSPENDED'] } })) > 0;
    await this.audit.record(em, {
      action: 'agreement.expire',
      targetType: 'agreement',
      targetId: a.id,
      admdvs: a.admdvs,
      before: { status: before },
      after: { status: a.status, renewed },
    });
    await this.outbox.add<AgreementExpiredPayload>(em, {
      subject: AgreementEventSubjects.AgreementExpired,
      type: AgreementExpiredEvent.TYPE,
      admdvs: a.admdvs,
      aggregateId: a.id,
      payload: { ...base(a), validTo: a.validTo, renewed, effectiveAt: a.expiresAt.toISOString() },
    });
    // Only an agreement that ends without renewal is published; a renewed one carries on.
    if (!renewed) {
      const effectiveOn = LocalDate.parse(a.validTo).plusDays(1).toString();
      await this.publications.publish(em, {
        kind: 'EXPIRY',
        institutionCode: a.institutionCode,
        sourceType: 'agreement',
        sourceId: a.id,
        effectiveOn,
        notice: (name) => expiryNotice(name, a.institutionCode, { validTo: a.validTo, effectiveOn }),
      });
    }
  }
}

function base(a: AgreementEntity): { agreementId: string; institutionCode: string; poolarea: string } {
  return { agreementId: a.id, institutionCode: a.institutionCode, poolarea: a.poolarea };
}

export function suspensionView(s: SuspensionEntity): SuspensionView {
  return {
    id: s.id,
    kind: s.kind,
    status: s.status,
    reason: s.reason,
    legalBasis: s.legalBasis,
    startsOn: s.startsOn,
    endsOn: s.endsOn,
    ...(s.endedAt ? { endedAt: s.endedAt.toISOString() } : {}),
  };
}

export function agreementView(a: AgreementEntity, inst: InstitutionEntity, suspensions: SuspensionEntity[]): AgreementView {
  return {
    id: a.id,
    number: a.number,
    ...(a.applicationId ? { applicationId: a.applicationId } : {}),
    institutionCode: a.institutionCode,
    institutionName: inst.name,
    institutionType: inst.type,
    institutionLevel: inst.level,
    admdvs: a.admdvs,
    poolarea: a.poolarea,
    status: a.status,
    validFrom: a.validFrom,
    validTo: a.validTo,
    indicators: a.indicators,
    terms: a.terms ?? null,
    institutionSignatory: a.institutionSignatory ?? null,
    clauses: a.clauses,
    publicHospital: a.publicHospital,
    signedAt: a.signedAt.toISOString(),
    ...(a.terminatedAt ? { terminatedAt: a.terminatedAt.toISOString() } : {}),
    ...(a.terminationGround ? { terminationGround: a.terminationGround } : {}),
    ...(a.terminationDueOn && a.status !== 'TERMINATED' && a.status !== 'EXPIRED' ? { terminationScheduledOn: a.terminationDueOn } : {}),
    suspensions: [...suspensions].sort((x, y) => x.startsOn.localeCompare(y.startsOn)).map(suspensionView),
  };
}

/** The agreement in force or most recent for an institution, locked for update. */
export async function lockCurrentAgreement(em: EntityManager, institutionCode: string, today: LocalDate): Promise<AgreementEntity | null> {
  const rows = await em.find(
    AgreementEntity,
    { institutionCode, validFrom: { $lte: today.toString() } },
    { orderBy: { validFrom: 'desc' }, limit: 1, lockMode: LockMode.PESSIMISTIC_WRITE },
  );
  return rows[0] ?? null;
}
