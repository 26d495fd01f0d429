import { Migration } from '@mikro-orm/migrations';

/** Anomaly detection: a compact fact per settled claim, detector thresholds per region, alerts. */
export class Migration20261123000400AnomalyDetection extends Migration {
  override async up(): Promise<void> {
    // One row per settlement from evt.review.ClaimSettled; a reversal marks its original.
    this.addSql(`create table "kb"."settlement_fact" (
      "settlement_id" uuid primary key,
      "event_id" uuid not null unique,
      "setl_id" text not null,
      "mdtrt_id" text not null,
      "psn_no" text not null,
      "institution_code" text not null,
      "admdvs" text not null check ("admdvs" ~ '^[0-9]{6}$'),
      "poolarea" text not null check ("poolarea" ~ '^[0-9]{6}$'),
      "insutype" text not null,
      "setl_date" date not null,
      "setl_time" timestamptz,
      "gend" text,
      "age_years" int,
      "treatment_mode" text,
      "begndate" date,
      "enddate" date,
      "medfee_sumamt_fen" bigint not null,
      "hifp_pay_fen" bigint not null,
      "reversed_by" text
    )`);
    this.addSql(`create index "settlement_fact_person" on "kb"."settlement_fact" ("poolarea", "psn_no", "setl_date")`);
    this.addSql(`create index "settlement_fact_institution" on "kb"."settlement_fact" ("institution_code", "setl_time")`);
    this.addSql(`create index "settlement_fact_city_visit_day" on "kb"."settlement_fact" ("poolarea", (coalesce("begndate", "setl_date")))`);
    this.addSql(`create index "settlement_fact_institution_visit_day" on "kb"."settlement_fact" ("institution_code", (coalesce("begndate", "setl_date")))`);
    this.addSql(`create index "settlement_fact_visit" on "kb"."settlement_fact" ("institution_code", "mdtrt_id", "psn_no")`);
    this.addSql(`create table "kb"."anomaly_threshold" (
      "region" text not null check ("region" ~ '^[0-9]{6}$'),
      "type" text not null,
      "params" jsonb not null,
      "updated_by" text not null,
      "updated_at" timestamptz not null,
      primary key ("region", "type")
    )`);
    this.addSql(`create table "kb"."anomaly_alert" (
      "id" uuid primary key,
      "type" text not null,
      "poolarea" text not null check ("poolarea" ~ '^[0-9]{6}$'),
      "admdvs" text not null check ("admdvs" ~ '^[0-9]{6}$'),
      "institution_code" text,
      "psn_no" text,
      "subject_key" text not null,
      "window_from" timestamptz not null,
      "window_to" timestamptz not null check ("window_to" >= "window_from"),
      "settlement_ids" uuid[] not null,
      "measured" jsonb not null,
      "threshold" jsonb not null,
      "explanation" text not null,
      "status" text not null check ("status" in ('NEW', 'CONFIRMED', 'DISMISSED')),
      "note" text,
      "decided_by" text,
      "decided_at" timestamptz,
      "detected_at" timestamptz not null,
      "updated_at" timestamptz not null,
      unique ("type", "poolarea", "subject_key", "window_from")
    )`);
    this.addSql(`create index "anomaly_alert_subject" on "kb"."anomaly_alert" ("type", "poolarea", "subject_key", "window_to")`);
    this.addSql(`create index "anomaly_alert_list" on "kb"."anomaly_alert" ("admdvs", "detected_at" desc)`);
  }
}
