import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MikroORM } from '@mikro-orm/postgresql';
import { CREDIT_SOURCE_SERVICES, type CreditFileDetailView, EventSubjects, type InstitutionRegisteredEvent, type PractitionerPointsView } from '@mi/contracts';
import { type Clock, LocalDate, NotFoundError } from '@mi/domain';
import { AuditService, canSee, CLOCK, currentActor, newUuidV7, SYSTEM_ACTOR } from '@mi/platform';
import { CreditFileEntity, CreditFileEntryEntity } from './credit-file.entity';
import { levelOf, policyFor } from '../scoring/credit-policy';
import { bandOf } from '../scoring/practitioner-policy';

@Injectable()
export class CreditFileService {
  constructor(
    private readonly orm: MikroORM,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Opens the institution's credit file when the registry admits it (runs inside the inbox tx). */
  async openForInstitution(em: EntityManager, event: InstitutionRegisteredEvent): Promise<void> {
    const p = event.payload;
    let file = await em.findOne(CreditFileEntity, { subjectType: 'institution', subjectCode: p.code });
    if (!file) {
      const policy = policyFor(p.admdvs);
      file = em.create(CreditFileEntity, {
        id: newUuidV7(),
        subjectType: 'institution',
        subjectCode: p.code,
        admdvs: p.admdvs,
        openedAt: new Date(event.occurredAt),
        score: policy.base,
        level: levelOf(policy.base, policy),
      });
      em.persist(file);
      await em.flush(); // the entry's foreign key needs the file row first
    }
    em.persist(
      em.create(CreditFileEntryEntity, {
        id: newUuidV7(),
        fileId: file.id,
        kind: 'REGISTERED',
        sourceEventId: event.id,
        source: 'agreement',
        sourceSubject: EventSubjects.agreement.InstitutionRegistered,
        evidence: { institutionCode: p.code },
        occurredAt: new Date(event.occurredAt),
        summary: `${p.name} 登记为定点医药机构候选 (${p.type}, ${p.level})`,
        scoreDelta: 0,
        scoreAfter: null,
      }),
    );
    await em.flush();
    await this.audit.record(em, {
      action: 'credit-file.open',
      targetType: 'institution',
      targetId: p.code,
      admdvs: p.admdvs,
      actor: SYSTEM_ACTOR,
      detail: { eventId: event.id },
    });
  }

  async get(subjectType: 'institution' | 'practitioner', subjectCode: string): Promise<CreditFileDetailView> {
    const em = this.orm.em.fork();
    const file = await em.findOne(CreditFileEntity, { subjectType, subjectCode });
    if (!file || !canSee(currentActor(), file.admdvs)) throw new NotFoundError(`credit file of ${subjectType}`, subjectCode);
    const entries = await em.find(CreditFileEntryEntity, { fileId: file.id }, { orderBy: { occurredAt: 'asc', id: 'asc' } });
    return {
      subjectType: file.subjectType,
      subjectCode: file.subjectCode,
      admdvs: file.admdvs,
      openedAt: file.openedAt.toISOString(),
      score: file.score,
      level: file.level,
      entries: entries.map((e) => ({
        kind: e.kind,
        sourceEventId: e.sourceEventId,
        occurredAt: e.occurredAt.toISOString(),
        summary: e.summary,
        scoreDelta: e.scoreDelta,
        scoreAfter: e.scoreAfter ?? null,
        source: { eventId: e.sourceEventId, subject: e.sourceSubject ?? null, service: CREDIT_SOURCE_SERVICES[e.source] ?? e.source },
        evidence: e.evidence ?? null,
        points: e.points ?? null,
        pointsYear: e.pointsYear ?? null,
        pointsTotal: e.pointsTotal ?? null,
      })),
      points: file.subjectType === 'practitioner' ? this.points(file) : null,
    };
  }

  /** The 12-point standing today: a total of an earlier scoring year has cleared (yearly reset). */
  private points(file: CreditFileEntity): PractitionerPointsView {
    const today = LocalDate.fromInstant(this.clock.now());
    const year = Math.max(today.year, file.pointsYear ?? today.year);
    const total = file.pointsYear === year ? file.pointsTotal : 0;
    const band = bandOf(total);
    const inForce = file.qualification !== 'ACTIVE' && file.qualificationUntil != null && file.qualificationUntil >= today.toString();
    return {
      year,
      total,
      band: band?.band ?? null,
      bandText: band?.text ?? null,
      qualification: inForce ? file.qualification : 'ACTIVE',
      from: inForce ? (file.qualificationFrom ?? null) : null,
      until: inForce ? (file.qualificationUntil ?? null) : null,
    };
  }
}
