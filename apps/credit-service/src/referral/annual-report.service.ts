import { Inject, Injectable } from '@nestjs/common';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import {
  type AnnualReportEventPayload,
  type AnnualReportSubmission,
  CreditReferralEventSubjects,
  REFERRAL_DEADLINES,
  type ReferralAnnualReport,
  type ReferralAnnualReportRequest,
  type ReferralDepartment,
  type SubmitAnnualReportRequest,
} from '@mi/contracts';
import { type Clock, ConflictError, LocalDate } from '@mi/domain';
import { AuditService, CLOCK, currentActor, newUuidV7, OutboxService, requireRole, SYSTEM_ACTOR } from '@mi/platform';
import { ReferralAnnualReportEntity } from './annual-report.entity';
import { BUREAU_ROLES, COMMISSION_ROLES, departmentOfRoles } from './referral-policy';
import { ReferralService } from './referral.service';

const DEPARTMENTS: readonly ReferralDepartment[] = ['BUREAU', 'COMMISSION'];

/**
 * 年度移送情况报告 — each department reports last year's referrals of its region by 15 January (004_…).
 * A submission keeps the report as submitted (snapshot), who submitted it and whether it was late;
 * after the due date the sweeper notices every city with referrals in the year whose department has
 * not submitted, once (ReferralAnnualReportOverdue, audit), also after a restart.
 */
@Injectable()
export class ReferralAnnualReportService {
  constructor(
    private readonly orm: MikroORM,
    private readonly referrals: ReferralService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private today(): LocalDate {
    return LocalDate.fromInstant(this.clock.now());
  }

  /** The generated report with each department's submission for the caller's region. */
  async report(req: ReferralAnnualReportRequest): Promise<ReferralAnnualReport> {
    const r = await this.referrals.annualReport(req);
    const issuers = r.issuer === 'BOTH' ? DEPARTMENTS : [r.issuer];
    const rows = r.admdvs ? await this.orm.em.fork().find(ReferralAnnualReportEntity, { admdvs: r.admdvs, year: r.year, issuer: { $in: [...issuers] } }) : [];
    const submitted = (i: ReferralDepartment) => rows.some((x) => x.issuer === i && x.submittedAt);
    return {
      ...r,
      submissions: rows.map(submissionView),
      reportOverdue: r.admdvs !== '' && this.today().isAfter(LocalDate.parse(r.dueBy)) && issuers.some((i) => !submitted(i)),
    };
  }

  async submit(req: SubmitAnnualReportRequest): Promise<ReferralAnnualReport> {
    const actor = currentActor();
    requireRole(actor, [...BUREAU_ROLES, ...COMMISSION_ROLES], 'submit the annual referral report');
    const issuer = departmentOfRoles(actor.roles) as ReferralDepartment;
    const today = this.today();
    if (req.year >= today.year) {
      throw new ConflictError('REFERRAL.YEAR_NOT_ENDED', `the report of ${req.year} can be submitted from 1 January ${req.year + 1}`, { field: 'year' });
    }
    const snapshot = await this.referrals.annualReport({ year: req.year, issuer });
    await this.orm.em.fork().transactional(async (em) => {
      const row = await this.lockRow(em, snapshot.admdvs, req.year, issuer);
      if (row.submittedAt) {
        throw new ConflictError(
          'REFERRAL.REPORT_SUBMITTED',
          `the ${issuer === 'BUREAU' ? '医保局' : '卫健委'} report of ${req.year} for ${row.admdvs} was submitted on ${row.submittedAt.toISOString().slice(0, 10)} by ${row.submittedBy}`,
          { field: 'year' },
        );
      }
      row.submittedAt = this.clock.now();
      row.submittedBy = actor.username;
      row.late = today.isAfter(LocalDate.parse(row.dueBy));
      row.snapshot = snapshot;
      await em.flush();
      await this.audit.record(em, {
        action: 'referral.annual-report-submit',
        targetType: 'referral-annual-report',
        targetId: row.id,
        admdvs: row.admdvs,
        after: { year: row.year, issuer: row.issuer, late: row.late, total: snapshot.total },
      });
      await this.publish(em, row, 'ReferralAnnualReportSubmitted');
    });
    return this.report({ year: req.year, issuer });
  }

  /**
   * After 15 January: every city with referrals in last year whose department has not submitted gets
   * one overdue notice. Returns how many were sent this pass.
   */
  async sweepOverdue(): Promise<number> {
    const today = this.today();
    const year = today.year - 1;
    const dueBy = dueDate(year);
    if (!today.isAfter(LocalDate.parse(dueBy))) return 0;
    const cities = await this.orm.em.fork().execute<{ admdvs: string }[]>(
      `select distinct substr(admdvs, 1, 4) || '00' as admdvs from credit.referral
          where coalesce(doc_year, extract(year from trigger_date)::int) = ? order by 1`,
      [year],
    );
    let sent = 0;
    for (const { admdvs } of cities) {
      for (const issuer of DEPARTMENTS) {
        const notified = await this.orm.em.fork().transactional(async (em) => {
          const row = await this.lockRow(em, admdvs, year, issuer);
          if (row.submittedAt || row.overdueNotifiedAt) return false;
          row.overdueNotifiedAt = this.clock.now();
          await em.flush();
          await this.audit.record(em, {
            action: 'referral.annual-report-overdue',
            targetType: 'referral-annual-report',
            targetId: row.id,
            admdvs,
            actor: SYSTEM_ACTOR,
            after: { year, issuer, dueBy },
          });
          await this.publish(em, row, 'ReferralAnnualReportOverdue');
          return true;
        });
        if (notified) sent++;
      }
    }
    return sent;
  }

  /** The region's row for the year and department, created when missing, locked for this transaction. */
  private async lockRow(em: EntityManager, admdvs: string, year: number, issuer: ReferralDepartment): Promise<ReferralAnnualReportEntity> {
    await em.execute(
      `insert into credit.referral_annual_report (id, admdvs, year, issuer, due_by, late) values (?, ?, ?, ?, ?, false)
        on conflict (admdvs, year, issuer) do nothing`,
      [newUuidV7(), admdvs, year, issuer, dueDate(year)],
    );
    const [{ id }] = await em.execute<{ id: string }[]>(
      `select id::text as id from credit.referral_annual_report where admdvs = ? and year = ? and issuer = ? for update`,
      [admdvs, year, issuer],
    );
    return em.findOneOrFail(ReferralAnnualReportEntity, { id });
  }

  private async publish(
    em: EntityManager,
    row: ReferralAnnualReportEntity,
    type: 'ReferralAnnualReportSubmitted' | 'ReferralAnnualReportOverdue',
  ): Promise<void> {
    await this.outbox.add<AnnualReportEventPayload>(em, {
      subject: CreditReferralEventSubjects[type],
      type,
      admdvs: row.admdvs,
      aggregateId: row.id,
      payload: {
        admdvs: row.admdvs,
        year: row.year,
        issuer: row.issuer,
        dueBy: row.dueBy,
        submittedAt: row.submittedAt?.toISOString() ?? null,
        late: row.late,
      },
    });
  }
}

function dueDate(year: number): string {
  return `${year + 1}-${REFERRAL_DEADLINES.annualReportDueMonthDay}`;
}

function submissionView(r: ReferralAnnualReportEntity): AnnualReportSubmission {
  return {
    issuer: r.issuer,
    submittedAt: r.submittedAt?.toISOString() ?? null,
    submittedBy: r.submittedBy ?? null,
    late: r.late,
    overdueNotifiedAt: r.overdueNotifiedAt?.toISOString() ?? null,
  };
}
