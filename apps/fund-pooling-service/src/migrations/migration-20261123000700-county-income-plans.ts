import { Migration } from '@mikro-orm/migrations';

/** 年度收入计划 — the annual income plan the city sets for each county and insurance type. */
export class Migration20261123000700CountyIncomePlans extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "fund"."county_income_plan" (
      "county" text not null check ("county" ~ '^[0-9]{4}[0-9]{2}$' and "county" !~ '00$'),
      "year" int not null check ("year" between 2000 and 2100),
      "insutype" text not null check ("insutype" in ('310', '390', '510')),
      "plan_fen" bigint not null check ("plan_fen" > 0),
      "set_by" text not null,
      "set_at" timestamptz not null,
      primary key ("county", "year", "insutype")
    )`);
  }
}
