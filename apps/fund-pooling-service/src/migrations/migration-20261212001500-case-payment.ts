import { Migration } from '@mikro-orm/migrations';

/**
 * 按病种付费 (DRG / DIP): the settled cases fund pooling now remembers (what a group payment is
 * computed from), the approved schemes with their groups and institutions, and one grouping per
 * case with its working and the entry that posted its adjustment. Monthly statements and year-end
 * clearing statements gain the case-payment adjustments they took (`CASE_PAYMENT`), inside the
 * arithmetic the database already checks. Schemes and groupings are written once, never changed;
 * a reversed settlement only flips `reversed` on its case and grouping.
 */
export class Migration20261212001500CasePayment extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "fund"."settled_case" (
      "admdvs" text not null check ("admdvs" ~ '^[0-9]{4}00$'),
      "setl_id" text not null,
      "institution_code" text not null,
      "insutype" text not null check ("insutype" in ('310', '390', '510')),
      "setl_date" date not null,
      "inpatient" boolean,
      "medfee_sumamt_fen" bigint not null check ("medfee_sumamt_fen" >= 0),
      "hifp_pay_fen" bigint not null check ("hifp_pay_fen" >= 0),
      "event_id" text not null,
      "reversed" boolean not null default false,
      primary key ("admdvs", "setl_id")
    )`);
    this.addSql(`create table "fund"."case_payment_scheme" (
      "id" uuid primary key,
      "admdvs" text not null check ("admdvs" ~ '^[0-9]{4}00$'),
      "year" int not null,
      "method" text not null check ("method" in ('DRG', 'DIP')),
      "version" int not null check ("version" > 0),
      "rate_fen" bigint check ("rate_fen" > 0),
      "dip_budget_fen" bigint check ("dip_budget_fen" > 0),
      "dip_reserve_fen" bigint check ("dip_reserve_fen" >= 0),
      "dip_expected_points" bigint check ("dip_expected_points" > 0),
      "special_case_permille" int not null check ("special_case_permille" between 0 and 100),
      "digest" text not null,
      "approval_id" uuid not null unique,
      "approved_by" text not null,
      "approved_at" timestamptz not null,
      check (("method" = 'DRG' and "rate_fen" is not null and "dip_budget_fen" is null)
          or ("method" = 'DIP' and "rate_fen" is null and "dip_budget_fen" is not null and "dip_expected_points" is not null
              and "dip_reserve_fen" < "dip_budget_fen")),
      unique ("admdvs", "year", "method", "version")
    )`);
    this.addSql(`create table "fund"."case_payment_group" (
      "scheme_id" uuid not null references "fund"."case_payment_scheme" ("id"),
      "code" text not null,
      "name" text not null,
      "weight" numeric(10, 4) not null check ("weight" > 0),
      primary key ("scheme_id", "code")
    )`);
    this.addSql(`create table "fund"."case_payment_institution" (
      "scheme_id" uuid not null references "fund"."case_payment_scheme" ("id"),
      "institution_code" text not null,
      "coefficient_percent" numeric(6, 2) not null check ("coefficient_percent" > 0),
      primary key ("scheme_id", "institution_code")
    )`);
    this.addSql(`create table "fund"."case_grouping" (
      "admdvs" text not null,
      "setl_id" text not null,
      "scheme_id" uuid not null references "fund"."case_payment_scheme" ("id"),
      "institution_code" text not null,
      "year" int not null,
      "group_code" text,
      "special_case" boolean not null,
      "standard_fen" bigint not null check ("standard_fen" >= 0),
      "case_payment_fen" bigint not null check ("case_payment_fen" >= 0),
      "adjustment_fen" bigint not null,
      "steps" jsonb not null,
      "entry_id" uuid references "fund"."journal_entry" ("id"),
      "reversed" boolean not null default false,
      "grouped_by" text not null,
      "grouped_at" timestamptz not null,
      check ("special_case" = ("group_code" is null)),
      check (not "special_case" or "adjustment_fen" = 0),
      check (("adjustment_fen" = 0) = ("entry_id" is null)),
      primary key ("admdvs", "setl_id"),
      foreign key ("admdvs", "setl_id") references "fund"."settled_case" ("admdvs", "setl_id")
    )`);
    this.addSql(`create index "case_grouping_institution_year" on "fund"."case_grouping" ("institution_code", "year")`);
    for (const t of ['case_payment_scheme', 'case_payment_group', 'case_payment_institution']) {
      this.addSql(`create trigger "${t}_immutable" before update or delete on "fund"."${t}" for each row execute function "fund".journal_immutable()`);
    }

    this.addSql(`create table "fund"."dip_settlement" (
      "id" uuid primary key,
      "admdvs" text not null check ("admdvs" ~ '^[0-9]{4}00$'),
      "year" int not null,
      "scheme_id" uuid not null references "fund"."case_payment_scheme" ("id"),
      "approval_id" uuid not null unique,
      "available_fen" bigint not null check ("available_fen" > 0),
      "total_points" numeric(24, 6) not null check ("total_points" > 0),
      "cases" int not null check ("cases" > 0),
      "total_adjustment_fen" bigint not null,
      "digest" text not null,
      "proposed_by" text not null,
      "approved_by" text not null,
      "approved_at" timestamptz not null,
      unique ("admdvs", "year")
    )`);
    this.addSql(`create table "fund"."dip_settlement_item" (
      "settlement_id" uuid not null references "fund"."dip_settlement" ("id"),
      "institution_code" text not null,
      "insutype" text not null check ("insutype" in ('310', '390', '510')),
      "cases" int not null check ("cases" > 0),
      "points" numeric(24, 6) not null,
      "paid_fen" bigint not null check ("paid_fen" >= 0),
      "settled_fen" bigint not null check ("settled_fen" >= 0),
      "adjustment_fen" bigint not null,
      "entry_id" uuid references "fund"."journal_entry" ("id"),
      check ("adjustment_fen" = "settled_fen" - "paid_fen"),
      check (("adjustment_fen" = 0) = ("entry_id" is null)),
      primary key ("settlement_id", "institution_code", "insutype")
    )`);
    for (const t of ['dip_settlement', 'dip_settlement_item']) {
      this.addSql(`create trigger "${t}_immutable" before update or delete on "fund"."${t}" for each row execute function "fund".journal_immutable()`);
    }

    this.addSql(`alter table "fund"."settlement_statement"
      add column "case_count" int not null default 0,
      add column "case_fen" bigint not null default 0,
      add column "case_periods" text not null default ''`);
    this.addSql(`alter table "fund"."settlement_statement" drop constraint "settlement_statement_due"`);
    this.addSql(`alter table "fund"."settlement_statement" add constraint "settlement_statement_due" check (
      "due_fen" = "settled_fen" - "reversed_fen" - "deducted_fen" + "late_settled_fen" - "late_deducted_fen" - "indicator_deducted_fen"
                  + "case_fen" - "carried_in_fen")`);
    this.addSql(
      `alter table "fund"."settlement_statement" add constraint "settlement_statement_case_basic" check ("insutype" in ('310', '390', '510') or "case_fen" = 0)`,
    );

    // 年终清算应追回: an overspend the institution bears is recovered from its next monthly statements.
    this.addSql(
      `alter table "fund"."settlement_statement" add column "clearing_recovered_fen" bigint not null default 0 check ("clearing_recovered_fen" >= 0)`,
    );
    this.addSql(`alter table "fund"."settlement_statement" drop constraint "settlement_statement_net"`);
    this.addSql(
      `alter table "fund"."settlement_statement" add constraint "settlement_statement_net" check ("net_fen" = greatest("due_fen", 0) - "prepayment_offset_fen" - "clearing_recovered_fen" - "held_fen")`,
    );

    this.addSql(`alter table "fund"."clearing_statement" add column "case_payment_fen" bigint not null default 0`);
    this.addSql(`alter table "fund"."clearing_statement" drop constraint "clearing_statement_check"`);
    this.addSql(`alter table "fund"."clearing_statement" add constraint "clearing_statement_actual" check (
      "actual_fen" = "settled_fen" - "reversed_fen" - "deducted_fen" - "indicator_deducted_fen" + "case_payment_fen")`);
  }
}
