import { Migration } from '@mikro-orm/migrations';

/** 就诊凭证类型 and 实名核验方式 recorded per settlement (null for settlements uploaded before). */
export class Migration20261204130000RealName extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "review"."settlement" add column "mdtrt_cert_type" text, add column "real_name_vrf_way" text`);
  }
}
