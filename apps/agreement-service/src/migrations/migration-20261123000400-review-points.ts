import { Migration } from '@mikro-orm/migrations';

/**
 * Schema `agreement`: 12-point deductions from confirmed review violations. A deduction records the
 * event and evidence it came from (one per event and subject, whatever the redeliveries); a
 * violation the points policy does not score by itself becomes a proposal an officer decides.
 */
export class Migration20261123000400ReviewPoints extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "agreement"."points_deduction" add column "source_event_id" uuid, add column "evidence" jsonb`);
    this.addSql(
      `create unique index "points_deduction_source_unique" on "agreement"."points_deduction" ("source_event_id", "subject_type", "subject_code") where "source_event_id" is not null`,
    );
    this.addSql(`create table "agreement"."points_proposal" (
      "id" uuid primary key,
      "source_event_id" uuid not null,
      "subject_type" text not null check ("subject_type" in ('pharmacy', 'practitioner')),
      "subject_code" text not null,
      "item" text not null,
      "occurred_on" date not null,
      "reason" text not null,
      "evidence" jsonb not null,
      "admdvs" text not null,
      "status" text not null check ("status" in ('PENDING', 'CONFIRMED', 'DISMISSED')),
      "proposed_at" timestamptz not null,
      "decided_by" text,
      "decided_at" timestamptz,
      "decision_note" text,
      "deduction_id" uuid,
      unique ("source_event_id", "subject_type", "subject_code")
    )`);
    this.addSql(`create index "points_proposal_status_index" on "agreement"."points_proposal" ("status", "admdvs")`);
  }
}
