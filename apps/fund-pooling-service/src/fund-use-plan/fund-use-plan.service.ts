import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  type ApprovalView,
  DISBURSEMENT_REQUEST_ACTION,
  type DisbursementRequestApprovedPayload,
  type DisbursementRequestProposal,
  type DisbursementRequestView,
  type DisbursementSummaryView,
  FUND_USE_PLAN_STATUSES,
  type FundUsePlanEventPayload,
  FundUsePlanEventSubjects,
  type FundUsePlanKeyRequest,
  type FundUsePlanMonthView,
  type FundUsePlanReviewView,
  type FundUsePlanStatus,
  type FundUsePlanVersionView,
  type FundUsePlanView,
  type ListFundUsePlansRequest,
  type ProposeDisbursementRequest,
  type RecentFundUseView,
  type ReviewFundUsePlanRequest,
  type SubmitFundUsePlanRequest,
} from '@mi/contracts';
import { Admdvs, type Clock, ConflictError, DomainError, LocalDate, Money, NotFoundError, type Role, ValidationError } from '@mi/domain';
import { ApprovalService, AuditService, canSee, CLOCK, currentActor, newUuidV7, OutboxService, pgArray, requireRole } from '@mi/platform';
import { poolingRegion } from '../ledger/pooling-region';
import { assertResubmittable, assertReviewable, type IncludedPlan, lastEndedMonths, plansDigest, recentFundUse } from './fund-use-plan';

/** Who may read plans and requests (scope decides which). */
const READERS: Role[] = ['province-admin', 'city-officer', 'county-officer', 'auditor'];

interface PlanRow {
  id: string;
  county: string;
  city: string;
  period: string;
  insutype: string;
  version: number;
  status: FundUsePlanStatus;
  planned_fen: string;
  basis: string;
  submitted_by: string;
  submitted_at: Date;
  accepted_fen: string | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  review_note: string | null;
  disbursement_id: string | null;
  recent_use: RecentFundUseView;
}

const PLAN_COLUMNS = `p.id::text as id, p.county, p.city, p.period, p.insutype, p.version, p.status, p.planned_fen::text as planned_fen, p.basis,
  p.submitted_by, p.submitted_at, p.accepted_fen::text as accepted_fen, p.reviewed_by, p.reviewed_at, p.review_note,
  p.disbursement_id::text as disbursement_id, v.recent_use`;
const PLAN_FROM = `fund.fund_use_plan p join fund.fund_use_plan_version v on v.plan_id = p.id and v.version = p.version`;

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());
const planKey = (p: { county: string; period: string; insutype: string }) => `${p.county}/${p.period}/${p.insutype}`;
const monthKey = (p: { city: string; period: string; insutype: string }) => `${p.city}/${p.period}/${p.insutype}`;

function toView(r: PlanRow): FundUsePlanView {
  return {
    id: r.id,
    county: r.county,
    city: r.city,
    period: r.period,
    insutype: r.insutype,
    version: r.version,
    status: r.status,
    plannedFen: r.planned_fen,
    basis: r.basis,
    acceptedFen: r.accepted_fen,
    submittedBy: r.submitted_by,
    submittedAt: iso(r.submitted_at) ?? '',
    reviewedBy: r.reviewed_by,
    reviewedAt: iso(r.reviewed_at),
    reviewNote: r.review_note,
    recentUse: r.recent_use,
    disbursementRequestId: r.disbursement_id,
  };
}

function eventPayload(v: FundUsePlanView): FundUsePlanEventPayload {
  return {
    planId: v.id,
    county: v.county,
    city: v.city,
    period: v.period,
    insutype: v.insutype,
    version: v.version,
    status: v.status,
    plannedFen: v.plannedFen,
    acceptedFen: v.acceptedFen,
    note: v.reviewNote,
  };
}

/**
 * 月度资金使用计划 → 拨款申请 (统收统支, 003_…). Counties submit a monthly fund-use plan per insurance
 * type (versioned while SUBMITTED or RETURNED), shown beside their institutions' fund use of the last
 * ended months from the ledger; the city accepts (possibly adjusted) or returns each; a city officer
 * proposes the month's disbursement request to the finance bureau over the accepted plans (payload:
 * counts, totals, digest) and a different city officer approves it through `approvalSubjects('fund')`.
 *
 * The request posts no ledger entry: it asks the finance bureau to release money from the fiscal
 * special account (`…-FUND`, an asset), and in this chart of accounts money leaves that account only
 * when institutions are paid (prepayments and monthly settlements credit it then). Posting the request
 * too — e.g. to an expenditure-account asset — would move the balance twice.
 */
@Injectable()
export class FundUsePlanService implements OnModuleInit {
  constructor(
    private readonly orm: MikroORM,
    private readonly approvals: ApprovalService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.approvals.register<DisbursementRequestProposal, DisbursementRequestApprovedPayload>(DISBURSEMENT_REQUEST_ACTION, {
      requiredRoles: ['city-officer'],
      describe: (p) => `拨款申请 ${monthKey(p.summary)}：${p.summary.plans} 个县级用款计划，合计 ${Money.fromFen(BigInt(p.summary.totalFen)).format()}`,
      apply: (em, p, approval) => this.apply(em, p, approval),
    });
  }

  /** A county officer submits (or resubmits, as a new version) the county's plan of a month. */
  async submit(req: SubmitFundUsePlanRequest): Promise<FundUsePlanView> {
    const actor = currentActor();
    requireRole(actor, ['county-officer'], 'submit a monthly fund-use plan');
    const { county, city } = this.county(req.county);
    if (!canSee(actor, county)) throw new NotFoundError('county', county);
    const today = this.today();
    if (req.period < today.slice(0, 7)) {
      throw new DomainError('FUND.PERIOD_ENDED', `period: ${req.period} has ended; a month's plan is submitted before or during the month`, {
        field: 'period',
        reason: 'month ended',
      });
    }
    const planned = Money.fromFen(BigInt(req.plannedFen), 'plannedFen');
    if (!planned.isPositive()) throw new ValidationError('plannedFen', 'must be a positive whole number of fen');
    const key = planKey({ county, period: req.period, insutype: req.insutype });
    return this.orm.em.fork().transactional(async (em) => {
      await this.lockPlan(em, key);
      await this.assertKnownCounty(em, county, req.period, req.insutype);
      const before = await this.row(em, county, req.period, req.insutype);
      if (before) {
        const replay = before.status === 'SUBMITTED' && before.planned_fen === req.plannedFen && before.basis === req.basis && before.submitted_by === actor.id;
        if (replay) return { ...toView(before), replayed: true };
        assertResubmittable(before.status, key);
      }
      const recentUse = await this.recentUse(em, city, county, req.insutype, today, planned.fenBigInt);
      const now = this.clock.now();
      const id = before?.id ?? newUuidV7();
      const version = (before?.version ?? 0) + 1;
      if (before) {
        await em.execute(
          `update fund.fund_use_plan set version = ?, status = 'SUBMITTED', planned_fen = ?, basis = ?, submitted_by = ?, submitted_at = ?,
             accepted_fen = null, reviewed_by = null, reviewed_at = null, review_note = null where id = ?`,
          [version, req.plannedFen, req.basis, actor.id, now, id],
        );
      } else {
        await em.execute(
          `insert into fund.fund_use_plan (id, county, city, period, insutype, version, status, planned_fen, basis, submitted_by, submitted_at)
           values (?, ?, ?, ?, ?, 1, 'SUBMITTED', ?, ?, ?, ?)`,
          [id, county, city, req.period, req.insutype, req.plannedFen, req.basis, actor.id, now],
        );
      }
      await em.execute(
        `insert into fund.fund_use_plan_version (plan_id, version, planned_fen, basis, recent_use, submitted_by, submitted_at) values (?, ?, ?, ?, ?::jsonb, ?, ?)`,
        [id, version, req.plannedFen, req.basis, JSON.stringify(recentUse), actor.id, now],
      );
      const view: FundUsePlanView = {
        id,
        county,
        city,
        period: req.period,
        insutype: req.insutype,
        version,
        status: 'SUBMITTED',
        plannedFen: req.plannedFen,
        basis: req.basis,
        acceptedFen: null,
        submittedBy: actor.id,
        submittedAt: now.toISOString(),
        reviewedBy: null,
        reviewedAt: null,
        reviewNote: null,
        recentUse,
        disbursementRequestId: null,
        replayed: false,
      };
      await this.audit.record(em, {
        action: 'fund.fund-use-plan.submit',
        targetType: 'fund-use-plan',
        targetId: key,
        admdvs: county,
        before: before ? { version: before.version, status: before.status, plannedFen: before.planned_fen, reviewNote: before.review_note } : null,
        after: { version, status: 'SUBMITTED', plannedFen: req.plannedFen },
        detail: { planId: id, basis: req.basis, recentAverageFen: recentUse.averageFen, deviationPercent: recentUse.deviationPercent },
      });
      await this.outbox.add<FundUsePlanEventPayload>(em, {
        subject: FundUsePlanEventSubjects.FundUsePlanSubmitted,
        type: 'FundUsePlanSubmitted',
        admdvs: county,
        aggregateId: id,
        payload: eventPayload(view),
      });
      return view;
    });
  }

  /** A city officer accepts (optionally at an adjusted amount, with a note) or returns (with a reason) a submitted plan. */
  async review(req: ReviewFundUsePlanRequest): Promise<FundUsePlanView> {
    const actor = currentActor();
    requireRole(actor, ['city-officer'], 'review a monthly fund-use plan');
    const { county } = this.county(req.county);
    if (!canSee(actor, county)) throw new NotFoundError('county', county);
    if (req.decision === 'return' && req.acceptedFen !== undefined) throw new ValidationError('acceptedFen', 'only when accepting a plan');
    const key = planKey({ county, period: req.period, insutype: req.insutype });
    return this.orm.em.fork().transactional(async (em) => {
      await this.lockPlan(em, key);
      const before = await this.row(em, county, req.period, req.insutype);
      if (!before) throw new NotFoundError('fund-use plan', key);
      const accepted = req.decision === 'accept' ? (req.acceptedFen ?? before.planned_fen) : null;
      const note = req.note ?? null;
      const [done] = await em.execute<{ decision: string; accepted_fen: string | null; note: string | null; reviewed_by: string }[]>(
        `select decision, accepted_fen::text as accepted_fen, note, reviewed_by from fund.fund_use_plan_review where plan_id = ? and version = ?`,
        [before.id, req.version],
      );
      if (
        done &&
        before.version === req.version &&
        done.decision === req.decision &&
        done.accepted_fen === accepted &&
        done.note === note &&
        done.reviewed_by === actor.id
      ) {
        return { ...toView(before), replayed: true };
      }
      if (before.version !== req.version) {
        throw new ConflictError('FUND.PLAN_VERSION_CHANGED', `the fund-use plan ${key} is at version ${before.version}; version ${req.version} was reviewed`, {
          field: 'version',
          reason: 'the county resubmitted: review the current version',
          current: before.version,
        });
      }
      assertReviewable(before.status, key);
      if (accepted !== null && accepted !== before.planned_fen && note === null) {
        throw new ValidationError(
          'note',
          `explain the adjusted amount: ${Money.fromFen(BigInt(accepted)).format()} accepted of ${Money.fromFen(BigInt(before.planned_fen)).format()} planned`,
        );
      }
      const now = this.clock.now();
      const status: FundUsePlanStatus = req.decision === 'accept' ? 'ACCEPTED' : 'RETURNED';
      await em.execute(
        `insert into fund.fund_use_plan_review (plan_id, version, decision, accepted_fen, note, reviewed_by, reviewed_at) values (?, ?, ?, ?, ?, ?, ?)`,
        [before.id, before.version, req.decision, accepted, note, actor.id, now],
      );
      await em.execute(`update fund.fund_use_plan set status = ?, accepted_fen = ?, reviewed_by = ?, reviewed_at = ?, review_note = ? where id = ?`, [
        status,
        accepted,
        actor.id,
        now,
        note,
        before.id,
      ]);
      const view: FundUsePlanView = {
        ...toView(before),
        status,
        acceptedFen: accepted,
        reviewedBy: actor.id,
        reviewedAt: now.toISOString(),
        reviewNote: note,
        replayed: false,
      };
      await this.audit.record(em, {
        action: req.decision === 'accept' ? 'fund.fund-use-plan.accept' : 'fund.fund-use-plan.return',
        targetType: 'fund-use-plan',
        targetId: key,
        admdvs: county,
        before: { version: before.version, status: before.status, plannedFen: before.planned_fen },
        after: { version: before.version, status, acceptedFen: accepted },
        detail: { planId: before.id, note, adjusted: accepted !== null && accepted !== before.planned_fen },
      });
      await this.outbox.add<FundUsePlanEventPayload>(em, {
        subject: req.decision === 'accept' ? FundUsePlanEventSubjects.FundUsePlanAccepted : FundUsePlanEventSubjects.FundUsePlanReturned,
        type: req.decision === 'accept' ? 'FundUsePlanAccepted' : 'FundUsePlanReturned',
        admdvs: county,
        aggregateId: before.id,
        payload: eventPayload(view),
      });
      return view;
    });
  }

  /** One plan with every version and review; another region's is NOT_FOUND. */
  async get(req: FundUsePlanKeyRequest): Promise<FundUsePlanView> {
    const actor = currentActor();
    requireRole(actor, READERS, 'read fund-use plans');
    const { county } = this.county(req.county);
    const key = planKey({ county, period: req.period, insutype: req.insutype });
    if (!canSee(actor, county)) throw new NotFoundError('fund-use plan', key);
    const em = this.orm.em.fork();
    const row = await this.row(em, county, req.period, req.insutype);
    if (!row) throw new NotFoundError('fund-use plan', key);
    const versions = await em.execute<
      { version: number; planned_fen: string; basis: string; submitted_by: string; submitted_at: Date; recent_use: RecentFundUseView }[]
    >(
      `select version, planned_fen::text as planned_fen, basis, submitted_by, submitted_at, recent_use from fund.fund_use_plan_version where plan_id = ? order by version`,
      [row.id],
    );
    const reviews = await em.execute<
      { version: number; decision: 'accept' | 'return'; accepted_fen: string | null; note: string | null; reviewed_by: string; reviewed_at: Date }[]
    >(
      `select version, decision, accepted_fen::text as accepted_fen, note, reviewed_by, reviewed_at from fund.fund_use_plan_review where plan_id = ? order by version`,
      [row.id],
    );
    return {
      ...toView(row),
      versions: versions.map((v): FundUsePlanVersionView => ({
        version: v.version,
        plannedFen: v.planned_fen,
        basis: v.basis,
        submittedBy: v.submitted_by,
        submittedAt: iso(v.submitted_at) ?? '',
        recentUse: v.recent_use,
      })),
      reviews: reviews.map((r): FundUsePlanReviewView => ({
        version: r.version,
        decision: r.decision,
        acceptedFen: r.accepted_fen,
        note: r.note,
        reviewedBy: r.reviewed_by,
        reviewedAt: iso(r.reviewed_at) ?? '',
      })),
    };
  }

  /** A month's plans of a city (its counties) or of one county, with what a request would include now and the requests approved. */
  async list(req: ListFundUsePlansRequest): Promise<FundUsePlanMonthView> {
    const actor = currentActor();
    requireRole(actor, READERS, 'read fund-use plans');
    const region = Admdvs.parse(req.admdvs, 'admdvs');
    if (region.level === 'province') throw new ValidationError('admdvs', 'must be a city or a county: plans are kept per county and pooled per city');
    if (!canSee(actor, region.code)) throw new NotFoundError('region', region.code);
    const city = region.poolingRegion().code;
    const em = this.orm.em.fork();
    const rows = await em.execute<PlanRow[]>(
      `select ${PLAN_COLUMNS} from ${PLAN_FROM} where p.city = ? and p.period = ? and p.insutype = ? ${region.level === 'county' ? 'and p.county = ?' : ''} order by p.county`,
      region.level === 'county' ? [city, req.period, req.insutype, region.code] : [city, req.period, req.insutype],
    );
    const plans = rows.map(toView);
    const counts = Object.fromEntries(FUND_USE_PLAN_STATUSES.map((s) => [s, plans.filter((p) => p.status === s).length])) as Record<FundUsePlanStatus, number>;
    const included = [...new Set(plans.map((p) => p.disbursementRequestId).filter((id): id is string => id !== null))];
    const requests = await em.execute<
      {
        id: string;
        seq: number;
        approval_id: string;
        plans: number;
        planned_fen: string;
        total_fen: string;
        digest: string;
        proposed_by: string;
        approved_by: string;
        approved_at: Date;
      }[]
    >(
      `select id::text as id, seq, approval_id::text as approval_id, plans, planned_fen::text as planned_fen, total_fen::text as total_fen, digest,
              proposed_by, approved_by, approved_at
       from fund.disbursement_request where city = ? and period = ? and insutype = ? ${region.level === 'county' ? 'and id = any(?::uuid[])' : ''} order by seq`,
      region.level === 'county' ? [city, req.period, req.insutype, pgArray(included)] : [city, req.period, req.insutype],
    );
    return {
      admdvs: region.code,
      period: req.period,
      insutype: req.insutype,
      plans,
      counts,
      pending: region.level === 'city' ? await this.summary(em, city, req.period, req.insutype, false).then((s) => s.summary) : null,
      requests: requests.map((r): DisbursementRequestView => ({
        id: r.id,
        city,
        period: req.period,
        insutype: req.insutype,
        seq: r.seq,
        approvalId: r.approval_id,
        plans: r.plans,
        plannedFen: r.planned_fen,
        totalFen: r.total_fen,
        digest: r.digest,
        proposedBy: r.proposed_by,
        approvedBy: r.approved_by,
        approvedAt: iso(r.approved_at) ?? '',
      })),
    };
  }

  /** 拨款申请 (maker): a summary of the month's accepted plans not yet requested, approved by a different city officer. */
  async proposeDisbursement(req: ProposeDisbursementRequest): Promise<ApprovalView<DisbursementRequestProposal>> {
    const actor = currentActor();
    requireRole(actor, ['city-officer'], 'propose a disbursement request');
    const city = poolingRegion(req.admdvs, 'disbursement requests');
    if (!canSee(actor, city)) throw new NotFoundError('pooling region', city);
    const { summary } = await this.summary(this.orm.em.fork(), city, req.period, req.insutype, false);
    if (summary.plans === 0) {
      throw new ConflictError(
        'FUND.NO_ACCEPTED_PLANS',
        `period: ${monthKey(summary)} has no accepted fund-use plans that are not yet in a disbursement request (${summary.notAccepted} awaiting review or resubmission)`,
        { field: 'period', reason: 'nothing to request', notAccepted: summary.notAccepted },
      );
    }
    return this.approvals.propose<DisbursementRequestProposal>({
      action: DISBURSEMENT_REQUEST_ACTION,
      targetType: 'disbursement-request',
      targetId: monthKey(summary),
      admdvs: city,
      payload: { summary, reason: req.reason },
      reason: req.reason,
    });
  }

  /**
   * In the approval's transaction: the accepted plans, locked, must give the proposal's digest (else
   * `FUND.DISBURSEMENT_PLANS_CHANGED`); then the request is recorded, its plans marked INCLUDED,
   * audited and `DisbursementRequestApproved` emitted. No ledger entry (see the class note).
   */
  private async apply(
    em: EntityManager,
    p: DisbursementRequestProposal,
    approval: ApprovalView<DisbursementRequestProposal>,
  ): Promise<DisbursementRequestApprovedPayload> {
    const { city, period, insutype } = p.summary;
    await em.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`fund.disbursement-request/${monthKey(p.summary)}`]);
    const { summary, plans } = await this.summary(em, city, period, insutype, true);
    if (summary.digest !== p.summary.digest || summary.plans === 0) {
      throw new ConflictError(
        'FUND.DISBURSEMENT_PLANS_CHANGED',
        `the accepted fund-use plans of ${monthKey(p.summary)} changed since the proposal (${p.summary.plans} plan(s), ${Money.fromFen(BigInt(p.summary.totalFen)).format()} proposed; ${summary.plans} plan(s), ${Money.fromFen(BigInt(summary.totalFen)).format()} now): withdraw it and propose again`,
        { field: 'period', reason: 'a plan was accepted or included since the proposal', proposed: p.summary.digest, now: summary.digest },
      );
    }
    const id = newUuidV7();
    const decidedBy = approval.decidedBy?.id ?? '';
    const [{ seq }] = await em.execute<{ seq: number }[]>(
      `select coalesce(max(seq), 0) + 1 as seq from fund.disbursement_request where city = ? and period = ? and insutype = ?`,
      [city, period, insutype],
    );
    const approvedAt = this.clock.now();
    await em.execute(
      `insert into fund.disbursement_request (id, city, period, insutype, seq, approval_id, plans, planned_fen, total_fen, digest, reason, proposed_by, approved_by, approved_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        city,
        period,
        insutype,
        seq,
        approval.id,
        summary.plans,
        summary.plannedFen,
        summary.totalFen,
        summary.digest,
        p.reason,
        approval.proposedBy.id,
        decidedBy,
        approvedAt,
      ],
    );
    const marked = await em.execute<{ id: string }[]>(
      `update fund.fund_use_plan set status = 'INCLUDED', disbursement_id = ? where id = any(?::uuid[]) and status = 'ACCEPTED' returning id::text as id`,
      [id, pgArray(plans.map((x) => x.id))],
    );
    if (marked.length !== plans.length) {
      // The rows are locked above, so this is a bug, not a race: stop rather than request a partial month.
      throw new ConflictError('FUND.DISBURSEMENT_PLANS_CHANGED', `${plans.length - marked.length} plan(s) of ${monthKey(p.summary)} could not be included`, {
        field: 'period',
      });
    }
    const result: DisbursementRequestApprovedPayload = {
      requestId: id,
      approvalId: approval.id,
      city,
      period,
      insutype,
      seq: Number(seq),
      plans: summary.plans,
      totalFen: summary.totalFen,
      digest: summary.digest,
      approvedBy: decidedBy,
    };
    await this.audit.record(em, {
      action: 'fund.disbursement-request.approved',
      targetType: 'disbursement-request',
      targetId: monthKey(p.summary),
      admdvs: city,
      after: { ...result },
      detail: {
        proposedBy: approval.proposedBy.id,
        reason: p.reason,
        plannedFen: summary.plannedFen,
        adjusted: summary.adjusted,
        counties: plans.map((x) => x.county),
        ledger: 'no entry: a request to the finance bureau moves no money; payments post when made',
      },
    });
    await this.outbox.add<DisbursementRequestApprovedPayload>(em, {
      subject: FundUsePlanEventSubjects.DisbursementRequestApproved,
      type: 'DisbursementRequestApproved',
      admdvs: city,
      aggregateId: id,
      payload: result,
    });
    return result;
  }

  /** The accepted plans of a month not yet included (locked when `lock`), summarised with their digest. */
  private async summary(
    em: EntityManager,
    city: string,
    period: string,
    insutype: string,
    lock: boolean,
  ): Promise<{ summary: DisbursementSummaryView; plans: IncludedPlan[] }> {
    const rows = await em.execute<{ id: string; county: string; version: number; planned_fen: string; accepted_fen: string }[]>(
      `select id::text as id, county, version, planned_fen::text as planned_fen, accepted_fen::text as accepted_fen from fund.fund_use_plan
       where city = ? and period = ? and insutype = ? and status = 'ACCEPTED' order by county ${lock ? 'for update' : ''}`,
      [city, period, insutype],
    );
    const [{ n }] = await em.execute<{ n: number }[]>(
      `select count(*)::int as n from fund.fund_use_plan where city = ? and period = ? and insutype = ? and status in ('SUBMITTED', 'RETURNED')`,
      [city, period, insutype],
    );
    const plans = rows.map((r): IncludedPlan => ({ id: r.id, county: r.county, version: r.version, plannedFen: r.planned_fen, acceptedFen: r.accepted_fen }));
    const sum = (f: (x: IncludedPlan) => string) => plans.reduce((s, x) => s + BigInt(f(x)), 0n).toString();
    return {
      plans,
      summary: {
        city,
        period,
        insutype,
        plans: plans.length,
        plannedFen: sum((x) => x.plannedFen),
        totalFen: sum((x) => x.acceptedFen),
        adjusted: plans.filter((x) => x.acceptedFen !== x.plannedFen).length,
        notAccepted: Number(n),
        digest: plansDigest(plans),
      },
    };
  }

  /** The county's institutions' net fund use in the last ended months, from the ledger (as the year-end county rule counts it). */
  private async recentUse(em: EntityManager, city: string, county: string, insutype: string, today: string, planned: bigint): Promise<RecentFundUseView> {
    const months = lastEndedMonths(today);
    const rows = await em.execute<{ period: string; used: string }[]>(
      `select e.period, sum(l.credit_fen - l.debit_fen)::text as used
       from fund.journal_line l join fund.journal_entry e on e.id = l.entry_id join fund.account a on a.code = l.account_code
       where e.admdvs = ? and e.period between ? and ? and e.cause_type in ('claim-settled', 'deduction', 'indicator-deduction', 'case-payment')
         and a.kind = 'liability' and a.insutype = ? and substr(a.institution_code, 2, 6) = ?
       group by e.period`,
      [city, months[0], months[months.length - 1], insutype, county],
    );
    const used = new Map(rows.map((r) => [r.period, BigInt(r.used)]));
    return recentFundUse(
      months,
      months.map((m) => used.get(m) ?? 0n),
      planned,
    );
  }

  /**
   * A county takes part in the city's pooling for a year and insurance type once the city has handed
   * down its annual plan (下达年度收支计划, `fund.county_income_plan`); the fund knows no other county.
   */
  private async assertKnownCounty(em: EntityManager, county: string, period: string, insutype: string): Promise<void> {
    const year = Number(period.slice(0, 4));
    const [known] = await em.execute<{ one: number }[]>(`select 1 as one from fund.county_income_plan where county = ? and year = ? and insutype = ?`, [
      county,
      year,
      insutype,
    ]);
    if (!known) {
      throw new DomainError(
        'FUND.UNKNOWN_COUNTY',
        `county: ${county} has no ${year} annual plan for ${insutype} from the city; the city sets it first (PUT /api/v1/fund/county-plans)`,
        { field: 'county', reason: 'not in the city pooling for the year and insurance type', county, year, insutype },
      );
    }
  }

  private async row(em: EntityManager, county: string, period: string, insutype: string): Promise<PlanRow | undefined> {
    const [row] = await em.execute<PlanRow[]>(`select ${PLAN_COLUMNS} from ${PLAN_FROM} where p.county = ? and p.period = ? and p.insutype = ?`, [
      county,
      period,
      insutype,
    ]);
    return row;
  }

  /** Submissions and reviews of one plan never interleave (also the first submission, before any row exists). */
  private async lockPlan(em: EntityManager, key: string): Promise<void> {
    await em.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`fund.fund-use-plan/${key}`]);
  }

  private county(code: string): { county: string; city: string } {
    const a = Admdvs.parse(code, 'county');
    if (a.level !== 'county') throw new ValidationError('county', 'must be a county-level region code');
    return { county: a.code, city: a.poolingRegion().code };
  }

  private today(): string {
    return LocalDate.fromInstant(this.clock.now(), 'now').toString();
  }
}
