import { Migration } from '@mikro-orm/migrations';

/**
 * Schema `agreement`: licences, practitioners, terminals, applications, agreements, suspensions
 * and points. Foreign keys are deferred: MikroORM flushes inserts in no particular order.
 */
export class Migration20261123000300Agreement extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "agreement"."licence" (
      "id" uuid primary key,
      "institution_code" text not null references "agreement"."institution" ("code") deferrable initially deferred,
      "kind" text not null,
      "number" text not null,
      "issued_on" date not null,
      "expires_on" date not null check ("expires_on" >= "issued_on"),
      "admdvs" text not null,
      unique ("institution_code", "kind", "number")
    )`);
    this.addSql(`create index "licence_expires_on_index" on "agreement"."licence" ("expires_on")`);

    this.addSql(`create table "agreement"."practitioner" (
      "id" uuid primary key,
      "code" text not null unique,
      "name" text not null,
      "institution_code" text not null references "agreement"."institution" ("code") deferrable initially deferred,
      "type" text not null check ("type" in ('physician', 'pharmacist')),
      "status" text not null check ("status" in ('ACTIVE', 'SUSPENDED', 'CANCELLED')),
      "suspended_until" date null,
      "resume_at" timestamptz null,
      "admdvs" text not null,
      "poolarea" text not null,
      "registered_at" timestamptz not null
    )`);
    this.addSql(`create index "practitioner_admdvs_index" on "agreement"."practitioner" ("admdvs")`);
    this.addSql(`create index "practitioner_resume_at_index" on "agreement"."practitioner" ("resume_at") where "resume_at" is not null`);

    this.addSql(`create table "agreement"."terminal" (
      "id" uuid primary key,
      "institution_code" text not null references "agreement"."institution" ("code") deferrable initially deferred,
      "ip" text not null,
      "psam_no" text not null,
      "cashier" text not null,
      "status" text not null check ("status" in ('BOUND', 'UNBOUND')),
      "bound_at" timestamptz not null,
      "unbound_at" timestamptz null,
      "unbind_reason" text null,
      "admdvs" text not null
    )`);
    // A PSAM card is bound to at most one terminal at a time.
    this.addSql(`create unique index "terminal_psam_bound_unique" on "agreement"."terminal" ("psam_no") where "status" = 'BOUND'`);
    this.addSql(`create index "terminal_admdvs_index" on "agreement"."terminal" ("admdvs")`);

    this.addSql(`create table "agreement"."application" (
      "id" uuid primary key,
      "institution_code" text not null references "agreement"."institution" ("code") deferrable initially deferred,
      "admdvs" text not null,
      "poolarea" text not null,
      "status" text not null check ("status" in ('AWAITING_MATERIALS', 'ACCEPTED', 'PASSED', 'FAILED', 'SIGNED', 'LAPSED')),
      "materials" jsonb not null,
      "notice" jsonb null,
      "facts" jsonb not null,
      "submitted_at" timestamptz not null,
      "accepted_at" timestamptz null,
      "evaluation_deadline" date null,
      "evaluation" jsonb null,
      "fraud_discovered_on" date null,
      "fraud_note" text null
    )`);
    // One open application per institution.
    this.addSql(
      `create unique index "application_open_unique" on "agreement"."application" ("institution_code") where "status" in ('AWAITING_MATERIALS', 'ACCEPTED')`,
    );

    this.addSql(`create table "agreement"."agreement" (
      "id" uuid primary key,
      "number" text not null unique,
      "institution_code" text not null references "agreement"."institution" ("code") deferrable initially deferred,
      "application_id" uuid null references "agreement"."application" ("id") deferrable initially deferred,
      "admdvs" text not null,
      "poolarea" text not null,
      "status" text not null check ("status" in ('ACTIVE', 'SUSPENDED', 'TERMINATED', 'EXPIRED')),
      "valid_from" date not null,
      "valid_to" date not null check ("valid_to" >= "valid_from"),
      "expires_at" timestamptz not null,
      "indicators" jsonb not null,
      "clauses" text not null default '',
      "public_hospital" boolean not null default false,
      "signed_at" timestamptz not null,
      "terminated_at" timestamptz null,
      "termination_ground" int null check ("termination_ground" between 1 and 14),
      "termination_reason" text null
    )`);
    this.addSql(`create index "agreement_institution_index" on "agreement"."agreement" ("institution_code", "valid_from")`);
    this.addSql(`create index "agreement_due_index" on "agreement"."agreement" ("expires_at") where "status" in ('ACTIVE', 'SUSPENDED')`);
    // At most one agreement per institution per natural year that is not terminated.
    this.addSql(
      `create unique index "agreement_year_unique" on "agreement"."agreement" ("institution_code", (extract(year from "valid_from"))) where "status" <> 'TERMINATED'`,
    );

    this.addSql(`create table "agreement"."suspension" (
      "id" uuid primary key,
      "agreement_id" uuid not null references "agreement"."agreement" ("id") deferrable initially deferred,
      "kind" text not null check ("kind" in ('MANDATORY', 'VOLUNTARY', 'POINTS')),
      "status" text not null check ("status" in ('SCHEDULED', 'ACTIVE', 'ENDED')),
      "reason" text not null,
      "legal_basis" text not null,
      "starts_on" date not null,
      "ends_on" date not null check ("ends_on" >= "starts_on"),
      "starts_at" timestamptz not null,
      "ends_at" timestamptz not null,
      "ended_at" timestamptz null,
      "resume_requested" boolean not null default false
    )`);
    this.addSql(`create index "suspension_due_index" on "agreement"."suspension" ("status", "starts_at", "ends_at") where "status" <> 'ENDED'`);

    this.addSql(`create table "agreement"."points_deduction" (
      "id" uuid primary key,
      "subject_type" text not null check ("subject_type" in ('pharmacy', 'practitioner')),
      "subject_code" text not null,
      "year" int not null,
      "item" text not null,
      "points" int not null check ("points" between 1 and 12),
      "occurred_on" date not null,
      "note" text not null,
      "admdvs" text not null,
      "recorded_at" timestamptz not null
    )`);
    this.addSql(`create index "points_subject_index" on "agreement"."points_deduction" ("subject_type", "subject_code", "year")`);
  }
}
