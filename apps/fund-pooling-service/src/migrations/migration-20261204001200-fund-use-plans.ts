import { Migration } from '@mikro-orm/migrations';

/**
 * 月度资金使用计划 and 拨款申请 (统收统支). A county's plan per month and insurance type (unique), its
 * versions (one row per submission) and reviews (one per version) written once; the plan row holds
 * the current state and may only move along the allowed transitions (a trigger refuses the rest,
 * also a change after the plan was included in a request). A disbursement request is written once,
 * at approval, with the digest of the plans it includes; each included plan points to it.
 */
export class Migration20261204001200FundUsePlans extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "fund"."disbursement_request" (
      "id" uuid primary key,
      "city" text not null check ("city" ~ '^[0-9]{4}00$'),
      "period" text not null check ("period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      "insutype" text not null check ("insutype" in ('310', '390', '510')),
      "seq" int not null check ("seq" >= 1),
      "approval_id" uuid not null unique,
      "plans" int not null check ("plans" >= 1),
      "planned_fen" bigint not null check ("planned_fen" > 0),
      "total_fen" bigint not null check ("total_fen" > 0),
      "digest" text not null check ("digest" ~ '^[0-9a-f]{64}$'),
      "reason" text not null,
      "proposed_by" text not null,
      "approved_by" text not null,
      "approved_at" timestamptz not null,
      check ("proposed_by" <> "approved_by"),
      unique ("city", "period", "insutype", "seq")
    )`);
    this.addSql(`create table "fund"."fund_use_plan" (
      "id" uuid primary key,
      "county" text not null check ("county" ~ '^[0-9]{6}$' and "county" !~ '00$'),
      "city" text not null check ("city" ~ '^[0-9]{4}00$' and left("city", 4) = left("county", 4)),
      "period" text not null check ("period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      "insutype" text not null check ("insutype" in ('310', '390', '510')),
      "version" int not null check ("version" >= 1),
      "status" text not null check ("status" in ('SUBMITTED', 'RETURNED', 'ACCEPTED', 'INCLUDED')),
      "planned_fen" bigint not null check ("planned_fen" > 0),
      "basis" text not null,
      "submitted_by" text not null,
      "submitted_at" timestamptz not null,
      "accepted_fen" bigint check ("accepted_fen" > 0),
      "reviewed_by" text,
      "reviewed_at" timestamptz,
      "review_note" text,
      "disbursement_id" uuid references "fund"."disbursement_request" ("id"),
      check (("accepted_fen" is not null) = ("status" in ('ACCEPTED', 'INCLUDED'))),
      check (("reviewed_by" is null) = ("status" = 'SUBMITTED')),
      check (("disbursement_id" is not null) = ("status" = 'INCLUDED')),
      unique ("county", "period", "insutype")
    )`);
    this.addSql(`create index "fund_use_plan_month" on "fund"."fund_use_plan" ("city", "period", "insutype", "status")`);
    this.addSql(`create table "fund"."fund_use_plan_version" (
      "plan_id" uuid not null references "fund"."fund_use_plan" ("id"),
      "version" int not null check ("version" >= 1),
      "planned_fen" bigint not null check ("planned_fen" > 0),
      "basis" text not null,
      "recent_use" jsonb not null,
      "submitted_by" text not null,
      "submitted_at" timestamptz not null,
      primary key ("plan_id", "version")
    )`);
    this.addSql(`create table "fund"."fund_use_plan_review" (
      "plan_id" uuid not null,
      "version" int not null,
      "decision" text not null check ("decision" in ('accept', 'return')),
      "accepted_fen" bigint check ("accepted_fen" > 0),
      "note" text,
      "reviewed_by" text not null,
      "reviewed_at" timestamptz not null,
      check (("decision" = 'accept') = ("accepted_fen" is not null)),
      check ("decision" = 'accept' or "note" is not null),
      primary key ("plan_id", "version"),
      foreign key ("plan_id", "version") references "fund"."fund_use_plan_version" ("plan_id", "version")
    )`);
    // The allowed moves of a plan; anything else (a change after acceptance, a delete) is refused here too.
    this.addSql(`create or replace function "fund".fund_use_plan_transition() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then raise exception 'fund-use plans are never deleted'; end if;
        if new.id <> old.id or new.county <> old.county or new.city <> old.city or new.period <> old.period or new.insutype <> old.insutype then
          raise exception 'the key of fund-use plan % is fixed', old.id;
        end if;
        if (old.status in ('SUBMITTED', 'RETURNED') and new.status = 'SUBMITTED' and new.version = old.version + 1)
          or (old.status = 'SUBMITTED' and new.status in ('RETURNED', 'ACCEPTED') and new.version = old.version)
          or (old.status = 'ACCEPTED' and new.status = 'INCLUDED' and new.version = old.version and new.accepted_fen = old.accepted_fen
              and new.planned_fen = old.planned_fen) then
          return new;
        end if;
        raise exception 'fund-use plan %: % (version %) cannot become % (version %)', old.id, old.status, old.version, new.status, new.version;
      end $$`);
    this.addSql(
      `create trigger "fund_use_plan_transition" before update or delete on "fund"."fund_use_plan" for each row execute function "fund".fund_use_plan_transition()`,
    );
    for (const table of ['fund_use_plan_version', 'fund_use_plan_review', 'disbursement_request']) {
      this.addSql(`create trigger "${table}_immutable" before update or delete on "fund"."${table}" for each row execute function "fund".journal_immutable()`);
    }
  }
}
