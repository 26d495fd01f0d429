import { Migration } from '@mikro-orm/migrations';

/**
 * Schema `agreement`: 公示/公告 — one row per published decision (evaluation result, suspension,
 * termination, expiry without renewal), written in the decision's transaction; at most one per
 * decision (kind + source + effective day).
 */
export class Migration20261123000800Publication extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "agreement"."publication" (
      "id" uuid primary key,
      "kind" text not null check ("kind" in ('EVALUATION_PASSED', 'EVALUATION_FAILED', 'SUSPENSION', 'TERMINATION', 'EXPIRY')),
      "institution_code" text not null,
      "institution_name" text not null,
      "admdvs" text not null,
      "poolarea" text not null,
      "title" text not null,
      "text" text not null,
      "effective_on" date not null,
      "published_at" timestamptz not null,
      "source_type" text not null check ("source_type" in ('application', 'agreement')),
      "source_id" uuid not null,
      "source_key" text not null,
      unique ("kind", "source_key")
    )`);
    this.addSql(`create index "publication_city_index" on "agreement"."publication" ("poolarea", "published_at" desc)`);
  }
}
