import { Inject, Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MikroORM } from '@mikro-orm/postgresql';
import { CreditEventSubjects, type CreditLevel, type PenaltyMeasure, type SupervisionProfileView } from '@mi/contracts';
import { type Clock, NotFoundError } from '@mi/domain';
import { AuditService, canSee, CLOCK, currentActor, newUuidV7, OutboxService, SYSTEM_ACTOR } from '@mi/platform';
import { CreditFileEntity, CreditFileEntryEntity } from '../credit-file/credit-file.entity';
import { levelOf, policyFor } from './credit-policy';

export interface CreditEventInput {
  eventId: string;
  occurredAt: string;
  /** Default `institution`. */
  subjectType?: 'institution' | 'practitioner';
  subjectCode: string;
  admdvs: string;
  kind: string;
  delta: number;
  summary: string;
  /** Emitting context; default `agreement`. */
  source?: string;
  /** Subject of the event the entry comes from (or credit's own action), shown as the entry's source. */
  sourceSubject: string;
  /** Ids proving the entry (case, deduction, settlement …). */
  evidence?: Record<string, string>;
  /**
   * Open the file at the base score when there is none (institutions: the registry may be behind).
   * When false and there is no file, nothing is recorded.
   */
  openIfMissing?: boolean;
  /** Audit as the current actor (an officer's decision) instead of the system. */
  byOfficer?: boolean;
  /** 12分制 (practitioners): the points, scoring year and the year's total after them. */
  points?: { points: number; year: number; total: number };
}

/**
 * 信用评分 — applies a credit event to an institution's file: an append-only entry with its score
 * change, the new score and level on the file, and — when the level changes — a CreditLevelChanged
 * event, all in the consumer's (inbox) transaction. The score is always base + Σ deltas.
 */
@Injectable()
export class CreditScoringService {
  constructor(
    private readonly orm: MikroORM,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async apply(em: EntityManager, input: CreditEventInput): Promise<void> {
    await this.record(em, input);
  }

  /** {@link apply}, returning the file (undefined when none and `openIfMissing` is false). */
  async record(em: EntityManager, input: CreditEventInput): Promise<CreditFileEntity | undefined> {
    const policy = policyFor(input.admdvs);
    const subjectType = input.subjectType ?? 'institution';
    // Locked: two events of one subject consumed at once would otherwise both add to the same old score.
    let file = await em.findOne(CreditFileEntity, { subjectType, subjectCode: input.subjectCode }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!file && input.openIfMissing === false) return undefined;
    if (!file) {
      file = em.create(CreditFileEntity, {
        id: newUuidV7(),
        subjectType,
        subjectCode: input.subjectCode,
        admdvs: input.admdvs,
        openedAt: new Date(input.occurredAt),
        score: policy.base,
        level: levelOf(policy.base, policy),
      });
      em.persist(file);
    }
    const before = { score: file.score, level: file.level };
    file.score = Math.max(0, Math.min(1000, file.score + input.delta));
    file.level = levelOf(file.score, policy);
    const pts = input.points;
    // The scoring year is the natural year: a later year's total replaces the old one (yearly reset).
    if (pts && (file.pointsYear == null || pts.year >= file.pointsYear)) {
      file.pointsYear = pts.year;
      file.pointsTotal = pts.total;
    }
    em.persist(
      em.create(CreditFileEntryEntity, {
        id: newUuidV7(),
        fileId: file.id,
        kind: input.kind,
        sourceEventId: input.eventId,
        occurredAt: new Date(input.occurredAt),
        summary: input.summary,
        scoreDelta: input.delta,
        scoreAfter: file.score,
        source: input.source ?? 'agreement',
        sourceSubject: input.sourceSubject,
        evidence: input.evidence ?? null,
        points: pts?.points ?? null,
        pointsYear: pts?.year ?? null,
        pointsTotal: pts?.total ?? null,
      }),
    );
    await em.flush();
    // Sampling and inspections follow institutions' levels; a practitioner's level is read from the file.
    if (before.level !== file.level && subjectType === 'institution') {
      await this.outbox.add(em, {
        subject: CreditEventSubjects.CreditLevelChanged,
        type: 'CreditLevelChanged',
        admdvs: file.admdvs,
        aggregateId: file.subjectCode,
        payload: {
          subjectType: 'institution',
          subjectCode: file.subjectCode,
          from: before.level,
          to: file.level,
          score: file.score,
          causeEventId: input.eventId,
        },
      });
    }
    await this.audit.record(em, {
      action: `credit.${input.kind.toLowerCase()}`,
      targetType: subjectType,
      targetId: file.subjectCode,
      admdvs: file.admdvs,
      ...(input.byOfficer ? {} : { actor: SYSTEM_ACTOR }),
      before,
      after: { score: file.score, level: file.level },
      detail: { eventId: input.eventId, delta: input.delta, ...(input.evidence ? { evidence: input.evidence } : {}), ...(pts ? { points: pts } : {}) },
    });
    return file;
  }

  /** Graded supervision (信易管): level → sampling multiplier and inspection frequency. */
  async profile(subjectCode: string): Promise<SupervisionProfileView> {
    const file = await this.orm.em.fork().findOne(CreditFileEntity, { subjectType: 'institution', subjectCode });
    if (!file || !canSee(currentActor(), file.admdvs)) throw new NotFoundError('credit file of institution', subjectCode);
    const s = policyFor(file.admdvs).supervision[file.level as CreditLevel];
    return { subjectType: 'institution', subjectCode, admdvs: file.admdvs, score: file.score, level: file.level, ...s };
  }

  deltaFor(admdvs: string, what: 'MANDATORY' | 'POINTS' | 'VOLUNTARY' | 'TERMINATION' | 'PER_POINT' | 'DEDUCTION' | 'ANOMALY' | 'BLACKLISTED'): number {
    const d = policyFor(admdvs).deltas;
    return {
      MANDATORY: d.suspensionMandatory,
      POINTS: d.suspensionPoints,
      VOLUNTARY: d.suspensionVoluntary,
      TERMINATION: d.termination,
      PER_POINT: d.perPoint,
      DEDUCTION: d.deduction,
      ANOMALY: d.anomaly,
      BLACKLISTED: d.blacklisted,
    }[what];
  }

  /** A confirmed violation's score change for an institution or a practitioner, by severity (an unknown severity counts as 1). */
  violationDelta(admdvs: string, subjectType: 'institution' | 'practitioner', severity: string): number {
    const policy = policyFor(admdvs);
    const table = subjectType === 'institution' ? policy.deltas.violation : policy.practitionerViolation;
    return table[severity as '1' | '2' | '3'] ?? table['1'];
  }

  /** A penalty decision's score change: its heaviest measure's weight in the city's policy. */
  penaltyDelta(admdvs: string, measures: readonly PenaltyMeasure[]): number {
    const table = policyFor(admdvs).penalty;
    return Math.min(0, ...measures.map((m) => table[m]));
  }

  now(): Date {
    return this.clock.now();
  }
}
