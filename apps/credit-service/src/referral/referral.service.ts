import { Inject, Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import {
  type ConcludeReferralRequest,
  CreditReferralEventSubjects,
  type IssueReferralRequest,
  type ListReferralsRequest,
  type OpenReferralRequest,
  type Page,
  REFERRAL_DEADLINES,
  REFERRAL_DIRECTIONS,
  REFERRAL_PARTIES,
  REFERRAL_REASONS,
  REFERRAL_STATUSES,
  REFERRAL_OUTCOMES,
  ONWARD_TARGETS,
  type ReferralAnnualReport,
  type ReferralAnnualReportRequest,
  type ReferralCount,
  type ReferralDepartment,
  type ReferralEventPayload,
  type ReferralLedgerEntry,
  type ReferralView,
  type RequestCompletionRequest,
  type SignReceiptRequest,
  type SupplementReferralRequest,
  type TransferReferralRequest,
} from '@mi/contracts';
import { Admdvs, type Clock, ConflictError, defaultCalendar, InstitutionCode, LocalDate, NotFoundError, scopeFilter } from '@mi/domain';
import { type Actor, AuditService, canSee, CLOCK, currentActor, newUuidV7, OutboxService, requireRole, requireScope, SYSTEM_ACTOR } from '@mi/platform';
import {
  assertDepartment,
  completionDueOn,
  departmentOfRoles,
  documentNumber,
  isCompletionOverdue,
  isReferralOverdue,
  reasonsFor,
  REFERRAL_READER_ROLES,
  referralDueOn,
  BUREAU_ROLES,
  COMMISSION_ROLES,
} from './referral-policy';
import { ReferralEntity, ReferralLedgerEntity } from './referral.entity';

/** The report as generated from the ledger; submissions are added by ReferralAnnualReportService. */
export type GeneratedAnnualReport = Omit<ReferralAnnualReport, 'submissions' | 'reportOverdue'>;

const EVENT_TYPE: Record<keyof typeof CreditReferralEventSubjects, string> = {
  ReferralOpened: 'ReferralOpened',
  ReferralIssued: 'ReferralIssued',
  ReferralReceived: 'ReferralReceived',
  ReferralCompletionRequested: 'ReferralCompletionRequested',
  ReferralSupplemented: 'ReferralSupplemented',
  ReferralTransferred: 'ReferralTransferred',
  ReferralConcluded: 'ReferralConcluded',
  ReferralOverdue: 'ReferralOverdue',
  ReferralAnnualReportSubmitted: 'ReferralAnnualReportSubmitted',
  ReferralAnnualReportOverdue: 'ReferralAnnualReportOverdue',
};

interface Acting {
  actor: Actor;
  department: ReferralDepartment | 'SYSTEM';
  name: string;
}

/**
 * 线索移送 — the referral use cases. Each state change is one transaction: the referral row, a
 * ledger line (台账), an audit row and an outbox event. Who may act is decided by department
 * (bureau officer vs health-commission liaison) and region scope; another region's referral is
 * NOT_FOUND.
 */
@Injectable()
export class ReferralService {
  constructor(
    private readonly orm: MikroORM,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private today(): LocalDate {
    return LocalDate.fromInstant(this.clock.now());
  }

  async open(req: OpenReferralRequest): Promise<ReferralView> {
    const { issuer } = REFERRAL_PARTIES[req.direction];
    const acting = this.acting(req.admdvs, 'register a referral');
    assertDepartment(acting.department === 'SYSTEM' ? null : acting.department, issuer, 'registering', req.direction);
    reasonsFor(req.direction, req.reasonCodes);
    const subjectCode = req.subjectType === 'institution' ? InstitutionCode.parse(req.subjectCode, 'subjectCode').value : req.subjectCode;
    const trigger = LocalDate.parse(req.triggerDate, 'triggerDate');
    if (trigger.isAfter(this.today())) throw new ConflictError('REFERRAL.TRIGGER_IN_FUTURE', 'the trigger date lies in the future', { field: 'triggerDate' });
    const dueOn = referralDueOn(trigger, defaultCalendar());
    return this.orm.em.fork().transactional(async (em) => {
      const r = em.create(ReferralEntity, {
        id: newUuidV7(),
        direction: req.direction,
        admdvs: req.admdvs,
        status: 'DRAFT',
        subjectType: req.subjectType,
        subjectCode,
        subjectName: req.subjectName,
        reasonCodes: [...req.reasonCodes],
        facts: req.facts,
        penaltyDecisionNo: req.penaltyDecisionNo ?? null,
        triggerDate: trigger.toString(),
        dueOn: dueOn.toString(),
        createdAt: this.clock.now(),
      });
      em.persist(r);
      await em.flush();
      await this.ledger(em, r, acting, 'OPENED', `登记待移送，应于 ${r.dueOn} 前移送（${REFERRAL_DEADLINES.referWithinWorkingDays}个工作日）`);
      await this.event(em, r, 'ReferralOpened');
      await this.audit.record(em, { action: 'referral.open', targetType: 'referral', targetId: r.id, admdvs: r.admdvs, after: snapshot(r) });
      return this.view(em, r);
    });
  }

  async issue(req: IssueReferralRequest): Promise<ReferralView> {
    return this.change(req.id, 'issue a referral', async (em, r, acting) => {
      assertDepartment(dept(acting), REFERRAL_PARTIES[r.direction].issuer, 'issuing', r.direction);
      if (r.status !== 'DRAFT') throw notIn(r, 'REFERRAL.NOT_DRAFT', 'is already issued');
      const today = this.today();
      const issuer = REFERRAL_PARTIES[r.direction].issuer;
      // Gap-free per issuing authority and year: the counter row stays locked until this transaction ends.
      const [row] = await em.execute<{ last: number }[]>(
        `insert into credit.referral_number (issuer, admdvs, year, last) values (?, ?, ?, 1)
         on conflict (issuer, admdvs, year) do update set last = credit.referral_number.last + 1 returning last`,
        [issuer, r.admdvs, today.year],
      );
      r.docYear = today.year;
      r.docSeq = Number(row.last);
      r.documentNumber = documentNumber(req.issuerShortName, issuer, today.year, r.docSeq);
      r.issuedOn = today.toString();
      r.pages = req.pages;
      r.evidence = req.evidence.map((e) => ({ title: e.title, ...(e.pages ? { pages: e.pages } : {}) }));
      r.status = 'SENT';
      await this.ledger(em, r, acting, 'ISSUED', `${r.documentNumber}，案卷 ${r.pages} 页，文书和证据 ${r.evidence.length} 件`);
      await this.event(em, r, 'ReferralIssued');
      if (isReferralOverdue(r, today) && !r.referralOverdueNotifiedAt) await this.markOverdue(em, r, 'REFERRAL');
      return 'referral.issue';
    });
  }

  async signReceipt(req: SignReceiptRequest): Promise<ReferralView> {
    return this.change(req.id, 'sign a referral receipt', async (em, r, acting) => {
      assertDepartment(dept(acting), REFERRAL_PARTIES[r.direction].receiver, 'signing the receipt (回执)', r.direction);
      if (r.status !== 'SENT') throw notIn(r, 'REFERRAL.NOT_SENT', r.status === 'DRAFT' ? 'is not issued yet' : 'already has a signed receipt');
      r.status = 'RECEIVED';
      r.receiptSignedAt = this.clock.now();
      r.receiptSignedBy = req.signedBy;
      await this.ledger(em, r, acting, 'RECEIPT_SIGNED', `签收 ${r.documentNumber}（签收人 ${req.signedBy}）${req.note ? `：${req.note}` : ''}`);
      await this.event(em, r, 'ReferralReceived');
      return 'referral.sign-receipt';
    });
  }

  /** 材料不全: the receiving side asks for completion within 3 days; it never refuses the referral. */
  async requestCompletion(req: RequestCompletionRequest): Promise<ReferralView> {
    return this.change(req.id, 'request completion of a referral', async (em, r, acting) => {
      assertDepartment(dept(acting), REFERRAL_PARTIES[r.direction].receiver, 'requesting completion', r.direction);
      if (r.status !== 'SENT' && r.status !== 'RECEIVED') throw notIn(r, 'REFERRAL.NOT_SENT', 'is not with the receiving department');
      if (r.completionDueOn && !r.completedOn) {
        throw notIn(r, 'REFERRAL.COMPLETION_PENDING', `already awaits completion by ${r.completionDueOn}`);
      }
      const today = this.today();
      r.completionRequestedOn = today.toString();
      r.completionDueOn = completionDueOn(today).toString();
      r.completionMissing = req.missing;
      r.completedOn = null;
      r.completionOverdueNotifiedAt = null;
      await this.ledger(em, r, acting, 'COMPLETION_REQUESTED', `材料不全，请于 ${r.completionDueOn} 前补正：${req.missing}`);
      await this.event(em, r, 'ReferralCompletionRequested');
      return 'referral.request-completion';
    });
  }

  async supplement(req: SupplementReferralRequest): Promise<ReferralView> {
    return this.change(req.id, 'supplement a referral', async (em, r, acting) => {
      assertDepartment(dept(acting), REFERRAL_PARTIES[r.direction].issuer, 'supplementing', r.direction);
      if (!r.completionDueOn || r.completedOn) throw notIn(r, 'REFERRAL.NO_COMPLETION_REQUESTED', 'has no open completion request');
      const today = this.today();
      r.completedOn = today.toString();
      r.evidence = [...r.evidence, ...req.evidence.map((e) => ({ title: e.title, ...(e.pages ? { pages: e.pages } : {}) }))];
      if (req.addedPages) r.pages = (r.pages ?? 0) + req.addedPages;
      await this.ledger(em, r, acting, 'SUPPLEMENTED', `补正 ${req.evidence.map((e) => e.title).join('、')}`);
      await this.event(em, r, 'ReferralSupplemented');
      if (isCompletionOverdue(r, today) && !r.completionOverdueNotifiedAt) await this.markOverdue(em, r, 'COMPLETION');
      return 'referral.supplement';
    });
  }

  /** 移送公安机关 / 监察机关 — by the department handling the case. */
  async transfer(req: TransferReferralRequest): Promise<ReferralView> {
    return this.change(req.id, 'transfer a referral onward', async (em, r, acting) => {
      assertDepartment(dept(acting), REFERRAL_PARTIES[r.direction].receiver, 'onward transfer', r.direction);
      if (r.status !== 'RECEIVED') throw notIn(r, 'REFERRAL.NOT_RECEIVED', 'has no signed receipt or is closed');
      r.status = 'TRANSFERRED';
      r.onwardTarget = req.target;
      r.onwardAuthority = req.authority;
      r.onwardOn = req.transferredOn;
      r.onwardReason = req.reason;
      await this.ledger(em, r, acting, 'TRANSFERRED', `${req.target === 'POLICE' ? '移送公安机关' : '移送监察机关'} ${req.authority}：${req.reason}`);
      await this.event(em, r, 'ReferralTransferred');
      return 'referral.transfer';
    });
  }

  async conclude(req: ConcludeReferralRequest): Promise<ReferralView> {
    return this.change(req.id, 'conclude a referral', async (em, r, acting) => {
      assertDepartment(dept(acting), REFERRAL_PARTIES[r.direction].receiver, 'recording the result', r.direction);
      if (r.status !== 'RECEIVED' && r.status !== 'TRANSFERRED') throw notIn(r, 'REFERRAL.NOT_RECEIVED', 'has no signed receipt or is concluded');
      r.status = 'CONCLUDED';
      r.outcome = req.outcome;
      r.result = req.result;
      r.concludedOn = req.concludedOn;
      await this.ledger(em, r, acting, 'CONCLUDED', `办理结果（${req.outcome}）：${req.result}`);
      await this.event(em, r, 'ReferralConcluded');
      return 'referral.conclude';
    });
  }

  async get(id: string): Promise<ReferralView> {
    this.requireReader();
    const em = this.orm.em.fork();
    const r = await em.findOne(ReferralEntity, { id });
    if (!r || !canSee(currentActor(), r.admdvs)) throw new NotFoundError('referral', id);
    return this.view(em, r);
  }

  /** 台账 — the caller's region, newest first, filterable by direction, status, year and overdue. */
  async list(req: ListReferralsRequest): Promise<Page<ReferralView>> {
    const prefix = this.requireReader();
    const limit = req.limit ?? 50;
    const offset = req.offset ?? 0;
    if (prefix === null) return { items: [], total: 0, limit, offset };
    const today = this.today().toString();
    const where: string[] = ['r.admdvs like ?'];
    const params: unknown[] = [`${prefix}%`];
    const filter = (sql: string, value: unknown): void => {
      where.push(sql);
      params.push(value);
    };
    if (req.direction) filter('r.direction = ?', req.direction);
    if (req.status) filter('r.status = ?', req.status);
    if (req.year) filter('coalesce(r.doc_year, extract(year from r.trigger_date)::int) = ?', req.year);
    if (req.overdue !== undefined) {
      // Same rule as isReferralOverdue / isCompletionOverdue; coalesce keeps `not` from dropping NULLs.
      const overdue = `coalesce((r.status = 'DRAFT' and r.due_on < ?) or r.issued_on > r.due_on
         or (r.completion_due_on is not null and coalesce(r.completed_on, ?::date) > r.completion_due_on), false)`;
      where.push(req.overdue === 'true' ? overdue : `not ${overdue}`);
      params.push(today, today);
    }
    const em = this.orm.em.fork();
    const clause = where.join(' and ');
    const [count] = await em.execute<{ n: string }[]>(`select count(*)::text as n from credit.referral r where ${clause}`, params);
    const ids = await em.execute<{ id: string }[]>(
      `select r.id::text as id from credit.referral r where ${clause} order by r.created_at desc, r.id desc limit ? offset ?`,
      [...params, limit, offset],
    );
    const keys = ids.map((i) => i.id);
    const rows = keys.length === 0 ? [] : await em.find(ReferralEntity, { id: { $in: keys } });
    const lines = keys.length === 0 ? [] : await em.find(ReferralLedgerEntity, { referralId: { $in: keys } }, { orderBy: { at: 'asc', id: 'asc' } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const items = keys.flatMap((id) => {
      const r = byId.get(id);
      return r
        ? [
            this.toView(
              r,
              lines.filter((l) => l.referralId === id),
            ),
          ]
        : [];
    });
    return { items, total: Number(count?.n ?? 0), limit, offset };
  }

  /**
   * 年度移送情况报告 of `year` (default last year) for the caller's region: referrals issued in the
   * year by direction, reason, status and outcome, onward transfers, and missed deadlines.
   */
  async annualReport(req: ReferralAnnualReportRequest): Promise<GeneratedAnnualReport> {
    const prefix = this.requireReader();
    const actor = currentActor();
    const year = req.year ?? this.today().year - 1;
    const admdvs = actor?.kind === 'system' && actor.scope === '' ? '' : (actor?.scope ?? '');
    const issuers: ReferralDepartment[] = req.issuer ? [req.issuer] : ['BUREAU', 'COMMISSION'];
    const directions = REFERRAL_DIRECTIONS.filter((d) => issuers.includes(REFERRAL_PARTIES[d].issuer));
    const rows =
      prefix === null
        ? []
        : await this.orm.em.fork().find(ReferralEntity, {
            admdvs: { $like: `${prefix}%` },
            direction: { $in: directions },
            $or: [{ docYear: year }, { status: 'DRAFT', dueOn: { $gte: `${year}-01-01`, $lte: `${year}-12-31` } }],
          });
    const today = this.today();
    const issued = rows.filter((r) => r.docYear === year);
    const count = <K extends string>(
      keys: readonly K[],
      label: (k: K) => string,
      of: (r: ReferralEntity) => readonly (K | null | undefined)[],
    ): ReferralCount[] => keys.map((key) => ({ key, label: label(key), count: issued.filter((r) => of(r).includes(key)).length }));
    return {
      year,
      admdvs,
      issuer: req.issuer ?? 'BOTH',
      dueBy: `${year + 1}-${REFERRAL_DEADLINES.annualReportDueMonthDay}`,
      generatedAt: this.clock.now().toISOString(),
      total: issued.length,
      byDirection: count(
        directions,
        (d) => (d === 'BUREAU_TO_COMMISSION' ? '医保局移送卫健委' : '卫健委移送医保局'),
        (r) => [r.direction],
      ),
      byReason: REFERRAL_REASONS.filter((x) => directions.includes(x.direction)).map((x) => ({
        key: x.code,
        label: x.text,
        count: issued.filter((r) => r.reasonCodes.includes(x.code)).length,
      })),
      byStatus: count(
        REFERRAL_STATUSES,
        (s) => STATUS_LABEL[s],
        (r) => [r.status],
      ).filter((c) => c.key !== 'DRAFT'),
      byOutcome: count(
        REFERRAL_OUTCOMES,
        (o) => OUTCOME_LABEL[o],
        (r) => [r.outcome],
      ),
      onward: count(
        ONWARD_TARGETS,
        (t) => (t === 'POLICE' ? '移送公安机关' : '移送监察机关'),
        (r) => [r.onwardTarget],
      ),
      byRegion: [...new Set(issued.map((r) => r.admdvs))].sort().map((key) => ({ key, label: key, count: issued.filter((r) => r.admdvs === key).length })),
      overdue: rows.filter((r) => isReferralOverdue(r, today)).length,
      completionOverdue: issued.filter((r) => isCompletionOverdue(r, today)).length,
      awaitingReceipt: issued.filter((r) => r.status === 'SENT').length,
    };
  }

  /**
   * Marks a missed deadline once: the flag column, a ledger line, an audit row and a
   * ReferralOverdue event in the caller's transaction (the sweeper's or the late step's).
   */
  async markOverdue(em: EntityManager, r: ReferralEntity, deadline: 'REFERRAL' | 'COMPLETION'): Promise<void> {
    const now = this.clock.now();
    const dueOn = deadline === 'REFERRAL' ? r.dueOn : (r.completionDueOn ?? r.dueOn);
    if (deadline === 'REFERRAL') r.referralOverdueNotifiedAt = now;
    else r.completionOverdueNotifiedAt = now;
    const system: Acting = { actor: { kind: 'system', id: 'credit-service', scope: '' }, department: 'SYSTEM', name: 'credit-service' };
    await this.ledger(em, r, system, 'OVERDUE', deadline === 'REFERRAL' ? `逾期：应于 ${dueOn} 前移送` : `逾期：应于 ${dueOn} 前补正`);
    await this.event(em, r, 'ReferralOverdue', { deadline, dueOn });
    await this.audit.record(em, {
      action: 'referral.overdue',
      targetType: 'referral',
      targetId: r.id,
      admdvs: r.admdvs,
      actor: SYSTEM_ACTOR,
      detail: { deadline, dueOn },
    });
  }

  // ---- helpers -----------------------------------------------------------------------------

  private acting(admdvs: string, what: string): Acting {
    const actor = currentActor();
    if (actor?.kind !== 'system') requireRole(actor, [...BUREAU_ROLES, ...COMMISSION_ROLES], what);
    requireScope(actor, admdvs, what);
    if (actor.kind === 'system') return { actor, department: 'SYSTEM', name: actor.id };
    if (actor.kind !== 'user') throw new Error('unreachable');
    return { actor, department: departmentOfRoles(actor.roles) ?? 'SYSTEM', name: actor.username };
  }

  /** SQL `like` prefix of the caller's region ('' = all, for the platform); null when it sees nothing. */
  private requireReader(): string | null {
    const actor = currentActor();
    if (actor?.kind === 'system' && actor.scope === '') return '';
    if (actor?.kind !== 'system') requireRole(actor, [...REFERRAL_READER_ROLES], 'view referrals');
    if (!Admdvs.isValid(actor.scope)) return null;
    return scopeFilter(actor.scope).prefix;
  }

  /** Loads and locks a visible referral, runs the step, audits it, answers the new view. */
  private async change(id: string, what: string, step: (em: EntityManager, r: ReferralEntity, acting: Acting) => Promise<string>): Promise<ReferralView> {
    const actor = currentActor();
    if (actor?.kind !== 'system') requireRole(actor, [...BUREAU_ROLES, ...COMMISSION_ROLES], what);
    return this.orm.em.fork().transactional(async (em) => {
      const r = await em.findOne(ReferralEntity, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!r || !canSee(actor, r.admdvs)) throw new NotFoundError('referral', id);
      const acting = this.acting(r.admdvs, what);
      const before = snapshot(r);
      const action = await step(em, r, acting);
      await em.flush();
      await this.audit.record(em, { action, targetType: 'referral', targetId: r.id, admdvs: r.admdvs, before, after: snapshot(r) });
      return this.view(em, r);
    });
  }

  private async ledger(em: EntityManager, r: ReferralEntity, acting: Acting, kind: ReferralLedgerEntry['kind'], note: string): Promise<void> {
    em.persist(
      em.create(ReferralLedgerEntity, {
        id: newUuidV7(),
        referralId: r.id,
        at: this.clock.now(),
        kind,
        department: acting.department,
        byName: acting.name,
        note,
      }),
    );
    await em.flush();
  }

  private async event(
    em: EntityManager,
    r: ReferralEntity,
    name: keyof typeof CreditReferralEventSubjects,
    extra: Partial<ReferralEventPayload> = {},
  ): Promise<void> {
    await this.outbox.add<ReferralEventPayload>(em, {
      subject: CreditReferralEventSubjects[name],
      type: EVENT_TYPE[name],
      admdvs: r.admdvs,
      aggregateId: r.id,
      payload: {
        referralId: r.id,
        direction: r.direction,
        status: r.status,
        documentNumber: r.documentNumber ?? null,
        subjectCode: r.subjectCode,
        ...extra,
      },
    });
  }

  private async view(em: EntityManager, r: ReferralEntity): Promise<ReferralView> {
    return this.toView(r, await em.find(ReferralLedgerEntity, { referralId: r.id }, { orderBy: { at: 'asc', id: 'asc' } }));
  }

  private toView(r: ReferralEntity, lines: ReferralLedgerEntity[]): ReferralView {
    const today = this.today();
    const { issuer, receiver } = REFERRAL_PARTIES[r.direction];
    return {
      id: r.id,
      direction: r.direction,
      issuer,
      receiver,
      admdvs: r.admdvs,
      status: r.status,
      subjectType: r.subjectType,
      subjectCode: r.subjectCode,
      subjectName: r.subjectName,
      reasons: r.reasonCodes.map((code) => ({ code, text: REFERRAL_REASONS.find((x) => x.code === code)?.text ?? code })),
      facts: r.facts,
      penaltyDecisionNo: r.penaltyDecisionNo ?? null,
      triggerDate: r.triggerDate,
      dueOn: r.dueOn,
      documentNumber: r.documentNumber ?? null,
      issuedOn: r.issuedOn ?? null,
      pages: r.pages ?? null,
      evidence: r.evidence,
      receiptSignedAt: r.receiptSignedAt?.toISOString() ?? null,
      receiptSignedBy: r.receiptSignedBy ?? null,
      completionRequestedOn: r.completionRequestedOn ?? null,
      completionDueOn: r.completionDueOn ?? null,
      completionMissing: r.completionMissing ?? null,
      completedOn: r.completedOn ?? null,
      onward:
        r.onwardTarget && r.onwardAuthority && r.onwardOn
          ? { target: r.onwardTarget, authority: r.onwardAuthority, transferredOn: r.onwardOn, reason: r.onwardReason ?? '' }
          : null,
      outcome: r.outcome ?? null,
      result: r.result ?? null,
      concludedOn: r.concludedOn ?? null,
      referralOverdue: isReferralOverdue(r, today),
      completionOverdue: isCompletionOverdue(r, today),
      ledger: lines.map((l) => ({ at: l.at.toISOString(), kind: l.kind, department: l.department, by: l.byName, note: l.note })),
    };
  }
}

const STATUS_LABEL: Record<string, string> = {
  DRAFT: '待移送',
  SENT: '已移送待签收',
  RECEIVED: '已签收办理中',
  TRANSFERRED: '已移送公安/监察',
  CONCLUDED: '已办结',
};
const OUTCOME_LABEL: Record<string, string> = { PENALIZED: '行政处罚', DISCIPLINED: '行政处分', NO_VIOLATION: '未发现违法违规', OTHER: '其他处理' };

function dept(acting: Acting): ReferralDepartment | null {
  return acting.department === 'SYSTEM' ? null : acting.department;
}

function notIn(r: ReferralEntity, code: string, what: string): ConflictError {
  return new ConflictError(code, `referral ${r.documentNumber ?? r.id} ${what}`, { field: 'id', reason: what, status: r.status });
}

function snapshot(r: ReferralEntity): Record<string, unknown> {
  return {
    status: r.status,
    documentNumber: r.documentNumber ?? null,
    dueOn: r.dueOn,
    completionDueOn: r.completionDueOn ?? null,
    completedOn: r.completedOn ?? null,
    onwardTarget: r.onwardTarget ?? null,
    outcome: r.outcome ?? null,
  };
}
