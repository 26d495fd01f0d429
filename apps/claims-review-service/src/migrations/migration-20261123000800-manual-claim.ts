import { Migration } from '@mikro-orm/migrations';

/**
 * 大额医疗费用手工报销审核 — manual reimbursement claims; those of ≥ 50,000 yuan (and doubtful
 * smaller ones) go to the working group, one case one file, with its investigation record.
 */
export class Migration20261123000800ManualClaim extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create sequence "review"."manual_claim_no_seq"`);
    this.addSql(`create table "review"."manual_claim" (
      "id" uuid primary key,
      "claim_no" text not null unique,
      "poolarea" text not null,
      "admdvs" text not null,
      "psn_no" text not null,
      "insutype" text not null,
      "institution_name" text not null,
      "institution_code" text,
      "begndate" date not null,
      "enddate" date not null check ("enddate" >= "begndate"),
      "medfee_sumamt_fen" bigint not null check ("medfee_sumamt_fen" > 0),
      "invoices" jsonb not null,
      "route" text not null check ("route" in ('WORKING_GROUP', 'COUNTER')),
      "status" text not null check ("status" in ('UNDER_REVIEW', 'INVESTIGATING', 'APPROVED', 'REJECTED')),
      "group_reason" text,
      "received_on" date not null,
      "group_started_on" date,
      "due_on" date,
      "overdue_flagged" boolean not null default false,
      "conclusion" text,
      "approval_id" uuid,
      "registered_by" text not null,
      "created_at" timestamptz not null,
      "decided_at" timestamptz
    )`);
    this.addSql(`create index "manual_claim_queue" on "review"."manual_claim" ("poolarea", "status", "due_on")`);
    this.addSql(`create table "review"."manual_claim_record" (
      "claim_id" uuid not null references "review"."manual_claim" ("id") deferrable initially deferred,
      "seq" int not null,
      "method" text not null,
      "note" text not null,
      "recorded_by" text not null,
      "at" timestamptz not null,
      primary key ("claim_id", "seq")
    )`);
  }
}
