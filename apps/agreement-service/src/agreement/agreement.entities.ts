import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { AgreementIndicators, AgreementStatus, AgreementTermsView, SuspensionKind, SuspensionStatus, TerminationGround } from '@mi/contracts';

/** 定点协议 — one institution's agreement for one natural year. */
@Entity({ tableName: 'agreement' })
export class AgreementEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'text', unique: true })
  number: string;

  @Property({ type: 'text' })
  institutionCode: string;

  @Property({ type: 'uuid', nullable: true })
  applicationId?: string | null;

  @Property({ type: 'text' })
  admdvs: string;

  @Property({ type: 'text' })
  poolarea: string;

  @Property({ type: 'text' })
  status: AgreementStatus;

  @Property({ type: 'date' })
  validFrom: string;

  /** 31 December of the year (natural-year cycle, 003_…). */
  @Property({ type: 'date' })
  validTo: string;

  /** 00:00 Asia/Shanghai of the day after `validTo`: when the sweeper expires it. */
  @Property({ type: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'json' })
  indicators: AgreementIndicators;

  /** 协议条款 from the model agreement at signing (null for agreements signed before). */
  @Property({ type: 'json', nullable: true })
  terms?: AgreementTermsView | null;

  @Property({ type: 'text' })
  clauses: string;

  /** 乙方签章: who signed for the institution and when. */
  @Property({ type: 'json', nullable: true })
  institutionSignatory?: { name: string; position: string; signedOn: string } | null;

  @Property({ type: 'boolean' })
  publicHospital: boolean;

  @Property({ type: 'timestamptz' })
  signedAt: Date;

  @Property({ type: 'timestamptz', nullable: true })
  terminatedAt?: Date | null;

  @Property({ type: 'integer', nullable: true })
  terminationGround?: TerminationGround | null;

  @Property({ type: 'text', nullable: true })
  terminationReason?: string | null;

  /** AGR-08: the institution's own termination takes effect at the start of this day (sweeper). */
  @Property({ type: 'date', nullable: true })
  terminationDueOn?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  terminationDueAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  terminationRequestReason?: string | null;
}

/** 中止 — one suspension period of an agreement. */
@Entity({ tableName: 'suspension' })
export class SuspensionEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'uuid' })
  agreementId: string;

  @Property({ type: 'text' })
  kind: SuspensionKind;

  @Property({ type: 'text' })
  status: SuspensionStatus;

  @Property({ type: 'text' })
  reason: string;

  @Property({ type: 'text' })
  legalBasis: string;

  @Property({ type: 'date' })
  startsOn: string;

  /** Last day (inclusive). */
  @Property({ type: 'date' })
  endsOn: string;

  @Property({ type: 'timestamptz' })
  startsAt: Date;

  /** 00:00 Asia/Shanghai of the day after `endsOn`. */
  @Property({ type: 'timestamptz' })
  endsAt: Date;

  @Property({ type: 'timestamptz', nullable: true })
  endedAt?: Date | null;

  @Property({ type: 'boolean' })
  resumeRequested: boolean;
}
