import { Migration } from '@mikro-orm/migrations';

/**
 * 月度预付 — one approved prepayment per pooling region and month (the unique key makes "once per
 * month" hold under races) and its items: indicator, share and amount per institution and
 * insurance type, with the entry posted (none while the institution's payments are held).
 * Written once, at approval, never changed.
 */
export class Migration20261204001000MonthlyPrepayments extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "fund"."monthly_prepayment" (
      "id" uuid primary key,
      "admdvs" text not null check ("admdvs" ~ '^[0-9]{4}00$'),
      "period" text not null check ("period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      "approval_id" uuid not null unique,
      "total_fen" bigint not null check ("total_fen" >= 0),
      "proposed_by" text not null,
      "approved_by" text not null,
      "approved_at" timestamptz not null,
      unique ("admdvs", "period")
    )`);
    this.addSql(`create table "fund"."prepayment_item" (
      "prepayment_id" uuid not null references "fund"."monthly_prepayment" ("id"),
      "institution_code" text not null,
      "insutype" text not null check ("insutype" in ('310', '390', '510')),
      "indicator_fen" bigint not null check ("indicator_fen" > 0),
      "share_percent" numeric(5, 2) not null,
      "amount_fen" bigint not null check ("amount_fen" >= 0),
      "held" boolean not null,
      "entry_id" uuid references "fund"."journal_entry" ("id"),
      check (("held" and "amount_fen" = 0 and "entry_id" is null) or (not "held")),
      primary key ("prepayment_id", "institution_code", "insutype")
    )`);
    this.addSql(
      `create trigger "monthly_prepayment_immutable" before update or delete on "fund"."monthly_prepayment" for each row execute function "fund".journal_immutable()`,
    );
    this.addSql(
      `create trigger "prepayment_item_immutable" before update or delete on "fund"."prepayment_item" for each row execute function "fund".journal_immutable()`,
    );
  }
}
