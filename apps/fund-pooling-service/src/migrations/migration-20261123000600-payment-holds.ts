import { Migration } from '@mikro-orm/migrations';

/**
 * 暂缓拨付 — the hold state of each institution in a pooling region (from agreement events: one row,
 * moved only forward in effective time), and the amount a run held instead of paying it
 * (`held_fen`: credited to the institution's held account, not the fund account).
 */
export class Migration20261123000600PaymentHolds extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "fund"."payment_hold" (
      "admdvs" text not null check ("admdvs" ~ '^[0-9]{4}00$'),
      "institution_code" text not null,
      "agreement_id" uuid not null,
      "state" text not null check ("state" in ('SUSPENDED', 'TERMINATED', 'RELEASED')),
      "reason" text not null,
      "cause_event_id" uuid not null,
      "effective_at" timestamptz not null,
      "updated_at" timestamptz not null,
      primary key ("admdvs", "institution_code")
    )`);
    this.addSql(`alter table "fund"."settlement_statement" add column "held_fen" bigint not null default 0 check ("held_fen" >= 0)`);
    this.addSql(`alter table "fund"."settlement_statement" drop constraint "settlement_statement_check1"`);
    this.addSql(
      `alter table "fund"."settlement_statement" add constraint "settlement_statement_net" check ("net_fen" = greatest("due_fen", 0) - "prepayment_offset_fen" - "held_fen")`,
    );
    this.addSql(`alter table "fund"."settlement_statement" add constraint "settlement_statement_held_or_paid" check ("held_fen" = 0 or "net_fen" = 0)`);
  }
}
