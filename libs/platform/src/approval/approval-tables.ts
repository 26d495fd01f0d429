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
