import { Migration } from '@mikro-orm/migrations';

/**
 * A credit file's history is append-only in the database, not only by convention: an entry can be
 * neither changed nor removed (a correction is a new entry, e.g. a repair or a removal from a list).
 */
export class Migration20261204000200EntryAppendOnly extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function "credit".credit_file_entry_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'credit file entries are append-only: % refused on credit_file_entry', tg_op using errcode = 'restrict_violation';
      end $$`);
    this.addSql(
      `create trigger "credit_file_entry_no_update" before update or delete on "credit"."credit_file_entry" for each row execute function "credit".credit_file_entry_append_only()`,
    );
    this.addSql(
      `create trigger "credit_file_entry_no_truncate" before truncate on "credit"."credit_file_entry" for each statement execute function "credit".credit_file_entry_append_only()`,
    );
  }
}
