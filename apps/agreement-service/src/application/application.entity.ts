import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { ApplicantFacts, ApplicationEvaluation, ApplicationStatus, MaterialsNotice } from '@mi/contracts';

/** Stored as json in the shape the view returns. */
export type EvaluationRecord = ApplicationEvaluation;

/** 定点申请 — an institution's application for designation. */
@Entity({ tableName: 'application' })
export class ApplicationEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'text' })
  institutionCode: string;

  @Property({ type: 'text' })
  admdvs: string;

  @Property({ type: 'text' })
  poolarea: string;

  @Property({ type: 'text' })
  status: ApplicationStatus;

  @Property({ type: 'json' })
  materials: string[];

  @Property({ type: 'json', nullable: true })
  notice?: MaterialsNotice | null;

  @Property({ type: 'json' })
  facts: ApplicantFacts;

  @Property({ type: 'timestamptz' })
  submittedAt: Date;

  @Property({ type: 'timestamptz', nullable: true })
  acceptedAt?: Date | null;

  @Property({ type: 'date', nullable: true })
  evaluationDeadline?: string | null;

  @Property({ type: 'json', nullable: true })
  evaluation?: EvaluationRecord | null;

  /** AGR-04: fraud found in this application (弄虚作假); bars new applications for 3 years from discovery. */
  @Property({ type: 'date', nullable: true })
  fraudDiscoveredOn?: string | null;

  @Property({ type: 'text', nullable: true })
  fraudNote?: string | null;

  /** The legal representative's ID number, masked (the full number is never stored). */
  @Property({ type: 'text', nullable: true })
  legalRepresentativeIdMasked?: string | null;

  /** The actual controller's ID number, masked. */
  @Property({ type: 'text', nullable: true })
  controllerIdMasked?: string | null;
}
