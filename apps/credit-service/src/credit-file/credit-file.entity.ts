import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { Opt } from '@mikro-orm/core';
import type { CreditLevel, PractitionerQualification } from '@mi/contracts';

/** 信用档案 (一户一档/一人一档) — one per institution or practitioner. */
@Entity({ tableName: 'credit_file' })
@Unique({ properties: ['subjectType', 'subjectCode'] })
export class CreditFileEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'text' })
  subjectType: 'institution' | 'practitioner';

  @Property({ type: 'text' })
  subjectCode: string;

  @Index()
  @Property({ type: 'text' })
  admdvs: string;

  @Property({ type: 'timestamptz' })
  openedAt: Date;

  /** 信用分 on the 1000-point scale: the base plus the sum of the entries' deltas (explainable). */
  @Property({ type: 'int' })
  score: number & Opt;

  @Property({ type: 'text' })
  level: CreditLevel & Opt;

  /** 12分制 (practitioners): the scoring year of `pointsTotal`; a later year starts from 0. */
  @Property({ type: 'int', nullable: true })
  pointsYear?: number | null;

  @Property({ type: 'int' })
  pointsTotal: number & Opt = 0;

  /** Payment qualification by the national band consequence, with its period (ends on `qualificationUntil`). */
  @Property({ type: 'text' })
  qualification: PractitionerQualification & Opt = 'ACTIVE';

  @Property({ type: 'date', nullable: true })
  qualificationFrom?: string | null;

  @Property({ type: 'date', nullable: true })
  qualificationUntil?: string | null;

  /** Scoring years whose suspension / termination was already published (once per crossing). */
  @Property({ type: 'int', nullable: true })
  suspensionYear?: number | null;

  @Property({ type: 'int', nullable: true })
  terminationYear?: number | null;
}

/** An append-only entry of a credit file, with the event that caused it. */
@Entity({ tableName: 'credit_file_entry' })
@Unique({ properties: ['fileId', 'sourceEventId'] })
export class CreditFileEntryEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Index()
  @Property({ type: 'uuid' })
  fileId: string;

  @Property({ type: 'text' })
  kind: string;

  /** The event this entry came from: unique per file, so a replayed event cannot add a second entry. */
  @Property({ type: 'uuid' })
  sourceEventId: string;

  /** The context the event came from: `agreement`, `review`. */
  @Property({ type: 'text' })
  source: string & Opt = 'agreement';

  /** Subject of the source event (`evt.review.ViolationConfirmed` …) or credit's own action (`credit.repair`). */
  @Property({ type: 'text', nullable: true })
  sourceSubject?: string | null;

  /** Ids that prove the entry (case, case number, deduction, settlement), as the source named them. */
  @Property({ type: 'json', nullable: true })
  evidence?: Record<string, string> | null;

  @Property({ type: 'timestamptz' })
  occurredAt: Date;

  @Property({ type: 'text' })
  summary: string;

  @Property({ type: 'int' })
  scoreDelta: number & Opt;

  @Property({ type: 'int', nullable: true })
  scoreAfter?: number | null;

  /** 12分制 points of this entry, its scoring year and the year's total after it (practitioners). */
  @Property({ type: 'int', nullable: true })
  points?: number | null;

  @Property({ type: 'int', nullable: true })
  pointsYear?: number | null;

  @Property({ type: 'int', nullable: true })
  pointsTotal?: number | null;
}
