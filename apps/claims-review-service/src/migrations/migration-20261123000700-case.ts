import { Migration } from '@mikro-orm/migrations';

/**
 * 审核案件 — one case per flagged or sampled settlement, its stage history, the institution's
 * appeal with attachments, and the outcome of each finding (for the rules' precision).
 */
export class Migration20261123000700Case extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create sequence "review"."case_no_seq"`);
    this.addSql(`create table "review"."review_case" (
      "id" uuid primary key,
      "case_no" text not null unique,
      "settlement_id" uuid not null references "review"."settlement" ("id") deferrable initially deferred,
      "setl_id" text not null,
      "fixmedins_code" text not null,
      "admdvs" text not null,
      "poolarea" text not null,
      "origin" text not null check ("origin" in ('FINDING', 'SAMPLE')),
      "stage" text not null check ("stage" in ('INITIAL', 'RE_REVIEW', 'APPEAL', 'VERIFY', 'DISPOSAL', 'CLOSED')),
      "outcome" text check ("outcome" in ('DEDUCTED', 'WARNED', 'DISMISSED')),
      "amount_fen" bigint not null check ("amount_fen" >= 0),
      "confirmed_findings" jsonb,
      "assignee" text,
      "escalated_by" text,
      "stage_started_on" date not null,
      "due_on" date,
      "overdue_stage" text,
      "deduction_id" uuid,
      "opened_at" timestamptz not null,
      "closed_at" timestamptz,
      check (("stage" = 'CLOSED') = ("outcome" is not null))
    )`);
    // One open case per settlement; a closed case stays in the file.
    this.addSql(`create unique index "review_case_open" on "review"."review_case" ("settlement_id") where "stage" <> 'CLOSED'`);
    this.addSql(`create index "review_case_queue" on "review"."review_case" ("poolarea", "stage", "due_on")`);
    this.addSql(`create index "review_case_institution" on "review"."review_case" ("fixmedins_code", "opened_at")`);
    this.addSql(`create table "review"."case_event" (
      "case_id" uuid not null references "review"."review_case" ("id") deferrable initially deferred,
      "seq" int not null,
      "action" text not null,
      "from_stage" text,
      "to_stage" text not null,
      "actor" text not null,
      "note" text,
      "at" timestamptz not null,
      primary key ("case_id", "seq")
    )`);
    this.addSql(`create table "review"."case_appeal" (
      "case_id" uuid primary key references "review"."review_case" ("id") deferrable initially deferred,
      "statement" text not null,
      "submitted_by" text not null,
      "submitted_at" timestamptz not null
    )`);
    this.addSql(`create table "review"."case_attachment" (
      "id" uuid primary key,
      "case_id" uuid not null references "review"."review_case" ("id") deferrable initially deferred,
      "file_name" text not null,
      "content_type" text not null,
      "size_bytes" int not null,
      "sha256" text not null,
      "content" bytea not null
    )`);
    this.addSql(`create index "case_attachment_case" on "review"."case_attachment" ("case_id")`);
    this.addSql(`alter table "review"."finding" add column "outcome" text check ("outcome" in ('CONFIRMED', 'OVERTURNED')),
      add column "overturned_on_appeal" boolean not null default false, add column "decided_at" timestamptz`);
    this.addSql(`alter table "review"."deduction" add column "case_id" uuid`);
  }
}
