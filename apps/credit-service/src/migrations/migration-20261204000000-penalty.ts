import { Migration } from '@mikro-orm/migrations';

/** 行政处罚: penalty decisions, one per decision number and region, money measures in fen. */
export class Migration20261204000000Penalty extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "credit"."penalty_decision" (
      "id" uuid primary key,
      "admdvs" text not null check ("admdvs" ~ '^[0-9]{6}$'),
      "subject_type" text not null check ("subject_type" in ('institution', 'practitioner')),
      "subject_code" text not null,
      "subject_name" text not null,
      "decision_no" text not null,
      "decided_on" date not null,
      "legal_basis" text not null,
      "facts" text not null,
      "measures" jsonb not null,
      "total_fen" bigint not null check ("total_fen" >= 0),
      "evidence" jsonb not null,
      "case_ref" text,
      "score_delta" int not null,
      "score_after" int not null,
      "recorded_by" text not null,
      "recorded_at" timestamptz not null,
      unique ("admdvs", "decision_no")
    )`);
    this.addSql(`create index "penalty_decision_subject_index" on "credit"."penalty_decision" ("subject_type", "subject_code")`);
    this.addSql(`create index "penalty_decision_admdvs_index" on "credit"."penalty_decision" ("admdvs", "decided_on" desc)`);
  }
}
