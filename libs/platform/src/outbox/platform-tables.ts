/**
 * DDL of the tables every service owns in its schema: the transactional outbox, the inbox of
 * processed event ids, and the hash-chained audit log. Each service's first migration runs it.
 */
export function platformTablesSql(schema: string): string[] {
  const s = `"${schema}"`;
  return [
    `create table ${s}.outbox (
       id uuid primary key,
       seq bigserial not null unique,
       subject text not null,
       type text not null,
       envelope jsonb not null,
       created_at timestamptz not null default now(),
       published_at timestamptz,
       attempts int not null default 0,
       last_error text
     )`,
    `create index outbox_unpublished on ${s}.outbox (seq) where published_at is null`,
    `create table ${s}.inbox (
       consumer text not null,
       event_id uuid not null,
       processed_at timestamptz not null default now(),
       primary key (consumer, event_id)
     )`,
    `create table ${s}.audit_log (
       seq bigint primary key,
       id uuid not null unique,
       at timestamptz not null,
       request_id text,
       actor_id text,
       actor_role text,
       actor_scope text,
       action text not null,
       target_type text not null,
       target_id text not null,
       admdvs text,
       before_digest text,
       after_digest text,
       detail jsonb,
       prev_hash text not null,
       hash text not null
     )`,
    `create index audit_log_target on ${s}.audit_log (target_type, target_id)`,
    `create index audit_log_at on ${s}.audit_log (at)`,
    // Append-only: updates and deletes are refused by the database itself.
    `create or replace function ${s}.audit_log_immutable() returns trigger language plpgsql as $$
       begin raise exception 'audit_log is append-only'; end $$`,
    `create trigger audit_log_no_update before update or delete on ${s}.audit_log
       for each row execute function ${s}.audit_log_immutable()`,
  ];
}

/**
 * Second platform migration of every service: the audit anchor that lets retention purge the
 * oldest records while the rest of the chain stays verifiable (the anchor holds the last purged
 * record's seq and hash), and the append-only trigger relaxed for that purge only.
 */
export function platformTablesV2Sql(schema: string): string[] {
  const s = `"${schema}"`;
  return [
    `create table ${s}.audit_anchor (
       id int primary key default 1 check (id = 1),
       seq bigint not null,
       hash text not null,
       purged_before timestamptz not null,
       purged_at timestamptz not null
     )`,
    `create or replace function ${s}.audit_log_immutable() returns trigger language plpgsql as $$
       begin
         if tg_op = 'DELETE' and current_setting('mi.audit_purge', true) = 'on' then return old; end if;
         raise exception 'audit_log is append-only';
       end $$`,
  ];
}
