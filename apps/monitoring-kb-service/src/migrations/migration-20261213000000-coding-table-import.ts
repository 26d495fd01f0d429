import { Migration } from '@mikro-orm/migrations';

/**
 * Coding tables (diagnosis codes, operation constraints, disease lists) can be imported: each
 * knowledge document remembers the import batch that wrote it (the bundled seed's have none), so a
 * table replaced on the same `valid_from` gets a new snapshot version, and import batches name
 * what they imported.
 */
export class Migration20261213000000CodingTableImport extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "kb"."knowledge_misc" add column "batch_id" uuid references "kb"."import_batch" ("id") deferrable initially deferred`);
    this.addSql(
      `alter table "kb"."import_batch" add constraint "import_batch_kind_check" check ("kind" in ('catalogue', 'diagnosisCodes', 'operations', 'diseaseLists'))`,
    );
  }
}
