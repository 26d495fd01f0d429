import { Inject, Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type {
  ApplicationView,
  EvaluateApplicationRequest,
  ListApplicationsRequest,
  Page,
  MaterialsNotice,
  OnSiteEvaluationRecord,
  RecordApplicationFraudRequest,
  SubmitApplicationRequest,
  SupplementApplicationRequest,
} from '@mi/contracts';
import { type Clock, ConflictError, DomainError, defaultCalendar, LocalDate, maskIdNumber, NotFoundError, ValidationError } from '@mi/domain';
import { AuditService, canSee, CLOCK, currentActor, newUuidV7 } from '@mi/platform';
import { addMonths } from '../agreement/agreement-policy';
import { AgreementEntity } from '../agreement/agreement.entities';
import { LicenceEntity } from '../registry/registry.entities';
import { InstitutionEntity } from '../institution/institution.entity';
import { page, requireOfficer, scopePrefix, visibleInstitution } from '../shared/access';
import {
  admissionParameters,
  checklistFor,
  eligibilityFailures,
  evaluationPasses,
  EXCLUDED_SCOPES,
  FRAUD_BAR_YEARS,
  type LayoutPosition,
  NO_REAPPLY_YEARS,
  reapplicationBar,
  type RuleFailure,
} from './admission-policy';
import { ApplicationEntity } from './application.entity';
import { evaluationNotice } from '../publication/publication-text';
import { PublicationService } from '../publication/publication.service';
import { BlacklistCheck } from './blacklist-check';

/** 申请与评估 — application for designation, materials notice, refusal grounds, evaluation. */
@Injectable()
export class ApplicationService {
  constructor(
    private readonly orm: MikroORM,
    private readonly audit: AuditService,
    private readonly blacklist: BlacklistCheck,
    private readonly publications: PublicationService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async submit(req: SubmitApplicationRequest): Promise<ApplicationView> {
    const em = this.orm.em.fork();
    const institution = await visibleInstitution(em, req.institutionCode);
    requireOfficer(institution.admdvs, `application of ${institution.code}`);
    const now = this.clock.now();
    const today = LocalDate.fromInstant(now);
    const checklist = checklistFor(institution.type);
    const unknown = req.materials.filter((m) => !checklist.some((c) => c.code === m));
    if (unknown.length > 0) throw new ValidationError('materials', `unknown materials for a ${institution.type}: ${unknown.join(', ')}`, { checklist });

    // 不予受理 — refusal grounds, each naming its rule.
    const refusals: RuleFailure[] = [];
    if (req.facts.mainScope && EXCLUDED_SCOPES.includes(req.facts.mainScope)) {
      refusals.push({ rule: 'AGR-04.scope', reason: `main scope ${req.facts.mainScope} is not admitted` });
    }
    const persons = [
      { role: '法定代表人 legal representative', idNumber: req.legalRepresentativeIdNumber },
      { role: '实际控制人 controller', idNumber: req.controllerIdNumber },
    ].filter((p): p is { role: string; idNumber: string } => p.idNumber !== undefined);
    const [institutionListed, ...personsListed] = await Promise.all([
      this.blacklist.isListed({ uscc: institution.uscc, institutionCode: institution.code }),
      ...persons.map((p) => this.blacklist.isListed({ idNumber: p.idNumber })),
    ]);
    if (institutionListed) {
      refusals.push({ rule: 'AGR-04.dishonesty-list', reason: 'the applicant is on a dishonesty list' });
    }
    persons.forEach((p, i) => {
      if (personsListed[i]) {
        refusals.push({
          rule: 'AGR-04.controller-dishonesty-list',
          reason: `the ${p.role} (${maskIdNumber(p.idNumber)}) is on a dishonesty list`,
        });
      }
    });
    for (const t of await em.find(AgreementEntity, { institutionCode: institution.code, status: 'TERMINATED' })) {
      const years = t.terminationGround ? NO_REAPPLY_YEARS[t.terminationGround] : undefined;
      if (!years || !t.terminatedAt) continue;
      const until = addMonths(LocalDate.fromInstant(t.terminatedAt), years * 12);
      if (today.isBefore(until)) {
        const rule = t.terminationGround === 2 ? 'AGR-04.fraudulent-application' : 'AGR-04.no-reapply';
        refusals.push({ rule, reason: `agreement terminated on ground ${t.terminationGround}; no new application before ${until}` });
      }
    }
    for (const f of await em.find(ApplicationEntity, { institutionCode: institution.code, fraudDiscoveredOn: { $ne: null } })) {
      const until = addMonths(LocalDate.parse(f.fraudDiscoveredOn as string), FRAUD_BAR_YEARS * 12);
      if (today.isBefore(until)) {
        refusals.push({
          rule: 'AGR-04.fraudulent-application',
          reason: `fraud found in application ${f.id} on ${f.fraudDiscoveredOn}; no new application before ${until}`,
        });
      }
    }
    const evaluated = await em.find(ApplicationEntity, { institutionCode: institution.code, status: { $in: ['PASSED', 'FAILED', 'SIGNED'] } });
    const bar = reapplicationBar(
      evaluated.map((e) => ({ decidedOn: LocalDate.fromInstant(new Date(e.evaluation?.decidedAt ?? e.submittedAt)), passed: e.status !== 'FAILED' })),
      today,
    );
    if (bar) refusals.push(bar);
    if (refusals.length > 0) {
      throw new ConflictError('AGREEMENT.APPLICATION_REFUSED', `application of ${institution.code} is refused: ${refusals.map((r) => r.rule).join(', ')}`, {
        field: 'institutionCode',
        reason: refusals[0].reason,
        rules: refusals,
      });
    }
    const params = admissionParameters(institution.poolarea);
    const licences = await em.find(LicenceEntity, {
      institutionCode: institution.code,
      issuedOn: { $lte: today.toString() },
      expiresOn: { $gte: today.toString() },
    });
    const failures = eligibilityFailures(
      institution.type,
      req.facts,
      today,
      params,
      licences.map((l) => l.kind),
      institution.type === 'pharmacy' && params.pharmacyLayoutQuota !== null ? await layoutPosition(em, institution) : undefined,
    );
    if (failures.length > 0) {
      throw new DomainError('AGREEMENT.NOT_ELIGIBLE', `${institution.code} does not meet the admission conditions: ${failures.map((f) => f.rule).join(', ')}`, {
        field: 'facts',
        reason: failures[0].reason,
        rules: failures,
      });
    }

    const missing = checklist.filter((c) => !req.materials.includes(c.code));
    const notice: MaterialsNotice | null =
      missing.length === 0
        ? null
        : { missing, issuedOn: today.toString(), deadline: defaultCalendar().addWorkingDays(today, params.materialsDeadlineWorkingDays).toString() };
    return em.transactional(async (tx) => {
      let open = await tx.findOne(ApplicationEntity, { institutionCode: institution.code, status: { $in: ['AWAITING_MATERIALS', 'ACCEPTED'] } });
      if (open?.status === 'AWAITING_MATERIALS' && open.notice && today.isAfter(LocalDate.parse(open.notice.deadline))) {
        // The materials never came: that application lapses and a new one may start.
        open.status = 'LAPSED';
        await this.audit.record(tx, {
          action: 'application.lapse',
          targetType: 'application',
          targetId: open.id,
          admdvs: open.admdvs,
          after: { status: 'LAPSED' },
        });
        await tx.flush(); // before the new row meets the one-open-application index
        open = null;
      }
      if (open)
        throw new ConflictError('AGREEMENT.APPLICATION_OPEN', `${institution.code} already has an open application`, {
          field: 'institutionCode',
          reason: 'one open application',
          applicationId: open.id,
        });
      const entity = tx.create(ApplicationEntity, {
        id: newUuidV7(),
        institutionCode: institution.code,
        admdvs: institution.admdvs,
        poolarea: institution.poolarea,
        status: notice ? 'AWAITING_MATERIALS' : 'ACCEPTED',
        materials: [...req.materials],
        notice,
        facts: { ...req.facts },
        submittedAt: now,
        acceptedAt: notice ? null : now,
        evaluationDeadline: notice ? null : addMonths(today, params.evaluationMonths).toString(),
        // Only masked: the full ID numbers were needed for the list check and are not kept.
        legalRepresentativeIdMasked: req.legalRepresentativeIdNumber ? maskIdNumber(req.legalRepresentativeIdNumber) : null,
        controllerIdMasked: req.controllerIdNumber ? maskIdNumber(req.controllerIdNumber) : null,
      });
      tx.persist(entity);
      const view = applicationView(entity, checklist);
      await this.audit.record(tx, { action: 'application.submit', targetType: 'application', targetId: entity.id, admdvs: entity.admdvs, after: view });
      return view;
    });
  }

  /** Applications in the caller's region, newest first; by status and institution. */
  async list(req: ListApplicationsRequest): Promise<Page<ApplicationView>> {
    const { limit, offset } = page(req.limit, req.offset);
    const prefix = scopePrefix();
    if (prefix === null) return { items: [], total: 0, limit, offset };
    const em = this.orm.em.fork();
    const where = {
      admdvs: { $like: `${prefix}%` },
      ...(req.status ? { status: req.status } : {}),
      ...(req.institutionCode ? { institutionCode: req.institutionCode } : {}),
    };
    const [rows, total] = await em.findAndCount(ApplicationEntity, where, { orderBy: { submittedAt: 'desc', id: 'desc' }, limit, offset });
    const types = new Map((await em.find(InstitutionEntity, { code: { $in: [...new Set(rows.map((r) => r.institutionCode))] } })).map((i) => [i.code, i.type]));
    return { items: rows.map((r) => applicationView(r, checklistFor(types.get(r.institutionCode)!))), total, limit, offset };
  }

  /** Missing materials arrive: the application is accepted once the checklist is complete. */
  async supplement(req: SupplementApplicationRequest): Promise<ApplicationView> {
    return this.orm.em.fork().transactional(async (em) => {
      const a = await this.locked(em, req.id);
      requireOfficer(a.admdvs, `application ${a.id}`);
      if (a.status !== 'AWAITING_MATERIALS')
        throw new ConflictError('AGREEMENT.NOT_AWAITING_MATERIALS', `application ${a.id} is ${a.status}`, { field: 'id', reason: 'no materials outstanding' });
      const checklist = checklistFor((await visibleInstitution(em, a.institutionCode)).type);
      const unknown = req.materials.filter((m) => !checklist.some((c) => c.code === m));
      if (unknown.length > 0) throw new ValidationError('materials', `unknown materials: ${unknown.join(', ')}`);
      const now = this.clock.now();
      const today = LocalDate.fromInstant(now);
      if (a.notice && today.isAfter(LocalDate.parse(a.notice.deadline))) {
        throw new ConflictError('AGREEMENT.MATERIALS_OVERDUE', `the materials were due by ${a.notice.deadline}`, {
          field: 'id',
          reason: 'deadline of the notice passed',
        });
      }
      const before = applicationView(a, checklist);
      a.materials = [...new Set([...a.materials, ...req.materials])];
      const missing = checklist.filter((c) => !a.materials.includes(c.code));
      if (missing.length === 0) {
        a.status = 'ACCEPTED';
        a.acceptedAt = now;
        // 3 months from acceptance; time spent waiting for materials does not count (AGR-03).
        a.evaluationDeadline = addMonths(today, admissionParameters(a.poolarea).evaluationMonths).toString();
      } else if (a.notice) {
        a.notice = { ...a.notice, missing };
      }
      const view = applicationView(a, checklist);
      await this.audit.record(em, { action: 'application.supplement', targetType: 'application', targetId: a.id, admdvs: a.admdvs, before, after: view });
      return view;
    });
  }

  /** The team's votes: passes with ≥ 2/3 of members in favour; each member votes once. */
  async evaluate(req: EvaluateApplicationRequest): Promise<ApplicationView> {
    return this.orm.em.fork().transactional(async (em) => {
      const a = await this.locked(em, req.id);
      requireOfficer(a.admdvs, `application ${a.id}`);
      if (a.status !== 'ACCEPTED')
        throw new ConflictError('AGREEMENT.NOT_ACCEPTED', `application ${a.id} is ${a.status}, not awaiting evaluation`, {
          field: 'id',
          reason: 'not accepted',
        });
      const voters = req.votes.map((v) => v.member);
      const strangers = voters.filter((m) => !req.team.includes(m));
      if (strangers.length > 0) throw new ValidationError('votes', `not team members: ${strangers.join(', ')}`);
      if (new Set(voters).size !== voters.length) throw new ValidationError('votes', 'each member votes once');
      const now = this.clock.now();
      if (req.onSite) checkOnSite(req.onSite, req.team, a.acceptedAt ?? a.submittedAt, now);
      if (voters.length !== req.team.length) {
        throw new ConflictError('AGREEMENT.VOTES_INCOMPLETE', `${req.team.length - voters.length} team members have not voted`, {
          field: 'votes',
          reason: 'every member votes',
        });
      }
      const inFavour = req.votes.filter((v) => v.inFavour).length;
      const passed = evaluationPasses(inFavour, req.team.length);
      const before = applicationView(a, []);
      // AGR-03: 3 months from acceptance; a late result still stands, the lateness is recorded.
      const overdue = a.evaluationDeadline ? LocalDate.fromInstant(now).isAfter(LocalDate.parse(a.evaluationDeadline)) : false;
      a.status = passed ? 'PASSED' : 'FAILED';
      a.evaluation = {
        team: [...req.team],
        inFavour,
        against: req.team.length - inFavour,
        passed,
        decidedAt: now.toISOString(),
        overdue,
        ...(req.onSite ? { onSite: { visitedOn: req.onSite.visitedOn, membersPresent: [...req.onSite.membersPresent], findings: req.onSite.findings } } : {}),
      };
      const checklist = checklistFor((await visibleInstitution(em, a.institutionCode)).type);
      const view = applicationView(a, checklist);
      await this.audit.record(em, {
        action: 'application.evaluate',
        targetType: 'application',
        targetId: a.id,
        admdvs: a.admdvs,
        before,
        after: view,
        detail: { overdue },
      });
      // AGR-03: the result is published citywide.
      await this.publications.publish(em, {
        kind: passed ? 'EVALUATION_PASSED' : 'EVALUATION_FAILED',
        institutionCode: a.institutionCode,
        sourceType: 'application',
        sourceId: a.id,
        effectiveOn: LocalDate.fromInstant(now).toString(),
        notice: (name) => evaluationNotice(name, a.institutionCode, { passed, team: req.team.length, inFavour }),
      });
      return view;
    });
  }

  /** AGR-04: fraud found in an application bars the institution for 3 years from discovery. */
  async recordFraud(req: RecordApplicationFraudRequest): Promise<ApplicationView> {
    const discoveredOn = LocalDate.parse(req.discoveredOn, 'discoveredOn');
    if (discoveredOn.isAfter(LocalDate.fromInstant(this.clock.now()))) throw new ValidationError('discoveredOn', 'must not be in the future');
    return this.orm.em.fork().transactional(async (em) => {
      const a = await this.locked(em, req.id);
      requireOfficer(a.admdvs, `application ${a.id}`);
      if (a.fraudDiscoveredOn) {
        throw new ConflictError('AGREEMENT.FRAUD_ALREADY_RECORDED', `fraud in application ${a.id} was recorded on ${a.fraudDiscoveredOn}`, {
          field: 'id',
          reason: 'already recorded',
        });
      }
      const checklist = checklistFor((await visibleInstitution(em, a.institutionCode)).type);
      const before = applicationView(a, checklist);
      a.fraudDiscoveredOn = discoveredOn.toString();
      a.fraudNote = req.note;
      const view = applicationView(a, checklist);
      await this.audit.record(em, { action: 'application.fraud', targetType: 'application', targetId: a.id, admdvs: a.admdvs, before, after: view });
      return view;
    });
  }

  async get(id: string): Promise<ApplicationView> {
    const em = this.orm.em.fork();
    const a = await em.findOne(ApplicationEntity, { id });
    if (!a || !canSee(currentActor(), a.admdvs)) throw new NotFoundError('application', id);
    return applicationView(a, checklistFor((await visibleInstitution(em, a.institutionCode)).type));
  }

  private async locked(em: EntityManager, id: string): Promise<ApplicationEntity> {
    const a = await em.findOne(ApplicationEntity, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!a || !canSee(currentActor(), a.admdvs)) throw new NotFoundError('application', id);
    return a;
  }
}

/** 现场评估记录: the visit falls between acceptance and today (Beijing days), and only team members were present. */
function checkOnSite(onSite: OnSiteEvaluationRecord, team: readonly string[], acceptedAt: Date, now: Date): void {
  const visitedOn = LocalDate.parse(onSite.visitedOn, 'onSite.visitedOn');
  const acceptedOn = LocalDate.fromInstant(acceptedAt);
  if (visitedOn.isBefore(acceptedOn)) throw new ValidationError('onSite.visitedOn', `must not be before the application was accepted (${acceptedOn})`);
  if (visitedOn.isAfter(LocalDate.fromInstant(now))) throw new ValidationError('onSite.visitedOn', 'must not be in the future');
  const strangers = onSite.membersPresent.filter((m) => !team.includes(m));
  if (strangers.length > 0) throw new ValidationError('onSite.membersPresent', `not team members: ${strangers.join(', ')}`);
}

/** The pharmacy's area (county/district) and how many other pharmacies there hold an agreement in force. */
async function layoutPosition(em: EntityManager, institution: InstitutionEntity): Promise<LayoutPosition> {
  const [{ n }] = await em.execute<{ n: string }[]>(
    `select count(distinct a.institution_code)::text as n from agreement.agreement a join agreement.institution i on i.code = a.institution_code
      where i.type = 'pharmacy' and i.admdvs = ? and a.status in ('ACTIVE', 'SUSPENDED') and a.institution_code <> ?`,
    [institution.admdvs, institution.code],
  );
  return { area: institution.admdvs, designatedInArea: Number(n) };
}

function applicationView(a: ApplicationEntity, checklist: { code: string; label: string }[]): ApplicationView {
  return {
    id: a.id,
    institutionCode: a.institutionCode,
    admdvs: a.admdvs,
    status: a.status,
    materials: [...a.materials],
    checklist,
    ...(a.notice ? { notice: a.notice } : {}),
    facts: a.facts,
    submittedAt: a.submittedAt.toISOString(),
    ...(a.acceptedAt ? { acceptedAt: a.acceptedAt.toISOString() } : {}),
    ...(a.evaluationDeadline ? { evaluationDeadline: a.evaluationDeadline } : {}),
    ...(a.evaluation ? { evaluation: a.evaluation } : {}),
    ...(a.fraudDiscoveredOn ? { fraud: { discoveredOn: a.fraudDiscoveredOn, note: a.fraudNote ?? '' } } : {}),
    ...(a.legalRepresentativeIdMasked ? { legalRepresentativeIdMasked: a.legalRepresentativeIdMasked } : {}),
    ...(a.controllerIdMasked ? { controllerIdMasked: a.controllerIdMasked } : {}),
  };
}
