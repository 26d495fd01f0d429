import { Migration } from '@mikro-orm/migrations';

/** 协议条款: the articles of an agreement from the model agreement at signing (null for older ones). */
export class Migration20261204000000AgreementTerms extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "agreement"."agreement" add column "terms" jsonb`);
  }
}
