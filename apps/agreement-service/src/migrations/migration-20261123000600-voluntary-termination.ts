import { Migration } from '@mikro-orm/migrations';

/** Schema `agreement`: the institution's own termination, scheduled 3 months ahead (AGR-08) and applied by the sweeper. */
export class Migration20261123000600VoluntaryTermination extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "agreement"."agreement" add column "termination_due_on" date, add column "termination_due_at" timestamptz, add column "termination_request_reason" text`,
    );
    this.addSql(
      `create index "agreement_termination_due_index" on "agreement"."agreement" ("termination_due_at") where "termination_due_at" is not null and "status" in ('ACTIVE', 'SUSPENDED')`,
    );
  }
}
