import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** 严重失信名单 — a practitioner's black listing (credit-service's decision): no settlement in [startsAt, endedAt ?? endsAt). */
@Entity({ tableName: 'practitioner_listing' })
export class PractitionerListingEntity {
  @PrimaryKey({ type: 'uuid' })
  decisionId: string;

  @Property({ type: 'text' })
  practitionerCode: string;

  @Property({ type: 'date' })
  periodStart: string;

  /** Last day (inclusive). */
  @Property({ type: 'date' })
  periodEnd: string;

  /** 00:00 Beijing time of `periodStart`. */
  @Property({ type: 'timestamptz' })
  startsAt: Date;

  /** 00:00 Beijing time of the day after `periodEnd`. */
  @Property({ type: 'timestamptz' })
  endsAt: Date;

  /** When a delisting (信用修复, decision revoked) ended it early. */
  @Property({ type: 'timestamptz', nullable: true })
  endedAt?: Date | null;

  @Property({ type: 'text' })
  admdvs: string;

  @Property({ type: 'uuid' })
  listedEventId: string;

  @Property({ type: 'uuid', nullable: true })
  delistedEventId?: string | null;

  @Property({ type: 'timestamptz' })
  recordedAt: Date;
}
