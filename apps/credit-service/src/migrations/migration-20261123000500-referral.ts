import { Migration } from '@mikro-orm/migrations';

/** Schema `credit`: referrals (线索移送) between bureau and health commission, their ledger and document numbers. */
export class Migration20261123000500Referral extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "credit"."referral" (
      "id" uuid primary key,
      "direction" text not null check ("direction" in ('BUREAU_TO_COMMISSION', 'COMMISSION_TO_BUREAU')),
      "admdvs" text not null check ("admdvs" ~ '^[0-9]{6}$'),
      "status" text not null check ("status" in ('DRAFT', 'SENT', 'RECEIVED', 'TRANSFERRED', 'CONCLUDED')),
      "subject_type" text not null check ("subject_type" in ('institution', 'practitioner')),
      "subject_code" text not null,
      "subject_name" text not null,
      "reason_codes" text[] not null check (cardinality("reason_codes") > 0),
      "facts" text not null,
      "penalty_decision_no" text null,
      "trigger_date" date not null,
      "due_on" date not null check ("due_on" > "trigger_date"),
      "doc_year" int null,
      "doc_seq" int null check ("doc_seq" is null or "doc_seq" > 0),
      "document_number" text null unique,
      "issued_on" date null,
      "pages" int null check ("pages" is null or "pages" > 0),
      "evidence" jsonb not null default '[]',
      "receipt_signed_at" timestamptz null,
      "receipt_signed_by" text null,
      "completion_requested_on" date null,
      "completion_due_on" date null,
      "completion_missing" text null,
      "completed_on" date null,
      "onward_target" text null check ("onward_target" is null or "onward_target" in ('POLICE', 'SUPERVISORY_COMMISSION')),
      "onward_authority" text null,
      "onward_on" date null,
      "onward_reason" text null,
      "outcome" text null check ("outcome" is null or "outcome" in ('PENALIZED', 'DISCIPLINED', 'NO_VIOLATION', 'OTHER')),
      "result" text null,
      "concluded_on" date null,
      "referral_overdue_notified_at" timestamptz null,
      "completion_overdue_notified_at" timestamptz null,
      "created_at" timestamptz not null,
      -- A numbered referral has all of its number; a draft has none of it.
      check (("status" = 'DRAFT') = ("document_number" is null)),
      check (("document_number" is null) = ("doc_year" is null) and ("doc_year" is null) = ("doc_seq" is null) and ("doc_seq" is null) = ("issued_on" is null)),
      check (("status" in ('DRAFT', 'SENT')) = ("receipt_signed_at" is null)),
      unique ("direction", "admdvs", "doc_year", "doc_seq")
    )`);
    this.addSql(`create index "referral_admdvs_index" on "credit"."referral" ("admdvs", "created_at" desc)`);
    this.addSql(`create index "referral_open_deadlines" on "credit"."referral" ("due_on") where "status" = 'DRAFT' and "referral_overdue_notified_at" is null`);
    this.addSql(
      `create index "referral_open_completions" on "credit"."referral" ("completion_due_on") where "completed_on" is null and "completion_due_on" is not null and "completion_overdue_notified_at" is null`,
    );
    this.addSql(`create table "credit"."referral_ledger" (
      "id" uuid primary key,
      "referral_id" uuid not null references "credit"."referral" ("id"),
      "at" timestamptz not null,
      "kind" text not null,
      "department" text not null check ("department" in ('BUREAU', 'COMMISSION', 'SYSTEM')),
      "by_name" text not null,
      "note" text not null default ''
    )`);
    this.addSql(`create index "referral_ledger_referral_index" on "credit"."referral_ledger" ("referral_id", "at")`);
    // Document numbers ×局(委)案移字〔YYYY〕N号: one counter per issuing authority (department + region) and year.
    // Incremented inside the issuing transaction: the row lock serialises issuers and a rollback returns the number.
    this.addSql(`create table "credit"."referral_number" (
      "issuer" text not null check ("issuer" in ('BUREAU', 'COMMISSION')),
      "admdvs" text not null,
      "year" int not null,
      "last" int not null check ("last" > 0),
      primary key ("issuer", "admdvs", "year")
    )`);
  }
}
