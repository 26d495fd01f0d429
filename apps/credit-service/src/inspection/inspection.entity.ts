import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { Opt } from '@mikro-orm/core';
import type { InspectionKind, InspectionOutcome } from '@mi/contracts';

/** 检查人员名录库 — an inspector of a city's pool, with the institutions they are linked to. */
@Entity({ tableName: 'inspector' })
@Unique({ properties: ['admdvs', 'code'] })
export class InspectorEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'text' })
  admdvs: string;

  @Property({ type: 'text' })
  code: string;

  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'text' })
  department: string;

  @Property({ type: 'json' })
  linkedInstitutions: string[];

  @Property({ type: 'boolean' })
  active: boolean & Opt = true;
}

/** 年度抽查计划 — one per city and year; drawn once with a recorded seed. */
@Entity({ tableName: 'inspection_plan' })
@Unique({ properties: ['admdvs', 'year'] })
export class InspectionPlanEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'text' })
  admdvs: string;

  @Property({ type: 'int' })
  year: number;

  @Property({ type: 'text', nullable: true })
  seed?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  drawnAt?: Date | null;

  @Property({ type: 'json', nullable: true })
  candidates?: { targets: number; inspectors: number } | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date;
}

export interface DrawnTarget {
  institutionCode: string;
  level: string;
  weight: number;
}

/** One inspection of a plan, with what the draw gave it. */
@Entity({ tableName: 'inspection' })
@Unique({ properties: ['planId', 'idx'] })
export class InspectionEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Index()
  @Property({ type: 'uuid' })
  planId: string;

  @Property({ type: 'int' })
  idx: number;

  @Property({ type: 'text' })
  title: string;

  @Property({ type: 'text' })
  kind: InspectionKind;

  @Property({ type: 'json' })
  departments: string[];

  @Property({ type: 'int' })
  targetCount: number;

  @Property({ type: 'int' })
  inspectorCount: number;

  @Property({ type: 'json' })
  targets: DrawnTarget[] & Opt = [];

  @Property({ type: 'json' })
  inspectors: { code: string; name: string; department: string }[] & Opt = [];

  @Property({ type: 'json' })
  excluded: { inspectorCode: string; institutionCode: string }[] & Opt = [];
}

/** 检查结果 — of one target of one inspection (entered once). */
@Entity({ tableName: 'inspection_result' })
@Unique({ properties: ['inspectionId', 'institutionCode'] })
export class InspectionResultEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'uuid' })
  inspectionId: string;

  @Property({ type: 'text' })
  institutionCode: string;

  @Property({ type: 'text' })
  outcome: InspectionOutcome;

  @Property({ type: 'text' })
  findings: string;

  @Property({ type: 'json' })
  penalties: { department: string; decisionNo: string }[];

  @Property({ type: 'timestamptz' })
  recordedAt: Date;

  @Property({ type: 'text' })
  recordedBy: string;
}
