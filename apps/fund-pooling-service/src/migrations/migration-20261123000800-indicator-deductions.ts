import { Migration } from '@mikro-orm/migrations';

/**
 * 指标性扣款 (次均费用超标, from `evt.review.IndicatorDeductionConfirmed`) are taken by monthly runs
 * like other deductions but shown on their own line: a statement stores how many it took, their
 * sum and their service months, and the amount due now subtracts them.
 */
export class Migration20261123000800IndicatorDeductions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "fund"."settlement_statement"
      add column "indicator_deducted_count" int not null default 0,
      add column "indicator_deducted_fen" bigint not null default 0,
      add column "indicator_periods" text not null default ''`);
    this.addSql(`alter table "fund"."settlement_statement" drop constraint "settlement_statement_due"`);
    this.addSql(`alter table "fund"."settlement_statement" add constraint "settlement_statement_due" check (
      "due_fen" = "settled_fen" - "reversed_fen" - "deducted_fen" + "late_settled_fen" - "late_deducted_fen" - "indicator_deducted_fen" - "carried_in_fen")`);
  }
}
