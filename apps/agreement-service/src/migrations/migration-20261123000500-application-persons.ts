import { Migration } from '@mikro-orm/migrations';

/**
 * Schema `agreement`: an application may name its legal representative and actual controller for
 * the dishonesty-list check (AGR-04); only their masked ID numbers are kept.
 */
export class Migration20261123000500ApplicationPersons extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "agreement"."application" add column "legal_representative_id_masked" text, add column "controller_id_masked" text`);
    // A masked number has its middle starred; a full 18-character number can never be stored here.
    this.addSql(
      `alter table "agreement"."application" add constraint "application_persons_masked" check (coalesce("legal_representative_id_masked", '****') like '%****%' and coalesce("controller_id_masked", '****') like '%****%')`,
    );
  }
}
