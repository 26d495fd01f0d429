import { Inject, Injectable } from '@nestjs/common';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { ListPublicationsRequest, Page, PublicationKind, PublicationView } from '@mi/contracts';
import type { Clock } from '@mi/domain';
import { CLOCK, newUuidV7 } from '@mi/platform';
import { InstitutionEntity } from '../institution/institution.entity';
import { page, scopePrefix } from '../shared/access';
import type { NoticeText } from './publication-text';
import { PublicationEntity } from './publication.entity';

export interface NewPublication {
  kind: PublicationKind;
  institutionCode: string;
  sourceType: 'application' | 'agreement';
  sourceId: string;
  /** Distinguishes several notices of one source (a suspension's id); default the source id. */
  sourceKey?: string;
  effectiveOn: string;
  notice: (institutionName: string) => NoticeText;
}

/**
 * 公示/公告 — every decision that must be published gets its notice in the decision's own
 * transaction (so there is never a decision without its notice, nor a notice without it); the
 * portal lists the notices of the caller's city.
 */
@Injectable()
export class PublicationService {
  constructor(
    private readonly orm: MikroORM,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async publish(em: EntityManager, p: NewPublication): Promise<void> {
    const institution = await em.findOneOrFail(InstitutionEntity, { code: p.institutionCode });
    const { title, text } = p.notice(institution.name);
    em.persist(
      em.create(PublicationEntity, {
        id: newUuidV7(),
        kind: p.kind,
        institutionCode: institution.code,
        institutionName: institution.name,
        admdvs: institution.admdvs,
        poolarea: institution.poolarea,
        title,
        text,
        effectiveOn: p.effectiveOn,
        publishedAt: this.clock.now(),
        sourceType: p.sourceType,
        sourceId: p.sourceId,
        sourceKey: p.sourceKey ?? p.sourceId,
      }),
    );
  }

  /** Notices of the caller's city (decisions apply citywide, so a county officer sees the whole city's), newest first. */
  async list(req: ListPublicationsRequest): Promise<Page<PublicationView>> {
    const { limit, offset } = page(req.limit, req.offset);
    const prefix = scopePrefix();
    if (prefix === null) return { items: [], total: 0, limit, offset };
    const city = prefix.length > 4 ? prefix.slice(0, 4) : prefix;
    const [rows, total] = await this.orm.em.fork().findAndCount(
      PublicationEntity,
      {
        poolarea: { $like: `${city}%` },
        ...(req.kind ? { kind: req.kind } : {}),
        ...(req.institutionCode ? { institutionCode: req.institutionCode } : {}),
      },
      { orderBy: { publishedAt: 'desc', id: 'desc' }, limit, offset },
    );
    return { items: rows.map(view), total, limit, offset };
  }
}

function view(e: PublicationEntity): PublicationView {
  return {
    id: e.id,
    kind: e.kind,
    institutionCode: e.institutionCode,
    institutionName: e.institutionName,
    admdvs: e.admdvs,
    poolarea: e.poolarea,
    title: e.title,
    text: e.text,
    effectiveOn: e.effectiveOn,
    publishedAt: e.publishedAt.toISOString(),
    sourceType: e.sourceType,
    sourceId: e.sourceId,
  };
}
