import { Migration } from '@mikro-orm/migrations';
import { approvalItemTablesSql } from '@mi/platform';

/**
 * Schema `fund`: line items of proposals (a monthly run's statements, a prepayment's items), so a
 * big city's proposal keeps a summary in its payload and no message carries all its items.
 */
export class Migration20261204001150ApprovalItems extends Migration {
  override async up(): Promise<void> {
    for (const sql of approvalItemTablesSql('fund')) this.addSql(sql);
  }
}
