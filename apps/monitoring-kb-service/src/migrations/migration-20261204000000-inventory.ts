import { Migration } from '@mikro-orm/migrations';

/**
 * 进销存: one row per stock movement uploaded over 35xx, quantities exact in 1/10 000 units (NHSA
 * dec(16,4)); a record uploaded twice (a retry) is one row (unique content hash per institution).
 */
export class Migration20261204000000Inventory extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "kb"."inventory_movement" (
      "seq" bigserial primary key,
      "institution_code" text not null,
      "admdvs" text not null check ("admdvs" ~ '^[0-9]{6}$'),
      "poolarea" text not null check ("poolarea" ~ '^[0-9]{6}$'),
      "kind" text not null check ("kind" in ('STOCKTAKE', 'PURCHASE', 'PURCHASE_RETURN', 'SALE', 'SALE_RETURN')),
      "med_list_codg" text not null,
      "hilist_id" text not null,
      "name" text not null,
      "bchno" text not null,
      "qty_e4" bigint not null check ("qty_e4" >= 0),
      "occurred_at" timestamptz not null,
      "setl_id" text,
      "doc_no" text,
      "record_hash" text not null,
      "received_at" timestamptz not null,
      unique ("institution_code", "record_hash")
    )`);
    this.addSql(`create index "inventory_movement_item" on "kb"."inventory_movement" ("institution_code", "med_list_codg", "occurred_at")`);
  }
}
