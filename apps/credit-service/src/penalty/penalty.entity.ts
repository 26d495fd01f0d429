import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { PenaltyMeasure, PenaltySubjectType } from '@mi/contracts';

/** 行政处罚决定 — as recorded; its credit-file entry carries the same id as its source event id. */
@Entity({ tableName: 'penalty_decision' })
export class PenaltyDecisionEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'text' })
  admdvs: string;

  @Property({ type: 'text' })
  subjectType: PenaltySubjectType;

  @Property({ type: 'text' })
  subjectCode: string;

  @Property({ type: 'text' })
  subjectName: string;

  @Property({ type: 'text' })
  decisionNo: string;

  @Property({ type: 'date' })
  decidedOn: string;

  @Property({ type: 'text' })
  legalBasis: string;

  @Property({ type: 'text' })
  facts: string;

  @Property({ type: 'json' })
  measures: { kind: PenaltyMeasure; amountFen: string | null }[];

  @Property({ type: 'bigint' })
  totalFen: string;

  @Property({ type: 'json' })
  evidence: { title: string; pages?: number }[];

  @Property({ type: 'text', nullable: true })
  caseRef?: string | null;

  @Property({ type: 'integer' })
  scoreDelta: number;

  @Property({ type: 'integer' })
  scoreAfter: number;

  @Property({ type: 'text' })
  recordedBy: string;

  @Property({ type: 'timestamptz' })
  recordedAt: Date;
}
