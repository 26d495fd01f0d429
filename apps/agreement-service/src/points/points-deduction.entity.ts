import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { Opt } from '@mikro-orm/core';
import type { PointsProposalStatus, PointsSubjectType } from '@mi/contracts';

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

  /** The event a deduction from another context came from (a confirmed review violation); null when an officer entered it. */
  @Property({ type: 'uuid', nullable: true })
  sourceEventId?: string | null;

  /** Case, settlement … ids that prove it. */
  @Property({ type: 'json', nullable: true })
  evidence?: Record<string, string> | null;
}

/**
 * 记分建议 — a confirmed violation the points policy does not score automatically (e.g. a warning
 * without money withheld): an officer of the region confirms it (then it is a deduction) or dismisses it.
 */
@Entity({ tableName: 'points_proposal' })
export class PointsProposalEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'uuid' })
  sourceEventId: string;

  @Property({ type: 'text' })
  subjectType: PointsSubjectType;

  @Property({ type: 'text' })
  subjectCode: string;

  @Property({ type: 'text' })
  item: string;

  @Property({ type: 'date' })
  occurredOn: string;

  /** Why it is a proposal and what was confirmed. */
  @Property({ type: 'text' })
  reason: string;

  @Property({ type: 'json' })
  evidence: Record<string, string>;

  @Property({ type: 'text' })
  admdvs: string;

  @Property({ type: 'text' })
  status: PointsProposalStatus & Opt = 'PENDING';

  @Property({ type: 'timestamptz' })
  proposedAt: Date;

  @Property({ type: 'text', nullable: true })
  decidedBy?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  decidedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  decisionNote?: string | null;

  @Property({ type: 'uuid', nullable: true })
  deductionId?: string | null;
}
