import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { PointsSubjectType } from '@mi/contracts';

/** 记分记录 — one deduction of the 12-point scheme. */
@Entity({ tableName: 'points_deduction' })
export class PointsDeductionEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'text' })
  subjectType: PointsSubjectType;

  @Property({ type: 'text' })
  subjectCode: string;

  @Property({ type: 'integer' })
  year: number;

  @Property({ type: 'text' })
  item: string;

  @Property({ type: 'integer' })
  points: number;

  @Property({ type: 'date' })
  occurredOn: string;

  @Property({ type: 'text' })
  note: string;

  @Property({ type: 'text' })
  admdvs: string;

  @Property({ type: 'timestamptz' })
  recordedAt: Date;
}
