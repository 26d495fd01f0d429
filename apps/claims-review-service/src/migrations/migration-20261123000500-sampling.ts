import { Migration } from '@mikro-orm/migrations';

/** Re-review sample draws (≥ 5 %, seeded, stratified by institution) and the settlements drawn. */
export class Migration20261123000500Sampling extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "review"."sample_draw" (
      "id" uuid primary key,
      "poolarea" text not null,
      "period" text not null check ("period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      "seed" text not null,
      "strata" jsonb not null,
      "drawn" int not null,
      "population" int not null,
      "created_by" text not null,
      "created_at" timestamptz not null
    )`);
    this.addSql(`create table "review"."sample_item" (
      "draw_id" uuid not null references "review"."sample_draw" ("id") deferrable initially deferred,
      "settlement_id" uuid not null,
      "fixmedins_code" text not null,
      primary key ("draw_id", "settlement_id")
    )`);
  }
}
