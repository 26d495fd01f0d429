import { Migration } from '@mikro-orm/migrations';

export class Migration20261123000100Institution extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "agreement"."institution" (
      "id" uuid primary key,
      "code" text not null unique,
      "name" text not null,
      "type" text not null,
      "level" text not null,
      "admdvs" text not null check ("admdvs" ~ '^[0-9]{6}$'),
      "poolarea" text not null check ("poolarea" ~ '^[0-9]{4}00$'),
      "uscc" text not null,
      "registered_at" timestamptz not null
    )`);
    this.addSql(`create index "institution_admdvs_index" on "agreement"."institution" ("admdvs")`);
    this.addSql(`create index "institution_poolarea_index" on "agreement"."institution" ("poolarea")`);
  }
}
