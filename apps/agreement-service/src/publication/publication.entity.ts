import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { PublicationKind } from '@mi/contracts';

/** 公示/公告 — a decision published citywide. */
@Entity({ tableName: 'publication' })
export class PublicationEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'text' })
  kind: PublicationKind;

  @Property({ type: 'text' })
  institutionCode: string;

  @Property({ type: 'text' })
  institutionName: string;

  @Property({ type: 'text' })
  admdvs: string;

  @Property({ type: 'text' })
  poolarea: string;

  @Property({ type: 'text' })
  title: string;

  @Property({ type: 'text' })
  text: string;

  @Property({ type: 'date' })
  effectiveOn: string;

  @Property({ type: 'timestamptz' })
  publishedAt: Date;

  @Property({ type: 'text' })
  sourceType: 'application' | 'agreement';

  @Property({ type: 'uuid' })
  sourceId: string;

  /** One notice per decision: the source id, plus the suspension id for suspensions. */
  @Property({ type: 'text' })
  sourceKey: string;
}
