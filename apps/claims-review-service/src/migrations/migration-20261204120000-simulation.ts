import { Migration } from '@mikro-orm/migrations';

/**
 * Rule simulation jobs (规则模拟), shadow findings (影子规则) and the visit's department and doctor
 * on the stored settlement (the rules read them; a simulation rebuilds the claim from the row).
 */
export class Migration20261204120000Simulation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "review"."settlement" add column "adm_dept_codg" text, add column "atddr_no" text`);
    this.addSql(`create index "settlement_poolarea_date" on "review"."settlement" ("poolarea", "setl_date", "id")`);
    this.addSql(`create table "review"."simulation_job" (
      "id" uuid primary key,
      "poolarea" text not null,
      "from_date" date not null,
      "to_date" date not null,
      "status" text not null check ("status" in ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
      "base_rule_set" text not null,
      "base_rules" jsonb not null,
      "rules" jsonb not null,
      "remove" jsonb not null,
      "definitions" jsonb not null,
      "reason" text not null,
      "requested_by" text not null,
      "requested_at" timestamptz not null,
      "started_at" timestamptz,
      "finished_at" timestamptz,
      "heartbeat_at" timestamptz,
      "total" int not null default 0,
      "done" int not null default 0,
      "attempts" int not null default 0,
      "error" text,
      "report" jsonb
    )`);
    this.addSql(`create index "simulation_job_city" on "review"."simulation_job" ("poolarea", "requested_at" desc)`);
    this.addSql(`create index "simulation_job_open" on "review"."simulation_job" ("status") where "status" in ('QUEUED', 'RUNNING')`);
    // Shadow findings live apart from review.finding: every reader of findings (cases, precision,
    // deductions, sampling, HIS answers) then ignores them without a filter anyone could forget.
    this.addSql(`create table "review"."shadow_finding" (
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
    this.addSql(`create index "shadow_finding_settlement" on "review"."shadow_finding" ("settlement_id")`);
  }
}
