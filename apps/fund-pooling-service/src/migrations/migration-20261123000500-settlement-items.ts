import { Migration } from '@mikro-orm/migrations';

/**
 * Every claim settlement and deduction posted is paid in exactly one monthly run:
 * - `settlement_item` names the run that took each journal entry (the entry id is the key, so no
 *   entry can be taken twice), with the entry's service month and whether it arrived after its own
 *   month's run (late);
 * - a statement now shows what it took from earlier months (late settlements and deductions) and
 *   the negative amount due it carried in from the institution's previous statement and out to the
 *   next one (扣款大于应付: carried, never paid as negative and never dropped).
 * Existing statements with a negative amount due are marked as having carried it out.
 */
export class Migration20261123000500SettlementItems extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "fund"."monthly_settlement" add column "cutoff" timestamptz`);
    this.addSql(`create table "fund"."settlement_item" (
      "entry_id" uuid primary key references "fund"."journal_entry" ("id"),
      "settlement_id" uuid not null references "fund"."monthly_settlement" ("id"),
      "service_period" text not null check ("service_period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      "late" boolean not null
    )`);
    this.addSql(`create index "settlement_item_settlement" on "fund"."settlement_item" ("settlement_id")`);
    this.addSql(`create index "journal_entry_region_period" on "fund"."journal_entry" ("admdvs", "period")`);
    this.addSql(
      `create trigger "settlement_item_immutable" before update or delete on "fund"."settlement_item" for each row execute function "fund".journal_immutable()`,
    );
    this.addSql(`alter table "fund"."settlement_statement"
      add column "late_settled_count" int not null default 0,
      add column "late_settled_fen" bigint not null default 0,
      add column "late_deducted_count" int not null default 0,
      add column "late_deducted_fen" bigint not null default 0,
      add column "late_periods" text not null default '',
      add column "carried_in_fen" bigint not null default 0 check ("carried_in_fen" >= 0),
      add column "carried_out_fen" bigint not null default 0 check ("carried_out_fen" >= 0)`);
    this.addSql(`alter table "fund"."settlement_statement" disable trigger "settlement_statement_immutable"`);
    this.addSql(`update "fund"."settlement_statement" set "carried_out_fen" = greatest(-"due_fen", 0)`);
    this.addSql(`alter table "fund"."settlement_statement" enable trigger "settlement_statement_immutable"`);
    this.addSql(`alter table "fund"."settlement_statement" drop constraint "settlement_statement_check"`);
    this.addSql(`alter table "fund"."settlement_statement" add constraint "settlement_statement_due" check (
      "due_fen" = "settled_fen" - "reversed_fen" - "deducted_fen" + "late_settled_fen" - "late_deducted_fen" - "carried_in_fen")`);
    this.addSql(
      `alter table "fund"."settlement_statement" add constraint "settlement_statement_carried_out" check ("carried_out_fen" = greatest(-"due_fen", 0))`,
    );
  }
}
