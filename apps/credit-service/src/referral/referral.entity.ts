import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { Opt } from '@mikro-orm/core';
import type {
  EvidenceItem,
  OnwardTarget,
  ReferralDepartment,
  ReferralDirection,
  ReferralLedgerEntry,
  ReferralOutcome,
  ReferralStatus,
  ReferralSubjectType,
} from '@mi/contracts';

/** 线索移送 — one referral between the bureau and the health commission of a region, from registration to result. */
@Entity({ tableName: 'referral' })
export class ReferralEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'text' })
  direction: ReferralDirection;

  @Property({ type: 'text' })
  admdvs: string;

  @Property({ type: 'text' })
  status: ReferralStatus;

  @Property({ type: 'text' })
  subjectType: ReferralSubjectType;

  @Property({ type: 'text' })
  subjectCode: string;

  @Property({ type: 'text' })
  subjectName: string;

  @Property({ type: 'text[]' })
  reasonCodes: string[];

  @Property({ type: 'text' })
  facts: string;

  @Property({ type: 'text', nullable: true })
  penaltyDecisionNo?: string | null;

  @Property({ type: 'date' })
  triggerDate: string;

  @Property({ type: 'date' })
  dueOn: string;

  @Property({ type: 'int', nullable: true })
  docYear?: number | null;

  @Property({ type: 'int', nullable: true })
  docSeq?: number | null;

  @Property({ type: 'text', nullable: true })
  documentNumber?: string | null;

  @Property({ type: 'date', nullable: true })
  issuedOn?: string | null;

  @Property({ type: 'int', nullable: true })
  pages?: number | null;

  @Property({ type: 'json' })
  evidence: EvidenceItem[] & Opt = [];

  @Property({ type: 'timestamptz', nullable: true })
  receiptSignedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  receiptSignedBy?: string | null;

  @Property({ type: 'date', nullable: true })
  completionRequestedOn?: string | null;

  @Property({ type: 'date', nullable: true })
  completionDueOn?: string | null;

  @Property({ type: 'text', nullable: true })
  completionMissing?: string | null;

  @Property({ type: 'date', nullable: true })
  completedOn?: string | null;

  @Property({ type: 'text', nullable: true })
  onwardTarget?: OnwardTarget | null;

  @Property({ type: 'text', nullable: true })
  onwardAuthority?: string | null;

  @Property({ type: 'date', nullable: true })
  onwardOn?: string | null;

  @Property({ type: 'text', nullable: true })
  onwardReason?: string | null;

  @Property({ type: 'text', nullable: true })
  outcome?: ReferralOutcome | null;

  @Property({ type: 'text', nullable: true })
  result?: string | null;

  @Property({ type: 'date', nullable: true })
  concludedOn?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  referralOverdueNotifiedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  completionOverdueNotifiedAt?: Date | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date;
}

/** 台账 — one line of a referral's ledger (append-only). */
@Entity({ tableName: 'referral_ledger' })
export class ReferralLedgerEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Index()
  @Property({ type: 'uuid' })
  referralId: string;

  @Property({ type: 'timestamptz' })
  at: Date;

  @Property({ type: 'text' })
  kind: ReferralLedgerEntry['kind'];

  @Property({ type: 'text' })
  department: ReferralDepartment | 'SYSTEM';

  @Property({ type: 'text' })
  byName: string;

  @Property({ type: 'text' })
  note: string & Opt = '';
}
