import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** 失信名单条目 — one listing of a unit on a dishonesty list (by USCC or institution code). */
@Entity({ tableName: 'blacklist_entry' })
export class BlacklistEntryEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'text' })
  subjectKind: 'uscc' | 'institution' | 'practitioner' | 'id-card';

  @Property({ type: 'text' })
  subjectCode: string;

  @Property({ type: 'text' })
  list: string;

  @Property({ type: 'text' })
  reason: string;

  @Property({ type: 'date' })
  listedOn: string;

  @Property({ type: 'date', nullable: true })
  until?: string | null;

  @Property({ type: 'text' })
  admdvs: string;

  /** The listing decision this entry comes from (null for entries loaded before decisions existed). */
  @Property({ type: 'uuid', nullable: true })
  decisionId?: string | null;
}
