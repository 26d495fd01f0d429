import { Migration } from '@mikro-orm/migrations';

/**
 * Schema `agreement`: black listings of practitioners taken from credit-service's
 * `evt.credit.SubjectListed` / `SubjectDelisted` — one row per listing decision, the settlement
 * ban's instants in Beijing time, and when a delisting cut it short.
 */
export class Migration20261123000900PractitionerListing extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "agreement"."practitioner_listing" (
      "decision_id" uuid primary key,
      "practitioner_code" text not null,
      "period_start" date not null,
      "period_end" date not null check ("period_end" >= "period_start"),
      "starts_at" timestamptz not null,
      "ends_at" timestamptz not null,
      "ended_at" timestamptz null,
      "admdvs" text not null,
      "listed_event_id" uuid not null,
      "delisted_event_id" uuid null,
      "recorded_at" timestamptz not null
    )`);
    this.addSql(`create index "practitioner_listing_code_index" on "agreement"."practitioner_listing" ("practitioner_code")`);
  }
}
