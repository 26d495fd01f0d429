import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  APPEAL_MAX_ATTACHMENT_BYTES,
  type AppealCaseRequest,
  type AssignCasesRequest,
  type AttachmentContentView,
  CASE_OVERDUE_SUBJECT,
  CASE_STAGE_LABELS,
  type CaseActionReply,
  type CaseActionRequest,
  type CaseDetailView,
  type CaseOrigin,
  type CaseOutcome,
  type CasePageView,
  type CaseStage,
  type CaseSummaryView,
  type ListCasesRequest,
  type RulePrecisionRequest,
  type RulePrecisionView,
  VIOLATION_CONFIRMED_SUBJECT,
  type ViolationConfirmedPayload,
} from '@mi/contracts';
import {
  Admdvs,
  type Clock,
  ConflictError,
  defaultCalendar,
  DomainError,
  LocalDate,
  NotFoundError,
  scopeFilter,
  ValidationError,
  type WorkingDayCalendar,
} from '@mi/domain';
import { type Actor, AuditService, canSee, CLOCK, currentActor, newUuidV7, OutboxService, requireRole, requireScope, SERVICE_CONFIG } from '@mi/platform';
import type { ClaimsReviewConfig } from '../config';
import { type CaseTransition, type StageDays, stageDeadline, transitionOf, workingDaysLeft } from './case-policy';

/** Who works cases (审核人员) and who may look at them. */
const WORKER_ROLES = ['reviewer', 'city-officer'] as const;
const VIEWER_ROLES = ['reviewer', 'city-officer', 'county-officer', 'province-admin', 'auditor'] as const;

export interface CaseRow {
  id: string;
  case_no: string;
  settlement_id: string;
  setl_id: string;
  fixmedins_code: string;
  admdvs: string;
  poolarea: string;
  origin: CaseOrigin;
  stage: CaseStage;
  outcome: CaseOutcome | null;
  amount_fen: string;
  confirmed_findings: string[] | null;
  findings: number;
  assignee: string | null;
  escalated_by: string | null;
  stage_started_on: string;
  due_on: string | null;
  overdue_stage: string | null;
  deduction_id: string | null;
  opened_at: Date;
  closed_at: Date | null;
}

const CASE_COLUMNS = `c.id::text as id, c.case_no, c.settlement_id::text as settlement_id, c.setl_id, c.fixmedins_code, c.admdvs, c.poolarea, c.origin, c.stage,
  c.outcome, c.amount_fen::text as amount_fen, c.confirmed_findings, (select count(*)::int from review.finding f where f.settlement_id = c.settlement_id) as findings,
  c.assignee, c.escalated_by, c.stage_started_on::text as stage_started_on, c.due_on::text as due_on, c.overdue_stage, c.deduction_id::text as deduction_id,
  c.opened_at, c.closed_at`;

/** A settlement the initial review flagged, or that a sample drew, for which a case is opened. */
export interface CaseToOpen {
  settlementId: string;
  setlId: string;
  institutionCode: string;
  admdvs: string;
  poolarea: string;
  amountFen: bigint;
}

function actorName(actor: Actor | undefined): string {
  if (!actor) return 'unknown';
  if (actor.kind === 'user') return actor.username;
  if (actor.kind === 'his') return `his:${actor.institutionCode}`;
  return `system:${actor.id}`;
}

/**
 * 审核案件 — the reviewer's side of claims review. Every settlement the 100 % initial review flags
 * opens a case at 初审 (in the intake transaction); every settlement drawn into the re-review
 * sample opens one at 复审. Reviewers move cases stage by stage — one case or many at once, all or
 * nothing — each stage with a deadline in working days from the holiday calendar; the institution
 * appeals within its window; a deduction proposed from 处理 and approved by a second person closes
 * the case (see DeductionService). Closing a case records, per finding, whether the violation was
 * confirmed or overturned (and whether on appeal) — the rules' precision statistics.
 */
@Injectable()
export class CaseService {
  /** Read at each use: an operator may have installed next year's holidays at boot. */
  private get calendar(): WorkingDayCalendar {
    return defaultCalendar();
  }

  constructor(
    private readonly orm: MikroORM,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: ClaimsReviewConfig,
  ) {}

  get stageDays(): StageDays {
    const c = this.config;
    return {
      INITIAL: c.CASE_DAYS_INITIAL,
      RE_REVIEW: c.CASE_DAYS_RE_REVIEW,
      APPEAL: c.CASE_DAYS_APPEAL,
      VERIFY: c.CASE_DAYS_VERIFY,
      DISPOSAL: c.CASE_DAYS_DISPOSAL,
    };
  }

  today(): LocalDate {
    return LocalDate.fromInstant(this.clock.now());
  }

  deadline(from: LocalDate, stage: CaseStage): string | null {
    return stageDeadline(this.calendar, from, stage, this.stageDays)?.toString() ?? null;
  }

  /**
   * Opens cases inside the caller's transaction (intake, sample draw); a settlement that already
   * has an open case keeps it. Returns how many were opened.
   */
  async open(em: EntityManager, cases: CaseToOpen[], origin: CaseOrigin, now: Date): Promise<number> {
    if (cases.length === 0) return 0;
    const today = LocalDate.fromInstant(now);
    const stage: CaseStage = origin === 'FINDING' ? 'INITIAL' : 'RE_REVIEW';
    const due = this.deadline(today, stage);
    let opened = 0;
    for (let i = 0; i < cases.length; i += 500) {
      const chunk = cases.slice(i, i + 500);
      const rows = await em.execute<{ id: string }[]>(
        `insert into review.review_case (id, case_no, settlement_id, setl_id, fixmedins_code, admdvs, poolarea, origin, stage, amount_fen, stage_started_on, due_on, opened_at)
         select v.id::uuid, 'RC' || ? || lpad(nextval('review.case_no_seq')::text, 8, '0'), v.sid::uuid, v.setl_id, v.code, v.admdvs, v.poolarea, ?, ?, v.amount::bigint, ?::date, ?::date, ?
           from (values ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}) as v(id, sid, setl_id, code, admdvs, poolarea, amount)
         on conflict ("settlement_id") where "stage" <> 'CLOSED' do nothing
         returning id::text as id`,
        [
          String(today.year),
          origin,
          stage,
          today.toString(),
          due,
          now,
          ...chunk.flatMap((c) => [newUuidV7(), c.settlementId, c.setlId, c.institutionCode, c.admdvs, c.poolarea, c.amountFen.toString()]),
        ],
      );
      if (rows.length > 0)
        await em.execute(
          `insert into review.case_event (case_id, seq, action, from_stage, to_stage, actor, note, at)
           select id, 1, 'open', null, stage, 'system', ?, ? from review.review_case where id = any(?::uuid[])`,
          [origin === 'FINDING' ? '智能审核发现疑点' : '抽样复审', now, `{${rows.map((r) => r.id).join(',')}}`],
        );
      opened += rows.length;
    }
    return opened;
  }

  /** Opens cases for settlements by id (the re-review sample), with their findings' amounts. */
  async openFor(em: EntityManager, settlementIds: string[], origin: CaseOrigin, now: Date): Promise<number> {
    if (settlementIds.length === 0) return 0;
    const rows = await em.execute<{ id: string; setl_id: string; fixmedins_code: string; admdvs: string; poolarea: string; amount: string }[]>(
      `select s.id::text as id, s.setl_id, s.fixmedins_code, s.admdvs, s.poolarea,
              (select coalesce(sum(f.amount_fen), 0) from review.finding f where f.settlement_id = s.id)::text as amount
         from review.settlement s where s.id = any(?::uuid[]) and s.reversed_by is null order by s.id`,
      [`{${settlementIds.join(',')}}`],
    );
    return this.open(
      em,
      rows.map((r) => ({
        settlementId: r.id,
        setlId: r.setl_id,
        institutionCode: r.fixmedins_code,
        admdvs: r.admdvs,
        poolarea: r.poolarea,
        amountFen: BigInt(r.amount),
      })),
      origin,
      now,
    );
  }

  /** A reversed (冲正) settlement has nothing left to review: its open case closes as dismissed. */
  async closeForReversal(em: EntityManager, settlementIds: string[], now: Date): Promise<void> {
    if (settlementIds.length === 0) return;
    const closed = await em.execute<{ id: string; stage: CaseStage }[]>(
      `select id::text as id, stage from review.review_case where settlement_id = any(?::uuid[]) and stage <> 'CLOSED' for update`,
      [`{${settlementIds.join(',')}}`],
    );
    for (const c of closed) await this.move(em, c.id, c.stage, { to: 'CLOSED', outcome: 'DISMISSED', findings: 'none' }, '结算已冲正，案件关闭', 'system', now);
  }

  async list(req: ListCasesRequest): Promise<CasePageView> {
    const actor = currentActor();
    if (actor?.kind !== 'system' && actor?.kind !== 'his') requireRole(actor, [...VIEWER_ROLES], 'view review cases');
    const where: string[] = [];
    const params: unknown[] = [];
    if (actor.kind === 'his') {
      // An institution sees its own cases only.
      where.push(`c.fixmedins_code = ?`);
      params.push(actor.institutionCode);
    } else if (!(actor.kind === 'system' && actor.scope === '')) {
      where.push(`c.admdvs like ?`);
      params.push(`${scopeFilter(actor.scope).prefix}%`);
    }
    const filter = (sql: string, value: unknown): void => {
      where.push(sql);
      params.push(value);
    };
    if (req.stage) filter(`c.stage = ?`, req.stage);
    if (req.assignee) filter(`c.assignee = ?`, req.assignee);
    if (req.institutionCode) filter(`c.fixmedins_code = ?`, req.institutionCode);
    if (req.overdue) filter(`c.stage <> 'CLOSED' and c.due_on < ?::date`, this.today().toString());
    const clause = where.length > 0 ? `where ${where.join(' and ')}` : '';
    const pageSize = req.pageSize ?? 50;
    const page = req.page ?? 1;
    const em = this.orm.em.fork();
    const [{ total }] = await em.execute<{ total: number }[]>(`select count(*)::int as total from review.review_case c ${clause}`, params);
    const rows = await em.execute<CaseRow[]>(
      `select ${CASE_COLUMNS} from review.review_case c ${clause}
        order by (c.stage = 'CLOSED'), c.due_on nulls last, c.opened_at, c.id limit ? offset ?`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    const today = this.today();
    return { items: rows.map((r) => this.summary(r, today)), total, page, pageSize };
  }

  async get(caseId: string): Promise<CaseDetailView> {
    const actor = currentActor();
    if (actor?.kind !== 'system' && actor?.kind !== 'his') requireRole(actor, [...VIEWER_ROLES], 'view a review case');
    const em = this.orm.em.fork();
    const c = await this.visible(em, caseId, false);
    const [s] = await em.execute<
      {
        setl_id: string;
        mdtrt_id: string;
        psn_no: string;
        insutype: string;
        med_type: string;
        setl_date: string;
        medfee: string;
        hifp: string;
        main_diagnosis: string | null;
        mdtrt_cert_type: string | null;
        real_name_vrf_way: string | null;
      }[]
    >(
      `select setl_id, mdtrt_id, psn_no, insutype, med_type, setl_date::text as setl_date, medfee_sumamt_fen::text as medfee, hifp_pay_fen::text as hifp, main_diagnosis,
              mdtrt_cert_type, real_name_vrf_way
         from review.settlement where id = ?`,
      [c.settlement_id],
    );
    const findings = await em.execute<
      {
        id: string;
        rule_id: string;
        rule_version: number;
        rule_set: string;
        severity: string;
        amount_fen: string;
        vola_cont: string;
        vola_evid: string;
        facts: unknown;
        lines: { lineId: string }[];
        outcome: 'CONFIRMED' | 'OVERTURNED' | null;
      }[]
    >(
      `select id::text as id, rule_id, rule_version, rule_set, severity, amount_fen::text as amount_fen, vola_cont, vola_evid, facts, lines, outcome
         from review.finding where settlement_id = ? order by created_at, id`,
      [c.settlement_id],
    );
    const flagged = new Set(findings.flatMap((f) => f.lines.map((l) => l.lineId)));
    const lines = await em.execute<
      {
        feedetl_sn: string;
        hilist_code: string;
        hilist_name: string;
        list_type: string;
        cnt: string;
        pric_fen: string;
        amount_fen: string;
        service_date: string;
      }[]
    >(
      `select feedetl_sn, hilist_code, hilist_name, list_type, trim_scale(cnt)::text as cnt, pric_fen::text as pric_fen, amount_fen::text as amount_fen, service_date::text as service_date
         from review.settlement_line where settlement_id = ? order by feedetl_sn`,
      [c.settlement_id],
    );
    const events = await em.execute<
      { seq: number; action: string; from_stage: CaseStage | null; to_stage: CaseStage; actor: string; note: string | null; at: Date }[]
    >(`select seq, action, from_stage, to_stage, actor, note, at from review.case_event where case_id = ? order by seq`, [c.id]);
    const [appeal] = await em.execute<{ statement: string; submitted_by: string; submitted_at: Date }[]>(
      `select statement, submitted_by, submitted_at from review.case_appeal where case_id = ?`,
      [c.id],
    );
    const attachments = await em.execute<{ id: string; file_name: string; content_type: string; size_bytes: number; sha256: string }[]>(
      `select id::text as id, file_name, content_type, size_bytes, sha256 from review.case_attachment where case_id = ? order by file_name, id`,
      [c.id],
    );
    return {
      ...this.summary(c, this.today()),
      settlement: {
        setlId: s.setl_id,
        mdtrtId: s.mdtrt_id,
        psnNo: s.psn_no,
        insutype: s.insutype,
        medType: s.med_type,
        setlDate: s.setl_date,
        medfeeSumamtFen: s.medfee,
        hifpPayFen: s.hifp,
        mainDiagnosis: s.main_diagnosis,
        mdtrtCertType: s.mdtrt_cert_type,
        realNameVerification: s.real_name_vrf_way,
      },
      findingsDetail: findings.map((f) => ({
        id: f.id,
        ruleId: f.rule_id,
        ruleVersion: f.rule_version,
        ruleSet: f.rule_set,
        severity: f.severity,
        amountFen: f.amount_fen,
        volaCont: f.vola_cont,
        volaEvid: f.vola_evid,
        facts: f.facts,
        lineIds: f.lines.map((l) => l.lineId),
        outcome: f.outcome,
      })),
      lines: lines.map((l) => ({
        feedetlSn: l.feedetl_sn,
        hilistCode: l.hilist_code,
        hilistName: l.hilist_name,
        listType: l.list_type,
        cnt: l.cnt,
        pricFen: l.pric_fen,
        amountFen: l.amount_fen,
        serviceDate: l.service_date,
        flagged: flagged.has(l.feedetl_sn),
      })),
      events: events.map((e) => ({
        seq: e.seq,
        action: e.action,
        fromStage: e.from_stage,
        toStage: e.to_stage,
        actor: e.actor,
        note: e.note,
        at: new Date(e.at).toISOString(),
      })),
      appeal: appeal
        ? {
            statement: appeal.statement,
            submittedBy: appeal.submitted_by,
            submittedAt: new Date(appeal.submitted_at).toISOString(),
            attachments: attachments.map((a) => ({ id: a.id, fileName: a.file_name, contentType: a.content_type, sizeBytes: a.size_bytes, sha256: a.sha256 })),
          }
        : null,
      escalatedBy: c.escalated_by,
      deductionId: c.deduction_id,
    };
  }

  /** An appeal attachment's bytes, for whoever may see the case. */
  async attachment(caseId: string, attachmentId: string): Promise<AttachmentContentView> {
    const actor = currentActor();
    if (actor?.kind !== 'system' && actor?.kind !== 'his') requireRole(actor, [...VIEWER_ROLES], 'read an appeal attachment');
    const em = this.orm.em.fork();
    const c = await this.visible(em, caseId, false);
    const [a] = await em.execute<{ file_name: string; content_type: string; sha256: string; content: Buffer }[]>(
      `select file_name, content_type, sha256, content from review.case_attachment where case_id = ? and id = ?`,
      [c.id, attachmentId],
    );
    if (!a) throw new NotFoundError('attachment', attachmentId);
    return { fileName: a.file_name, contentType: a.content_type, sha256: a.sha256, contentBase64: Buffer.from(a.content).toString('base64') };
  }

  /** Assigns (or, with no assignee, releases) cases — all or none. */
  async assign(req: AssignCasesRequest): Promise<CaseActionReply> {
    const actor = currentActor();
    requireRole(actor, [...WORKER_ROLES], 'assign review cases');
    const now = this.clock.now();
    const ids = await this.orm.em.fork().transactional(async (em) => {
      const cases = await this.lockAll(em, req.caseIds);
      for (const [i, c] of cases.entries()) {
        if (c.stage === 'CLOSED')
          throw new ConflictError('REVIEW.CASE_CLOSED', `caseIds[${i}]: case ${c.case_no} is closed`, { field: `caseIds[${i}]`, reason: 'closed' });
      }
      for (const c of cases) {
        await em.execute(`update review.review_case set assignee = ? where id = ?`, [req.assignee ?? null, c.id]);
        await this.event(em, c.id, req.assignee ? 'assign' : 'release', c.stage, c.stage, actor.username, req.assignee ?? null, now);
        await this.audit.record(em, {
          action: 'review.case.assign',
          targetType: 'review-case',
          targetId: c.id,
          admdvs: c.admdvs,
          before: { assignee: c.assignee },
          after: { assignee: req.assignee ?? null },
        });
      }
      return cases.map((c) => c.id);
    });
    return { cases: await this.summaries(ids) };
  }

  /** A reviewer's decision on one or many cases at the same stage — all or none. */
  async act(req: CaseActionRequest): Promise<CaseActionReply> {
    const actor = currentActor();
    requireRole(actor, [...WORKER_ROLES], `${req.action} review cases`);
    if (req.caseIds.length > 1 && (req.findingIds !== undefined || req.amountFen !== undefined))
      throw new ValidationError('findingIds', 'findingIds and amountFen apply to one case at a time');
    const now = this.clock.now();
    const ids = await this.orm.em.fork().transactional(async (em) => {
      const cases = await this.lockAll(em, req.caseIds);
      const plans: { c: CaseRow; t: CaseTransition; confirmed: string[]; amount: bigint }[] = [];
      for (const [i, c] of cases.entries()) {
        if (c.stage !== req.expectedStage)
          throw new ConflictError('REVIEW.CASE_MOVED', `caseIds[${i}]: case ${c.case_no} is at ${c.stage}, not ${req.expectedStage}; reload it`, {
            field: `caseIds[${i}]`,
            reason: 'the case moved meanwhile',
            stage: c.stage,
          });
        const t = transitionOf(c.stage, req.action, c.case_no);
        if (t.fourEyes) {
          const previous = t.fourEyes === 'escalate' ? c.escalated_by : await this.lastActor(em, c.id, 'notify');
          if (previous !== null && previous === actor.username)
            throw new DomainError(
              'FORBIDDEN.SAME_PERSON',
              `caseIds[${i}]: ${actor.username} took the previous decision on case ${c.case_no}; another reviewer must`,
              {
                field: `caseIds[${i}]`,
                reason: '分人负责 — the same person cannot decide two stages in a row',
              },
            );
        }
        const { confirmed, amount } = await this.selection(em, c, req, i);
        plans.push({ c, t, confirmed, amount });
      }
      for (const p of plans) {
        if (req.action === 'escalate')
          await em.execute(`update review.review_case set escalated_by = ?, assignee = null where id = ?`, [actor.username, p.c.id]);
        if (req.action === 'notify' || req.action === 'uphold')
          await em.execute(`update review.review_case set confirmed_findings = ?, amount_fen = ? where id = ?`, [
            JSON.stringify(p.confirmed),
            p.amount.toString(),
            p.c.id,
          ]);
        await this.move(em, p.c.id, p.c.stage, p.t, req.note, actor.username, now, req.action);
        if (p.t.outcome === 'WARNED') await this.violationConfirmed(em, p.c.id, 'WARNED', now);
      }
      return plans.map((p) => p.c.id);
    });
    return { cases: await this.summaries(ids) };
  }

  /**
   * 申诉 — the institution's appeal against the notified findings, within the appeal window: from
   * its HIS (the institution of the case only) or recorded by a reviewer from a paper appeal.
   */
  async appeal(req: AppealCaseRequest): Promise<CaseSummaryView> {
    const actor = currentActor();
    if (actor?.kind !== 'his') requireRole(actor, [...WORKER_ROLES], 'record an appeal');
    const files = (req.attachments ?? []).map((a, i) => {
      const content = Buffer.from(a.contentBase64, 'base64');
      if (content.length === 0) throw new ValidationError(`attachments[${i}].contentBase64`, 'is empty');
      return { ...a, content, sha256: createHash('sha256').update(content).digest('hex') };
    });
    const total = files.reduce((n, f) => n + f.content.length, 0);
    if (total > APPEAL_MAX_ATTACHMENT_BYTES)
      throw new ValidationError('attachments', `together ${total} bytes; at most ${APPEAL_MAX_ATTACHMENT_BYTES} bytes per appeal`);
    const now = this.clock.now();
    const today = LocalDate.fromInstant(now);
    await this.orm.em.fork().transactional(async (em) => {
      const [c] = await this.lockAll(em, [req.caseId]);
      if (c.stage !== 'APPEAL')
        throw new ConflictError('REVIEW.APPEAL_NOT_OPEN', `case ${c.case_no} is at ${c.stage}; appeals are taken only while it is at APPEAL`, {
          field: 'caseId',
          reason: 'no appeal window open',
          stage: c.stage,
        });
      if (c.due_on !== null && today.isAfter(LocalDate.parse(c.due_on)))
        throw new ConflictError('REVIEW.APPEAL_WINDOW_CLOSED', `the appeal window of case ${c.case_no} closed on ${c.due_on}`, {
          field: 'caseId',
          reason: 'appeal window closed',
          dueOn: c.due_on,
        });
      const by = actorName(actor);
      await em.execute(`insert into review.case_appeal (case_id, statement, submitted_by, submitted_at) values (?, ?, ?, ?)`, [c.id, req.statement, by, now]);
      for (const f of files)
        await em.execute(
          `insert into review.case_attachment (id, case_id, file_name, content_type, size_bytes, sha256, content) values (?, ?, ?, ?, ?, ?, ?)`,
          [newUuidV7(), c.id, f.fileName, f.contentType, f.content.length, f.sha256, f.content],
        );
      await this.move(em, c.id, c.stage, { to: 'VERIFY', findings: 'none' }, req.statement.slice(0, 500), by, now, 'appeal');
    });
    return (await this.summaries([req.caseId]))[0];
  }

  /** Findings decided per rule: confirmed, overturned (and how many on appeal), pending; precision in ‰. */
  async precision(req: RulePrecisionRequest): Promise<RulePrecisionView[]> {
    const actor = currentActor();
    if (actor?.kind !== 'system') requireRole(actor, [...VIEWER_ROLES], 'view rule precision');
    const poolarea = Admdvs.parse(req.poolarea, 'poolarea').poolingRegion().code;
    requireScope(actor, poolarea, `review statistics of ${poolarea}`);
    const rows = await this.orm.em.fork().execute<{ rule_id: string; n: number; confirmed: number; overturned: number; on_appeal: number }[]>(
      `select f.rule_id, count(*)::int as n,
              count(*) filter (where f.outcome = 'CONFIRMED')::int as confirmed,
              count(*) filter (where f.outcome = 'OVERTURNED')::int as overturned,
              count(*) filter (where f.overturned_on_appeal)::int as on_appeal
         from review.finding f join review.settlement s on s.id = f.settlement_id
        where s.poolarea = ? and (?::date is null or f.created_at >= ?::date)
        group by f.rule_id order by f.rule_id`,
      [poolarea, req.from ?? null, req.from ?? null],
    );
    return rows.map((r) => ({
      ruleId: r.rule_id,
      findings: r.n,
      confirmed: r.confirmed,
      overturned: r.overturned,
      overturnedOnAppeal: r.on_appeal,
      pending: r.n - r.confirmed - r.overturned,
      precisionPermille: r.confirmed + r.overturned === 0 ? null : Math.round((r.confirmed * 1000) / (r.confirmed + r.overturned)),
    }));
  }

  /** For DeductionService: the case a deduction is proposed from, which must be at 处理 for that settlement. */
  async requireDisposal(em: EntityManager, caseId: string, settlementId: string, lock: boolean): Promise<CaseRow> {
    const c = await this.visible(em, caseId, lock);
    if (c.settlement_id !== settlementId)
      throw new ValidationError('caseId', `case ${c.case_no} is about settlement ${c.setl_id}, not the settlement of this deduction`);
    if (c.stage !== 'DISPOSAL')
      throw new ConflictError('REVIEW.CASE_NOT_AT_DISPOSAL', `case ${c.case_no} is at ${c.stage}; a deduction is proposed at DISPOSAL (处理)`, {
        field: 'caseId',
        reason: 'not at DISPOSAL',
        stage: c.stage,
      });
    return c;
  }

  /** The open case of a settlement, if any (a deduction must then go through it). */
  async openCaseOf(em: EntityManager, settlementId: string): Promise<{ id: string; case_no: string; stage: CaseStage } | undefined> {
    const [c] = await em.execute<{ id: string; case_no: string; stage: CaseStage }[]>(
      `select id::text as id, case_no, stage from review.review_case where settlement_id = ? and stage <> 'CLOSED'`,
      [settlementId],
    );
    return c;
  }

  /** Closes a case whose deduction was approved, in the approval's transaction. */
  async closeDeducted(em: EntityManager, c: CaseRow, deductionId: string, findingIds: string[], actor: string, now: Date): Promise<void> {
    await em.execute(`update review.review_case set deduction_id = ?, confirmed_findings = ? where id = ?`, [
      deductionId,
      JSON.stringify(findingIds.length > 0 ? findingIds : (c.confirmed_findings ?? [])),
      c.id,
    ]);
    await this.move(em, c.id, c.stage, { to: 'CLOSED', outcome: 'DEDUCTED', findings: 'confirm-selected' }, '扣款已审批', actor, now, 'deduct');
    await this.violationConfirmed(em, c.id, 'DEDUCTED', now);
  }

  /** Cases at APPEAL whose window lapsed without an appeal move on to 处理 (sweeper). */
  async lapseAppeals(limit = 200): Promise<number> {
    const now = this.clock.now();
    const today = LocalDate.fromInstant(now);
    return this.orm.em.fork().transactional(async (em) => {
      const rows = await em.execute<{ id: string; admdvs: string }[]>(
        `select id::text as id, admdvs from review.review_case where stage = 'APPEAL' and due_on < ?::date order by due_on, id limit ? for update skip locked`,
        [today.toString(), limit],
      );
      for (const r of rows) {
        await this.move(em, r.id, 'APPEAL', { to: 'DISPOSAL', findings: 'none' }, '申诉期满未申诉', 'system', now, 'appeal-lapsed');
        await this.audit.record(em, {
          action: 'review.case.appeal-lapsed',
          targetType: 'review-case',
          targetId: r.id,
          admdvs: r.admdvs,
          after: { stage: 'DISPOSAL' },
        });
      }
      return rows.length;
    });
  }

  /** 超期 — one `CaseOverdue` per case and stage once the stage deadline has passed (sweeper). */
  async flagOverdue(limit = 200): Promise<number> {
    const now = this.clock.now();
    const today = LocalDate.fromInstant(now);
    return this.orm.em.fork().transactional(async (em) => {
      const rows = await em.execute<
        { id: string; case_no: string; stage: CaseStage; due_on: string; fixmedins_code: string; assignee: string | null; admdvs: string }[]
      >(
        `select id::text as id, case_no, stage, due_on::text as due_on, fixmedins_code, assignee, admdvs from review.review_case
          where stage not in ('CLOSED', 'APPEAL') and due_on < ?::date and overdue_stage is distinct from stage
          order by due_on, id limit ? for update skip locked`,
        [today.toString(), limit],
      );
      for (const r of rows) {
        await em.execute(`update review.review_case set overdue_stage = stage where id = ?`, [r.id]);
        await this.outbox.add(em, {
          subject: CASE_OVERDUE_SUBJECT,
          type: 'CaseOverdue',
          admdvs: r.admdvs,
          aggregateId: r.id,
          payload: { caseId: r.id, caseNo: r.case_no, stage: r.stage, dueOn: r.due_on, institutionCode: r.fixmedins_code, assignee: r.assignee },
        });
        await this.audit.record(em, {
          action: 'review.case.overdue',
          targetType: 'review-case',
          targetId: r.id,
          admdvs: r.admdvs,
          detail: { stage: r.stage, dueOn: r.due_on },
        });
      }
      return rows.length;
    });
  }

  private summary(r: CaseRow, today: LocalDate): CaseSummaryView {
    const due = r.due_on === null ? null : LocalDate.parse(r.due_on);
    const open = r.stage !== 'CLOSED';
    const left = open ? workingDaysLeft(this.calendar, today, due) : null;
    return {
      id: r.id,
      caseNo: r.case_no,
      settlementId: r.settlement_id,
      setlId: r.setl_id,
      institutionCode: r.fixmedins_code,
      admdvs: r.admdvs,
      poolarea: r.poolarea,
      origin: r.origin,
      stage: r.stage,
      stageLabel: CASE_STAGE_LABELS[r.stage],
      outcome: r.outcome,
      amountFen: r.amount_fen,
      findings: r.findings,
      assignee: r.assignee,
      openedAt: new Date(r.opened_at).toISOString(),
      stageStartedOn: r.stage_started_on,
      dueOn: open ? r.due_on : null,
      workingDaysLeft: left,
      overdue: open && due !== null && today.isAfter(due),
      closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
    };
  }

  private async summaries(ids: string[]): Promise<CaseSummaryView[]> {
    const rows = await this.orm.em
      .fork()
      .execute<CaseRow[]>(`select ${CASE_COLUMNS} from review.review_case c where c.id = any(?::uuid[]) order by c.case_no`, [`{${ids.join(',')}}`]);
    const today = this.today();
    return rows.map((r) => this.summary(r, today));
  }

  /** A case the caller may see (another region's is NOT_FOUND). */
  private async visible(em: EntityManager, caseId: string, lock: boolean): Promise<CaseRow> {
    const [c] = await em.execute<CaseRow[]>(`select ${CASE_COLUMNS} from review.review_case c where c.id = ?${lock ? ' for update' : ''}`, [caseId]);
    const actor = currentActor();
    const visible = actor?.kind === 'his' ? actor.institutionCode === c?.fixmedins_code : canSee(actor, c?.admdvs ?? '');
    if (!c || !visible) throw new NotFoundError('review case', caseId);
    return c;
  }

  /** Locks the cases in id order (no deadlock between two bulk actions); names the first unknown one. */
  private async lockAll(em: EntityManager, caseIds: string[]): Promise<CaseRow[]> {
    const unique = [...new Set(caseIds)];
    if (unique.length !== caseIds.length) throw new ValidationError('caseIds', 'names a case twice');
    const rows = await em.execute<CaseRow[]>(`select ${CASE_COLUMNS} from review.review_case c where c.id = any(?::uuid[]) order by c.id for update`, [
      `{${unique.join(',')}}`,
    ]);
    const actor = currentActor();
    const mine = (r: CaseRow): boolean => (actor?.kind === 'his' ? actor.institutionCode === r.fixmedins_code : canSee(actor, r.admdvs));
    const byId = new Map(rows.filter(mine).map((r) => [r.id, r]));
    return caseIds.map((id, i) => {
      const c = byId.get(id);
      if (!c) throw new DomainError('NOT_FOUND', `caseIds[${i}]: review case ${id} not found`, { field: `caseIds[${i}]`, what: 'review case', id });
      return c;
    });
  }

  /** The findings a decision holds to be violations and their amount (default: all the case's findings). */
  private async selection(em: EntityManager, c: CaseRow, req: CaseActionRequest, i: number): Promise<{ confirmed: string[]; amount: bigint }> {
    const keep = { confirmed: c.confirmed_findings ?? [], amount: BigInt(c.amount_fen) };
    if (req.action !== 'notify' && req.action !== 'uphold') return keep;
    // Upholding as notified: the findings and amount the institution was told of.
    if (req.action === 'uphold' && req.findingIds === undefined && req.amountFen === undefined) return keep;
    const all = await em.execute<{ id: string; amount_fen: string }[]>(
      `select id::text as id, amount_fen::text as amount_fen from review.finding where settlement_id = ?`,
      [c.settlement_id],
    );
    const chosen = req.findingIds ?? (req.action === 'uphold' && c.confirmed_findings ? c.confirmed_findings : all.map((f) => f.id));
    const unknown = chosen.find((id) => !all.some((f) => f.id === id));
    if (unknown) throw new ValidationError('findingIds', `${unknown} is not a finding of case ${c.case_no}`);
    const sum = all.filter((f) => chosen.includes(f.id)).reduce((n, f) => n + BigInt(f.amount_fen), 0n);
    const amount = req.amountFen !== undefined ? BigInt(req.amountFen) : sum;
    if (amount === 0n && chosen.length === 0)
      throw new ValidationError(
        req.caseIds.length > 1 ? `caseIds[${i}]` : 'amountFen',
        `case ${c.case_no} has no finding; give amountFen and the reason in note`,
      );
    return { confirmed: chosen, amount };
  }

  private async lastActor(em: EntityManager, caseId: string, action: string): Promise<string | null> {
    const [r] = await em.execute<{ actor: string }[]>(`select actor from review.case_event where case_id = ? and action = ? order by seq desc limit 1`, [
      caseId,
      action,
    ]);
    return r?.actor ?? null;
  }

  /** Moves a case to its next stage with the new deadline, the history row and the findings' outcomes. */
  private async move(
    em: EntityManager,
    id: string,
    from: CaseStage,
    t: CaseTransition,
    note: string,
    actor: string,
    now: Date,
    action = 'close',
  ): Promise<void> {
    const today = LocalDate.fromInstant(now);
    const closing = t.to === 'CLOSED';
    await em.execute(`update review.review_case set stage = ?, outcome = ?, stage_started_on = ?::date, due_on = ?::date, closed_at = ? where id = ?`, [
      t.to,
      t.outcome ?? null,
      today.toString(),
      closing ? null : this.deadline(today, t.to),
      closing ? now : null,
      id,
    ]);
    await this.event(em, id, action, from, t.to, actor, note, now);
    if (t.findings === 'overturn-all' || t.findings === 'overturn-all-on-appeal')
      await em.execute(
        `update review.finding f set outcome = 'OVERTURNED', overturned_on_appeal = ?, decided_at = ? from review.review_case c where c.id = ? and f.settlement_id = c.settlement_id`,
        [t.findings === 'overturn-all-on-appeal', now, id],
      );
    if (t.findings === 'confirm-selected')
      await em.execute(
        `update review.finding f set outcome = case when f.id::text in (select jsonb_array_elements_text(coalesce(c.confirmed_findings, '[]'::jsonb))) then 'CONFIRMED' else 'OVERTURNED' end, decided_at = ?
           from review.review_case c where c.id = ? and f.settlement_id = c.settlement_id`,
        [now, id],
      );
    if (action !== 'deduct' && action !== 'appeal-lapsed' && actor !== 'system') {
      const [c] = await em.execute<{ admdvs: string }[]>(`select admdvs from review.review_case where id = ?`, [id]);
      await this.audit.record(em, {
        action: `review.case.${action}`,
        targetType: 'review-case',
        targetId: id,
        admdvs: c.admdvs,
        before: { stage: from },
        after: { stage: t.to, outcome: t.outcome ?? null },
      });
    }
  }

  private async event(
    em: EntityManager,
    caseId: string,
    action: string,
    from: CaseStage | null,
    to: CaseStage,
    actor: string,
    note: string | null,
    now: Date,
  ): Promise<void> {
    await em.execute(
      `insert into review.case_event (case_id, seq, action, from_stage, to_stage, actor, note, at)
       select ?, coalesce(max(seq), 0) + 1, ?, ?, ?, ?, ?, ? from review.case_event where case_id = ?`,
      [caseId, action, from, to, actor, note, now, caseId],
    );
  }

  /** 违规确认 — to credit (credit events) and agreement (points), in the closing transaction. */
  private async violationConfirmed(em: EntityManager, caseId: string, outcome: 'DEDUCTED' | 'WARNED', now: Date): Promise<void> {
    const [c] = await em.execute<
      {
        case_no: string;
        settlement_id: string;
        setl_id: string;
        fixmedins_code: string;
        poolarea: string;
        admdvs: string;
        amount_fen: string;
        confirmed: string[] | null;
        setl_date: string;
      }[]
    >(
      `select c.case_no, c.settlement_id::text as settlement_id, c.setl_id, c.fixmedins_code, c.poolarea, c.admdvs, c.amount_fen::text as amount_fen,
              c.confirmed_findings as confirmed, s.setl_date::text as setl_date
         from review.review_case c join review.settlement s on s.id = c.settlement_id where c.id = ?`,
      [caseId],
    );
    const findings = await em.execute<{ rule_id: string; severity: string; lines: { lineId: string }[] }[]>(
      `select rule_id, severity, lines from review.finding where settlement_id = ? and outcome = 'CONFIRMED' order by rule_id`,
      [c.settlement_id],
    );
    const lineIds = [...new Set(findings.flatMap((f) => f.lines.map((l) => l.lineId)))];
    const doctors =
      lineIds.length === 0
        ? []
        : await em.execute<{ dr_codg: string }[]>(
            `select distinct dr_codg from review.settlement_line where settlement_id = ? and feedetl_sn = any(?::text[]) and dr_codg is not null order by dr_codg`,
            [c.settlement_id, `{${lineIds.map((l) => `"${l.replace(/"/g, '')}"`).join(',')}}`],
          );
    // sev_deg: '1' is the most severe; a violation confirmed without a finding counts as such.
    const severity = findings.map((f) => f.severity).sort()[0] ?? '1';
    await this.outbox.add<ViolationConfirmedPayload>(em, {
      subject: VIOLATION_CONFIRMED_SUBJECT,
      type: 'ViolationConfirmed',
      admdvs: c.admdvs,
      aggregateId: caseId,
      payload: {
        caseId,
        caseNo: c.case_no,
        settlementId: c.settlement_id,
        setlId: c.setl_id,
        institutionCode: c.fixmedins_code,
        poolarea: c.poolarea,
        practitionerCodes: doctors.map((d) => d.dr_codg),
        ruleIds: [...new Set(findings.map((f) => f.rule_id))],
        severity,
        amountFen: c.amount_fen,
        outcome,
        confirmedOn: LocalDate.fromInstant(now).toString(),
        setlDate: c.setl_date,
      },
    });
  }
}
