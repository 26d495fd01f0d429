import { Inject, Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import {
  type ComplaintView,
  type ConcludeComplaintRequest,
  CreditComplaintEventSubjects,
  type ListComplaintsRequest,
  type Page,
  type SubmitComplaintRequest,
} from '@mi/contracts';
import { Admdvs, type Clock, ConflictError, defaultCalendar, LocalDate, maskIdNumber, NotFoundError, scopeFilter, ValidationError } from '@mi/domain';
import { AuditService, canSee, CLOCK, currentActor, maskName, newUuidV7, OutboxService, type PiiCipher, requireRole, SERVICE_CONFIG } from '@mi/platform';
import type { CreditConfig } from '../config';
import { CreditFileEntity } from '../credit-file/credit-file.entity';
import { OFFICER_ROLES, requireOfficer } from '../officer';
import { creditPiiCipher } from '../pii';
import { ComplaintEntity } from './complaint.entity';
import { rewardFen, rewardPolicyFor } from './reward-policy';

const READER_ROLES = [...OFFICER_ROLES, 'auditor'] as const;

/**
 * 举报 — intake (anonymous or not; the reporter encrypted, only masked copies ever shown), routing
 * to the region handling the subject, a working-day deadline, and the conclusion with the reward
 * computed as data in fen. Audit row and event in every change's transaction; events never carry
 * the reporter.
 */
@Injectable()
export class ComplaintService {
  private readonly cipher: PiiCipher;

  constructor(
    private readonly orm: MikroORM,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) config: CreditConfig,
  ) {
    this.cipher = creditPiiCipher(config);
  }

  private today(): LocalDate {
    return LocalDate.fromInstant(this.clock.now());
  }

  async submit(req: SubmitComplaintRequest): Promise<ComplaintView> {
    const actor = currentActor();
    if (actor?.kind !== 'system') requireRole(actor, [...OFFICER_ROLES], 'record a complaint');
    if (!req.anonymous && !req.reporter) throw new ValidationError('reporter', 'is required unless the complaint is anonymous');
    if ((req.subjectType === 'institution' || req.subjectType === 'practitioner') && !req.subjectCode) {
      throw new ValidationError('subjectCode', `is required for a complaint about an ${req.subjectType}`);
    }
    return this.orm.em.fork().transactional(async (em) => {
      // Routing: the region of the subject's credit file when it has one, else the region given.
      const file = req.subjectCode
        ? await em.findOne(CreditFileEntity, { subjectType: req.subjectType as 'institution' | 'practitioner', subjectCode: req.subjectCode })
        : null;
      const admdvs = file?.admdvs ?? Admdvs.parse(req.admdvs, 'admdvs').code;
      const today = this.today();
      const r = req.reporter;
      const c = em.create(ComplaintEntity, {
        id: newUuidV7(),
        admdvs,
        channel: req.channel,
        subjectType: req.subjectType,
        subjectCode: req.subjectCode ?? null,
        subjectName: req.subjectName,
        content: req.content,
        anonymous: req.anonymous,
        reporterEnc: r ? this.cipher.encrypt(JSON.stringify({ name: r.name, phone: r.phone, idNumber: r.idNumber ?? null })) : null,
        reporterMasked: r
          ? { name: maskName(r.name), phone: `${r.phone.slice(0, 3)}****${r.phone.slice(-4)}`, idNumber: r.idNumber ? maskIdNumber(r.idNumber) : null }
          : null,
        receivedOn: today.toString(),
        dueOn: defaultCalendar().addWorkingDays(today, rewardPolicyFor(admdvs).handleWithinWorkingDays).toString(),
        status: 'RECEIVED',
        createdAt: this.clock.now(),
      });
      em.persist(c);
      await em.flush();
      await this.audit.record(em, {
        action: 'complaint.receive',
        targetType: 'complaint',
        targetId: c.id,
        admdvs,
        after: { admdvs, subjectType: c.subjectType, subjectCode: c.subjectCode ?? null, anonymous: c.anonymous, dueOn: c.dueOn },
      });
      await this.outbox.add(em, {
        subject: CreditComplaintEventSubjects.ComplaintReceived,
        type: 'ComplaintReceived',
        admdvs,
        aggregateId: c.id,
        payload: { complaintId: c.id, admdvs, subjectType: c.subjectType, subjectCode: c.subjectCode ?? null, anonymous: c.anonymous, dueOn: c.dueOn },
      });
      return this.view(c);
    });
  }

  async list(req: ListComplaintsRequest): Promise<Page<ComplaintView>> {
    const actor = currentActor();
    const limit = req.limit ?? 50;
    const offset = req.offset ?? 0;
    if (actor?.kind !== 'system') requireRole(actor, [...READER_ROLES], 'view complaints');
    if (!actor || (actor.kind !== 'system' && !Admdvs.isValid(actor.scope))) return { items: [], total: 0, limit, offset };
    const prefix = actor.kind === 'system' && actor.scope === '' ? '' : scopeFilter(actor.scope).prefix;
    const [rows, total] = await this.orm.em
      .fork()
      .findAndCount(
        ComplaintEntity,
        { admdvs: { $like: `${prefix}%` }, ...(req.status ? { status: req.status } : {}) },
        { orderBy: { receivedOn: 'desc', id: 'desc' }, limit, offset },
      );
    return { items: rows.map((c) => this.view(c)), total, limit, offset };
  }

  async get(id: string): Promise<ComplaintView> {
    const actor = currentActor();
    if (actor?.kind !== 'system') requireRole(actor, [...READER_ROLES], 'view complaints');
    return this.view(await visible(this.orm.em.fork(), id));
  }

  async conclude(req: ConcludeComplaintRequest): Promise<ComplaintView> {
    return this.orm.em.fork().transactional(async (em) => {
      const c = await visible(em, req.id, true);
      requireOfficer(c.admdvs, 'conclude a complaint');
      if (c.status === 'CONCLUDED') throw new ConflictError('COMPLAINT.CONCLUDED', `the complaint was concluded on ${c.concludedOn}`, { field: 'id' });
      const recovered = BigInt(req.recoveredFen);
      if (!req.substantiated && recovered > 0n) throw new ValidationError('recoveredFen', 'must be 0 for a complaint not substantiated');
      const policy = rewardPolicyFor(c.admdvs);
      c.status = 'CONCLUDED';
      c.substantiated = req.substantiated;
      c.recoveredFen = recovered.toString();
      c.rewardFen = req.substantiated ? rewardFen(recovered, policy).toString() : null;
      c.rewardBasis = req.substantiated ? policy.basis : null;
      c.findings = req.findings;
      c.concludedOn = this.today().toString();
      await em.flush();
      await this.audit.record(em, {
        action: 'complaint.conclude',
        targetType: 'complaint',
        targetId: c.id,
        admdvs: c.admdvs,
        before: { status: 'RECEIVED' },
        after: { status: c.status, substantiated: c.substantiated, recoveredFen: c.recoveredFen, rewardFen: c.rewardFen },
      });
      await this.outbox.add(em, {
        subject: CreditComplaintEventSubjects.ComplaintConcluded,
        type: 'ComplaintConcluded',
        admdvs: c.admdvs,
        aggregateId: c.id,
        payload: {
          complaintId: c.id,
          substantiated: c.substantiated,
          recoveredFen: c.recoveredFen,
          rewardFen: c.rewardFen ?? null,
          overdue: c.concludedOn > c.dueOn,
        },
      });
      return this.view(c);
    });
  }

  private view(c: ComplaintEntity): ComplaintView {
    return {
      id: c.id,
      admdvs: c.admdvs,
      channel: c.channel,
      subjectType: c.subjectType,
      subjectCode: c.subjectCode ?? null,
      subjectName: c.subjectName,
      content: c.content,
      anonymous: c.anonymous,
      reporter: c.reporterMasked ?? null,
      receivedOn: c.receivedOn,
      dueOn: c.dueOn,
      overdue: c.status === 'RECEIVED' ? this.today().toString() > c.dueOn : (c.concludedOn ?? '') > c.dueOn,
      status: c.status,
      substantiated: c.substantiated ?? null,
      recoveredFen: c.recoveredFen != null ? String(c.recoveredFen) : null,
      rewardFen: c.rewardFen != null ? String(c.rewardFen) : null,
      rewardBasis: c.rewardBasis ?? null,
      findings: c.findings ?? null,
      concludedOn: c.concludedOn ?? null,
    };
  }
}

async function visible(em: EntityManager, id: string, lock = false): Promise<ComplaintEntity> {
  const c = await em.findOne(ComplaintEntity, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  if (!c || !canSee(currentActor(), c.admdvs)) throw new NotFoundError('complaint', id);
  return c;
}
