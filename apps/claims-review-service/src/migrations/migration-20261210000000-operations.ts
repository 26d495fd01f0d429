import { Migration } from '@mikro-orm/migrations';

/**
 * 手术操作 of a settlement (医保结算清单 `oprninfo[]`, ICD-9-CM-3), kept so a re-review sees what the
 * initial review saw (手术操作编码与性别不符). Settlements stored before have none.
 */
export class Migration20261210000000Operations extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "review"."settlement" add column "operations" jsonb not null default '[]'`);
  }
}
