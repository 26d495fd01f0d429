import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  EventSubjects,
  InstitutionRegisteredEvent,
  type InstitutionRegisteredPayload,
  type InstitutionListItem,
  type InstitutionStatus,
  type InstitutionView,
  type ListInstitutionsRequest,
  type Page,
  type RegisterInstitutionRequest,
} from '@mi/contracts';
import { Admdvs, type Clock, ConflictError, InstitutionCode, LocalDate, NotFoundError } from '@mi/domain';
import { AuditService, canSee, CLOCK, currentActor, newUuidV7, OutboxService, requireRole, requireScope } from '@mi/platform';
import { page, regionPattern, scopePrefix } from '../shared/access';
import { InstitutionEntity } from './institution.entity';

/** Use cases of the institution registry; each is one transaction with its audit row and event. */
@Injectable()
export class InstitutionService {
  constructor(
    private readonly orm: MikroORM,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async register(req: RegisterInstitutionRequest): Promise<InstitutionView> {
    const actor = currentActor();
    if (actor?.kind !== 'system') requireRole(actor, ['province-admin', 'city-officer', 'county-officer'], 'register institutions');
    const code = InstitutionCode.parse(req.code, 'code');
    const admdvs = Admdvs.parse(req.admdvs, 'admdvs');
    requireScope(actor, admdvs.code, `institution ${code.value}`);
    // The code's region digits must lie inside the institution's city (the pooling region).
    const poolarea = admdvs.poolingRegion();
    if (!poolarea.contains(code.admdvs)) {
      throw new ConflictError('AGREEMENT.CODE_REGION_MISMATCH', `code ${code.value} belongs to region ${code.admdvs.code}, not to ${poolarea.code}`, {
        field: 'code',
        reason: 'institution code region is outside the institution’s city',
      });
    }
    return this.orm.em.fork().transactional(async (em) => {
      const existing = await em.findOne(InstitutionEntity, { code: code.value });
      if (existing)
        throw new ConflictError('AGREEMENT.INSTITUTION_EXISTS', `institution ${code.value} is already registered`, {
          field: 'code',
          reason: 'already registered',
        });
      const entity = em.create(InstitutionEntity, {
        id: newUuidV7(),
        code: code.value,
        name: req.name,
        type: req.type,
        level: req.level,
        admdvs: admdvs.code,
        poolarea: poolarea.code,
        uscc: req.uscc,
        registeredAt: this.clock.now(),
      });
      em.persist(entity);
      const view = toView(entity);
      await this.audit.record(em, { action: 'institution.register', targetType: 'institution', targetId: entity.code, admdvs: entity.admdvs, after: view });
      await this.outbox.add<InstitutionRegisteredPayload>(em, {
        subject: EventSubjects.agreement.InstitutionRegistered,
        type: InstitutionRegisteredEvent.TYPE,
        admdvs: entity.admdvs,
        aggregateId: entity.code,
        payload: { code: entity.code, name: entity.name, type: entity.type, level: entity.level, admdvs: entity.admdvs, poolarea: entity.poolarea },
      });
      return view;
    });
  }

  async get(code: string): Promise<InstitutionView> {
    const normalised = InstitutionCode.parse(code, 'code').value;
    const entity = await this.orm.em.fork().findOne(InstitutionEntity, { code: normalised });
    // Another region's institution is "not found": its existence is not the caller's business.
    if (!entity || !canSee(currentActor(), entity.admdvs)) throw new NotFoundError('institution', normalised);
    return toView(entity);
  }

  /** The registry in the caller's region by code, each with its designation status and first licence expiry. */
  async list(req: ListInstitutionsRequest): Promise<Page<InstitutionListItem>> {
    const { limit, offset } = page(req.limit, req.offset);
    const prefix = scopePrefix();
    if (prefix === null) return { items: [], total: 0, limit, offset };
    const today = LocalDate.fromInstant(this.clock.now()).toString();
    // Status as the agreement reads (agreement.service current()): in force today, else the first one.
    const inner = `select i.code,
        coalesce(
          (select a.status from agreement.agreement a where a.institution_code = i.code and a.valid_from <= ?::date order by a.valid_from desc limit 1),
          (select a.status from agreement.agreement a where a.institution_code = i.code order by a.valid_from asc limit 1),
          'UNDESIGNATED') as status,
        (select min(l.expires_on)::text from agreement.licence l where l.institution_code = i.code) as first_licence_expiry
      from agreement.institution i where i.admdvs like ?`;
    const where: string[] = [];
    const params: unknown[] = [today, `${prefix}%`];
    const filter = (sql: string, value: unknown) => {
      where.push(sql);
      params.push(value);
    };
    if (req.type) filter('i.type = ?', req.type);
    if (req.level) filter('i.level = ?', req.level);
    if (req.admdvs) filter('i.admdvs like ?', regionPattern(req.admdvs));
    const outer: string[] = [];
    if (req.status) outer.push('x.status = ?');
    if (req.licenceExpiringBefore) outer.push('x.first_licence_expiry < ?');
    const from = `from (${[inner, ...where].join(' and ')}) x ${outer.length > 0 ? `where ${outer.join(' and ')}` : ''}`;
    const outerParams = [...(req.status ? [req.status] : []), ...(req.licenceExpiringBefore ? [req.licenceExpiringBefore] : [])];
    const em = this.orm.em.fork();
    const [{ n }] = await em.execute<{ n: string }[]>(`select count(*)::text as n ${from}`, [...params, ...outerParams]);
    const rows = await em.execute<{ code: string; status: InstitutionStatus; first_licence_expiry: string | null }[]>(
      `select x.code, x.status, x.first_licence_expiry ${from} order by x.code limit ? offset ?`,
      [...params, ...outerParams, limit, offset],
    );
    const entities = new Map((await em.find(InstitutionEntity, { code: { $in: rows.map((r) => r.code) } })).map((e) => [e.code, e]));
    const items = rows.map((r) => ({
      ...toView(entities.get(r.code)!),
      status: r.status,
      ...(r.first_licence_expiry ? { firstLicenceExpiry: r.first_licence_expiry } : {}),
    }));
    return { items, total: Number(n), limit, offset };
  }
}

function toView(e: InstitutionEntity): InstitutionView {
  return {
    id: e.id,
    code: e.code,
    name: e.name,
    type: e.type,
    level: e.level,
    admdvs: e.admdvs,
    poolarea: e.poolarea,
    uscc: e.uscc,
    registeredAt: e.registeredAt.toISOString(),
  };
}
