import { Migration } from '@mikro-orm/migrations';

/** Settlement intake (结算数据), its fee lines and the findings of the 100 % initial review. */
export class Migration20261123000400Intake extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "review"."settlement" (
      "id" uuid primary key,
      "setl_id" text not null,
      "fixmedins_code" text not null,
      "mdtrt_id" text not null,
      "psn_no" text not null,
      "certno_enc" text not null,
      "certno_hash" text not null,
      "gend" text not null,
      "brdy" date not null,
      "insutype" text not null,
      "med_type" text not null,
      "treatment_mode" text not null,
      "setl_time" timestamptz not null,
      "setl_date" date not null,
      "begndate" date not null,
      "enddate" date,
      "main_diagnosis" text,
      "diagnoses" jsonb not null,
      "medfee_sumamt_fen" bigint not null,
      "hifp_pay_fen" bigint not null,
      "acct_pay_fen" bigint not null,
      "psn_cash_pay_fen" bigint not null,
      "amounts_fen" jsonb not null,
      "poolarea" text not null,
      "admdvs" text not null,
      "content_hash" text not null,
      "review_status" text not null check ("review_status" in ('RECEIVED', 'REVIEWED', 'REVERSAL')),
      "rule_set" text,
      "findings" int not null default 0,
      "refd_setl_flag" text not null default '0',
      "init_setl_id" text,
      "reversed_by" text,
      "reversed_at" timestamptz,
      "received_at" timestamptz not null,
      "reviewed_at" timestamptz,
      unique ("fixmedins_code", "setl_id")
    )`);
    this.addSql(`create index "settlement_person" on "review"."settlement" ("psn_no", "setl_date")`);
    this.addSql(`create index "settlement_certno" on "review"."settlement" ("certno_hash")`);
    this.addSql(`create table "review"."settlement_line" (
      "settlement_id" uuid not null references "review"."settlement" ("id") deferrable initially deferred,
      "feedetl_sn" text not null,
      "hilist_code" text not null,
      "hilist_name" text not null,
      "list_type" text not null,
      "chrg_type" text,
      "cnt" numeric(16,4) not null,
      "pric_fen" bigint not null,
      "amount_fen" bigint not null,
      "fee_ocur_time" text not null,
      "service_date" date not null,
      "dept_codg" text,
      "dr_codg" text,
      "prd_days" int,
      primary key ("settlement_id", "feedetl_sn")
    )`);
    this.addSql(`create table "review"."finding" (
      "id" uuid primary key,
      "settlement_id" uuid not null references "review"."settlement" ("id") deferrable initially deferred,
      "setl_id" text not null,
      "fixmedins_code" text not null,
      "rule_id" text not null,
      "rule_version" int not null,
      "rule_set" text not null,
      "severity" text not null,
      "amount_fen" bigint not null,
      "lines" jsonb not null,
      "facts" jsonb not null,
      "vola_cont" text not null,
      "vola_evid" text not null,
      "created_at" timestamptz not null
    )`);
    this.addSql(`create index "finding_settlement" on "review"."finding" ("settlement_id")`);
    this.addSql(`create index "finding_rule" on "review"."finding" ("rule_id", "created_at")`);
  }
}
