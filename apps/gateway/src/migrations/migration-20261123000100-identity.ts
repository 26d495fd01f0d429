import { Migration } from '@mikro-orm/migrations';

/** Portal users, their sessions and rotating refresh tokens; HIS client credentials and nonces. */
export class Migration20261123000100Identity extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "gateway"."portal_user" (
      "id" uuid primary key,
      "username" text not null unique check ("username" ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
      "display_name" text not null,
      "password_hash" text not null,
      "roles" text[] not null check (cardinality("roles") > 0),
      "scope" text not null check ("scope" ~ '^[0-9]{6}$'),
      "status" text not null default 'active' check ("status" in ('active', 'disabled')),
      "failed_attempts" int not null default 0,
      "locked_until" timestamptz,
      "password_changed_at" timestamptz not null,
      "must_change_password" boolean not null default false,
      "created_at" timestamptz not null,
      "created_by" text not null
    )`);
    this.addSql(`create table "gateway"."session" (
      "id" uuid primary key,
      "user_id" uuid not null references "gateway"."portal_user" ("id") deferrable initially deferred,
      "created_at" timestamptz not null,
      "expires_at" timestamptz not null,
      "revoked_at" timestamptz,
      "revoke_reason" text,
      "client_ip" text,
      "user_agent" text
    )`);
    this.addSql(`create index "session_user_id_index" on "gateway"."session" ("user_id")`);
    this.addSql(`create table "gateway"."refresh_token" (
      "id" uuid primary key,
      "session_id" uuid not null references "gateway"."session" ("id") deferrable initially deferred,
      "token_hash" text not null unique,
      "issued_at" timestamptz not null,
      "expires_at" timestamptz not null,
      "used_at" timestamptz
    )`);
    this.addSql(`create index "refresh_token_session_id_index" on "gateway"."refresh_token" ("session_id")`);
    this.addSql(`create table "gateway"."his_client" (
      "id" uuid primary key,
      "paas_id" text not null unique,
      "institution_code" text not null,
      "admdvs" text not null check ("admdvs" ~ '^[0-9]{6}$'),
      "mode" text not null check ("mode" in ('compatible', 'strong')),
      "algorithm" text not null check ("algorithm" in ('SHA256', 'HMAC-SHA256', 'HMAC-SM3')),
      "secret_enc" text not null,
      "status" text not null check ("status" in ('active', 'revoked')),
      "rate_per_minute" int not null check ("rate_per_minute" > 0),
      "created_at" timestamptz not null,
      "rotated_at" timestamptz,
      "revoked_at" timestamptz
    )`);
    this.addSql(`create index "his_client_institution_code_index" on "gateway"."his_client" ("institution_code")`);
    this.addSql(`create table "gateway"."his_nonce" (
      "paas_id" text not null,
      "nonce" text not null,
      "seen_at" timestamptz not null,
      primary key ("paas_id", "nonce")
    )`);
    this.addSql(`create index "his_nonce_seen_at_index" on "gateway"."his_nonce" ("seen_at")`);
  }
}
