import { Migration } from '@mikro-orm/migrations';

export class Migration20261123000100CreditFile extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "credit"."credit_file" (
      "id" uuid primary key,
      "subject_type" text not null check ("subject_type" in ('institution', 'practitioner')),
      "subject_code" text not null,
      "admdvs" text not null check ("admdvs" ~ '^[0-9]{6}$'),
      "opened_at" timestamptz not null,
      unique ("subject_type", "subject_code")
    )`);
    this.addSql(`create index "credit_file_admdvs_index" on "credit"."credit_file" ("admdvs")`);
    this.addSql(`create table "credit"."credit_file_entry" (
      "id" uuid primary key,
      "file_id" uuid not null references "credit"."credit_file" ("id") deferrable initially deferred,
      "kind" text not null,
      "source_event_id" uuid not null unique,
      "occurred_at" timestamptz not null,
      "summary" text not null
    )`);
    this.addSql(`create index "credit_file_entry_file_id_index" on "credit"."credit_file_entry" ("file_id")`);
  }
}
