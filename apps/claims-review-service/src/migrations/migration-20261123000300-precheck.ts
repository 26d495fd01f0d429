import { Migration } from '@mikro-orm/migrations';

/** Pre-settlement review (事前事中) requests, their results (jr_id for 3103) and the doctors' feedback. */
export class Migration20261123000300Precheck extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "review"."precheck_request" (
      "id" uuid primary key,
      "infno" text not null,
      "msgid" text,
      "task_id" text,
      "trig_scen" text,
      "institution_code" text not null,
      "admdvs" text not null,
      "rule_set" text not null,
      "patients" int not null,
      "findings" int not null,
      "elapsed_ms" numeric(10,3) not null,
      "created_at" timestamptz not null
    )`);
    this.addSql(`create index "precheck_request_institution" on "review"."precheck_request" ("institution_code", "created_at")`);
    this.addSql(`create table "review"."precheck_result" (
      "jr_id" text primary key,
      "request_id" uuid not null references "review"."precheck_request" ("id") deferrable initially deferred,
      "institution_code" text not null,
      "patn_id" text not null,
      "mdtrt_id" text not null,
      "rule_id" text not null,
      "rule_version" int not null,
      "sev_deg" text not null,
      "vola_amt_fen" bigint not null,
      "result" jsonb not null,
      "created_at" timestamptz not null
    )`);
    this.addSql(`create table "review"."precheck_feedback" (
      "jr_id" text not null references "review"."precheck_result" ("jr_id") deferrable initially deferred,
      "warn_type" text not null,
      "dspo_way" text not null check ("dspo_way" in ('1', '2')),
      "dspo_way_rea" text,
      "recorded_at" timestamptz not null,
      primary key ("jr_id", "recorded_at")
    )`);
  }
}
