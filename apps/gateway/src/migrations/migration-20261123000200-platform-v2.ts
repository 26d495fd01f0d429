import { Migration } from '@mikro-orm/migrations';
import { approvalTablesSql, platformTablesV2Sql } from '@mi/platform';

/** Schema `gateway`: audit retention anchor and the maker-checker approvals table. */
export class Migration20261123000200PlatformV2 extends Migration {
  override async up(): Promise<void> {
    for (const sql of [...platformTablesV2Sql('gateway'), ...approvalTablesSql('gateway')]) this.addSql(sql);
  }
}
