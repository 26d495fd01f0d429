import { Migration } from '@mikro-orm/migrations';

/** Knowledge base (catalogue items, diagnosis constraints, drug classes, code sets) and rule base. */
export class Migration20261123000300KnowledgeRules extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "kb"."import_batch" (
      "id" uuid primary key,
      "region" text not null check ("region" ~ '^[0-9]{6}$'),
      "kind" text not null,
      "file_name" text not null,
      "rows" int not null,
      "imported" int not null,
      "created_by" text not null,
      "created_at" timestamptz not null
    )`);
    // One row per item and validity period; a later import of the same code closes the earlier row.
    this.addSql(`create table "kb"."catalogue_item" (
      "id" uuid primary key,
      "region" text not null check ("region" ~ '^[0-9]{6}$'),
      "hilist_code" text not null,
      "entry" jsonb not null,
      "valid_from" date not null,
      "valid_to" date,
      "batch_id" uuid references "kb"."import_batch" ("id") deferrable initially deferred,
      unique ("region", "hilist_code", "valid_from")
    )`);
    this.addSql(`create index "catalogue_item_lookup" on "kb"."catalogue_item" ("region", "valid_from")`);
    this.addSql(`create table "kb"."knowledge_misc" (
      "region" text not null check ("region" ~ '^[0-9]{6}$'),
      "kind" text not null check ("kind" in ('diagnoses', 'drugClasses', 'codeSets')),
      "data" jsonb not null,
      "valid_from" date not null,
      primary key ("region", "kind", "valid_from")
    )`);
    this.addSql(`create table "kb"."rule_version" (
      "rule_id" text not null,
      "version" int not null check ("version" > 0),
      "region" text not null check ("region" ~ '^[0-9]{6}$'),
      "status" text not null check ("status" in ('DRAFT', 'PUBLISHED')),
      "definition" jsonb not null,
      "created_by" text not null,
      "created_at" timestamptz not null,
      "published_at" timestamptz,
      primary key ("rule_id", "version")
    )`);
    this.addSql(`create table "kb"."rule_set" (
      "region" text not null check ("region" ~ '^[0-9]{6}$'),
      "version" int not null check ("version" > 0),
      "effective_from" date not null,
      "rules" jsonb not null,
      "overrides" jsonb not null,
      "published_by" text not null,
      "published_at" timestamptz not null,
      "approval_id" uuid,
      primary key ("region", "version"),
      unique ("region", "effective_from")
    )`);
    // A published rule version never changes.
    this.addSql(`create or replace function "kb".rule_version_immutable() returns trigger language plpgsql as $$
       begin
         if old.status = 'PUBLISHED' then raise exception 'published rule % v% is immutable', old.rule_id, old.version; end if;
         return new;
       end $$`);
    this.addSql(
      `create trigger rule_version_immutable before update or delete on "kb"."rule_version" for each row execute function "kb".rule_version_immutable()`,
    );
  }
}
