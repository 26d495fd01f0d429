import { Migration } from '@mikro-orm/migrations';

/** Schema `credit`: red/black listing decisions, their joint-punishment notices, and the link from blacklist entries. */
export class Migration20261123000600ListDecision extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "credit"."list_decision" (
      "id" uuid primary key,
      "list" text not null check ("list" in ('red', 'black')),
      "subject_type" text not null check ("subject_type" in ('institution', 'practitioner', 'legal-representative', 'controller')),
      "subject_code" text not null,
      "subject_name" text not null,
      "uscc" text null,
      "institution_code" text null,
      "admdvs" text not null check ("admdvs" ~ '^[0-9]{6}$'),
      "decision_no" text not null,
      "legal_basis" text not null,
      "reason" text not null,
      "period_start" date not null,
      "period_end" date not null check ("period_end" >= "period_start"),
      "publication_text" text not null,
      "status" text not null check ("status" in ('IN_FORCE', 'ENDED', 'REPAIRED')),
      "approval_id" uuid not null unique,
      "decided_at" timestamptz not null,
      "ended_on" date null,
      "repair_ground" text null,
      "repair_note" text null,
      unique ("admdvs", "decision_no", "subject_type", "subject_code")
    )`);
    this.addSql(`create index "list_decision_admdvs_index" on "credit"."list_decision" ("admdvs", "decided_at" desc)`);
    this.addSql(`create index "list_decision_subject_index" on "credit"."list_decision" ("subject_type", "subject_code")`);
    this.addSql(`create table "credit"."joint_notice" (
      "id" uuid primary key,
      "decision_id" uuid not null references "credit"."list_decision" ("id"),
      "department" text not null,
      "status" text not null check ("status" in ('SENT', 'ACKNOWLEDGED')),
      "sent_at" timestamptz not null,
      "acknowledged_on" date null,
      "note" text null,
      check (("status" = 'ACKNOWLEDGED') = ("acknowledged_on" is not null)),
      unique ("decision_id", "department")
    )`);
    // Black-list decisions feed the admission check through blacklist_entry; persons are listed by ID card number.
    this.addSql(`alter table "credit"."blacklist_entry" add column "decision_id" uuid null references "credit"."list_decision" ("id")`);
    this.addSql(`alter table "credit"."blacklist_entry" drop constraint "blacklist_entry_subject_kind_check"`);
    this.addSql(
      `alter table "credit"."blacklist_entry" add constraint "blacklist_entry_subject_kind_check" check ("subject_kind" in ('uscc', 'institution', 'practitioner', 'id-card'))`,
    );
    // A listing removed on its first day ends the day before it started (an empty period).
    this.addSql(`alter table "credit"."blacklist_entry" drop constraint "blacklist_entry_check"`);
    this.addSql(`alter table "credit"."blacklist_entry" add constraint "blacklist_entry_until_check" check ("until" is null or "until" >= "listed_on" - 1)`);
  }
}
