import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  EventSubjects,
  InstitutionRegisteredEvent,
  type InstitutionRegisteredPayload,
  type InstitutionView,
  type RegisterInstitutionRequest,
} from '@mi/contracts';
import { Admdvs, type Clock, ConflictError, InstitutionCode, NotFoundError } from '@mi/domain';
import { AuditService, canSee, CLOCK, currentActor, newUuidV7, OutboxService, requireRole, requireScope } from '@mi/platform';
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
