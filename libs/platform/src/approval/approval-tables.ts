/**
 * DDL of the maker-checker approval table (分段把关、分人负责、相互制衡) of a service that uses
 * {@link ApprovalService}. Run it from one of the service's migrations, after `platformTablesSql`.
 */
export function approvalTablesSql(schema: string): string[] {
  const s = `"${schema}"`;
  return [
    `create table ${s}.approval (
       id uuid primary key,
       action text not null,
       target_type text not null,
       target_id text not null,
       admdvs text not null check (admdvs ~ '^[0-9]{6}$'),
       summary text not null,
       payload jsonb not null,
       reason text not null check (length(btrim(reason)) > 0),
       status text not null default 'PENDING' check (status in ('PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN')),
       required_roles text[] not null check (cardinality(required_roles) > 0),
       proposed_by_kind text not null check (proposed_by_kind in ('user', 'system')),
       proposed_by_id text not null,
       proposed_by_name text not null,
       proposed_by_roles text[] not null default '{}',
       proposed_by_scope text not null,
       proposed_at timestamptz not null,
       decided_by_kind text check (decided_by_kind in ('user', 'system')),
       decided_by_id text,
       decided_by_name text,
       decided_by_roles text[],
       decided_by_scope text,
       decided_at timestamptz,
       decision_note text,
       result jsonb,
       version int not null default 1,
       -- A decided approval names who decided and when; a pending one does not.
       check ((status = 'PENDING') = (decided_at is null) and (decided_at is null) = (decided_by_id is null)),
       -- The checker is never the maker, whatever the application code does.
       check (status not in ('APPROVED', 'REJECTED') or decided_by_id <> proposed_by_id)
     )`,
    `create index approval_status_admdvs on ${s}.approval (status, admdvs)`,
    `create index approval_target on ${s}.approval (target_type, target_id)`,
    `create index approval_proposed_at on ${s}.approval (proposed_at desc, id desc)`,
    // One open proposal per action and target: a second one would race the first to `apply`.
    `create unique index approval_one_pending on ${s}.approval (action, target_type, target_id) where status = 'PENDING'`,
  ];
}

/**
 * DDL of the line items (明细) of proposals whose action declares `hasItems`: a proposal that
 * pays thousands of institutions keeps its summary in `approval.payload` and each institution's
 * figures here, read page by page (`ApprovalService.items`), so no message carries them all. Run
 * it from a migration of a service that registers such an action, after `approvalTablesSql`.
 */
export function approvalItemTablesSql(schema: string): string[] {
  const s = `"${schema}"`;
  return [
    `create table ${s}.approval_item (
       approval_id uuid not null references ${s}.approval (id),
       seq int not null check (seq >= 0),
       item_key text not null check (length(item_key) between 1 and 200),
       item jsonb not null,
       primary key (approval_id, seq)
     )`,
    `create unique index approval_item_key on ${s}.approval_item (approval_id, item_key)`,
    // The items are what the approver approved: never changed or removed.
    `create function ${s}.approval_item_append_only() returns trigger language plpgsql as $$
     begin raise exception 'approval items are append-only (% refused)', tg_op using errcode = 'check_violation'; end $$`,
    `create trigger approval_item_append_only before update or delete on ${s}.approval_item
       for each row execute function ${s}.approval_item_append_only()`,
  ];
}
