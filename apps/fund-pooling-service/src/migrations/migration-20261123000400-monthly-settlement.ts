import { Migration } from '@mikro-orm/migrations';

/**
 * 月度结算 — one approved run per pooling region and month (the unique key is what makes "a month
 * is settled once" hold under races), and one statement row per institution and insurance type
 * with the figures its lines explain. Rows are written once, at approval, and never changed.
 */
export class Migration20261123000400MonthlySettlement extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "fund"."monthly_settlement" (
      "id" uuid primary key,
      "admdvs" text not null check ("admdvs" ~ '^[0-9]{4}00$'),
      "period" text not null check ("period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      "approval_id" uuid not null unique,
      "total_net_fen" bigint not null check ("total_net_fen" >= 0),
      "proposed_by" text not null,
      "approved_by" text not null,
      "approved_at" timestamptz not null,
      unique ("admdvs", "period")
    )`);
    this.addSql(`create table "fund"."settlement_statement" (
      "settlement_id" uuid not null references "fund"."monthly_settlement" ("id"),
      "institution_code" text not null,
      "insutype" text not null check ("insutype" in ('310', '390', '510')),
      "settled_count" int not null,
      "settled_fen" bigint not null,
      "reversed_count" int not null,
      "reversed_fen" bigint not null,
      "deducted_count" int not null,
      "deducted_fen" bigint not null,
      "due_fen" bigint not null,
      "prepayment_offset_fen" bigint not null check ("prepayment_offset_fen" >= 0),
      "net_fen" bigint not null check ("net_fen" >= 0),
      "entry_id" uuid references "fund"."journal_entry" ("id"),
      check ("due_fen" = "settled_fen" - "reversed_fen" - "deducted_fen"),
      check ("net_fen" = greatest("due_fen", 0) - "prepayment_offset_fen"),
      primary key ("settlement_id", "institution_code", "insutype")
    )`);
    this.addSql(`create index "settlement_statement_institution" on "fund"."settlement_statement" ("institution_code")`);
    this.addSql(
      `create trigger "monthly_settlement_immutable" before update or delete on "fund"."monthly_settlement" for each row execute function "fund".journal_immutable()`,
    );
    this.addSql(
      `create trigger "settlement_statement_immutable" before update or delete on "fund"."settlement_statement" for each row execute function "fund".journal_immutable()`,
    );
  }
}
