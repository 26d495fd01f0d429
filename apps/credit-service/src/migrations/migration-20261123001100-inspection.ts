import { Migration } from '@mikro-orm/migrations';

/** 双随机、一公开: the inspector pool, yearly plans per city, their inspections (drawn with a recorded seed) and results. */
export class Migration20261123001100Inspection extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "credit"."inspector" (
      "id" uuid primary key,
      "admdvs" text not null check ("admdvs" ~ '^[0-9]{6}$'),
      "code" text not null,
      "name" text not null,
      "department" text not null,
      "linked_institutions" jsonb not null default '[]',
      "active" boolean not null default true,
      unique ("admdvs", "code")
    )`);
    this.addSql(`create table "credit"."inspection_plan" (
      "id" uuid primary key,
      "admdvs" text not null check ("admdvs" ~ '^[0-9]{4}00$'),
      "year" int not null,
      "seed" text,
      "drawn_at" timestamptz,
      "candidates" jsonb,
      "created_at" timestamptz not null,
      unique ("admdvs", "year")
    )`);
    this.addSql(`create table "credit"."inspection" (
      "id" uuid primary key,
      "plan_id" uuid not null references "credit"."inspection_plan" ("id"),
      "idx" int not null,
      "title" text not null,
      "kind" text not null check ("kind" in ('joint-special', 'routine')),
      "departments" jsonb not null,
      "target_count" int not null check ("target_count" > 0),
      "inspector_count" int not null check ("inspector_count" >= 2),
      "targets" jsonb not null default '[]',
      "inspectors" jsonb not null default '[]',
      "excluded" jsonb not null default '[]',
      unique ("plan_id", "idx")
    )`);
    this.addSql(`create index "inspection_plan_id_index" on "credit"."inspection" ("plan_id")`);
    this.addSql(`create table "credit"."inspection_result" (
      "id" uuid primary key,
      "inspection_id" uuid not null references "credit"."inspection" ("id"),
      "institution_code" text not null,
      "outcome" text not null check ("outcome" in ('NO_ISSUES', 'ISSUES_FOUND', 'PENALIZED')),
      "findings" text not null,
      "penalties" jsonb not null default '[]',
      "recorded_at" timestamptz not null,
      "recorded_by" text not null,
      unique ("inspection_id", "institution_code")
    )`);
  }
}
