import { Migration } from '@mikro-orm/migrations';
import { platformTablesSql } from '@mi/platform';

/** Schema `review`: the platform tables (outbox, inbox, audit log). */
export class Migration20261123000000Init extends Migration {
  override async up(): Promise<void> {
    for (const sql of platformTablesSql('review')) this.addSql(sql);
  }
}
