import { Migration } from '@mikro-orm/migrations';

/**
 * 指标性扣款 — one assessment run per city and period (month or quarter), one row per institution
 * with its measures and the proposed deduction; the approval is the review schema's maker-checker.
 */
export class Migration20261123000900Indicator extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "review"."indicator_run" (
      "poolarea" text not null,
      "period" text not null,
      "from_date" date not null,
      "to_date" date not null,
      "tolerance_permille" int not null check ("tolerance_permille" >= 0),
      "institutions" int not null,
      "assessed_by" text not null,
      "assessed_at" timestamptz not null,
      primary key ("poolarea", "period")
    )`);
    this.addSql(`create table "review"."indicator_assessment" (
      "id" uuid primary key,
      "poolarea" text not null,
      "period" text not null,
      "fixmedins_code" text not null,
      "outcome" text not null check ("outcome" in ('WITHIN', 'BREACHED', 'NO_TARGET')),
      "admissions" int not null,
      "measures" jsonb not null,
      "proposed_fen" bigint not null check ("proposed_fen" >= 0),
      "by_insutype" jsonb not null,
      "explanation" text not null,
      "approval_id" uuid,
      "confirmed_at" timestamptz,
      unique ("poolarea", "period", "fixmedins_code"),
      foreign key ("poolarea", "period") references "review"."indicator_run" ("poolarea", "period")
    )`);
  }
}
