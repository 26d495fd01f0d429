import { Migration } from '@mikro-orm/migrations';

const CODES = `'310', '320', '330', '350', '370', '390', '392', '510', '610', '999'`;

/**
 * 一站式结算 — a settlement's other fund parts (大病保险, 医疗救助, 公务员医疗补助 …) are owed to the
 * institution from their own funds: the chart gains one code per fund in the insurance-type place
 * (`<city>-<code>-<kind>[-<institution>]`, see `ledger/funds.ts`), and a monthly run's statements are
 * kept per institution and fund. A one-stop fund's statement never carries a deduction or a
 * prepayment offset: both belong to the basic fund (310/390/510) only.
 */
export class Migration20261211001400OneStopFunds extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "fund"."account" drop constraint "account_insutype_check"`);
    this.addSql(`alter table "fund"."account" add constraint "account_insutype_check" check ("insutype" in (${CODES}))`);
    this.addSql(`alter table "fund"."settlement_statement" drop constraint "settlement_statement_insutype_check"`);
    this.addSql(`alter table "fund"."settlement_statement" add constraint "settlement_statement_insutype_check" check ("insutype" in (${CODES}))`);
    this.addSql(`alter table "fund"."settlement_statement" add constraint "settlement_statement_one_stop_part" check (
      "insutype" in ('310', '390', '510')
      or ("deducted_count" = 0 and "deducted_fen" = 0 and "late_deducted_count" = 0 and "late_deducted_fen" = 0
          and "indicator_deducted_count" = 0 and "indicator_deducted_fen" = 0 and "prepayment_offset_fen" = 0))`);
  }
}
