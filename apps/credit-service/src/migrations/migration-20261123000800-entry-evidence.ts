import { Migration } from '@mikro-orm/migrations';

/**
 * Credit file entries carry their source (the emitting context) and evidence (case, deduction,
 * settlement ids). One event may now reach several files (an institution and the practitioners a
 * confirmed violation names), so an event is unique per file instead of globally.
 */
export class Migration20261123000800EntryEvidence extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "credit"."credit_file_entry" add column "source" text not null default 'agreement', add column "evidence" jsonb`);
    this.addSql(`alter table "credit"."credit_file_entry" drop constraint "credit_file_entry_source_event_id_key"`);
    this.addSql(`alter table "credit"."credit_file_entry" add constraint "credit_file_entry_file_event_unique" unique ("file_id", "source_event_id")`);
  }
}
