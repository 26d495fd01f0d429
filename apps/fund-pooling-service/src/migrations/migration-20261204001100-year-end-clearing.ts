import { Migration } from '@mikro-orm/migrations';

/**
 * 年终清算 — one approved clearing per pooling region, year and insurance type (unique: cleared
 * once), with the cut-off and bands it used and a digest of its results, and one statement row per
 * institution with the figures its lines explain. The database checks the arithmetic a statement
 * must satisfy; rows are written once, at approval, and never changed.
 */
export class Migration20261204001100YearEndClearing extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "fund"."year_end_clearing" (
      "id" uuid primary key,
      "admdvs" text not null check ("admdvs" ~ '^[0-9]{4}00$'),
      "year" int not null,
      "insutype" text not null check ("insutype" in ('310', '390', '510')),
      "approval_id" uuid not null unique,
      "cutoff" timestamptz not null,
      "clearing_bands" jsonb not null,
      "institutions" int not null,
      "paid_fen" bigint not null check ("paid_fen" >= 0),
      "recovered_fen" bigint not null check ("recovered_fen" >= 0),
      "digest" text not null,
      "proposed_by" text not null,
      "approved_by" text not null,
      "approved_at" timestamptz not null,
      unique ("admdvs", "year", "insutype")
    )`);
    this.addSql(`create table "fund"."clearing_statement" (
      "clearing_id" uuid not null references "fund"."year_end_clearing" ("id"),
      "institution_code" text not null,
      "indicator_fen" bigint not null check ("indicator_fen" > 0),
      "settled_count" int not null,
      "settled_fen" bigint not null,
      "reversed_fen" bigint not null,
      "deducted_fen" bigint not null,
      "indicator_deducted_fen" bigint not null,
      "actual_fen" bigint not null,
      "kind" text not null check ("kind" in ('surplus', 'overspend', 'on-target')),
      "adjustment_fen" bigint not null check ("adjustment_fen" >= 0),
      "clearing_fen" bigint not null,
      "entry_id" uuid references "fund"."journal_entry" ("id"),
      check ("actual_fen" = "settled_fen" - "reversed_fen" - "deducted_fen" - "indicator_deducted_fen"),
      check (("clearing_fen" = 0) = ("entry_id" is null)),
      check (("kind" = 'surplus' and "clearing_fen" >= 0) or ("kind" = 'overspend' and "clearing_fen" <= 0) or ("kind" = 'on-target' and "clearing_fen" = 0)),
      primary key ("clearing_id", "institution_code")
    )`);
    this.addSql(
      `create trigger "year_end_clearing_immutable" before update or delete on "fund"."year_end_clearing" for each row execute function "fund".journal_immutable()`,
    );
    this.addSql(
      `create trigger "clearing_statement_immutable" before update or delete on "fund"."clearing_statement" for each row execute function "fund".journal_immutable()`,
    );
  }
}
