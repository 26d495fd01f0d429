import { Inject, Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import {
  AgreementEventSubjects,
  type InfoChangeItemView,
  type InfoChangeProposalView,
  type InfoChangeView,
  InstitutionInfoChangedEvent,
  type InstitutionInfoChangedPayload,
  type ListInfoChangesRequest,
  MAJOR_INFO_LABELS,
  type MajorInfoField,
  type Page,
  type SubmitInfoChangeRequest,
} from '@mi/contracts';
import { type Clock, ConflictError, defaultCalendar, LocalDate, ValidationError } from '@mi/domain';
import { ApprovalService, AuditService, CLOCK, newUuidV7, OutboxService } from '@mi/platform';
import { AgreementEntity } from '../agreement/agreement.entities';
import { ApplicationEntity } from '../application/application.entity';
import { EligibilityCache } from '../eligibility/eligibility-cache';
import { OFFICER_ROLES, page, requireOfficer, visibleInstitution } from '../shared/access';
import { InfoChangeEntity } from './info-change.entity';
import { infoChangeParameters, infoChangeTimeliness, normaliseInfoValue, type Timeliness } from './info-change-policy';
import { InstitutionEntity } from './institution.entity';

export const INFO_CHANGE_ACTION = 'institution.change-info';

interface InfoChangePayload extends Timeliness {
  institutionCode: string;
  changes: InfoChangeItemView[];
  approvedBy: string;
  materials: string[];
  reason: string;
}

/**
 * 重大信息变更 (AGR-06, 2号令 Art. 40) — an officer records the institution's application with
 * the changes (old → new), the day the other authority approved them and the materials; its
 * timeliness (30 working days) is computed then, a late one accepted and flagged. A second officer
 * approves; the registry and, where relevant, the agreement change in that transaction with audit
 * and InstitutionInfoChanged.
 */
@Injectable()
export class InfoChangeService {
  constructor(
    private readonly orm: MikroORM,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly approvals: ApprovalService,
    private readonly cache: EligibilityCache,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    approvals.register<InfoChangePayload, InfoChangeView>(INFO_CHANGE_ACTION, {
      requiredRoles: [...OFFICER_ROLES],
      describe: (p) =>
        `change ${p.changes.map((c) => MAJOR_INFO_LABELS[c.field]).join('、')} of ${p.institutionCode}${p.late ? ` (late by ${p.workingDaysLate} working days)` : ''}`,
      apply: (em, p, approval) => this.apply(em, p, approval.id),
    });
  }

  async submit(req: SubmitInfoChangeRequest): Promise<InfoChangeProposalView> {
    const em = this.orm.em.fork();
    const institution = await visibleInstitution(em, req.institutionCode);
    requireOfficer(institution.admdvs, `institution ${institution.code}`);
    const agreement = await latestAgreement(em, institution.code);
    assertNotTerminated(agreement, institution.code);
    const seen = new Set<string>();
    req.changes.forEach((c, i) => {
      if (seen.has(c.field)) throw new ValidationError(`changes[${i}].field`, `${c.field} appears more than once`);
      seen.add(c.field);
    });
    const current = await currentInfo(em, institution);
    const changes = req.changes.map((c, i): InfoChangeItemView => {
      const to = normaliseInfoValue(c.field, c.value, `changes[${i}].value`);
      const from = current[c.field] ?? null;
      if (from === to) throw new ValidationError(`changes[${i}].value`, `${c.field} (${MAJOR_INFO_LABELS[c.field]}) is already ${to}; nothing to change`);
      return { field: c.field, label: MAJOR_INFO_LABELS[c.field], from, to };
    });
    const today = LocalDate.fromInstant(this.clock.now());
    const timeliness = infoChangeTimeliness(
      LocalDate.parse(req.approvedOn, 'approvedOn'),
      today,
      infoChangeParameters(institution.poolarea),
      defaultCalendar(),
    );
    const payload: InfoChangePayload = {
      institutionCode: institution.code,
      changes,
      ...timeliness,
      approvedBy: req.approvedBy,
      materials: [...req.materials],
      reason: req.reason,
    };
    // The approval's own audit row and ApprovalRequested event carry the payload, lateness included.
    const approval = await this.approvals.propose({
      action: INFO_CHANGE_ACTION,
      targetType: 'institution',
      targetId: institution.code,
      admdvs: institution.admdvs,
      payload,
      reason: req.reason,
    });
    return { approvalId: approval.id, action: approval.action, status: 'PENDING', institutionCode: institution.code, changes, ...timeliness };
  }

  async list(req: ListInfoChangesRequest): Promise<Page<InfoChangeView>> {
    const { limit, offset } = page(req.limit, req.offset);
    const em = this.orm.em.fork();
    const institution = await visibleInstitution(em, req.institutionCode);
    const [rows, total] = await em.findAndCount(
      InfoChangeEntity,
      { institutionCode: institution.code },
      { orderBy: { appliedAt: 'desc', id: 'desc' }, limit, offset },
    );
    return { items: rows.map(view), total, limit, offset };
  }

  /** The approved change, inside the approval's transaction: re-checked against the registry as it is now. */
  private async apply(em: EntityManager, p: InfoChangePayload, approvalId: string): Promise<InfoChangeView> {
    const institution = await em.findOneOrFail(InstitutionEntity, { code: p.institutionCode }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const agreement = await latestAgreement(em, institution.code, true);
    assertNotTerminated(agreement, institution.code);
    const current = await currentInfo(em, institution);
    for (const c of p.changes) {
      if ((current[c.field] ?? null) !== c.from) {
        throw new ConflictError(
          'AGREEMENT.INFO_CHANGED_MEANWHILE',
          `${c.field} of ${institution.code} is now ${current[c.field] ?? '—'}, not ${c.from ?? '—'}`,
          {
            field: c.field,
            reason: 'the registry changed after the application; apply again',
          },
        );
      }
    }
    const before = { name: institution.name, level: institution.level, info: { ...institution.info } };
    const info = { ...institution.info };
    let changedAgreement: AgreementEntity | undefined;
    for (const c of p.changes) {
      if (c.field === 'name') institution.name = c.to;
      else if (c.field === 'grade') institution.level = c.to as InstitutionEntity['level'];
      else info[c.field] = c.to;
      // 公立/民营 decides whether the hospital may ask for its own suspension or termination (AGR-08).
      if (c.field === 'nature' && agreement && institution.type === 'hospital' && agreement.status !== 'EXPIRED') {
        agreement.publicHospital = c.to === 'public';
        changedAgreement = agreement;
      }
    }
    institution.info = info;
    const change = em.create(InfoChangeEntity, {
      id: newUuidV7(),
      institutionCode: institution.code,
      admdvs: institution.admdvs,
      approvalId,
      changes: p.changes,
      approvedOn: p.approvedOn,
      approvedBy: p.approvedBy,
      filedOn: p.filedOn,
      deadline: p.deadline,
      late: p.late,
      workingDaysLate: p.workingDaysLate,
      materials: p.materials,
      reason: p.reason,
      appliedAt: this.clock.now(),
      agreementId: changedAgreement?.id ?? null,
    });
    em.persist(change);
    this.cache.refreshAfterCommit(em, institution.code);
    await this.audit.record(em, {
      action: 'institution.info-change',
      targetType: 'institution',
      targetId: institution.code,
      admdvs: institution.admdvs,
      before,
      after: { name: institution.name, level: institution.level, info, ...(changedAgreement ? { publicHospital: changedAgreement.publicHospital } : {}) },
      detail: { changeId: change.id, approvalId, late: p.late, workingDaysLate: p.workingDaysLate, deadline: p.deadline, rule: 'AGR-06' },
    });
    await this.outbox.add<InstitutionInfoChangedPayload>(em, {
      subject: AgreementEventSubjects.InstitutionInfoChanged,
      type: InstitutionInfoChangedEvent.TYPE,
      admdvs: institution.admdvs,
      aggregateId: institution.code,
      payload: {
        institutionCode: institution.code,
        poolarea: institution.poolarea,
        changeId: change.id,
        changes: p.changes.map((c) => ({ field: c.field, from: c.from, to: c.to })),
        approvedOn: p.approvedOn,
        filedOn: p.filedOn,
        deadline: p.deadline,
        late: p.late,
        workingDaysLate: p.workingDaysLate,
      },
    });
    return view(change);
  }
}

/** The institution's major information as the registry has it now (null = never recorded). */
async function currentInfo(em: EntityManager, institution: InstitutionEntity): Promise<Partial<Record<MajorInfoField, string>>> {
  const info: Partial<Record<MajorInfoField, string>> = { ...institution.info, name: institution.name, grade: institution.level };
  if (info.nature === undefined) {
    // Until a change records it, the nature is the ownership stated in the latest application.
    const [application] = await em.find(ApplicationEntity, { institutionCode: institution.code }, { orderBy: { submittedAt: 'desc' }, limit: 1 });
    const ownership = application?.facts.ownership;
    if (ownership === 'public' || ownership === 'private') info.nature = ownership;
  }
  return info;
}

async function latestAgreement(em: EntityManager, institutionCode: string, lock = false): Promise<AgreementEntity | null> {
  const [a] = await em.find(
    AgreementEntity,
    { institutionCode },
    { orderBy: { validFrom: 'desc' }, limit: 1, ...(lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {}) },
  );
  return a ?? null;
}

function assertNotTerminated(agreement: AgreementEntity | null, code: string): void {
  if (agreement?.status === 'TERMINATED') {
    throw new ConflictError('AGREEMENT.TERMINATED', `the agreement of ${code} is terminated; a terminated institution changes no information`, {
      field: 'institutionCode',
      reason: 'terminated (final)',
    });
  }
}

function view(e: InfoChangeEntity): InfoChangeView {
  return {
    id: e.id,
    institutionCode: e.institutionCode,
    admdvs: e.admdvs,
    approvalId: e.approvalId,
    changes: e.changes,
    approvedOn: e.approvedOn,
    approvedBy: e.approvedBy,
    filedOn: e.filedOn,
    deadline: e.deadline,
    late: e.late,
    workingDaysLate: e.workingDaysLate,
    materials: e.materials,
    reason: e.reason,
    appliedAt: e.appliedAt.toISOString(),
    agreementId: e.agreementId ?? null,
  };
}
