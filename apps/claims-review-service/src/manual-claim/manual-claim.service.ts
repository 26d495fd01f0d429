import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  type ApprovalView,
  type ConcludeManualClaimRequest,
  type InvestigationMethod,
  type ListManualClaimsRequest,
  MANUAL_CLAIM_ACTION,
  MANUAL_CLAIM_CONCLUDED_SUBJECT,
  MANUAL_CLAIM_OVERDUE_SUBJECT,
  type ManualClaimConcludedPayload,
  type ManualClaimPageView,
  type ManualClaimStatus,
  type ManualClaimView,
  type RecordInvestigationRequest,
  type ReferManualClaimRequest,
  type RegisterManualClaimRequest,
} from '@mi/contracts';
import { Admdvs, type Clock, ConflictError, defaultCalendar, LocalDate, Money, NotFoundError, scopeFilter, ValidationError } from '@mi/domain';
import { ApprovalService, AuditService, canSee, CLOCK, currentActor, newUuidV7, OutboxService, requireRole, requireScope, SERVICE_CONFIG } from '@mi/platform';
import { deadlineAfter, workingDaysLeft } from '../case/case-policy';
import type { ClaimsReviewConfig } from '../config';

/** 费用审核科 (counter staff and reviewers) register and investigate; the centre's head (city officer) approves conclusions. */
const STAFF_ROLES = ['reviewer', 'city-officer', 'county-officer'] as const;
const VIEWER_ROLES = ['reviewer', 'city-officer', 'county-officer', 'province-admin', 'auditor'] as const;

interface ClaimRow {
  id: string;
  claim_no: string;
  poolarea: string;
  admdvs: string;
  psn_no: string;
  insutype: string;
  institution_name: string;
  institution_code: string | null;
  begndate: string;
  enddate: string;
  medfee_sumamt_fen: string;
  invoices: { invoiceNo: string; amountFen: string }[];
  route: 'WORKING_GROUP' | 'COUNTER';
  status: ManualClaimStatus;
  group_reason: string | null;
  received_on: string;
  due_on: string | null;
  conclusion: string | null;
  approval_id: string | null;
  registered_by: string;
}

const COLUMNS = `id::text as id, claim_no, poolarea, admdvs, psn_no, insutype, institution_name, institution_code, begndate::text as begndate, enddate::text as enddate,
  medfee_sumamt_fen::text as medfee_sumamt_fen, invoices, route, status, group_reason, received_on::text as received_on, due_on::text as due_on, conclusion,
  approval_id::text as approval_id, registered_by`;

interface ConclusionPayload {
  claimId: string;
  outcome: 'APPROVE' | 'REJECT';
  conclusion: string;
}

/**
 * 大额医疗费用手工报销审核 — the working group's files. A claim at or above the threshold (50,000
 * yuan by default) is routed to the group on registration with a 10-working-day deadline; a smaller
 * doubtful one is referred by a reviewer. The group records each investigation step (letters,
 * calls, on-site checks, its meeting); its conclusion needs at least one record and takes effect
 * only when a city officer other than the proposer approves it (报中心主任批准). Overdue files are
 * flagged once (`ManualClaimOverdue`).
 */
@Injectable()
export class ManualClaimService implements OnModuleInit {
  constructor(
    private readonly orm: MikroORM,
    private readonly approvals: ApprovalService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: ClaimsReviewConfig,
  ) {}

  onModuleInit(): void {
    this.approvals.register<ConclusionPayload, ManualClaimView>(MANUAL_CLAIM_ACTION, {
      requiredRoles: ['city-officer'],
      describe: (p) => `${p.outcome === 'APPROVE' ? '同意报销' : '不予报销'} manual claim ${p.claimId}`,
      apply: (em, p, approval) => this.decide(em, p, approval),
    });
  }

  async register(req: RegisterManualClaimRequest): Promise<ManualClaimView> {
    const actor = currentActor();
    requireRole(actor, [...STAFF_ROLES], 'register a manual reimbursement claim');
    const admdvs = Admdvs.parse(req.admdvs, 'admdvs');
    requireScope(actor, admdvs.code, `manual claims of ${admdvs.code}`);
    const begn = LocalDate.parse(req.begndate, 'begndate');
    const end = LocalDate.parse(req.enddate, 'enddate');
    if (end.isBefore(begn)) throw new ValidationError('enddate', 'must not be before begndate');
    const now = this.clock.now();
    const today = LocalDate.fromInstant(now);
    if (end.isAfter(today)) throw new ValidationError('enddate', 'must not be in the future');
    const total = BigInt(req.medfeeSumamtFen);
    const invoiced = req.invoices.reduce((n, i) => n + BigInt(i.amountFen), 0n);
    if (invoiced !== total)
      throw new ValidationError(
        'medfeeSumamtFen',
        `${Money.fromFen(total).format()} differs from the invoices' sum ${Money.fromFen(invoiced).format()}; each invoice is counted once`,
      );
    const numbers = req.invoices.map((i) => i.invoiceNo);
    const twice = numbers.find((n, i) => numbers.indexOf(n) !== i);
    if (twice) throw new ValidationError('invoices', `invoice ${twice} is listed twice`);
    const toGroup = total >= BigInt(this.config.MANUAL_CLAIM_GROUP_THRESHOLD_FEN);
    const id = newUuidV7();
    await this.orm.em.fork().transactional(async (em) => {
      const [dup] = await em.execute<{ claim_no: string }[]>(
        `select m.claim_no from review.manual_claim m, jsonb_array_elements(m.invoices) e where m.poolarea = ? and e->>'invoiceNo' in (?) limit 1`,
        [admdvs.poolingRegion().code, numbers],
      );
      if (dup)
        throw new ConflictError('REVIEW.INVOICE_ALREADY_CLAIMED', `an invoice of this claim is already in manual claim ${dup.claim_no}`, {
          field: 'invoices',
          reason: 'invoice already claimed',
        });
      await em.execute(
        `insert into review.manual_claim (id, claim_no, poolarea, admdvs, psn_no, insutype, institution_name, institution_code, begndate, enddate, medfee_sumamt_fen,
           invoices, route, status, received_on, group_started_on, due_on, registered_by, created_at)
         values (?, 'MC' || ? || lpad(nextval('review.manual_claim_no_seq')::text, 8, '0'), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          id,
          String(today.year),
          admdvs.poolingRegion().code,
          admdvs.code,
          req.psnNo,
          req.insutype,
          req.institutionName,
          req.institutionCode ?? null,
          begn.toString(),
          end.toString(),
          total.toString(),
          JSON.stringify(req.invoices.map((i) => ({ invoiceNo: i.invoiceNo, amountFen: i.amountFen }))),
          toGroup ? 'WORKING_GROUP' : 'COUNTER',
          toGroup ? 'INVESTIGATING' : 'UNDER_REVIEW',
          today.toString(),
          toGroup ? today.toString() : null,
          toGroup ? this.groupDeadline(today) : null,
          actor.username,
          now,
        ],
      );
      await this.audit.record(em, {
        action: 'review.manual-claim.register',
        targetType: 'manual-claim',
        targetId: id,
        admdvs: admdvs.code,
        after: { medfeeSumamtFen: total.toString(), route: toGroup ? 'WORKING_GROUP' : 'COUNTER' },
      });
    });
    return this.get(id);
  }

  /** A claim under the threshold whose invoices or facts are doubtful goes to the group too. */
  async refer(req: ReferManualClaimRequest): Promise<ManualClaimView> {
    const actor = currentActor();
    requireRole(actor, [...STAFF_ROLES], 'refer a manual claim to the working group');
    const today = LocalDate.fromInstant(this.clock.now());
    await this.orm.em.fork().transactional(async (em) => {
      const c = await this.visible(em, req.claimId, true);
      if (c.status !== 'UNDER_REVIEW')
        throw new ConflictError('REVIEW.MANUAL_CLAIM_STATUS', `manual claim ${c.claim_no} is ${c.status}; only a claim under counter review can be referred`, {
          field: 'claimId',
          reason: `status ${c.status}`,
        });
      await em.execute(
        `update review.manual_claim set route = 'WORKING_GROUP', status = 'INVESTIGATING', group_reason = ?, group_started_on = ?, due_on = ? where id = ?`,
        [req.reason, today.toString(), this.groupDeadline(today), c.id],
      );
      await this.audit.record(em, {
        action: 'review.manual-claim.refer',
        targetType: 'manual-claim',
        targetId: c.id,
        admdvs: c.admdvs,
        detail: { reason: req.reason },
      });
    });
    return this.get(req.claimId);
  }

  /** 一案一档 — one step of the investigation into the file. */
  async record(req: RecordInvestigationRequest): Promise<ManualClaimView> {
    const actor = currentActor();
    requireRole(actor, [...STAFF_ROLES], 'record an investigation step');
    const now = this.clock.now();
    await this.orm.em.fork().transactional(async (em) => {
      const c = await this.visible(em, req.claimId, true);
      this.requireInvestigating(c);
      await em.execute(
        `insert into review.manual_claim_record (claim_id, seq, method, note, recorded_by, at)
         select ?, coalesce(max(seq), 0) + 1, ?, ?, ?, ? from review.manual_claim_record where claim_id = ?`,
        [c.id, req.method, req.note, actor.username, now, c.id],
      );
      await this.audit.record(em, {
        action: 'review.manual-claim.record',
        targetType: 'manual-claim',
        targetId: c.id,
        admdvs: c.admdvs,
        detail: { method: req.method },
      });
    });
    return this.get(req.claimId);
  }

  /** The group's conclusion, proposed for the head's approval. */
  async conclude(req: ConcludeManualClaimRequest): Promise<ApprovalView> {
    const actor = currentActor();
    requireRole(actor, [...STAFF_ROLES], 'propose the working group’s conclusion');
    const em = this.orm.em.fork();
    const c = await this.visible(em, req.claimId, false);
    this.requireInvestigating(c);
    const [{ n }] = await em.execute<{ n: number }[]>(`select count(*)::int as n from review.manual_claim_record where claim_id = ?`, [c.id]);
    if (n === 0)
      throw new ConflictError('REVIEW.MANUAL_CLAIM_NO_RECORD', `manual claim ${c.claim_no} has no investigation record; one case, one file (一案一档)`, {
        field: 'claimId',
        reason: 'no investigation recorded',
      });
    return this.approvals.propose<ConclusionPayload>({
      action: MANUAL_CLAIM_ACTION,
      targetType: 'manual-claim',
      targetId: c.id,
      admdvs: c.admdvs,
      payload: { claimId: c.id, outcome: req.outcome, conclusion: req.conclusion },
      reason: req.conclusion,
    });
  }

  async list(req: ListManualClaimsRequest): Promise<ManualClaimPageView> {
    const actor = currentActor();
    if (actor?.kind !== 'system') requireRole(actor, [...VIEWER_ROLES], 'view manual claims');
    const where: string[] = [];
    const params: unknown[] = [];
    if (!(actor.kind === 'system' && actor.scope === '')) {
      where.push('admdvs like ?');
      params.push(`${scopeFilter(actor.scope).prefix}%`);
    }
    if (req.status) {
      where.push('status = ?');
      params.push(req.status);
    }
    if (req.overdue) {
      where.push(`status = 'INVESTIGATING' and due_on < ?::date`);
      params.push(LocalDate.fromInstant(this.clock.now()).toString());
    }
    const clause = where.length > 0 ? `where ${where.join(' and ')}` : '';
    const page = req.page ?? 1;
    const pageSize = req.pageSize ?? 50;
    const em = this.orm.em.fork();
    const [{ total }] = await em.execute<{ total: number }[]>(`select count(*)::int as total from review.manual_claim ${clause}`, params);
    const rows = await em.execute<ClaimRow[]>(
      `select ${COLUMNS} from review.manual_claim ${clause} order by (status in ('APPROVED', 'REJECTED')), due_on nulls last, created_at, id limit ? offset ?`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { items: rows.map((r) => this.view(r, [])), total, page, pageSize };
  }

  async get(claimId: string): Promise<ManualClaimView> {
    const actor = currentActor();
    if (actor?.kind !== 'system') requireRole(actor, [...VIEWER_ROLES], 'view a manual claim');
    const em = this.orm.em.fork();
    const c = await this.visible(em, claimId, false);
    const records = await em.execute<{ seq: number; method: InvestigationMethod; note: string; recorded_by: string; at: Date }[]>(
      `select seq, method, note, recorded_by, at from review.manual_claim_record where claim_id = ? order by seq`,
      [c.id],
    );
    return this.view(c, records);
  }

  /** Files past their 10 working days, flagged once each (sweeper). */
  async flagOverdue(limit = 200): Promise<number> {
    const today = LocalDate.fromInstant(this.clock.now());
    return this.orm.em.fork().transactional(async (em) => {
      const rows = await em.execute<{ id: string; claim_no: string; admdvs: string; due_on: string }[]>(
        `select id::text as id, claim_no, admdvs, due_on::text as due_on from review.manual_claim
          where status = 'INVESTIGATING' and due_on < ?::date and not overdue_flagged order by due_on, id limit ? for update skip locked`,
        [today.toString(), limit],
      );
      for (const r of rows) {
        await em.execute(`update review.manual_claim set overdue_flagged = true where id = ?`, [r.id]);
        await this.outbox.add(em, {
          subject: MANUAL_CLAIM_OVERDUE_SUBJECT,
          type: 'ManualClaimOverdue',
          admdvs: r.admdvs,
          aggregateId: r.id,
          payload: { claimId: r.id, claimNo: r.claim_no, dueOn: r.due_on },
        });
        await this.audit.record(em, {
          action: 'review.manual-claim.overdue',
          targetType: 'manual-claim',
          targetId: r.id,
          admdvs: r.admdvs,
          detail: { dueOn: r.due_on },
        });
      }
      return rows.length;
    });
  }

  private async decide(em: EntityManager, p: ConclusionPayload, approval: ApprovalView<ConclusionPayload>): Promise<ManualClaimView> {
    const c = await this.visible(em, p.claimId, true);
    this.requireInvestigating(c);
    const now = this.clock.now();
    const status: ManualClaimStatus = p.outcome === 'APPROVE' ? 'APPROVED' : 'REJECTED';
    await em.execute(`update review.manual_claim set status = ?, conclusion = ?, approval_id = ?, decided_at = ? where id = ?`, [
      status,
      p.conclusion,
      approval.id,
      now,
      c.id,
    ]);
    await this.outbox.add<ManualClaimConcludedPayload>(em, {
      subject: MANUAL_CLAIM_CONCLUDED_SUBJECT,
      type: 'ManualClaimConcluded',
      admdvs: c.admdvs,
      aggregateId: c.id,
      payload: {
        claimId: c.id,
        claimNo: c.claim_no,
        poolarea: c.poolarea,
        psnNo: c.psn_no,
        outcome: p.outcome,
        medfeeSumamtFen: c.medfee_sumamt_fen,
        concludedOn: LocalDate.fromInstant(now).toString(),
      },
    });
    await this.audit.record(em, {
      action: MANUAL_CLAIM_ACTION,
      targetType: 'manual-claim',
      targetId: c.id,
      admdvs: c.admdvs,
      before: { status: c.status },
      after: { status, approvalId: approval.id },
    });
    return this.view({ ...c, status, conclusion: p.conclusion, approval_id: approval.id }, []);
  }

  private requireInvestigating(c: ClaimRow): void {
    if (c.status !== 'INVESTIGATING')
      throw new ConflictError('REVIEW.MANUAL_CLAIM_STATUS', `manual claim ${c.claim_no} is ${c.status}, not with the working group`, {
        field: 'claimId',
        reason: `status ${c.status}`,
      });
  }

  private groupDeadline(from: LocalDate): string | null {
    return deadlineAfter(defaultCalendar(), from, this.config.MANUAL_CLAIM_GROUP_DAYS)?.toString() ?? null;
  }

  private async visible(em: EntityManager, id: string, lock: boolean): Promise<ClaimRow> {
    const [c] = await em.execute<ClaimRow[]>(`select ${COLUMNS} from review.manual_claim where id = ?${lock ? ' for update' : ''}`, [id]);
    if (!c || !canSee(currentActor(), c.admdvs)) throw new NotFoundError('manual claim', id);
    return c;
  }

  private view(c: ClaimRow, records: { seq: number; method: InvestigationMethod; note: string; recorded_by: string; at: Date }[]): ManualClaimView {
    const today = LocalDate.fromInstant(this.clock.now());
    const due = c.due_on === null ? null : LocalDate.parse(c.due_on);
    const open = c.status === 'INVESTIGATING';
    return {
      id: c.id,
      claimNo: c.claim_no,
      poolarea: c.poolarea,
      admdvs: c.admdvs,
      psnNo: c.psn_no,
      insutype: c.insutype,
      institutionName: c.institution_name,
      institutionCode: c.institution_code,
      begndate: c.begndate,
      enddate: c.enddate,
      medfeeSumamtFen: c.medfee_sumamt_fen,
      invoices: c.invoices,
      route: c.route,
      status: c.status,
      groupReason: c.group_reason,
      receivedOn: c.received_on,
      dueOn: c.due_on,
      workingDaysLeft: open ? workingDaysLeft(defaultCalendar(), today, due) : null,
      overdue: open && due !== null && today.isAfter(due),
      conclusion: c.conclusion,
      approvalId: c.approval_id,
      registeredBy: c.registered_by,
      records: records.map((r) => ({ seq: r.seq, method: r.method, note: r.note, recordedBy: r.recorded_by, at: new Date(r.at).toISOString() })),
    };
  }
}
