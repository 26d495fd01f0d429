import { Inject, Injectable } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import {
  type AddLicenceRequest,
  AgreementEventSubjects,
  type BindTerminalRequest,
  type LicenceView,
  type ListLicencesRequest,
  type ListPractitionersRequest,
  type ListTerminalsRequest,
  type Page,
  type PractitionerView,
  type RegisterPractitionerRequest,
  RegistryChangedEvent,
  type RegistryChangedPayload,
  TerminalBoundEvent,
  type TerminalEventBase,
  type TerminalBoundPayload,
  TerminalUnboundEvent,
  type TerminalUnboundPayload,
  type TerminalView,
  type UnbindTerminalRequest,
} from '@mi/contracts';
import { type Clock, ConflictError, LocalDate, NotFoundError, ValidationError } from '@mi/domain';
import { AuditService, canSee, CLOCK, currentActor, newUuidV7, OutboxService } from '@mi/platform';
import { BlacklistCheck } from '../application/blacklist-check';
import { EligibilityCache } from '../eligibility/eligibility-cache';
import { page, requireOfficer, scopePrefix, visibleInstitution } from '../shared/access';
import { LicenceEntity, PractitionerEntity, TerminalEntity } from './registry.entities';

/** Registry use cases beyond the institution itself: licences, practitioners, settlement terminals. */
@Injectable()
export class RegistryService {
  constructor(
    private readonly orm: MikroORM,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly cache: EligibilityCache,
    private readonly blacklist: BlacklistCheck,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async addLicence(req: AddLicenceRequest): Promise<LicenceView> {
    const issuedOn = LocalDate.parse(req.issuedOn, 'issuedOn');
    const expiresOn = LocalDate.parse(req.expiresOn, 'expiresOn');
    if (expiresOn.isBefore(issuedOn)) throw new ValidationError('expiresOn', 'must not be before issuedOn');
    return this.orm.em.fork().transactional(async (em) => {
      const institution = await visibleInstitution(em, req.institutionCode);
      requireOfficer(institution.admdvs, `licences of ${institution.code}`);
      const dup = await em.findOne(LicenceEntity, { institutionCode: institution.code, kind: req.kind, number: req.number });
      if (dup)
        throw new ConflictError('AGREEMENT.LICENCE_EXISTS', `licence ${req.kind} ${req.number} is already recorded`, {
          field: 'number',
          reason: 'already recorded',
        });
      const entity = em.create(LicenceEntity, {
        id: newUuidV7(),
        institutionCode: institution.code,
        kind: req.kind,
        number: req.number,
        issuedOn: issuedOn.toString(),
        expiresOn: expiresOn.toString(),
        admdvs: institution.admdvs,
      });
      em.persist(entity);
      const view = licenceView(entity);
      await this.audit.record(em, { action: 'licence.add', targetType: 'institution', targetId: institution.code, admdvs: institution.admdvs, after: view });
      return view;
    });
  }

  async listLicences(req: ListLicencesRequest): Promise<Page<LicenceView>> {
    const { limit, offset } = page(req.limit, req.offset);
    const prefix = scopePrefix();
    if (prefix === null) return { items: [], total: 0, limit, offset };
    const where: Record<string, unknown> = { admdvs: { $like: `${prefix}%` } };
    if (req.institutionCode) where.institutionCode = req.institutionCode;
    if (req.expiringWithinDays !== undefined) {
      const today = LocalDate.fromInstant(this.clock.now());
      where.expiresOn = { $lte: today.plusDays(req.expiringWithinDays).toString() };
    }
    const [rows, total] = await this.orm.em.fork().findAndCount(LicenceEntity, where, { orderBy: { expiresOn: 'asc', id: 'asc' }, limit, offset });
    return { items: rows.map(licenceView), total, limit, offset };
  }

  async registerPractitioner(req: RegisterPractitionerRequest): Promise<PractitionerView> {
    // Who may ask first (the list status is not every caller's business); then credit-service, before the
    // transaction (a NATS round trip), failing closed when it does not answer.
    requireOfficer((await visibleInstitution(this.orm.em.fork(), req.institutionCode)).admdvs, `practitioners of ${req.institutionCode}`);
    if (await this.blacklist.isListed({ practitionerCode: req.code })) {
      const rules = [{ rule: 'CRD-01.practitioner-dishonesty-list', reason: `practitioner ${req.code} is on a dishonesty list and cannot be bound` }];
      throw new ConflictError('AGREEMENT.PRACTITIONER_BLACKLISTED', `practitioner ${req.code} is refused: ${rules[0].rule}`, {
        field: 'code',
        reason: rules[0].reason,
        rules,
      });
    }
    const view = await this.orm.em.fork().transactional(async (em) => {
      const institution = await visibleInstitution(em, req.institutionCode);
      requireOfficer(institution.admdvs, `practitioners of ${institution.code}`);
      if (req.type === 'pharmacist' && institution.type !== 'pharmacy' && institution.type !== 'hospital') {
        throw new ValidationError('type', 'pharmacists are registered with pharmacies or hospitals');
      }
      if (await em.findOne(PractitionerEntity, { code: req.code })) {
        throw new ConflictError('AGREEMENT.PRACTITIONER_EXISTS', `practitioner ${req.code} is already registered`, {
          field: 'code',
          reason: 'already registered',
        });
      }
      const entity = em.create(PractitionerEntity, {
        id: newUuidV7(),
        code: req.code,
        name: req.name,
        institutionCode: institution.code,
        type: req.type,
        status: 'ACTIVE',
        admdvs: institution.admdvs,
        poolarea: institution.poolarea,
        registeredAt: this.clock.now(),
      });
      em.persist(entity);
      const v = practitionerView(entity);
      await this.audit.record(em, { action: 'practitioner.register', targetType: 'practitioner', targetId: entity.code, admdvs: entity.admdvs, after: v });
      await this.registryChanged(em, { kind: 'practitioner', code: entity.code, institutionCode: institution.code }, entity.admdvs);
      return v;
    });
    await this.cache.refreshInstitution(view.institutionCode);
    return view;
  }

  async listPractitioners(req: ListPractitionersRequest): Promise<Page<PractitionerView>> {
    const { limit, offset } = page(req.limit, req.offset);
    const prefix = scopePrefix();
    if (prefix === null) return { items: [], total: 0, limit, offset };
    const where: Record<string, unknown> = { admdvs: { $like: `${prefix}%` } };
    if (req.admdvs) where.admdvs = { $like: `${prefix}%`, $eq: req.admdvs };
    if (req.institutionCode) where.institutionCode = req.institutionCode;
    if (req.type) where.type = req.type;
    if (req.status) where.status = req.status;
    const [rows, total] = await this.orm.em.fork().findAndCount(PractitionerEntity, where, { orderBy: { code: 'asc' }, limit, offset });
    return { items: rows.map(practitionerView), total, limit, offset };
  }

  async bindTerminal(req: BindTerminalRequest): Promise<TerminalView> {
    const view = await this.orm.em.fork().transactional(async (em) => {
      const institution = await visibleInstitution(em, req.institutionCode);
      requireOfficer(institution.admdvs, `terminals of ${institution.code}`);
      const bound = await em.findOne(TerminalEntity, { psamNo: req.psamNo, status: 'BOUND' });
      if (bound) {
        throw new ConflictError('AGREEMENT.PSAM_BOUND', `PSAM card ${req.psamNo} is already bound to a terminal`, {
          field: 'psamNo',
          reason: 'unbind the other terminal first',
        });
      }
      const entity = em.create(TerminalEntity, {
        id: newUuidV7(),
        institutionCode: institution.code,
        ip: req.ip,
        psamNo: req.psamNo,
        cashier: req.cashier,
        status: 'BOUND',
        boundAt: this.clock.now(),
        admdvs: institution.admdvs,
      });
      em.persist(entity);
      const v = terminalView(entity);
      await this.audit.record(em, { action: 'terminal.bind', targetType: 'terminal', targetId: entity.id, admdvs: entity.admdvs, after: v });
      // Every replica's eligibility cache refreshes the institution on it (evt.agreement.>).
      await this.terminalEvent<TerminalBoundPayload>(em, entity, AgreementEventSubjects.TerminalBound, TerminalBoundEvent.TYPE, {
        ip: entity.ip,
        cashier: entity.cashier,
        boundAt: v.boundAt,
      });
      return v;
    });
    await this.cache.refreshInstitution(view.institutionCode);
    return view;
  }

  async unbindTerminal(req: UnbindTerminalRequest): Promise<TerminalView> {
    const view = await this.orm.em.fork().transactional(async (em) => {
      const entity = await em.findOne(TerminalEntity, { id: req.id });
      if (!entity || !canSee(currentActor(), entity.admdvs)) throw new NotFoundError('terminal', req.id);
      requireOfficer(entity.admdvs, `terminal ${entity.id}`);
      if (entity.status !== 'BOUND')
        throw new ConflictError('AGREEMENT.TERMINAL_NOT_BOUND', `terminal ${entity.id} is not bound`, { field: 'id', reason: 'already unbound' });
      const before = terminalView(entity);
      entity.status = 'UNBOUND';
      const unboundAt = this.clock.now();
      entity.unboundAt = unboundAt;
      entity.unbindReason = req.reason;
      const v = terminalView(entity);
      await this.audit.record(em, {
        action: 'terminal.unbind',
        targetType: 'terminal',
        targetId: entity.id,
        admdvs: entity.admdvs,
        before,
        after: v,
        detail: { reason: req.reason },
      });
      await this.terminalEvent<TerminalUnboundPayload>(em, entity, AgreementEventSubjects.TerminalUnbound, TerminalUnboundEvent.TYPE, {
        unboundAt: unboundAt.toISOString(),
        reason: req.reason,
      });
      return v;
    });
    await this.cache.refreshInstitution(view.institutionCode);
    return view;
  }

  async listTerminals(req: ListTerminalsRequest): Promise<Page<TerminalView>> {
    const { limit, offset } = page(req.limit, req.offset);
    const prefix = scopePrefix();
    if (prefix === null) return { items: [], total: 0, limit, offset };
    const where: Record<string, unknown> = { admdvs: { $like: `${prefix}%` } };
    if (req.institutionCode) where.institutionCode = req.institutionCode;
    if (req.status) where.status = req.status;
    const [rows, total] = await this.orm.em.fork().findAndCount(TerminalEntity, where, { orderBy: { boundAt: 'desc', id: 'desc' }, limit, offset });
    return { items: rows.map(terminalView), total, limit, offset };
  }

  /** TerminalBound/TerminalUnbound, written in the binding's transaction with its audit row. */
  private async terminalEvent<P extends TerminalEventBase>(
    em: EntityManager,
    t: TerminalEntity,
    subject: string,
    type: string,
    rest: Omit<P, keyof TerminalEventBase>,
  ): Promise<void> {
    const base: TerminalEventBase = { terminalId: t.id, institutionCode: t.institutionCode, psamNo: t.psamNo };
    await this.outbox.add<P>(em, { subject, type, admdvs: t.admdvs, aggregateId: t.id, payload: { ...base, ...rest } as P });
  }

  private async registryChanged(em: EntityManager, payload: RegistryChangedPayload, admdvs: string): Promise<void> {
    await this.outbox.add<RegistryChangedPayload>(em, {
      subject: AgreementEventSubjects.RegistryChanged,
      type: RegistryChangedEvent.TYPE,
      admdvs,
      aggregateId: payload.code,
      payload,
    });
  }
}

export function licenceView(e: LicenceEntity): LicenceView {
  return { id: e.id, institutionCode: e.institutionCode, kind: e.kind, number: e.number, issuedOn: e.issuedOn, expiresOn: e.expiresOn, admdvs: e.admdvs };
}

export function practitionerView(e: PractitionerEntity): PractitionerView {
  return {
    id: e.id,
    code: e.code,
    name: e.name,
    institutionCode: e.institutionCode,
    type: e.type,
    status: e.status,
    ...(e.suspendedUntil ? { suspendedUntil: e.suspendedUntil } : {}),
    admdvs: e.admdvs,
    poolarea: e.poolarea,
  };
}

export function terminalView(e: TerminalEntity): TerminalView {
  return {
    id: e.id,
    institutionCode: e.institutionCode,
    ip: e.ip,
    psamNo: e.psamNo,
    cashier: e.cashier,
    status: e.status,
    boundAt: e.boundAt.toISOString(),
    ...(e.unboundAt ? { unboundAt: e.unboundAt.toISOString() } : {}),
    admdvs: e.admdvs,
  };
}
