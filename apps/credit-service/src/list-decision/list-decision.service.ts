import { Inject, Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import {
  type AcknowledgeNoticeRequest,
  type ApprovalView,
  CREDIT_LIST_ACTION,
  CreditListEventSubjects,
  JOINT_DEPARTMENTS,
  type JointNoticeEventPayload,
  type ListDecisionEventPayload,
  type ListDecisionsRequest,
  type ListDecisionView,
  type ListingProposalReply,
  type Page,
  type ProposeListingRequest,
  REPAIR_GROUNDS,
  type RepairListingRequest,
  type SendJointNoticesRequest,
} from '@mi/contracts';
import { type Clock, ConflictError, IdCard, InstitutionCode, LocalDate, maskIdNumber, NotFoundError, ValidationError } from '@mi/domain';
import { ApprovalService, AuditService, canSee, CLOCK, currentActor, newUuidV7, OutboxService, PiiCipher, SERVICE_CONFIG } from '@mi/platform';
import type { CreditConfig } from '../config';
import { creditPiiCipher } from '../pii';
import { BlacklistEntryEntity } from '../blacklist/blacklist-entry.entity';
import { OFFICER_ROLES, readerPrefix, requireOfficer } from '../officer';
import { CreditScoringService } from '../scoring/credit-scoring.service';
import { JointNoticeEntity, ListDecisionEntity } from './list-decision.entity';

/** Roles that read the publication list. */

/**
 * The proposal as stored with the approval: `subjectCode` is what may be shown (a person's ID
 * number masked), `subjectKey` what is matched on, `subjectCodeEnc` a person's number encrypted.
 */
type ListingPayload = ProposeListingRequest & { subjectKey: string; subjectCodeEnc?: string };

const PERSON_TYPES = new Set(['legal-representative', 'controller']);
const EARLY_GROUNDS = REPAIR_GROUNDS.filter((g) => g.early).map((g) => g.code);

/**
 * 红黑名单 — listing decisions by maker-checker (action `credit.list-subject`): proposed by one
 * officer, recorded when a second approves, with its blacklist entries (admission check), audit
 * row and SubjectListed event in the approval's transaction. Removal before the period ends needs
 * a legal ground for early repair; joint-punishment notices are tracked sent → acknowledged.
 */
@Injectable()
export class ListDecisionService {
  private readonly cipher: PiiCipher;

  constructor(
    private readonly orm: MikroORM,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly approvals: ApprovalService,
    private readonly scoring: CreditScoringService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) config: CreditConfig,
  ) {
    this.cipher = creditPiiCipher(config);
    approvals.register<ListingPayload, ListDecisionView>(CREDIT_LIST_ACTION, {
      requiredRoles: [...OFFICER_ROLES],
      describe: (p) =>
        `${p.list === 'black' ? '列入严重失信（黑）名单' : '列入守信（红）名单'} ${p.subjectName} ${p.periodStart}–${p.periodEnd}（${p.decisionNo}）`,
      apply: (em, p, approval) => this.applyListing(em, p, approval),
    });
  }

  private today(): LocalDate {
    return LocalDate.fromInstant(this.clock.now());
  }

  async propose(req: ProposeListingRequest): Promise<ListingProposalReply> {
    requireOfficer(req.admdvs, 'propose a listing');
    const payload = this.normalise(req);
    await this.assertNotListed(this.orm.em.fork(), payload);
    const a = await this.approvals.propose<ListingPayload>({
      action: CREDIT_LIST_ACTION,
      targetType: `${payload.list}-list`,
      targetId: `${payload.subjectType}:${payload.subjectKey}`,
      admdvs: payload.admdvs,
      payload,
      reason: payload.reason,
    });
    return { approvalId: a.id, action: a.action, status: 'PENDING' };
  }

  /** Runs as the approver inside the approval's transaction. */
  private async applyListing(em: EntityManager, p: ListingPayload, approval: ApprovalView<ListingPayload>): Promise<ListDecisionView> {
    await this.assertNotListed(em, p);
    const d = em.create(ListDecisionEntity, {
      id: newUuidV7(),
      list: p.list,
      subjectType: p.subjectType,
      subjectCode: p.subjectCode,
      subjectKey: p.subjectKey,
      subjectCodeEnc: p.subjectCodeEnc ?? null,
      subjectName: p.subjectName,
      uscc: p.uscc ?? null,
      institutionCode: p.institutionCode ?? null,
      admdvs: p.admdvs,
      decisionNo: p.decisionNo,
      legalBasis: p.legalBasis,
      reason: p.reason,
      periodStart: p.periodStart,
      periodEnd: p.periodEnd,
      publicationText: p.publicationText,
      status: 'IN_FORCE',
      approvalId: approval.id,
      decidedAt: this.clock.now(),
    });
    em.persist(d);
    await em.flush();
    if (d.list === 'black') {
      // The admission check (mi.v1.credit.blacklist-status) reads these entries.
      for (const [subjectKind, subjectCode] of blacklistKeys(d)) {
        em.persist(
          em.create(BlacklistEntryEntity, {
            id: newUuidV7(),
            subjectKind,
            subjectCode,
            list: 'serious-dishonesty',
            reason: `${d.decisionNo}：${d.reason}`,
            listedOn: d.periodStart,
            until: d.periodEnd,
            admdvs: d.admdvs,
            decisionId: d.id,
          }),
        );
      }
      await em.flush();
    }
    await this.audit.record(em, { action: 'list-decision.record', targetType: 'list-decision', targetId: d.id, admdvs: d.admdvs, after: auditView(d) });
    await this.event(em, d, 'SubjectListed');
    await this.fileEntry(em, d, d.id, d.list === 'black' ? 'BLACKLISTED' : 'RED_LISTED');
    return this.view(em, d);
  }

  async list(req: ListDecisionsRequest): Promise<Page<ListDecisionView>> {
    const prefix = readerPrefix('view the red/black lists');
    const limit = req.limit ?? 50;
    const offset = req.offset ?? 0;
    if (prefix === null) return { items: [], total: 0, limit, offset };
    const em = this.orm.em.fork();
    const today = this.today().toString();
    // A listing past its period has ended whether or not anyone recorded it (no sweeper needed).
    const status =
      req.status === 'IN_FORCE'
        ? { status: 'IN_FORCE' as const, periodEnd: { $gte: today } }
        : req.status === 'ENDED'
          ? { $or: [{ status: 'ENDED' as const }, { status: 'IN_FORCE' as const, periodEnd: { $lt: today } }] }
          : req.status
            ? { status: req.status }
            : {};
    const where = { admdvs: { $like: `${prefix}%` }, ...(req.list ? { list: req.list } : {}), ...status };
    const [rows, total] = await em.findAndCount(ListDecisionEntity, where, { orderBy: { decidedAt: 'desc', id: 'desc' }, limit, offset });
    const notices =
      rows.length === 0 ? [] : await em.find(JointNoticeEntity, { decisionId: { $in: rows.map((d) => d.id) } }, { orderBy: { sentAt: 'asc', id: 'asc' } });
    const items = rows.map((d) =>
      this.toView(
        d,
        notices.filter((n) => n.decisionId === d.id),
      ),
    );
    return { items, total, limit, offset };
  }

  async get(id: string): Promise<ListDecisionView> {
    readerPrefix('view the red/black lists');
    const em = this.orm.em.fork();
    return this.view(em, await visible(em, id));
  }

  /** 移出 / 信用修复. Before the period ends only a ground for early repair applies. */
  async repair(req: RepairListingRequest): Promise<ListDecisionView> {
    return this.orm.em.fork().transactional(async (em) => {
      const d = await visible(em, req.id, true);
      requireOfficer(d.admdvs, 'remove a listing');
      if (d.status !== 'IN_FORCE') {
        throw new ConflictError('LIST.NOT_IN_FORCE', `listing ${d.decisionNo} has already ended (${d.status})`, { field: 'id', status: d.status });
      }
      const today = this.today();
      const ground = REPAIR_GROUNDS.find((g) => g.code === req.ground);
      if (!ground) throw new ValidationError('ground', `unknown repair ground ${req.ground}`);
      const periodRunning = !today.isAfter(LocalDate.parse(d.periodEnd));
      if (periodRunning && !ground.early) {
        throw new ConflictError(
          'LIST.PERIOD_NOT_ENDED',
          `listing ${d.decisionNo} runs until ${d.periodEnd}; removal before then needs a legal ground for early repair (${EARLY_GROUNDS.join(', ')}), not ${ground.code} (${ground.text})`,
          { field: 'ground', reason: 'the listing period has not ended', periodEnd: d.periodEnd, allowedGrounds: EARLY_GROUNDS },
        );
      }
      const before = auditView(d);
      d.status = ground.code === 'PERIOD-ENDED' ? 'ENDED' : 'REPAIRED';
      d.endedOn = today.toString();
      d.repairGround = ground.code;
      d.repairNote = req.note;
      // Blacklist entries stop today: the admission check no longer finds them from today on.
      await em.execute(`update credit.blacklist_entry set until = least(coalesce(until, ?::date), ?::date) where decision_id = ?`, [
        today.minusDays(1).toString(),
        today.minusDays(1).toString(),
        d.id,
      ]);
      await em.flush();
      await this.audit.record(em, {
        action: 'list-decision.repair',
        targetType: 'list-decision',
        targetId: d.id,
        admdvs: d.admdvs,
        before,
        after: auditView(d),
      });
      await this.event(em, d, 'SubjectDelisted');
      await this.fileEntry(em, d, newUuidV7(), 'DELISTED');
      return this.view(em, d);
    });
  }

  /** 联合惩戒 — records one notice per department (black list, in force). */
  async sendNotices(req: SendJointNoticesRequest): Promise<ListDecisionView> {
    return this.orm.em.fork().transactional(async (em) => {
      const d = await visible(em, req.id, true);
      requireOfficer(d.admdvs, 'send joint-punishment notices');
      if (d.list !== 'black') throw new ConflictError('LIST.NOT_BLACK', 'joint-punishment notices follow black-list decisions only', { field: 'id' });
      if (d.status !== 'IN_FORCE' || this.today().isAfter(LocalDate.parse(d.periodEnd))) {
        throw new ConflictError('LIST.NOT_IN_FORCE', `listing ${d.decisionNo} has ended`, { field: 'id', status: d.status, periodEnd: d.periodEnd });
      }
      const existing = await em.find(JointNoticeEntity, { decisionId: d.id, department: { $in: req.departments } });
      if (existing.length > 0) {
        throw new ConflictError('LIST.NOTICE_EXISTS', `already notified: ${existing.map((n) => n.department).join(', ')}`, {
          field: 'departments',
          departments: existing.map((n) => n.department),
        });
      }
      for (const department of req.departments) {
        const n = em.create(JointNoticeEntity, { id: newUuidV7(), decisionId: d.id, department, status: 'SENT', sentAt: this.clock.now() });
        em.persist(n);
        await em.flush();
        await this.noticeEvent(em, d, n, 'JointNoticeSent');
      }
      await this.audit.record(em, {
        action: 'joint-notice.send',
        targetType: 'list-decision',
        targetId: d.id,
        admdvs: d.admdvs,
        detail: { departments: req.departments },
      });
      return this.view(em, d);
    });
  }

  async acknowledge(req: AcknowledgeNoticeRequest): Promise<ListDecisionView> {
    return this.orm.em.fork().transactional(async (em) => {
      const d = await visible(em, req.id);
      requireOfficer(d.admdvs, 'record a notice acknowledgement');
      const n = await em.findOne(JointNoticeEntity, { id: req.noticeId, decisionId: d.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!n) throw new NotFoundError('joint-punishment notice', req.noticeId);
      if (n.status === 'ACKNOWLEDGED') {
        throw new ConflictError('LIST.NOTICE_ALREADY_ACKNOWLEDGED', `the notice to ${n.department} was acknowledged on ${n.acknowledgedOn}`, {
          field: 'noticeId',
        });
      }
      if (LocalDate.parse(req.acknowledgedOn).isBefore(LocalDate.fromInstant(n.sentAt))) {
        throw new ValidationError('acknowledgedOn', 'lies before the notice was sent');
      }
      n.status = 'ACKNOWLEDGED';
      n.acknowledgedOn = req.acknowledgedOn;
      n.note = req.note ?? null;
      await em.flush();
      await this.audit.record(em, {
        action: 'joint-notice.acknowledge',
        targetType: 'joint-notice',
        targetId: n.id,
        admdvs: d.admdvs,
        before: { status: 'SENT' },
        after: { status: n.status, acknowledgedOn: n.acknowledgedOn },
      });
      await this.noticeEvent(em, d, n, 'JointNoticeAcknowledged');
      return this.view(em, d);
    });
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** Checks the subject code by type and the period; returns the payload to store. */
  private normalise(req: ProposeListingRequest): ListingPayload {
    const start = LocalDate.parse(req.periodStart, 'periodStart');
    const end = LocalDate.parse(req.periodEnd, 'periodEnd');
    if (end.isBefore(start)) throw new ValidationError('periodEnd', 'lies before periodStart');
    let subject: Pick<ListingPayload, 'subjectCode' | 'subjectKey' | 'subjectCodeEnc'> = { subjectCode: req.subjectCode, subjectKey: req.subjectCode };
    if (req.subjectType === 'institution') {
      const code = InstitutionCode.parse(req.subjectCode, 'subjectCode').value;
      subject = { subjectCode: code, subjectKey: code };
    } else if (PERSON_TYPES.has(req.subjectType)) {
      // The ID number never reaches a table or the approval payload in the clear.
      const id = IdCard.parse(req.subjectCode, 'subjectCode').value;
      subject = { subjectCode: maskIdNumber(id), subjectKey: this.cipher.lookupHash(id), subjectCodeEnc: this.cipher.encrypt(id) };
    }
    if (req.subjectType !== 'institution' && req.uscc) throw new ValidationError('uscc', 'only an institution has a USCC');
    return {
      list: req.list,
      subjectType: req.subjectType,
      ...subject,
      subjectName: req.subjectName,
      ...(req.uscc ? { uscc: req.uscc.toUpperCase() } : {}),
      ...(req.institutionCode ? { institutionCode: req.institutionCode.toUpperCase() } : {}),
      admdvs: req.admdvs,
      decisionNo: req.decisionNo,
      legalBasis: req.legalBasis,
      reason: req.reason,
      periodStart: start.toString(),
      periodEnd: end.toString(),
      publicationText: req.publicationText,
    };
  }

  private async assertNotListed(em: EntityManager, p: ListingPayload): Promise<void> {
    const overlapping = await em.findOne(ListDecisionEntity, {
      list: p.list,
      subjectType: p.subjectType,
      subjectKey: p.subjectKey,
      status: 'IN_FORCE',
      periodStart: { $lte: p.periodEnd },
      periodEnd: { $gte: p.periodStart },
    });
    if (overlapping) {
      throw new ConflictError(
        'LIST.ALREADY_LISTED',
        `the subject is already on the ${p.list} list by ${overlapping.decisionNo} until ${overlapping.periodEnd}`,
        {
          field: 'subjectCode',
          decisionId: overlapping.id,
        },
      );
    }
  }

  /**
   * The decision in the file of a listed institution or practitioner (persons have none): a black
   * listing weighs the city's `blacklisted` delta; a red listing and a removal are recorded facts
   * without a score change (a removal restores nothing by itself — that is 信用修复's job).
   */
  private async fileEntry(em: EntityManager, d: ListDecisionEntity, entryId: string, kind: 'BLACKLISTED' | 'RED_LISTED' | 'DELISTED'): Promise<void> {
    if (d.subjectType !== 'institution' && d.subjectType !== 'practitioner') return;
    const listName = d.list === 'black' ? '严重失信（黑）名单' : '守信（红）名单';
    await this.scoring.record(em, {
      eventId: entryId,
      occurredAt: this.clock.now().toISOString(),
      subjectType: d.subjectType,
      subjectCode: d.subjectCode,
      admdvs: d.admdvs,
      kind,
      delta: kind === 'BLACKLISTED' ? this.scoring.deltaFor(d.admdvs, 'BLACKLISTED') : 0,
      summary: (kind === 'DELISTED'
        ? `移出${listName}（${d.decisionNo}）：${d.repairGround ?? ''} ${d.repairNote ?? ''}`
        : `列入${listName}（${d.decisionNo}，${d.periodStart}–${d.periodEnd}）：${d.reason}；依据${d.legalBasis}`
      ).slice(0, 1000),
      source: 'credit',
      sourceSubject: kind === 'DELISTED' ? CreditListEventSubjects.SubjectDelisted : CreditListEventSubjects.SubjectListed,
      evidence: { decisionId: d.id, decisionNo: d.decisionNo },
      byOfficer: true,
    });
  }

  private async event(em: EntityManager, d: ListDecisionEntity, type: 'SubjectListed' | 'SubjectDelisted'): Promise<void> {
    await this.outbox.add<ListDecisionEventPayload>(em, {
      subject: CreditListEventSubjects[type],
      type,
      admdvs: d.admdvs,
      aggregateId: d.id,
      payload: {
        decisionId: d.id,
        list: d.list,
        subjectType: d.subjectType,
        // Persons travel masked: consumers needing the number ask credit-service.
        subjectCode: d.subjectCode,
        institutionCode: d.institutionCode ?? null,
        uscc: d.uscc ?? null,
        periodStart: d.periodStart,
        periodEnd: d.periodEnd,
        status: d.status,
      },
    });
  }

  private async noticeEvent(
    em: EntityManager,
    d: ListDecisionEntity,
    n: JointNoticeEntity,
    type: 'JointNoticeSent' | 'JointNoticeAcknowledged',
  ): Promise<void> {
    await this.outbox.add<JointNoticeEventPayload>(em, {
      subject: CreditListEventSubjects[type],
      type,
      admdvs: d.admdvs,
      aggregateId: d.id,
      payload: { decisionId: d.id, noticeId: n.id, department: n.department, status: n.status },
    });
  }

  private async view(em: EntityManager, d: ListDecisionEntity): Promise<ListDecisionView> {
    return this.toView(d, await em.find(JointNoticeEntity, { decisionId: d.id }, { orderBy: { sentAt: 'asc', id: 'asc' } }));
  }

  private toView(d: ListDecisionEntity, notices: JointNoticeEntity[]): ListDecisionView {
    const expired = d.status === 'IN_FORCE' && this.today().isAfter(LocalDate.parse(d.periodEnd));
    return {
      id: d.id,
      list: d.list,
      subjectType: d.subjectType,
      subjectCode: d.subjectCode,
      subjectName: d.subjectName,
      uscc: d.uscc ?? null,
      institutionCode: d.institutionCode ?? null,
      admdvs: d.admdvs,
      decisionNo: d.decisionNo,
      legalBasis: d.legalBasis,
      reason: d.reason,
      periodStart: d.periodStart,
      periodEnd: d.periodEnd,
      publicationText: d.publicationText,
      status: expired ? 'ENDED' : d.status,
      approvalId: d.approvalId,
      decidedAt: d.decidedAt.toISOString(),
      endedOn: d.endedOn ?? null,
      repairGround: d.repairGround ?? null,
      repairNote: d.repairNote ?? null,
      notices: notices.map((n) => ({
        id: n.id,
        department: n.department,
        departmentName: JOINT_DEPARTMENTS.find((x) => x.code === n.department)?.text ?? n.department,
        status: n.status,
        sentAt: n.sentAt.toISOString(),
        acknowledgedOn: n.acknowledgedOn ?? null,
        note: n.note ?? null,
      })),
    };
  }
}

async function visible(em: EntityManager, id: string, lock = false): Promise<ListDecisionEntity> {
  const d = await em.findOne(ListDecisionEntity, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  if (!d || !canSee(currentActor(), d.admdvs)) throw new NotFoundError('list decision', id);
  return d;
}

function blacklistKeys(d: ListDecisionEntity): [BlacklistEntryEntity['subjectKind'], string][] {
  if (d.subjectType === 'institution')
    return [['institution', d.subjectKey], ...(d.uscc ? [['uscc', d.uscc] as [BlacklistEntryEntity['subjectKind'], string]] : [])];
  if (d.subjectType === 'practitioner') return [['practitioner', d.subjectKey]];
  // Persons by the lookup hash of their ID number: an admission check hashes the number it is given.
  return [['id-card', d.subjectKey]];
}

function auditView(d: ListDecisionEntity): Record<string, unknown> {
  return {
    list: d.list,
    subjectType: d.subjectType,
    subjectCode: d.subjectCode,
    decisionNo: d.decisionNo,
    periodStart: d.periodStart,
    periodEnd: d.periodEnd,
    status: d.status,
    endedOn: d.endedOn ?? null,
    repairGround: d.repairGround ?? null,
  };
}
