import { Migration } from '@mikro-orm/migrations';

/**
 * Schema `agreement`: the institution's major information (AGR-06) beyond name and level, and the
 * applied change applications with their timeliness (deadline 30 working days; late ones flagged).
 */
export class Migration20261123000700InfoChange extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "agreement"."institution" add column "info" jsonb not null default '{}'::jsonb`);
    this.addSql(`create table "agreement"."info_change" (
      "id" uuid primary key,
      "institution_code" text not null references "agreement"."institution" ("code") deferrable initially deferred,
      "admdvs" text not null,
      "approval_id" uuid not null unique,
      "changes" jsonb not null,
      "approved_on" date not null,
      "approved_by" text not null,
      "filed_on" date not null,
      "deadline" date not null,
      "late" boolean not null,
      "working_days_late" int not null check ("working_days_late" >= 0),
      "materials" jsonb not null,
      "reason" text not null,
      "applied_at" timestamptz not null,
      "agreement_id" uuid null
    )`);
    this.addSql(`create index "info_change_institution_index" on "agreement"."info_change" ("institution_code", "applied_at")`);
  }
}
