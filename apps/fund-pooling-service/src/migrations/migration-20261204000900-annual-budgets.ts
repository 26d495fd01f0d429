import { Migration } from '@mikro-orm/migrations';

/**
 * 年度基金预算 and 总额控制指标 — one approved budget per pooling region, year and insurance type
 * (以收定支、收支平衡、略有结余: the database refuses expenditure above income less the reserve),
 * and one negotiated indicator per institution within it. Rows are written by approvals only;
 * the audit log keeps every earlier figure.
 */
export class Migration20261204000900AnnualBudgets extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "fund"."annual_budget" (
      "admdvs" text not null check ("admdvs" ~ '^[0-9]{4}00$'),
      "year" int not null check ("year" between 2000 and 2100),
      "insutype" text not null check ("insutype" in ('310', '390', '510')),
      "income_fen" bigint not null check ("income_fen" > 0),
      "expenditure_fen" bigint not null check ("expenditure_fen" > 0),
      "reserve_share_percent" numeric(5, 2) not null check ("reserve_share_percent" between 0 and 100),
      "reserve_fen" bigint not null check ("reserve_fen" >= 0 and "reserve_fen" <= "income_fen"),
      "prepayment_share_percent" numeric(5, 2) not null check ("prepayment_share_percent" between 0 and 100),
      "clearing_bands" jsonb not null,
      "approval_id" uuid not null,
      "proposed_by" text not null,
      "approved_by" text not null,
      "approved_at" timestamptz not null,
      constraint "annual_budget_balanced" check ("expenditure_fen" <= "income_fen" - "reserve_fen"),
      primary key ("admdvs", "year", "insutype")
    )`);
    this.addSql(`create table "fund"."total_control_indicator" (
      "admdvs" text not null,
      "year" int not null,
      "insutype" text not null,
      "institution_code" text not null,
      "indicator_fen" bigint not null check ("indicator_fen" > 0),
      "approval_id" uuid not null,
      "approved_by" text not null,
      "approved_at" timestamptz not null,
      primary key ("admdvs", "year", "insutype", "institution_code"),
      foreign key ("admdvs", "year", "insutype") references "fund"."annual_budget" ("admdvs", "year", "insutype")
    )`);
  }
}
