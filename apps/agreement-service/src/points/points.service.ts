import { Inject, Injectable } from '@nestjs/common';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import {
  AgreementEventSubjects,
  type DeductPointsRequest,
  type GetPointsRequest,
  PointsDeductedEvent,
  type PointsDeductedPayload,
  type PointsDeductionView,
  type PointsSubjectType,
  type PointsView,
} from '@mi/contracts';
import { type Clock, ConflictError, LocalDate, NotFoundError, ValidationError } from '@mi/domain';
import { AuditService, canSee, CLOCK, currentActor, newUuidV7, OutboxService } from '@mi/platform';
import { addMonths, endInstant } from '../agreement/agreement-policy';
import { lockCurrentAgreement, AgreementTransitions } from '../agreement/agreement-transitions';
import { SuspensionEntity } from '../agreement/agreement.entities';
import { EligibilityCache } from '../eligibility/eligibility-cache';
import { PractitionerEntity } from '../registry/registry.entities';
import { requireOfficer, visibleInstitution } from '../shared/access';
import { deductionTable, type PointsConsequence, triggered } from './points-policy';
import { PointsDeductionEntity } from './points-deduction.entity';

const POINTS_BASIS = '12分制记分管理办法（记分达到阈值自动处理）';

export interface PointsSubject {
  admdvs: string;
  poolarea: string;
  institutionCode: string;
  practitioner?: PractitionerEntity;
}

export interface RecordPointsInput {
  subjectType: PointsSubjectType;
  subjectCode: string;
  subject: PointsSubject;
  item: string;
  occurredOn: LocalDate;
  note: string;
  now: Date;
  /** The event a deduction from another context came from (unique per subject). */
  sourceEventId?: string;
  evidence?: Record<string, string>;
}

/** 12分制 — deductions, automatic consequences at the thresholds, yearly totals with history. */
@Injectable()
export class PointsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly transitions: AgreementTransitions,
    private readonly cache: EligibilityCache,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async deduct(req: DeductPointsRequest): Promise<PointsView> {
    const now = this.clock.now();
    const occurredOn = LocalDate.parse(req.occurredOn, 'occurredOn');
    if (occurredOn.isAfter(LocalDate.fromInstant(now))) throw new ValidationError('occurredOn', 'must not be in the future');
    const result = await this.orm.em.fork().transactional(async (em) => {
      const subject = await this.subject(em, req.subjectType, req.subjectCode);
      requireOfficer(subject.admdvs, `points of ${req.subjectCode}`);
      return this.record(em, { subjectType: req.subjectType, subjectCode: req.subjectCode, subject, item: req.item, occurredOn, note: req.note, now });
    });
    await this.cache.refreshInstitution(result.institutionCode);
    const view = await this.get({ subjectType: req.subjectType, subjectCode: req.subjectCode, year: occurredOn.year });
    return { ...view, ...(result.consequence ? { consequence: result.consequence } : {}) };
  }

  /**
   * Records one deduction in the caller's transaction: the row, the threshold consequence (current
   * year only), audit and the PointsDeducted event. The caller has checked who may do it and
   * refreshes the eligibility cache after commit.
   */
  async record(em: EntityManager, input: RecordPointsInput): Promise<{ institutionCode: string; deductionId: string; consequence?: PointsConsequence }> {
    const { subjectType, subjectCode, subject, occurredOn, now } = input;
    const today = LocalDate.fromInstant(now);
    const year = occurredOn.year;
    const item = deductionTable(subject.poolarea)[input.item];
    if (!item) {
      throw new ConflictError('AGREEMENT.UNKNOWN_DEDUCTION_ITEM', `${input.item} is not in the deduction table of ${subject.poolarea}`, {
        field: 'item',
        reason: 'unknown deduction item',
        items: Object.keys(deductionTable(subject.poolarea)),
      });
    }
    // One deduction at a time per subject, so two concurrent ones cannot both miss a threshold.
    await em.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`points:${subjectType}:${subjectCode}`]);
    const before = await this.total(em, subjectType, subjectCode, year);
    const row = em.create(PointsDeductionEntity, {
      id: newUuidV7(),
      subjectType,
      subjectCode,
      year,
      item: input.item,
      points: item.points,
      occurredOn: occurredOn.toString(),
      note: input.note,
      admdvs: subject.admdvs,
      recordedAt: now,
      sourceEventId: input.sourceEventId ?? null,
      evidence: input.evidence ?? null,
    });
    em.persist(row);
    const after = before + item.points;
    const hit = triggered(before, after);
    // Consequences apply to the current year's standing only; a late deduction for a past year is recorded.
    if (hit && year === today.year) {
      if (subjectType === 'pharmacy') await this.pharmacyConsequence(em, subjectCode, hit.months, today, after);
      else await this.practitionerConsequence(em, subject.practitioner!, hit.months, today);
    }
    await this.audit.record(em, {
      action: 'points.deduct',
      targetType: subjectType,
      targetId: subjectCode,
      admdvs: subject.admdvs,
      after: {
        item: input.item,
        points: item.points,
        year,
        total: after,
        consequence: hit?.consequence ?? null,
        ...(input.evidence ? { evidence: input.evidence } : {}),
      },
    });
    await this.outbox.add<PointsDeductedPayload>(em, {
      subject: AgreementEventSubjects.PointsDeducted,
      type: PointsDeductedEvent.TYPE,
      admdvs: subject.admdvs,
      aggregateId: subjectCode,
      payload: { subjectType, subjectCode, item: input.item, points: item.points, year, total: after, ...(hit ? { consequence: hit.consequence } : {}) },
    });
    return {
      institutionCode: subject.institutionCode,
      deductionId: row.id,
      ...(hit && year === today.year ? { consequence: hit.consequence } : {}),
    };
  }

  async get(req: GetPointsRequest): Promise<PointsView> {
    const em = this.orm.em.fork();
    const subject = await this.subject(em, req.subjectType, req.subjectCode);
    const year = req.year ?? LocalDate.fromInstant(this.clock.now()).year;
    const rows = await em.find(
      PointsDeductionEntity,
      { subjectType: req.subjectType, subjectCode: req.subjectCode, year },
      { orderBy: { recordedAt: 'asc', id: 'asc' } },
    );
    const table = deductionTable(subject.poolarea);
    const history: PointsDeductionView[] = rows.map((r) => ({
      id: r.id,
      item: r.item,
      label: table[r.item]?.label ?? r.item,
      points: r.points,
      occurredOn: r.occurredOn,
      note: r.note,
      recordedAt: r.recordedAt.toISOString(),
      ...(r.evidence ? { evidence: r.evidence } : {}),
    }));
    return { subjectType: req.subjectType, subjectCode: req.subjectCode, year, total: history.reduce((s, h) => s + h.points, 0), history };
  }

  private async total(em: EntityManager, subjectType: string, subjectCode: string, year: number): Promise<number> {
    const [{ n }] = await em.execute<{ n: string }[]>(
      `select coalesce(sum(points), 0)::text as n from agreement.points_deduction where subject_type = ? and subject_code = ? and year = ?`,
      [subjectType, subjectCode, year],
    );
    return Number(n);
  }

  async subject(em: EntityManager, type: 'pharmacy' | 'practitioner', code: string): Promise<PointsSubject> {
    if (type === 'pharmacy') {
      const institution = await visibleInstitution(em, code);
      if (institution.type !== 'pharmacy') throw new ValidationError('subjectCode', 'the 12-point scheme applies to pharmacies and practitioners');
      return { admdvs: institution.admdvs, poolarea: institution.poolarea, institutionCode: institution.code };
    }
    const p = await em.findOne(PractitionerEntity, { code });
    if (!p || !canSee(currentActor(), p.admdvs)) throw new NotFoundError('practitioner', code);
    return { admdvs: p.admdvs, poolarea: p.poolarea, institutionCode: p.institutionCode, practitioner: p };
  }

  /** Suspends the pharmacy's agreement from today (or after a running suspension) for `months`, or terminates it at 12. */
  private async pharmacyConsequence(em: EntityManager, code: string, months: number, today: LocalDate, total: number): Promise<void> {
    const agreement = await lockCurrentAgreement(em, code, today);
    if (!agreement || agreement.status === 'TERMINATED' || agreement.status === 'EXPIRED') return;
    if (months === 0) {
      await this.transitions.terminate(em, agreement, 13, `12分制：年度累计记分 ${total} 分，取消定点`, true);
      return;
    }
    const open = await em.find(SuspensionEntity, { agreementId: agreement.id, status: { $ne: 'ENDED' } }, { orderBy: { endsOn: 'desc' } });
    const latestEnd = open[0] ? LocalDate.parse(open[0].endsOn) : undefined;
    const startsOn = latestEnd && !latestEnd.isBefore(today) ? latestEnd.plusDays(1) : today;
    const endsOn = addMonths(startsOn, months).minusDays(1);
    await this.transitions.suspend(em, agreement, {
      kind: 'POINTS',
      reason: `12分制：年度累计记分 ${total} 分，暂停 ${months} 个月`,
      legalBasis: POINTS_BASIS,
      startsOn,
      endsOn,
    });
  }

  private async practitionerConsequence(em: EntityManager, p: PractitionerEntity, months: number, today: LocalDate): Promise<void> {
    if (p.status === 'CANCELLED') return;
    if (months === 0) {
      p.status = 'CANCELLED';
      p.suspendedUntil = null;
      p.resumeAt = null;
    } else {
      const until = addMonths(today, months).minusDays(1);
      p.status = 'SUSPENDED';
      p.suspendedUntil = until.toString();
      p.resumeAt = endInstant(until);
    }
    await this.audit.record(em, {
      action: 'practitioner.points-consequence',
      targetType: 'practitioner',
      targetId: p.code,
      admdvs: p.admdvs,
      after: { status: p.status, suspendedUntil: p.suspendedUntil ?? null },
    });
  }
}
