import { Migration } from '@mikro-orm/migrations';

/** 举报: complaints with the reporter encrypted (masked copy for views), deadline and reward in fen. */
export class Migration20261123001200Complaint extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "credit"."complaint" (
      "id" uuid primary key,
      "admdvs" text not null check ("admdvs" ~ '^[0-9]{6}$'),
      "channel" text not null,
      "subject_type" text not null,
      "subject_code" text,
      "subject_name" text not null,
      "content" text not null,
      "anonymous" boolean not null,
      "reporter_enc" text,
      "reporter_masked" jsonb,
      "received_on" date not null,
      "due_on" date not null,
      "status" text not null check ("status" in ('RECEIVED', 'CONCLUDED')),
      "substantiated" boolean,
      "recovered_fen" bigint check ("recovered_fen" >= 0),
      "reward_fen" bigint check ("reward_fen" >= 0),
      "reward_basis" text,
      "findings" text,
      "concluded_on" date,
      "created_at" timestamptz not null
    )`);
    this.addSql(`create index "complaint_admdvs_index" on "credit"."complaint" ("admdvs", "received_on" desc)`);
  }
}
