import { Migration } from '@mikro-orm/migrations';

/** Credit score and level on each file; every entry records the score change it caused. */
export class Migration20261123000400CreditScore extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "credit"."credit_file" add column "score" int not null default 850, add column "level" text not null default 'B' check ("level" in ('A', 'B', 'C', 'D'))`,
    );
    this.addSql(`alter table "credit"."credit_file_entry" add column "score_delta" int not null default 0, add column "score_after" int`);
  }
}
