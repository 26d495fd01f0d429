import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import {
  AgreementSubjects,
  type AnyIndicatorMeasureView,
  type ApprovalView,
  type AssessIndicatorsRequest,
  INDICATOR_DEDUCTION_ACTION,
  INDICATOR_DEDUCTION_CONFIRMED_SUBJECT,
  type IndicatorAssessmentPageView,
  type IndicatorAssessmentView,
  type IndicatorDeductionConfirmedPayload,
  type IndicatorMeasureView,
  type IndicatorOutcome,
  type IndicatorsInForceView,
  type ListIndicatorAssessmentsRequest,
} from '@mi/contracts';
import { Admdvs, type Clock, ConflictError, DomainError, LocalDate, Money } from '@mi/domain';
import { ApprovalService, AuditService, CLOCK, currentActor, MiNatsClient, newUuidV7, OutboxService, requireRole, requireScope } from '@mi/platform';
import { type AgreementInForce, assessInstitution, type DayFigures, DRUG_LIST_TYPES, periodRange, tolerancePermille } from './indicator-policy';

interface Aggregate {
  fixmedins_code: string;
  insutype: string;
  setl_date: string;
  n: number;
  bed_days: number;
  total: string;
  fund: string;
  drug: string;
  sp_n: number;
  sp_total: string;
  sp_fen: string;
}

interface AssessmentRow {
  id: string;
  poolarea: string;
  period: string;
  fixmedins_code: string;
  outcome: IndicatorOutcome;
  admissions: number;
  measures: AnyIndicatorMeasureView[];
  proposed_fen: string;
  by_insutype: Record<string, string>;
  explanation: string;
  approval_id: string | null;
  approval_status: 'PENDING' | 'APPROVED' | 'REJECTED' | null;
  confirmed_at: string | null;
}

interface DeductionPayload {
  assessmentId: string;
}

const ASSESSOR_ROLES = ['reviewer', 'city-officer'] as const;

/**
 * 指标考核与指标性扣款 — assesses a city's institutions for a month or quarter against the indicators
 * of the agreements in force during that period (asked of agreement-service per institution, so a
 * renewal or a new agreement since then changes nothing) from the reviewed, unreversed inpatient
 * settlements: cost per admission and per bed-day (a breach beyond the tolerance becomes a deduction
 * proposal that a second person approves), drug share, self-pay ratio and average stay (findings,
 * no money). A period is assessed once (the stored answer is returned afterwards, so the figures an
 * institution was shown never shift); a repeat also proposes any breach whose proposal did not get
 * recorded.
 */
@Injectable()
export class IndicatorService implements OnModuleInit {
  constructor(
    private readonly orm: MikroORM,
    private readonly nats: MiNatsClient,
    private readonly approvals: ApprovalService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.approvals.register<DeductionPayload, IndicatorAssessmentView>(INDICATOR_DEDUCTION_ACTION, {
      requiredRoles: [...ASSESSOR_ROLES],
      describe: (p) => `indicator deduction of assessment ${p.assessmentId}`,
      apply: (em, p, approval) => this.confirm(em, p.assessmentId, approval),
    });
  }

  async assess(req: AssessIndicatorsRequest): Promise<IndicatorAssessmentPageView> {
    const actor = currentActor();
    requireRole(actor, [...ASSESSOR_ROLES], 'assess the agreement indicators');
    const poolarea = Admdvs.parse(req.poolarea, 'poolarea').poolingRegion().code;
    requireScope(actor, poolarea, `settlements of ${poolarea}`);
    const { from, to } = periodRange(req.period);
    const today = LocalDate.fromInstant(this.clock.now());
    if (to.isAfter(today))
      throw new DomainError('VALIDATION', `period: ${req.period} has not ended (it ends on ${to.minusDays(1).toString()})`, {
        field: 'period',
        reason: 'period not ended',
      });
    const tolerance = tolerancePermille(poolarea);
    const em = this.orm.em.fork();
    const done = await em.execute<{ n: string }[]>(`select count(*)::text as n from review.indicator_run where poolarea = ? and period = ?`, [
      poolarea,
      req.period,
    ]);
    if (done[0].n === '0') {
      // Per institution, insurance type and settlement date: each date is measured against the agreement in force that day.
      const aggregates = await em.execute<Aggregate[]>(
        `select s.fixmedins_code, s.insutype, s.setl_date::text as setl_date, count(*)::int as n,
                sum(greatest(coalesce(s.enddate, s.setl_date) - s.begndate, 1))::int as bed_days,
                sum(s.medfee_sumamt_fen)::text as total, sum(s.hifp_pay_fen)::text as fund, coalesce(sum(d.drug), 0)::text as drug,
                count(*) filter (where s.amounts_fen->>'fulamt_ownpay_amt' is not null)::int as sp_n,
                coalesce(sum(s.medfee_sumamt_fen) filter (where s.amounts_fen->>'fulamt_ownpay_amt' is not null), 0)::text as sp_total,
                coalesce(sum((s.amounts_fen->>'fulamt_ownpay_amt')::bigint + coalesce((s.amounts_fen->>'overlmt_selfpay')::bigint, 0))
                  filter (where s.amounts_fen->>'fulamt_ownpay_amt' is not null), 0)::text as sp_fen
           from review.settlement s
           left join lateral (select sum(l.amount_fen) as drug from review.settlement_line l
                               where l.settlement_id = s.id and l.list_type = any(?::text[])) d on true
          where s.poolarea = ? and s.treatment_mode = '2' and s.review_status = 'REVIEWED' and s.reversed_by is null and s.refd_setl_flag = '0'
            and s.setl_date >= ? and s.setl_date < ?
          group by s.fixmedins_code, s.insutype, s.setl_date order by s.fixmedins_code, s.insutype, s.setl_date`,
        [`{${DRUG_LIST_TYPES.join(',')}}`, poolarea, from.toString(), to.toString()],
      );
      const byInstitution = new Map<string, DayFigures[]>();
      for (const a of aggregates) {
        const days = byInstitution.get(a.fixmedins_code) ?? [];
        days.push(dayFigures(a));
        byInstitution.set(a.fixmedins_code, days);
      }
      const rows: Omit<AssessmentRow, 'approval_id' | 'approval_status' | 'confirmed_at'>[] = [];
      for (const [code, days] of byInstitution) {
        const agreements = await this.agreementsInForce(code, from, to.minusDays(1));
        const r = assessInstitution(req.period, { from, to }, days, agreements, tolerance);
        rows.push({
          id: newUuidV7(),
          poolarea,
          period: req.period,
          fixmedins_code: code,
          outcome: r.outcome,
          admissions: r.admissions,
          measures: r.measures,
          proposed_fen: r.proposedFen.toString(),
          by_insutype: r.byInsutype,
          explanation: r.explanation,
        });
      }
      await em.transactional(async (tx) => {
        // Two officers pressing the button at once: the run's primary key lets one through.
        const inserted = await tx.execute<{ poolarea: string }[]>(
          `insert into review.indicator_run (poolarea, period, from_date, to_date, tolerance_permille, institutions, assessed_by, assessed_at)
           values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing returning poolarea`,
          [poolarea, req.period, from.toString(), to.toString(), tolerance, rows.length, actor.username, this.clock.now()],
        );
        if (inserted.length === 0) return;
        for (const r of rows)
          await tx.execute(
            `insert into review.indicator_assessment (id, poolarea, period, fixmedins_code, outcome, admissions, measures, proposed_fen, by_insutype, explanation)
             values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?)`,
            [
              r.id,
              r.poolarea,
              r.period,
              r.fixmedins_code,
              r.outcome,
              r.admissions,
              JSON.stringify(r.measures),
              r.proposed_fen,
              JSON.stringify(r.by_insutype),
              r.explanation,
            ],
          );
        await this.audit.record(tx, {
          action: 'review.assess-indicators',
          targetType: 'indicator-run',
          targetId: `${poolarea}:${req.period}`,
          admdvs: poolarea,
          detail: {
            period: req.period,
            tolerance,
            institutions: rows.length,
            breached: rows.filter((r) => r.outcome === 'BREACHED').length,
            proposals: rows.filter((r) => r.proposed_fen !== '0').length,
          },
        });
      });
    }
    await this.proposeMissing(em, poolarea, req.period);
    return this.page(em, poolarea, req.period);
  }

  async list(req: ListIndicatorAssessmentsRequest): Promise<IndicatorAssessmentPageView> {
    const actor = currentActor();
    requireRole(actor, ['reviewer', 'city-officer', 'county-officer', 'province-admin', 'auditor'], 'read indicator assessments');
    const poolarea = Admdvs.parse(req.poolarea, 'poolarea').poolingRegion().code;
    requireScope(actor, poolarea, `settlements of ${poolarea}`);
    periodRange(req.period);
    return this.page(this.orm.em.fork(), poolarea, req.period, req.institutionCode);
  }

  /**
   * The agreements of the institution in force on some day of the period, with their indicators
   * (none when agreement-service does not know the institution: NOT_FOUND).
   */
  private async agreementsInForce(code: string, from: LocalDate, lastDay: LocalDate): Promise<AgreementInForce[]> {
    const reply = await this.nats.requestReply<IndicatorsInForceView>(AgreementSubjects.indicatorsInForce, {
      institutionCode: code,
      from: from.toString(),
      to: lastDay.toString(),
    });
    if (!reply.ok) {
      if (reply.error.code === 'NOT_FOUND') return [];
      throw new Error(`agreement-service: ${reply.error.code} ${reply.error.message}`);
    }
    return reply.data.agreements.map((a) => ({ number: a.number, from: a.inForceFrom, to: a.inForceTo, indicators: a.indicators }));
  }

  /** Proposes every breach of the period that has no proposal yet (the first run, or a run cut short). */
  private async proposeMissing(em: EntityManager, poolarea: string, period: string): Promise<void> {
    const open = await em.execute<{ id: string; fixmedins_code: string; proposed_fen: string; explanation: string }[]>(
      `select id::text as id, fixmedins_code, proposed_fen::text as proposed_fen, explanation from review.indicator_assessment
        where poolarea = ? and period = ? and outcome = 'BREACHED' and proposed_fen > 0 and approval_id is null order by fixmedins_code`,
      [poolarea, period],
    );
    for (const a of open) {
      let approvalId: string;
      try {
        const proposal = await this.approvals.propose<DeductionPayload>({
          action: INDICATOR_DEDUCTION_ACTION,
          targetType: 'indicator-assessment',
          targetId: a.id,
          admdvs: poolarea,
          payload: { assessmentId: a.id },
          reason: `指标性扣款 ${a.fixmedins_code} ${Money.fromFen(BigInt(a.proposed_fen)).format()}：${a.explanation}`.slice(0, 2000),
        });
        approvalId = proposal.id;
      } catch (e) {
        if (!(e instanceof ConflictError) || e.code !== 'APPROVAL.ALREADY_PENDING') throw e;
        approvalId = String(e.details.pendingId);
      }
      await em.execute(`update review.indicator_assessment set approval_id = ? where id = ? and approval_id is null`, [approvalId, a.id]);
    }
  }

  private async confirm(em: EntityManager, assessmentId: string, approval: ApprovalView<DeductionPayload>): Promise<IndicatorAssessmentView> {
    const [row] = await em.execute<(AssessmentRow & { to_date: string })[]>(`${SELECT} where a.id = ? for update of a`, [assessmentId]);
    if (!row) throw new DomainError('NOT_FOUND', `indicator assessment ${assessmentId} not found`, { field: 'assessmentId' });
    if (row.confirmed_at)
      throw new ConflictError('REVIEW.ALREADY_CONFIRMED', `the indicator deduction of ${row.fixmedins_code} for ${row.period} is already confirmed`);
    const now = this.clock.now();
    await em.execute(`update review.indicator_assessment set confirmed_at = ?, approval_id = ? where id = ?`, [now, approval.id, assessmentId]);
    const periodEnd = LocalDate.parse(row.to_date, 'to_date').minusDays(1).toString();
    await this.outbox.add<IndicatorDeductionConfirmedPayload>(em, {
      subject: INDICATOR_DEDUCTION_CONFIRMED_SUBJECT,
      type: 'IndicatorDeductionConfirmed',
      admdvs: row.poolarea,
      aggregateId: assessmentId,
      payload: {
        assessmentId,
        institutionCode: row.fixmedins_code,
        poolarea: row.poolarea,
        period: row.period,
        periodEnd,
        amountFen: row.proposed_fen,
        byInsutype: row.by_insutype,
        reason: row.explanation,
      },
    });
    await this.audit.record(em, {
      action: INDICATOR_DEDUCTION_ACTION,
      targetType: 'indicator-assessment',
      targetId: assessmentId,
      admdvs: row.poolarea,
      after: { amountFen: row.proposed_fen, byInsutype: row.by_insutype, approvalId: approval.id },
    });
    return view({ ...row, approval_id: approval.id, approval_status: 'APPROVED', confirmed_at: now.toISOString() });
  }

  private async page(em: EntityManager, poolarea: string, period: string, institutionCode?: string): Promise<IndicatorAssessmentPageView> {
    const [run] = await em.execute<{ from_date: string; to_date: string; tolerance_permille: number }[]>(
      `select from_date::text as from_date, to_date::text as to_date, tolerance_permille from review.indicator_run where poolarea = ? and period = ?`,
      [poolarea, period],
    );
    if (!run) throw new DomainError('NOT_FOUND', `the indicators of ${poolarea} for ${period} have not been assessed`, { field: 'period' });
    const rows = await em.execute<AssessmentRow[]>(
      `${SELECT} where a.poolarea = ? and a.period = ? ${institutionCode ? 'and a.fixmedins_code = ?' : ''} order by a.outcome, a.fixmedins_code`,
      [poolarea, period, ...(institutionCode ? [institutionCode] : [])],
    );
    return {
      poolarea,
      period,
      from: run.from_date,
      to: LocalDate.parse(run.to_date, 'to').minusDays(1).toString(),
      tolerancePermille: run.tolerance_permille,
      items: rows.map(view),
    };
  }
}

const SELECT = `select a.id::text as id, a.poolarea, a.period, a.fixmedins_code, a.outcome, a.admissions, a.measures, a.proposed_fen::text as proposed_fen,
  a.by_insutype, a.explanation, a.approval_id::text as approval_id, ap.status as approval_status, to_char(a.confirmed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as confirmed_at,
  r.to_date::text as to_date
  from review.indicator_assessment a join review.indicator_run r on r.poolarea = a.poolarea and r.period = a.period
  left join review.approval ap on ap.id = a.approval_id`;

function dayFigures(a: Aggregate): DayFigures {
  return {
    date: a.setl_date,
    insutype: a.insutype,
    admissions: a.n,
    bedDays: a.bed_days,
    totalFen: BigInt(a.total),
    fundFen: BigInt(a.fund),
    drugFen: BigInt(a.drug),
    selfPayAdmissions: a.sp_n,
    selfPayTotalFen: BigInt(a.sp_total),
    selfPayFen: BigInt(a.sp_fen),
  };
}

/** Rows assessed before the ratio indicators stored cost measures without `consequence` and `status`. */
function normalized(m: AnyIndicatorMeasureView): AnyIndicatorMeasureView {
  if (m.consequence === 'FINDING') return m;
  const stored: Omit<IndicatorMeasureView, 'status'> & Partial<Pick<IndicatorMeasureView, 'status'>> = m;
  return { ...stored, consequence: 'DEDUCTION', status: stored.status ?? (BigInt(stored.excessFen) > 0n ? 'BREACHED' : 'WITHIN') };
}

function view(r: AssessmentRow): IndicatorAssessmentView {
  return {
    id: r.id,
    poolarea: r.poolarea,
    period: r.period,
    institutionCode: r.fixmedins_code,
    outcome: r.outcome,
    admissions: Number(r.admissions),
    measures: r.measures.map(normalized),
    proposedFen: r.proposed_fen,
    byInsutype: r.by_insutype,
    explanation: r.explanation,
    approvalId: r.approval_id,
    approvalStatus: r.approval_status,
    confirmedAt: r.confirmed_at,
  };
}
