import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { Opt } from '@mikro-orm/core';
import type { LicenceKind, PractitionerStatus, PractitionerType, TerminalStatus } from '@mi/contracts';

/** 许可证 — a licence of an institution, with its expiry. */
@Entity({ tableName: 'licence' })
export class LicenceEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'text' })
  institutionCode: string;

  @Property({ type: 'text' })
  kind: LicenceKind;

  @Property({ type: 'text' })
  number: string;

  @Property({ type: 'date' })
  issuedOn: string;

  @Property({ type: 'date' })
  expiresOn: string;

  @Property({ type: 'text' })
  admdvs: string;
}

/** 医保医师/药师 — a practitioner registered with the bureau. */
@Entity({ tableName: 'practitioner' })
export class PractitionerEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'text', unique: true })
  code: string;

  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'text' })
  institutionCode: string;

  @Property({ type: 'text' })
  type: PractitionerType;

  @Property({ type: 'text' })
  status: PractitionerStatus;

  /** Last day of a points suspension (inclusive). */
  @Property({ type: 'date', nullable: true })
  suspendedUntil?: string | null;

  /** When the sweeper reinstates the practitioner (start of the day after `suspendedUntil`). */
  @Property({ type: 'timestamptz', nullable: true })
  resumeAt?: Date | null;

  @Property({ type: 'text' })
  admdvs: string;

  @Property({ type: 'text' })
  poolarea: string;

  @Property({ type: 'timestamptz' })
  registeredAt: Date & Opt;
}

/** 结算终端 — institution + IP + PSAM card + cashier (001_… Quanzhou). */
@Entity({ tableName: 'terminal' })
export class TerminalEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'text' })
  institutionCode: string;

  @Property({ type: 'text' })
  ip: string;

  @Property({ type: 'text' })
  psamNo: string;

  @Property({ type: 'text' })
  cashier: string;

  @Property({ type: 'text' })
  status: TerminalStatus;

  @Property({ type: 'timestamptz' })
  boundAt: Date;

  @Property({ type: 'timestamptz', nullable: true })
  unboundAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  unbindReason?: string | null;

  @Property({ type: 'text' })
  admdvs: string;
}
