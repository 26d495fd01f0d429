import { Migration } from '@mikro-orm/migrations';

/** Schema `credit`: entries of the dishonesty (black) lists, by USCC or institution code. */
export class Migration20261123000300Blacklist extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "credit"."blacklist_entry" (
      "id" uuid primary key,
      "subject_kind" text not null check ("subject_kind" in ('uscc', 'institution')),
      "subject_code" text not null,
      "list" text not null default 'serious-dishonesty',
      "reason" text not null,
      "listed_on" date not null,
      "until" date null check ("until" is null or "until" >= "listed_on"),
      "admdvs" text not null check ("admdvs" ~ '^[0-9]{6}$')
    )`);
    this.addSql(`create index "blacklist_entry_subject_index" on "credit"."blacklist_entry" ("subject_kind", "subject_code")`);
  }
}
