import { Migration } from '@mikro-orm/migrations';

/** Confirmed deductions (扣款): what is withheld from the pooled fund's share of a settlement. */
export class Migration20261123000600Deduction extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "review"."deduction" (
      "id" uuid primary key,
      "settlement_id" uuid not null references "review"."settlement" ("id") deferrable initially deferred,
      "setl_id" text not null,
      "fixmedins_code" text not null,
      "poolarea" text not null,
      "amount_fen" bigint not null check ("amount_fen" > 0),
      "finding_ids" jsonb not null,
      "reason" text not null,
      "approval_id" uuid not null unique,
      "proposed_by" text not null,
      "approved_by" text not null,
      "confirmed_at" timestamptz not null
    )`);
    this.addSql(`create index "deduction_settlement" on "review"."deduction" ("settlement_id")`);
    this.addSql(`create index "deduction_institution" on "review"."deduction" ("fixmedins_code", "confirmed_at")`);
  }
}
