import { Migration } from '@mikro-orm/migrations';

/**
 * Double-entry fund ledger. The database itself enforces what must never happen: an entry whose
 * debits and credits differ (deferred constraint trigger, checked at commit), a line that is both
 * or neither debit and credit, an edited or deleted entry or line, a posting into a closed
 * period, and a second entry for the same cause.
 */
export class Migration20261123000300Ledger extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "fund"."account" (
      "code" text primary key,
      "name" text not null,
      "kind" text not null check ("kind" in ('asset', 'liability', 'income', 'expense', 'equity')),
      "admdvs" text not null check ("admdvs" ~ '^[0-9]{6}$'),
      "insutype" text check ("insutype" in ('310', '390', '510')),
      "institution_code" text,
      "opened_at" timestamptz not null
    )`);
    this.addSql(`create table "fund"."period" (
      "admdvs" text not null,
      "period" text not null check ("period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      "status" text not null check ("status" in ('OPEN', 'CLOSED')),
      "closed_at" timestamptz,
      primary key ("admdvs", "period")
    )`);
    this.addSql(`create table "fund"."journal_entry" (
      "id" uuid primary key,
      "admdvs" text not null,
      "period" text not null,
      "cause_type" text not null,
      "cause_id" text not null,
      "memo" text not null,
      "reverses" uuid references "fund"."journal_entry" ("id"),
      "posted_at" timestamptz not null,
      unique ("cause_type", "cause_id")
    )`);
    this.addSql(`create table "fund"."journal_line" (
      "entry_id" uuid not null references "fund"."journal_entry" ("id") deferrable initially deferred,
      "line_no" int not null,
      "account_code" text not null references "fund"."account" ("code"),
      "debit_fen" bigint not null default 0 check ("debit_fen" >= 0),
      "credit_fen" bigint not null default 0 check ("credit_fen" >= 0),
      check (("debit_fen" > 0) <> ("credit_fen" > 0)),
      primary key ("entry_id", "line_no")
    )`);
    this.addSql(`create index "journal_line_account" on "fund"."journal_line" ("account_code")`);
    this.addSql(`create or replace function "fund".journal_balanced() returns trigger language plpgsql as $$
      declare d bigint; c bigint; n int;
      begin
        select coalesce(sum(debit_fen), 0), coalesce(sum(credit_fen), 0), count(*) into d, c, n from "fund"."journal_line" where entry_id = new.id;
        if n < 2 then raise exception 'journal entry % has % line(s); an entry needs at least two', new.id, n; end if;
        if d <> c then raise exception 'journal entry % is unbalanced: debits % fen, credits % fen', new.id, d, c; end if;
        return null;
      end $$`);
    this.addSql(
      `create constraint trigger "journal_entry_balanced" after insert on "fund"."journal_entry" deferrable initially deferred for each row execute function "fund".journal_balanced()`,
    );
    // A line added later to a committed entry is checked the same way.
    this.addSql(`create or replace function "fund".journal_line_balanced() returns trigger language plpgsql as $$
      declare d bigint; c bigint;
      begin
        select coalesce(sum(debit_fen), 0), coalesce(sum(credit_fen), 0) into d, c from "fund"."journal_line" where entry_id = new.entry_id;
        if d <> c then raise exception 'journal entry % is unbalanced: debits % fen, credits % fen', new.entry_id, d, c; end if;
        return null;
      end $$`);
    this.addSql(
      `create constraint trigger "journal_line_balanced" after insert on "fund"."journal_line" deferrable initially deferred for each row execute function "fund".journal_line_balanced()`,
    );
    this.addSql(`create or replace function "fund".journal_open_period() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from "fund"."period" p where p.admdvs = new.admdvs and p.period = new.period and p.status = 'CLOSED') then
          raise exception 'period % of % is closed: post a correction into an open period', new.period, new.admdvs;
        end if;
        return new;
      end $$`);
    this.addSql(
      `create trigger "journal_entry_open_period" before insert on "fund"."journal_entry" for each row execute function "fund".journal_open_period()`,
    );
    this.addSql(`create or replace function "fund".journal_immutable() returns trigger language plpgsql as $$
      begin raise exception 'journal entries are immutable: correct with a reversing entry'; end $$`);
    this.addSql(
      `create trigger "journal_entry_immutable" before update or delete on "fund"."journal_entry" for each row execute function "fund".journal_immutable()`,
    );
    this.addSql(
      `create trigger "journal_line_immutable" before update or delete on "fund"."journal_line" for each row execute function "fund".journal_immutable()`,
    );
  }
}
