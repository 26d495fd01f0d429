import { Migration } from '@mikro-orm/migrations';

/**
 * 拨付时限 — the notices the payment-deadline sweeper sent: at most one per pooling region, month and
 * kind (the unique key is what makes "reported once" hold across repeated sweeps, restarts and
 * replicas). Written once, with its audit row and outbox event, and never changed.
 */
export class Migration20261204001300PaymentDeadlineNotices extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "fund"."payment_deadline_notice" (
      "id" uuid primary key,
      "admdvs" text not null check ("admdvs" ~ '^[0-9]{4}00$'),
      "period" text not null check ("period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      "kind" text not null check ("kind" in ('APPROACHING', 'OVERDUE')),
      "submission_deadline" date not null,
      "due_date" date,
      "working_days" int,
      "noticed_on" date not null,
      "notified_at" timestamptz not null,
      check ("kind" = 'APPROACHING' or "due_date" is not null),
      unique ("admdvs", "period", "kind")
    )`);
    this.addSql(
      `create trigger "payment_deadline_notice_immutable" before update or delete on "fund"."payment_deadline_notice" for each row execute function "fund".journal_immutable()`,
    );
  }
}
