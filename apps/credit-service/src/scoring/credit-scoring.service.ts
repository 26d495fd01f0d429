import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MikroORM } from '@mikro-orm/postgresql';
import { CreditEventSubjects, type CreditLevel, type SupervisionProfileView } from '@mi/contracts';
import { type Clock, NotFoundError } from '@mi/domain';
import { AuditService, canSee, CLOCK, currentActor, newUuidV7, OutboxService, SYSTEM_ACTOR } from '@mi/platform';
import { CreditFileEntity, CreditFileEntryEntity } from '../credit-file/credit-file.entity';
import { levelOf, policyFor } from './credit-policy';

export interface CreditEventInput {
  eventId: string;
  occurredAt: string;
  institutionCode: string;
  admdvs: string;
  kind: string;
  delta: number;
  summary: string;
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
    const policy = policyFor(input.admdvs);
    let file = await em.findOne(CreditFileEntity, { subjectType: 'institution', subjectCode: input.institutionCode });
    if (!file) {
      file = em.create(CreditFileEntity, {
        id: newUuidV7(),
        subjectType: 'institution',
        subjectCode: input.institutionCode,
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
      }),
    );
    await em.flush();
    if (before.level !== file.level) {
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
      targetType: 'institution',
      targetId: file.subjectCode,
      admdvs: file.admdvs,
      actor: SYSTEM_ACTOR,
      before,
      after: { score: file.score, level: file.level },
      detail: { eventId: input.eventId, delta: input.delta },
    });
  }

  /** Graded supervision (信易管): level → sampling multiplier and inspection frequency. */
  async profile(subjectCode: string): Promise<SupervisionProfileView> {
    const file = await this.orm.em.fork().findOne(CreditFileEntity, { subjectType: 'institution', subjectCode });
    if (!file || !canSee(currentActor(), file.admdvs)) throw new NotFoundError('credit file of institution', subjectCode);
    const s = policyFor(file.admdvs).supervision[file.level as CreditLevel];
    return { subjectType: 'institution', subjectCode, admdvs: file.admdvs, score: file.score, level: file.level, ...s };
  }

  deltaFor(admdvs: string, what: 'MANDATORY' | 'POINTS' | 'VOLUNTARY' | 'TERMINATION' | 'PER_POINT'): number {
    const d = policyFor(admdvs).deltas;
    return {
      MANDATORY: d.suspensionMandatory,
      POINTS: d.suspensionPoints,
      VOLUNTARY: d.suspensionVoluntary,
      TERMINATION: d.termination,
      PER_POINT: d.perPoint,
    }[what];
  }

  now(): Date {
    return this.clock.now();
  }
}
