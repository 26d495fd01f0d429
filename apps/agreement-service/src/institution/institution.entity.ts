import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { Opt } from '@mikro-orm/core';
import type { MajorInfoField } from '@mi/contracts';
import type { InstitutionLevel, InstitutionType } from '@mi/domain';

/** 定点医药机构 — a hospital, primary-care institution, clinic or pharmacy in the registry. */
@Entity({ tableName: 'institution' })
export class InstitutionEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  /** National institution code (fixmedins_code). */
  @Unique()
  @Property({ type: 'text' })
  code: string;

  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'text' })
  type: InstitutionType;

  @Property({ type: 'text' })
  level: InstitutionLevel;

  @Index()
  @Property({ type: 'text' })
  admdvs: string;

  /** City (pooling region) — every query of a city officer filters on it. */
  @Index()
  @Property({ type: 'text' })
  poolarea: string;

  @Property({ type: 'text' })
  uscc: string;

  @Property({ type: 'timestamptz' })
  registeredAt: Date & Opt;

  /** Major information beyond name and level (AGR-06: legal representative, address, bank account …), as applied by approved changes. */
  @Property({ type: 'json' })
  info: Partial<Record<MajorInfoField, string>> & Opt = {};
}
