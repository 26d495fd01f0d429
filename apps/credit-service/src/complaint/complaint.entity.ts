import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { ComplaintStatus } from '@mi/contracts';

/** 举报 — a complaint, its reporter kept encrypted (masked copies for views), its deadline and result. */
@Entity({ tableName: 'complaint' })
export class ComplaintEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  /** The handling region. */
  @Index()
  @Property({ type: 'text' })
  admdvs: string;

  @Property({ type: 'text' })
  channel: string;

  @Property({ type: 'text' })
  subjectType: string;

  @Property({ type: 'text', nullable: true })
  subjectCode?: string | null;

  @Property({ type: 'text' })
  subjectName: string;

  @Property({ type: 'text' })
  content: string;

  @Property({ type: 'boolean' })
  anonymous: boolean;

  /** The reporter's identity, encrypted (PiiCipher): `{ name, phone, idNumber? }` as JSON. */
  @Property({ type: 'text', nullable: true })
  reporterEnc?: string | null;

  /** What views show. */
  @Property({ type: 'json', nullable: true })
  reporterMasked?: { name: string; phone: string; idNumber: string | null } | null;

  @Property({ type: 'date' })
  receivedOn: string;

  @Property({ type: 'date' })
  dueOn: string;

  @Property({ type: 'text' })
  status: ComplaintStatus;

  @Property({ type: 'boolean', nullable: true })
  substantiated?: boolean | null;

  @Property({ type: 'bigint', nullable: true })
  recoveredFen?: string | null;

  @Property({ type: 'bigint', nullable: true })
  rewardFen?: string | null;

  @Property({ type: 'text', nullable: true })
  rewardBasis?: string | null;

  @Property({ type: 'text', nullable: true })
  findings?: string | null;

  @Property({ type: 'date', nullable: true })
  concludedOn?: string | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date;
}
