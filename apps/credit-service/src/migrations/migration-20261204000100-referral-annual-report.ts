import { Migration } from '@mikro-orm/migrations';

/** 年度移送情况报告: one row per region, year and reporting department — its submission or overdue notice. */
export class Migration20261204000100ReferralAnnualReport extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "credit"."referral_annual_report" (
      "id" uuid primary key,
      "admdvs" text not null check ("admdvs" ~ '^[0-9]{6}$'),
      "year" int not null,
      "issuer" text not null check ("issuer" in ('BUREAU', 'COMMISSION')),
      "due_by" date not null,
      "submitted_at" timestamptz,
      "submitted_by" text,
      "late" boolean not null default false,
      "snapshot" jsonb,
      "overdue_notified_at" timestamptz,
      unique ("admdvs", "year", "issuer")
    )`);
  }
}
