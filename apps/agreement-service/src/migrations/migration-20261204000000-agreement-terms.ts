import { Migration } from '@mikro-orm/migrations';

/** 协议条款 and 乙方签章: the articles from the model agreement at signing and who signed for the institution (null for older ones). */
export class Migration20261204000000AgreementTerms extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "agreement"."agreement" add column "terms" jsonb`);
    this.addSql(`alter table "agreement"."agreement" add column "institution_signatory" jsonb`);
  }
}
