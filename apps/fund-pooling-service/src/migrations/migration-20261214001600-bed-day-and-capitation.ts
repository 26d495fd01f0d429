import { Migration } from '@mikro-orm/migrations';

/**
 * 按床日付费: a third case-payment method, BED_DAY (bed-days × weight × daily rate), and the stay's
 * bed-days on each settled case (discharge − admission date, at least 1; null when the settlement
 * did not carry its dates, or was recorded before this column existed).
 * 按人头付费: a month's capitation per city and insurance type with each institution's line (share
 * by head against its outpatient item payments), written once, never changed.
 */
export class Migration20261214001600BedDayAndCapitation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "fund"."case_payment_scheme" drop constraint "case_payment_scheme_method_check"`);
    this.addSql(`alter table "fund"."case_payment_scheme" add constraint "case_payment_scheme_method_check" check ("method" in ('DRG', 'DIP', 'BED_DAY'))`);
    this.addSql(`alter table "fund"."case_payment_scheme" drop constraint "case_payment_scheme_check"`);
    this.addSql(`alter table "fund"."case_payment_scheme" add constraint "case_payment_scheme_rate" check (
      ("method" in ('DRG', 'BED_DAY') and "rate_fen" is not null and "dip_budget_fen" is null)
      or ("method" = 'DIP' and "rate_fen" is null and "dip_budget_fen" is not null and "dip_expected_points" is not null
          and "dip_reserve_fen" < "dip_budget_fen"))`);
    this.addSql(`alter table "fund"."settled_case" add column "bed_days" int check ("bed_days" >= 1)`);

    this.addSql(`create table "fund"."capitation" (
      "id" uuid primary key,
      "admdvs" text not null check ("admdvs" ~ '^[0-9]{4}00$'),
      "period" text not null check ("period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      "insutype" text not null check ("insutype" in ('310', '390')),
      "approval_id" uuid not null unique,
      "annual_rate_fen" bigint not null check ("annual_rate_fen" > 0),
      "institutions" int not null check ("institutions" > 0),
      "enrolled" int not null check ("enrolled" >= 0),
      "share_fen" bigint not null check ("share_fen" >= 0),
      "item_paid_fen" bigint not null check ("item_paid_fen" >= 0),
      "total_adjustment_fen" bigint not null check ("total_adjustment_fen" = "share_fen" - "item_paid_fen"),
      "digest" text not null,
      "proposed_by" text not null,
      "approved_by" text not null,
      "approved_at" timestamptz not null,
      unique ("admdvs", "period", "insutype")
    )`);
    this.addSql(`create table "fund"."capitation_item" (
      "capitation_id" uuid not null references "fund"."capitation" ("id"),
      "institution_code" text not null,
      "enrolled" int not null check ("enrolled" >= 0),
      "share_fen" bigint not null check ("share_fen" >= 0),
      "settlements" int not null check ("settlements" >= 0),
      "item_paid_fen" bigint not null check ("item_paid_fen" >= 0),
      "adjustment_fen" bigint not null check ("adjustment_fen" = "share_fen" - "item_paid_fen"),
      "steps" jsonb not null,
      "entry_id" uuid,
      primary key ("capitation_id", "institution_code"),
      check (("adjustment_fen" = 0) = ("entry_id" is null))
    )`);
    for (const t of ['capitation', 'capitation_item']) {
      this.addSql(`create trigger "${t}_immutable" before update or delete on "fund"."${t}" for each row execute function "fund".journal_immutable()`);
    }
  }
}
