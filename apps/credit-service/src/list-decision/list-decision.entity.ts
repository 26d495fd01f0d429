import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { CreditList, JointNoticeStatus, ListDecisionStatus, ListSubjectType } from '@mi/contracts';

/** 红黑名单认定决定 — an approved listing of a subject, with its period and publication text. */
@Entity({ tableName: 'list_decision' })
export class ListDecisionEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'text' })
  list: CreditList;

  @Property({ type: 'text' })
  subjectType: ListSubjectType;

  /** What may be shown: the institution/practitioner code, or a person's masked ID number. */
  @Property({ type: 'text' })
  subjectCode: string;

  /** What is matched on: the code, or the HMAC lookup hash of a person's ID number. */
  @Property({ type: 'text' })
  subjectKey: string;

  /** A person's ID number, encrypted (PiiCipher); null for institutions and practitioners. */
  @Property({ type: 'text', nullable: true })
  subjectCodeEnc?: string | null;

  @Property({ type: 'text' })
  subjectName: string;

  @Property({ type: 'text', nullable: true })
  uscc?: string | null;

  @Property({ type: 'text', nullable: true })
  institutionCode?: string | null;

  @Index()
  @Property({ type: 'text' })
  admdvs: string;

  @Property({ type: 'text' })
  decisionNo: string;

  @Property({ type: 'text' })
  legalBasis: string;

  @Property({ type: 'text' })
  reason: string;

  @Property({ type: 'date' })
  periodStart: string;

  @Property({ type: 'date' })
  periodEnd: string;

  @Property({ type: 'text' })
  publicationText: string;

  @Property({ type: 'text' })
  status: ListDecisionStatus;

  @Property({ type: 'uuid' })
  approvalId: string;

  @Property({ type: 'timestamptz' })
  decidedAt: Date;

  @Property({ type: 'date', nullable: true })
  endedOn?: string | null;

  @Property({ type: 'text', nullable: true })
  repairGround?: string | null;

  @Property({ type: 'text', nullable: true })
  repairNote?: string | null;
}

/** 联合惩戒通报 — a notice of a listing to another department, tracked until it acknowledges. */
@Entity({ tableName: 'joint_notice' })
export class JointNoticeEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Index()
  @Property({ type: 'uuid' })
  decisionId: string;

  @Property({ type: 'text' })
  department: string;

  @Property({ type: 'text' })
  status: JointNoticeStatus;

  @Property({ type: 'timestamptz' })
  sentAt: Date;

  @Property({ type: 'date', nullable: true })
  acknowledgedOn?: string | null;

  @Property({ type: 'text', nullable: true })
  note?: string | null;
}
