import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AgreementEventSubjects, CreditEventSubjects, type PointsDeductedEvent, type PractitionerSuspendedPayload } from '@mi/contracts';
import { type Clock, LocalDate } from '@mi/domain';
import { AuditService, CLOCK, OutboxService, SYSTEM_ACTOR } from '@mi/platform';
import type { CreditFileEntity } from '../credit-file/credit-file.entity';
import { CreditScoringService } from './credit-scoring.service';
import { bandOf, consequenceOf, practitionerPolicyFor } from './practitioner-policy';

/**
 * 一人一档 — a practitioner's 12 points (PointsDeducted from agreement-service) in the credit file:
 * an entry with the points and the year's total (the 1000-point score is moved by confirmed
 * violations, not by points, so one fact is not counted twice), the national band, and — when the
 * total crosses 9 or 12 — the payment-qualification consequence on the file and one
 * PractitionerSuspended event, all in the consumer's (inbox) transaction.
 */
@Injectable()
export class PractitionerPointsService {
  constructor(
    private readonly scoring: CreditScoringService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onPoints(em: EntityManager, e: PointsDeductedEvent): Promise<void> {
    const p = e.payload;
    const policy = practitionerPolicyFor(e.admdvs);
    const before = Math.max(0, p.total - p.points);
    const c = consequenceOf(policy, before, p.total, p.points, LocalDate.fromInstant(new Date(e.occurredAt)));
    const band = bandOf(p.total);
    const what = c
      ? c.consequence === 'SUSPENDED'
        ? `；暂停医保支付资格 ${c.months} 个月（${c.from}–${c.until}）`
        : `；终止医保支付资格，${c.reRegistrationBarYears} 年内不得再登记（至 ${c.until}）`
      : '';
    const file = await this.scoring.record(em, {
      eventId: e.id,
      occurredAt: e.occurredAt,
      subjectType: 'practitioner',
      subjectCode: p.subjectCode,
      admdvs: e.admdvs,
      kind: 'POINTS',
      delta: 0,
      summary: `12分制记分 ${p.points} 分（${p.item}），${p.year}年累计 ${p.total} 分${band ? `（${band.band}分档）` : ''}${what}`,
      sourceSubject: AgreementEventSubjects.PointsDeducted,
      evidence: { item: p.item, year: String(p.year), ...(c ? { consequence: c.consequence, from: c.from, until: c.until } : {}) },
      points: { points: p.points, year: p.year, total: p.total },
    });
    if (c && file) await this.publish(em, file, e, c, policy.basis);
  }

  private async publish(
    em: EntityManager,
    file: CreditFileEntity,
    e: PointsDeductedEvent,
    c: NonNullable<ReturnType<typeof consequenceOf>>,
    basis: string,
  ): Promise<void> {
    const year = e.payload.year;
    // Once per crossing: a second event claiming the same crossing in the same year adds its entry only.
    if (c.consequence === 'SUSPENDED' && (file.suspensionYear === year || file.terminationYear === year)) return;
    if (c.consequence === 'TERMINATED' && file.terminationYear === year) return;
    const before = { qualification: file.qualification, from: file.qualificationFrom ?? null, until: file.qualificationUntil ?? null };
    file.qualification = c.consequence;
    file.qualificationFrom = c.from;
    file.qualificationUntil = c.until;
    if (c.consequence === 'SUSPENDED') file.suspensionYear = year;
    else file.terminationYear = year;
    await em.flush();
    await this.outbox.add<PractitionerSuspendedPayload>(em, {
      subject: CreditEventSubjects.PractitionerSuspended,
      type: 'PractitionerSuspended',
      admdvs: file.admdvs,
      aggregateId: file.subjectCode,
      payload: {
        practitionerCode: file.subjectCode,
        consequence: c.consequence,
        months: c.months,
        reRegistrationBarYears: c.reRegistrationBarYears,
        from: c.from,
        until: c.until,
        year,
        total: e.payload.total,
        band: c.band,
        basis,
        causeEventId: e.id,
      },
    });
    await this.audit.record(em, {
      action: `credit.practitioner-${c.consequence.toLowerCase()}`,
      targetType: 'practitioner',
      targetId: file.subjectCode,
      admdvs: file.admdvs,
      actor: SYSTEM_ACTOR,
      before,
      after: { qualification: c.consequence, from: c.from, until: c.until },
      detail: { eventId: e.id, total: e.payload.total, band: c.band, basis },
    });
  }

  /** Today's business date (qualification periods are read against it). */
  today(): LocalDate {
    return LocalDate.fromInstant(this.clock.now());
  }
}
