import { Inject, Injectable } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import {
  AgreementEventSubjects,
  type AgreementIndicators,
  AgreementSignedEvent,
  type AgreementSignedPayload,
  type AgreementView,
  type ApprovalView,
  type GetAgreementRequest,
  type IndicatorsInForceRequest,
  type IndicatorsInForceView,
  InstitutionAdmittedEvent,
  type InstitutionAdmittedPayload,
  type ListAgreementsRequest,
  type Page,
  type ProposalReply,
  type ProposeExtensionRequest,
  type ProposeSigningRequest,
  type ProposeSuspensionRequest,
  type ProposeTerminationRequest,
  type RequestResumptionRequest,
  type RequestVoluntarySuspensionRequest,
  type RequestVoluntaryTerminationRequest,
  TERMINATION_GROUNDS,
  type TerminationGround,
  type VoluntaryTerminationPayload,
  VoluntaryTerminationScheduledEvent,
  VoluntaryTerminationWithdrawnEvent,
  type WithdrawVoluntaryTerminationRequest,
} from '@mi/contracts';
import { type Clock, ConflictError, LocalDate, NotFoundError, ValidationError } from '@mi/domain';
import { ApprovalService, AuditService, CLOCK, newUuidV7, OutboxService } from '@mi/platform';
import { ApplicationEntity } from '../application/application.entity';
import { EligibilityCache } from '../eligibility/eligibility-cache';
import { InstitutionEntity } from '../institution/institution.entity';
import { OFFICER_ROLES, page, regionPattern, requireOfficer, scopePrefix, visibleInstitution } from '../shared/access';
import {
  addMonths,
  agreementNumber,
  assertNotFinal,
  checkRenewalWindow,
  checkSuspensionPeriod,
  checkTerminationGround,
  checkVoluntaryLength,
  daysInForce,
  endInstant,
  LIFECYCLE_POLICY,
  naturalYearTerm,
} from './agreement-policy';
import { termsFor } from './agreement-template';
import { AgreementEntity, SuspensionEntity } from './agreement.entities';
import { agreementView, AgreementTransitions, lockCurrentAgreement } from './agreement-transitions';

/** Approval actions of this service (context `agreement`, decided at /api/v1/approvals/agreement). */
export const AgreementActions = {
  sign: 'agreement.sign',
  suspend: 'agreement.suspend',
  extendSuspension: 'agreement.extend-suspension',
  terminate: 'agreement.terminate',
} as const;

interface SignPayload {
  applicationId: string;
  validFrom: string;
  indicators: AgreementIndicators;
  clauses: string;
  institutionSignatory?: { name: string; position: string; signedOn: string };
}
interface SuspendPayload {
  institutionCode: string;
  reason: string;
  legalBasis: string;
  startsOn: string;
  endsOn: string;
}
interface ExtendPayload {
  institutionCode: string;
  endsOn: string;
}
interface TerminatePayload {
  institutionCode: string;
  ground: TerminationGround;
  reason: string;
}

/**
 * 协议管理 — signing, suspension, extension and termination (maker-checker: proposed by one
 * officer, applied when a second approves), the institution's own suspension requests, reads.
 */
@Injectable()
export class AgreementService {
  constructor(
    private readonly orm: MikroORM,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly approvals: ApprovalService,
    private readonly transitions: AgreementTransitions,
    private readonly cache: EligibilityCache,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    const deciders = [...OFFICER_ROLES];
    approvals.register<SignPayload, AgreementView>(AgreementActions.sign, {
      requiredRoles: deciders,
      describe: (p) => `sign the agreement of application ${p.applicationId} from ${p.validFrom}`,
      apply: (em, p) => this.applySign(em, p),
    });
    approvals.register<SuspendPayload, AgreementView>(AgreementActions.suspend, {
      requiredRoles: deciders,
      describe: (p) => `suspend ${p.institutionCode} ${p.startsOn}–${p.endsOn}: ${p.reason}`,
      apply: (em, p) => this.applySuspend(em, p),
    });
    approvals.register<ExtendPayload, AgreementView>(AgreementActions.extendSuspension, {
      requiredRoles: deciders,
      describe: (p) => `extend the suspension of ${p.institutionCode} to ${p.endsOn}`,
      apply: (em, p) => this.applyExtend(em, p),
    });
    approvals.register<TerminatePayload, AgreementView>(AgreementActions.terminate, {
      requiredRoles: deciders,
      describe: (p) => `terminate the agreement of ${p.institutionCode} on ground ${p.ground} (${TERMINATION_GROUNDS[p.ground]})`,
      apply: (em, p) => this.applyTerminate(em, p),
    });
  }

  private today(): LocalDate {
    return LocalDate.fromInstant(this.clock.now());
  }

  // ---- proposals (maker) -------------------------------------------------------------------

  async proposeSigning(req: ProposeSigningRequest): Promise<ProposalReply> {
    const em = this.orm.em.fork();
    const application = await em.findOne(ApplicationEntity, { id: req.applicationId });
    if (!application) throw new NotFoundError('application', req.applicationId);
    await visibleInstitution(em, application.institutionCode);
    requireOfficer(application.admdvs, `agreement of ${application.institutionCode}`);
    const validFrom = await this.renewalStart(em, application, req.validFrom ? LocalDate.parse(req.validFrom, 'validFrom') : undefined);
    await assertSignable(em, application, validFrom, this.today());
    const payload: SignPayload = {
      applicationId: application.id,
      validFrom: validFrom.toString(),
      indicators: { ...req.indicators },
      clauses: req.clauses ?? '',
      ...(req.institutionSignatory ? { institutionSignatory: { ...req.institutionSignatory } } : {}),
    };
    if (req.institutionSignatory && LocalDate.parse(req.institutionSignatory.signedOn).isAfter(this.today())) {
      throw new ValidationError('institutionSignatory.signedOn', `the institution cannot have signed after today (${this.today().toString()})`);
    }
    return reply(
      await this.approvals.propose({
        action: AgreementActions.sign,
        targetType: 'institution',
        targetId: application.institutionCode,
        admdvs: application.admdvs,
        payload,
        reason: req.reason,
      }),
    );
  }

  /**
   * AGR-07: a renewal (an application already signed) is asked for inside the window before the
   * agreement in force ends, and continues it from the next day (into the next natural year); a
   * first agreement starts on the day asked for, or today.
   */
  private async renewalStart(em: EntityManager, application: ApplicationEntity, asked: LocalDate | undefined): Promise<LocalDate> {
    const today = this.today();
    if (application.status !== 'SIGNED') return asked ?? today;
    const [last] = await em.find(
      AgreementEntity,
      { applicationId: application.id, validFrom: { $lte: today.toString() } },
      { orderBy: { validFrom: 'desc' }, limit: 1 },
    );
    // A terminated designation is not renewed (assertSignable names why).
    if (!last || last.status === 'TERMINATED') return asked ?? today;
    checkRenewalWindow(last, today);
    const next = LocalDate.parse(last.validTo).plusDays(1);
    if (asked && asked.toString() !== next.toString()) {
      throw new ValidationError('validFrom', `a renewal continues the agreement ending ${last.validTo}: it starts on ${next}`);
    }
    return next;
  }

  async proposeSuspension(req: ProposeSuspensionRequest): Promise<ProposalReply> {
    const { institution, agreement, suspensions } = await this.current(req.institutionCode);
    requireOfficer(institution.admdvs, `agreement of ${institution.code}`);
    assertNotFinal(agreement.status, institution.code);
    const period = { startsOn: LocalDate.parse(req.startsOn, 'startsOn'), endsOn: LocalDate.parse(req.endsOn, 'endsOn') };
    checkSuspensionPeriod(period, agreement, effective(suspensions));
    const payload: SuspendPayload = {
      institutionCode: institution.code,
      reason: req.reason,
      legalBasis: req.legalBasis,
      startsOn: req.startsOn,
      endsOn: req.endsOn,
    };
    return reply(
      await this.approvals.propose({
        action: AgreementActions.suspend,
        targetType: 'agreement',
        targetId: agreement.id,
        admdvs: agreement.admdvs,
        payload,
        reason: req.reason,
      }),
    );
  }

  async proposeExtension(req: ProposeExtensionRequest): Promise<ProposalReply> {
    const { institution, agreement, suspensions } = await this.current(req.institutionCode);
    requireOfficer(institution.admdvs, `agreement of ${institution.code}`);
    assertNotFinal(agreement.status, institution.code);
    checkExtension(suspensions, LocalDate.parse(req.endsOn, 'endsOn'), agreement);
    return reply(
      await this.approvals.propose({
        action: AgreementActions.extendSuspension,
        targetType: 'agreement',
        targetId: agreement.id,
        admdvs: agreement.admdvs,
        payload: { institutionCode: institution.code, endsOn: req.endsOn } satisfies ExtendPayload,
        reason: req.reason,
      }),
    );
  }

  async proposeTermination(req: ProposeTerminationRequest): Promise<ProposalReply> {
    const { institution, agreement, suspensions } = await this.current(req.institutionCode);
    requireOfficer(institution.admdvs, `agreement of ${institution.code}`);
    assertNotFinal(agreement.status, institution.code);
    checkTerminationGround(req.ground, effective(suspensions).length, agreement.status === 'SUSPENDED');
    if (req.ground === 12 && agreement.publicHospital) {
      throw new ConflictError('AGREEMENT.PUBLIC_HOSPITAL', 'public hospitals may not request their own suspension or termination', {
        field: 'ground',
        reason: '2号令 Art. 44',
        rule: 'AGR-08',
      });
    }
    return reply(
      await this.approvals.propose({
        action: AgreementActions.terminate,
        targetType: 'agreement',
        targetId: agreement.id,
        admdvs: agreement.admdvs,
        payload: { institutionCode: institution.code, ground: req.ground, reason: req.reason } satisfies TerminatePayload,
        reason: req.reason,
      }),
    );
  }

  // ---- approved changes (checker; run inside the approval's transaction) -------------------

  private async applySign(em: EntityManager, p: SignPayload): Promise<AgreementView> {
    const application = await em.findOne(ApplicationEntity, { id: p.applicationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!application) throw new NotFoundError('application', p.applicationId);
    const validFrom = LocalDate.parse(p.validFrom, 'validFrom');
    await assertSignable(em, application, validFrom, this.today());
    const institution = await em.findOneOrFail(InstitutionEntity, { code: application.institutionCode });
    const term = naturalYearTerm(validFrom);
    const clash = await em.findOne(AgreementEntity, {
      institutionCode: institution.code,
      status: { $ne: 'TERMINATED' },
      validFrom: { $gte: `${validFrom.year}-01-01`, $lte: `${validFrom.year}-12-31` },
    });
    if (clash) {
      throw new ConflictError('AGREEMENT.ALREADY_SIGNED', `${institution.code} already has an agreement for ${validFrom.year}`, {
        field: 'validFrom',
        reason: 'one agreement per natural year',
      });
    }
    const agreement = em.create(AgreementEntity, {
      id: newUuidV7(),
      number: agreementNumber(institution.poolarea, validFrom.year, institution.code),
      institutionCode: institution.code,
      applicationId: application.id,
      admdvs: institution.admdvs,
      poolarea: institution.poolarea,
      status: 'ACTIVE',
      validFrom: term.validFrom.toString(),
      validTo: term.validTo.toString(),
      expiresAt: endInstant(term.validTo),
      indicators: p.indicators,
      terms: termsFor(institution.poolarea, institution.type, institution.level, p.indicators),
      institutionSignatory: p.institutionSignatory ?? null,
      clauses: p.clauses,
      publicHospital: institution.type === 'hospital' && application.facts.ownership === 'public',
      signedAt: this.clock.now(),
    });
    em.persist(agreement);
    this.cache.refreshAfterCommit(em, agreement.institutionCode);
    // PASSED → first agreement of this designation = admission; SIGNED → a renewal (AGR-07).
    const admission = application.status === 'PASSED';
    application.status = 'SIGNED';
    const view = agreementView(agreement, institution, []);
    await this.audit.record(em, { action: 'agreement.sign', targetType: 'agreement', targetId: agreement.id, admdvs: agreement.admdvs, after: view });
    await this.outbox.add<AgreementSignedPayload>(em, {
      subject: AgreementEventSubjects.AgreementSigned,
      type: AgreementSignedEvent.TYPE,
      admdvs: agreement.admdvs,
      aggregateId: agreement.id,
      payload: {
        agreementId: agreement.id,
        institutionCode: agreement.institutionCode,
        poolarea: agreement.poolarea,
        number: agreement.number,
        validFrom: agreement.validFrom,
        validTo: agreement.validTo,
      },
    });
    if (admission) {
      await this.outbox.add<InstitutionAdmittedPayload>(em, {
        subject: AgreementEventSubjects.InstitutionAdmitted,
        type: InstitutionAdmittedEvent.TYPE,
        admdvs: agreement.admdvs,
        aggregateId: institution.code,
        payload: {
          agreementId: agreement.id,
          institutionCode: institution.code,
          poolarea: agreement.poolarea,
          applicationId: application.id,
          institutionType: institution.type,
          level: institution.level,
          admittedOn: agreement.validFrom,
        },
      });
    }
    return view;
  }

  private async applySuspend(em: EntityManager, p: SuspendPayload): Promise<AgreementView> {
    const { institution, agreement, suspensions } = await this.lockedCurrent(em, p.institutionCode);
    assertNotFinal(agreement.status, institution.code);
    const period = { startsOn: LocalDate.parse(p.startsOn, 'startsOn'), endsOn: LocalDate.parse(p.endsOn, 'endsOn') };
    checkSuspensionPeriod(period, agreement, effective(suspensions));
    const s = await this.transitions.suspend(em, agreement, { kind: 'MANDATORY', reason: p.reason, legalBasis: p.legalBasis, ...period });
    return agreementView(agreement, institution, [...suspensions, s]);
  }

  private async applyExtend(em: EntityManager, p: ExtendPayload): Promise<AgreementView> {
    const { institution, agreement, suspensions } = await this.lockedCurrent(em, p.institutionCode);
    assertNotFinal(agreement.status, institution.code);
    const endsOn = LocalDate.parse(p.endsOn, 'endsOn');
    const target = checkExtension(suspensions, endsOn, agreement);
    const before = target.endsOn;
    target.endsOn = endsOn.toString();
    target.endsAt = endInstant(endsOn);
    await this.audit.record(em, {
      action: 'agreement.suspension.extend',
      targetType: 'agreement',
      targetId: agreement.id,
      admdvs: agreement.admdvs,
      before: { endsOn: before },
      after: { endsOn: target.endsOn, suspensionId: target.id },
    });
    return agreementView(agreement, institution, suspensions);
  }

  private async applyTerminate(em: EntityManager, p: TerminatePayload): Promise<AgreementView> {
    const { institution, agreement, suspensions } = await this.lockedCurrent(em, p.institutionCode);
    assertNotFinal(agreement.status, institution.code);
    checkTerminationGround(p.ground, effective(suspensions).length, agreement.status === 'SUSPENDED');
    await this.transitions.terminate(em, agreement, p.ground, p.reason, false);
    return agreementView(agreement, institution, await em.find(SuspensionEntity, { agreementId: agreement.id }));
  }

  // ---- the institution's own requests --------------------------------------------------------

  /** AGR-08/09: voluntary suspension, ≤ 180 days, asked 3 months ahead; not for public hospitals. */
  async requestVoluntarySuspension(req: RequestVoluntarySuspensionRequest): Promise<AgreementView> {
    return this.orm.em.fork().transactional(async (em) => {
      const { institution, agreement, suspensions } = await this.lockedCurrent(em, req.institutionCode);
      requireOfficer(institution.admdvs, `agreement of ${institution.code}`);
      assertNotFinal(agreement.status, institution.code);
      assertMayExitVoluntarily(agreement);
      const period = { startsOn: LocalDate.parse(req.startsOn, 'startsOn'), endsOn: LocalDate.parse(req.endsOn, 'endsOn') };
      checkNotice(this.today(), period.startsOn, 'startsOn', 'a voluntary suspension');
      checkVoluntaryLength(period);
      checkSuspensionPeriod(period, agreement, effective(suspensions));
      const s = await this.transitions.suspend(em, agreement, {
        kind: 'VOLUNTARY',
        reason: req.reason,
        legalBasis: '2号令 第四十二条（医药机构申请中止）',
        ...period,
      });
      return agreementView(agreement, institution, [...suspensions, s]);
    });
  }

  /**
   * AGR-08: the institution's own termination (解除), asked 3 months ahead and inside the term; not
   * for public hospitals. Scheduled on the agreement; the sweeper terminates it on ground 12 (医药机构
   * 主动提出解除) at the start of `effectiveOn`, also if the service was down at that moment.
   */
  async requestVoluntaryTermination(req: RequestVoluntaryTerminationRequest): Promise<AgreementView> {
    return this.orm.em.fork().transactional(async (em) => {
      const { institution, agreement, suspensions } = await this.lockedCurrent(em, req.institutionCode);
      requireOfficer(institution.admdvs, `agreement of ${institution.code}`);
      assertNotFinal(agreement.status, institution.code);
      assertMayExitVoluntarily(agreement);
      if (agreement.terminationDueOn) {
        throw new ConflictError('AGREEMENT.TERMINATION_SCHEDULED', `the agreement of ${institution.code} already ends on ${agreement.terminationDueOn}`, {
          field: 'institutionCode',
          reason: 'a termination is already scheduled',
          effectiveOn: agreement.terminationDueOn,
        });
      }
      const effectiveOn = LocalDate.parse(req.effectiveOn, 'effectiveOn');
      checkNotice(this.today(), effectiveOn, 'effectiveOn', 'a voluntary termination');
      if (effectiveOn.isAfter(LocalDate.parse(agreement.validTo))) {
        throw new ValidationError(
          'effectiveOn',
          `must lie within the agreement's term (to ${agreement.validTo}); after it the agreement simply is not renewed (AGR-07)`,
        );
      }
      agreement.terminationDueOn = effectiveOn.toString();
      agreement.terminationDueAt = effectiveOn.startOfDayInstant();
      agreement.terminationRequestReason = req.reason;
      this.cache.refreshAfterCommit(em, agreement.institutionCode);
      await this.audit.record(em, {
        action: 'agreement.termination.schedule',
        targetType: 'agreement',
        targetId: agreement.id,
        admdvs: agreement.admdvs,
        after: { effectiveOn: agreement.terminationDueOn, ground: 12, rule: 'AGR-08' },
        detail: { reason: req.reason },
      });
      await this.voluntaryTerminationEvent(em, agreement, VoluntaryTerminationScheduledEvent.TYPE, agreement.terminationDueOn, req.reason);
      return agreementView(agreement, institution, suspensions);
    });
  }

  /**
   * AGR-08: the institution takes back its scheduled termination before the day it takes effect
   * (from 00:00 that day it is in effect, swept or not); the agreement simply continues.
   */
  async withdrawVoluntaryTermination(req: WithdrawVoluntaryTerminationRequest): Promise<AgreementView> {
    return this.orm.em.fork().transactional(async (em) => {
      const { institution, agreement, suspensions } = await this.lockedCurrent(em, req.institutionCode);
      requireOfficer(institution.admdvs, `agreement of ${institution.code}`);
      assertNotFinal(agreement.status, institution.code);
      const effectiveOn = agreement.terminationDueOn;
      if (!effectiveOn || !agreement.terminationDueAt) {
        throw new ConflictError('AGREEMENT.NO_TERMINATION_SCHEDULED', `${institution.code} has no scheduled termination to withdraw`, {
          field: 'institutionCode',
          reason: 'nothing scheduled',
        });
      }
      if (this.clock.now().getTime() >= agreement.terminationDueAt.getTime()) {
        throw new ConflictError(
          'AGREEMENT.TERMINATION_IN_EFFECT',
          `the termination of ${institution.code} took effect on ${effectiveOn}; it can no longer be withdrawn`,
          {
            field: 'institutionCode',
            reason: 'withdrawn only before the day it takes effect (AGR-08)',
            effectiveOn,
          },
        );
      }
      const before = { effectiveOn, reason: agreement.terminationRequestReason ?? null };
      agreement.terminationDueOn = null;
      agreement.terminationDueAt = null;
      agreement.terminationRequestReason = null;
      this.cache.refreshAfterCommit(em, agreement.institutionCode);
      await this.audit.record(em, {
        action: 'agreement.termination.withdraw',
        targetType: 'agreement',
        targetId: agreement.id,
        admdvs: agreement.admdvs,
        before,
        after: { effectiveOn: null },
        detail: { reason: req.reason, rule: 'AGR-08' },
      });
      await this.voluntaryTerminationEvent(em, agreement, VoluntaryTerminationWithdrawnEvent.TYPE, effectiveOn, req.reason);
      return agreementView(agreement, institution, suspensions);
    });
  }

  private async voluntaryTerminationEvent(em: EntityManager, a: AgreementEntity, type: string, effectiveOn: string, reason: string): Promise<void> {
    await this.outbox.add<VoluntaryTerminationPayload>(em, {
      subject:
        type === VoluntaryTerminationScheduledEvent.TYPE
          ? AgreementEventSubjects.VoluntaryTerminationScheduled
          : AgreementEventSubjects.VoluntaryTerminationWithdrawn,
      type,
      admdvs: a.admdvs,
      aggregateId: a.id,
      payload: { agreementId: a.id, institutionCode: a.institutionCode, poolarea: a.poolarea, effectiveOn, reason },
    });
  }

  /** Ends the institution's running voluntary suspension now (it asked to resume). */
  async requestResumption(req: RequestResumptionRequest): Promise<AgreementView> {
    return this.orm.em.fork().transactional(async (em) => {
      const { institution, agreement, suspensions } = await this.lockedCurrent(em, req.institutionCode);
      requireOfficer(institution.admdvs, `agreement of ${institution.code}`);
      assertNotFinal(agreement.status, institution.code);
      const running = suspensions.find((s) => s.kind === 'VOLUNTARY' && s.status !== 'ENDED');
      if (!running) {
        throw new ConflictError('AGREEMENT.NO_VOLUNTARY_SUSPENSION', `${institution.code} has no voluntary suspension to end`, {
          field: 'institutionCode',
          reason: 'only a voluntary suspension ends on the institution’s request',
        });
      }
      running.resumeRequested = true;
      if (running.status === 'SCHEDULED') {
        running.status = 'ENDED';
        running.endedAt = this.clock.now();
        await this.audit.record(em, {
          action: 'agreement.suspension.withdraw',
          targetType: 'agreement',
          targetId: agreement.id,
          admdvs: agreement.admdvs,
          after: { suspensionId: running.id },
        });
      } else {
        await this.transitions.endSuspension(em, agreement, running, 'institution-request');
      }
      return agreementView(agreement, institution, suspensions);
    });
  }

  // ---- reads ----------------------------------------------------------------------------------

  async get(req: GetAgreementRequest): Promise<AgreementView> {
    const { institution, agreement, suspensions } = await this.current(req.institutionCode);
    return agreementView(agreement, institution, suspensions);
  }

  /**
   * The indicators of the institution's agreements in force on some day of [from, to]: what an
   * assessment of a past period compares with, rather than the agreement in force today.
   */
  async indicatorsInForce(req: IndicatorsInForceRequest): Promise<IndicatorsInForceView> {
    const from = LocalDate.parse(req.from, 'from');
    const to = LocalDate.parse(req.to, 'to');
    if (to.isBefore(from)) throw new ValidationError('to', `must not be before from (${from.toString()})`);
    const em = this.orm.em.fork();
    await visibleInstitution(em, req.institutionCode);
    const rows = await em.find(
      AgreementEntity,
      { institutionCode: req.institutionCode, validFrom: { $lte: to.toString() }, validTo: { $gte: from.toString() } },
      { orderBy: { validFrom: 'asc', signedAt: 'asc' } },
    );
    const agreements = rows.flatMap((a) => {
      const days = daysInForce(a);
      if (!days || days.to.isBefore(from) || days.from.isAfter(to)) return [];
      return [
        {
          agreementId: a.id,
          number: a.number,
          status: a.status,
          inForceFrom: days.from.toString(),
          inForceTo: days.to.toString(),
          indicators: a.indicators,
        },
      ];
    });
    return { institutionCode: req.institutionCode, from: from.toString(), to: to.toString(), agreements };
  }

  async list(req: ListAgreementsRequest): Promise<Page<AgreementView>> {
    const { limit, offset } = page(req.limit, req.offset);
    const prefix = scopePrefix();
    if (prefix === null) return { items: [], total: 0, limit, offset };
    const where: string[] = ['a.admdvs like ?'];
    const params: unknown[] = [`${prefix}%`];
    if (req.admdvs) {
      where.push('a.admdvs like ?');
      params.push(regionPattern(req.admdvs));
    }
    if (req.status) {
      where.push('a.status = ?');
      params.push(req.status);
    }
    if (req.type) {
      where.push('i.type = ?');
      params.push(req.type);
    }
    if (req.level) {
      where.push('i.level = ?');
      params.push(req.level);
    }
    if (req.expiringWithinDays !== undefined) {
      // Expiring soon = needs renewing: ends within the days and no next agreement signed yet.
      where.push(
        `a.status in ('ACTIVE', 'SUSPENDED') and a.valid_to <= ?::date and not exists (select 1 from agreement.agreement n where n.institution_code = a.institution_code and n.valid_from > a.valid_to and n.status in ('ACTIVE', 'SUSPENDED'))`,
      );
      params.push(this.today().plusDays(req.expiringWithinDays).toString());
    }
    const em = this.orm.em.fork();
    const clause = where.join(' and ');
    const from = `from agreement.agreement a join agreement.institution i on i.code = a.institution_code where ${clause}`;
    const [{ n }] = await em.execute<{ n: string }[]>(`select count(*)::text as n ${from}`, params);
    const ids = await em.execute<{ id: string }[]>(`select a.id::text as id ${from} order by a.valid_to asc, a.number asc limit ? offset ?`, [
      ...params,
      limit,
      offset,
    ]);
    const agreements = ids.length === 0 ? [] : await em.find(AgreementEntity, { id: { $in: ids.map((r) => r.id) } });
    const institutions = new Map((await em.find(InstitutionEntity, { code: { $in: agreements.map((a) => a.institutionCode) } })).map((i) => [i.code, i]));
    const suspensions = agreements.length === 0 ? [] : await em.find(SuspensionEntity, { agreementId: { $in: agreements.map((a) => a.id) } });
    const byId = new Map(agreements.map((a) => [a.id, a]));
    const items = ids
      .map((r) => byId.get(r.id)!)
      .map((a) =>
        agreementView(
          a,
          institutions.get(a.institutionCode)!,
          suspensions.filter((s) => s.agreementId === a.id),
        ),
      );
    return { items, total: Number(n), limit, offset };
  }

  private async current(code: string): Promise<{ institution: InstitutionEntity; agreement: AgreementEntity; suspensions: SuspensionEntity[] }> {
    const em = this.orm.em.fork();
    const institution = await visibleInstitution(em, code);
    const [agreement] = await em.find(
      AgreementEntity,
      { institutionCode: code, validFrom: { $lte: this.today().toString() } },
      { orderBy: { validFrom: 'desc' }, limit: 1 },
    );
    const latest = agreement ?? (await em.findOne(AgreementEntity, { institutionCode: code }, { orderBy: { validFrom: 'asc' } }));
    if (!latest) throw new NotFoundError('agreement of institution', code);
    return { institution, agreement: latest, suspensions: await em.find(SuspensionEntity, { agreementId: latest.id }) };
  }

  private async lockedCurrent(
    em: EntityManager,
    code: string,
  ): Promise<{ institution: InstitutionEntity; agreement: AgreementEntity; suspensions: SuspensionEntity[] }> {
    const institution = await visibleInstitution(em, code);
    const agreement =
      (await lockCurrentAgreement(em, code, this.today())) ??
      (await em.findOne(AgreementEntity, { institutionCode: code }, { orderBy: { validFrom: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE }));
    if (!agreement) throw new NotFoundError('agreement of institution', code);
    return { institution, agreement, suspensions: await em.find(SuspensionEntity, { agreementId: agreement.id }) };
  }
}

function reply(a: ApprovalView): ProposalReply {
  return { approvalId: a.id, action: a.action, status: 'PENDING' };
}

/**
 * A first agreement needs a passed evaluation; a renewal (AGR-07) is the next natural year of an
 * agreement that was not terminated, signed from the same designation.
 */
async function assertSignable(em: EntityManager, application: ApplicationEntity, validFrom: LocalDate, today: LocalDate): Promise<void> {
  if (validFrom.year < today.year || validFrom.year > today.year + 1) throw new ValidationError('validFrom', 'must lie in this or next natural year');
  if (application.status === 'PASSED') return;
  if (application.status === 'SIGNED') {
    const previous = await em.findOne(AgreementEntity, {
      applicationId: application.id,
      status: { $ne: 'TERMINATED' },
      validTo: `${validFrom.year - 1}-12-31`,
    });
    if (previous) return;
  }
  throw new ConflictError('AGREEMENT.EVALUATION_NOT_PASSED', `application ${application.id} has not passed evaluation (status ${application.status})`, {
    field: 'applicationId',
    reason: 'only an application that passed evaluation, or the renewal of a running agreement, leads to an agreement',
    status: application.status,
  });
}

/** The suspension an extension applies to: the running or scheduled one; the new end is later and clashes with nothing. */
function checkExtension(suspensions: SuspensionEntity[], endsOn: LocalDate, agreement: { validFrom: string; validTo: string }): SuspensionEntity {
  const target = suspensions.filter((s) => s.status !== 'ENDED').sort((a, b) => a.startsOn.localeCompare(b.startsOn))[0];
  if (!target) {
    throw new ConflictError('AGREEMENT.NOT_SUSPENDED', 'there is no running or scheduled suspension to extend', {
      field: 'institutionCode',
      reason: 'not suspended',
    });
  }
  if (!endsOn.isAfter(LocalDate.parse(target.endsOn))) throw new ValidationError('endsOn', `must be after the current end ${target.endsOn}`);
  const period = { startsOn: LocalDate.parse(target.startsOn), endsOn };
  if (target.kind === 'VOLUNTARY') checkVoluntaryLength(period);
  checkSuspensionPeriod(
    period,
    agreement,
    suspensions.filter((s) => s.id !== target.id),
  );
  return target;
}

/** Suspensions that took effect or will: one withdrawn before it started neither blocks a period nor counts for ground 1. */
/** AGR-08: public hospitals may not ask for their own suspension or termination (2号令 Art. 44). */
function assertMayExitVoluntarily(agreement: AgreementEntity): void {
  if (agreement.publicHospital) {
    throw new ConflictError('AGREEMENT.PUBLIC_HOSPITAL', 'public hospitals may not request their own suspension or termination', {
      field: 'institutionCode',
      reason: '2号令 Art. 44',
      rule: 'AGR-08',
    });
  }
}

/** AGR-08: the institution's own suspension or termination is asked `voluntaryNoticeMonths` ahead. */
function checkNotice(today: LocalDate, from: LocalDate, field: string, what: string): void {
  const earliest = addMonths(today, LIFECYCLE_POLICY.voluntaryNoticeMonths);
  if (from.isBefore(earliest)) {
    throw new ConflictError(
      'AGREEMENT.NOTICE_TOO_SHORT',
      `${what} must be requested ${LIFECYCLE_POLICY.voluntaryNoticeMonths} months ahead: from ${earliest} or later`,
      {
        field,
        reason: '3 months in advance (2号令 Art. 44)',
        rule: 'AGR-08',
        earliest: earliest.toString(),
      },
    );
  }
}

function effective(suspensions: SuspensionEntity[]): SuspensionEntity[] {
  return suspensions.filter((s) => !(s.status === 'ENDED' && s.endedAt && s.endedAt.getTime() <= s.startsAt.getTime()));
}
