import { Migration } from '@mikro-orm/migrations';

/**
 * 一人一档: a practitioner's 12-point standing on the file (scoring year, the year's total, the
 * payment qualification the national band gives and its period, the years a suspension or a
 * termination was already published), and on each entry the points it scored and the total after.
 */
export class Migration20261123001000PractitionerPoints extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "credit"."credit_file"
      add column "points_year" int,
      add column "points_total" int not null default 0 check ("points_total" >= 0),
      add column "qualification" text not null default 'ACTIVE' check ("qualification" in ('ACTIVE', 'SUSPENDED', 'TERMINATED')),
      add column "qualification_from" date,
      add column "qualification_until" date,
      add column "suspension_year" int,
      add column "termination_year" int`);
    this.addSql(`alter table "credit"."credit_file_entry"
      add column "points" int check ("points" between 1 and 12),
      add column "points_year" int,
      add column "points_total" int`);
  }
}
