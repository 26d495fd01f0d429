import { createHash } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { AuditRecordView, AuditVerification } from '@mi/contracts';
import type { Clock } from '@mi/domain';
import { RequestScope } from '../context/request-context';
import { newUuidV7 } from '../ids';

export interface AuditActor {
  id: string;
  role: string;
  /** admdvs of the actor's region scope. */
  scope: string;
}

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId: string;
  admdvs?: string;
  before?: unknown;
  after?: unknown;
  detail?: Record<string, unknown>;
  /** Defaults to the caller of the current request; `system` for scheduled work. */
  actor?: AuditActor;
}

// The wire shapes of search and verify live in @mi/contracts (the gateway and the portal read them).
export type { AuditRecordView, AuditVerification } from '@mi/contracts';

const GENESIS = '0'.repeat(64);

/** Canonical JSON: keys sorted, so a digest never depends on property order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`;
}

export function digest(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

export const SYSTEM_ACTOR: AuditActor = { id: 'system', role: 'system', scope: '' };

/**
 * Append-only, hash-chained audit log of one service: each record's hash covers its content and
 * the previous record's hash, so an edited or deleted record breaks the chain at that point.
 * Written inside the use case's transaction; the chain head is serialised with an advisory lock.
 */
export class AuditService {
  constructor(
    private readonly orm: MikroORM,
    private readonly schema: string,
    private readonly clock: Clock,
  ) {}

  async record(em: EntityManager, entry: AuditEntry): Promise<void> {
    const actor = entry.actor ?? actorFromScope() ?? SYSTEM_ACTOR;
    await em.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`${this.schema}.audit_log`]);
    const [head] = await em.execute<{ seq: string; hash: string }[]>(
      `select seq::text as seq, hash from "${this.schema}".audit_log a order by a.seq desc limit 1`,
    );
    const seq = head ? BigInt(head.seq) + 1n : 1n;
    const prevHash = head?.hash ?? GENESIS;
    const row = {
      seq: seq.toString(),
      id: newUuidV7(),
      at: this.clock.now().toISOString(),
      request_id: RequestScope.current()?.requestId ?? null,
      actor_id: actor.id,
      actor_role: actor.role,
      actor_scope: actor.scope,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId,
      admdvs: entry.admdvs ?? null,
      before_digest: entry.before === undefined ? null : digest(entry.before),
      after_digest: entry.after === undefined ? null : digest(entry.after),
      detail: entry.detail ?? null,
    };
    const hash = chainHash(prevHash, row);
    await em.execute(
      `insert into "${this.schema}".audit_log (seq, id, at, request_id, actor_id, actor_role, actor_scope, action, target_type, target_id, admdvs, before_digest, after_digest, detail, prev_hash, hash)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        row.seq,
        row.id,
        row.at,
        row.request_id,
        row.actor_id,
        row.actor_role,
        row.actor_scope,
        row.action,
        row.target_type,
        row.target_id,
        row.admdvs,
        row.before_digest,
        row.after_digest,
        row.detail === null ? null : JSON.stringify(row.detail),
        prevHash,
        hash,
      ],
    );
  }

  /** Audit trail search for auditors: newest first, filtered to the caller's region. */
  async search(q: AuditSearch): Promise<AuditRecordView[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.scope !== '') {
      const prefix = q.scope.endsWith('0000') ? q.scope.slice(0, 2) : q.scope.endsWith('00') ? q.scope.slice(0, 4) : q.scope;
      // Records without a region (e.g. failed logins of unknown users) are for province-level eyes.
      where.push(q.scope.endsWith('0000') ? `(a.admdvs like ? or a.admdvs is null)` : `a.admdvs like ?`);
      params.push(`${prefix}%`);
    }
    const eq: [string, string | undefined][] = [
      ['a.action', q.action],
      ['a.actor_id', q.actorId],
      ['a.target_type', q.targetType],
      ['a.target_id', q.targetId],
    ];
    for (const [col, v] of eq) {
      if (v !== undefined) {
        where.push(`${col} = ?`);
        params.push(v);
      }
    }
    if (q.from) {
      where.push('a.at >= ?');
      params.push(q.from);
    }
    if (q.to) {
      where.push('a.at < ?');
      params.push(q.to);
    }
    if (q.beforeSeq) {
      where.push('a.seq < ?::bigint');
      params.push(q.beforeSeq);
    }
    const rows = await this.orm.em.fork().execute<Record<string, unknown>[]>(
      `select a.seq::text as seq, a.id, a.at, a.request_id, a.actor_id, a.actor_role, a.actor_scope, a.action, a.target_type, a.target_id, a.admdvs, a.before_digest, a.after_digest, a.detail, a.hash
       from "${this.schema}".audit_log a ${where.length > 0 ? `where ${where.join(' and ')}` : ''} order by a.seq desc limit ${Math.min(Math.max(1, q.limit), 500)}`,
      params,
    );
    return rows.map((r) => ({
      seq: String(r.seq),
      id: String(r.id),
      at: new Date(r.at as string).toISOString(),
      requestId: (r.request_id as string | null) ?? null,
      actor: { id: String(r.actor_id), role: String(r.actor_role), scope: String(r.actor_scope ?? '') },
      action: String(r.action),
      target: { type: String(r.target_type), id: String(r.target_id) },
      admdvs: (r.admdvs as string | null) ?? null,
      beforeDigest: (r.before_digest as string | null) ?? null,
      afterDigest: (r.after_digest as string | null) ?? null,
      detail: (r.detail as Record<string, unknown> | null) ?? null,
      hash: String(r.hash),
    }));
  }

  /**
   * Walks the whole chain from the retention anchor (or the beginning); detects edited, deleted
   * or reordered records.
   */
  async verify(): Promise<AuditVerification> {
    const em = this.orm.em.fork();
    const [anchor] = await em.execute<{ seq: string; hash: string }[]>(`select seq::text as seq, hash from "${this.schema}".audit_anchor where id = 1`);
    let prevHash = anchor?.hash ?? GENESIS;
    let expectedSeq = anchor ? BigInt(anchor.seq) + 1n : 1n;
    let count = 0;
    let after = anchor?.seq ?? '0';
    for (;;) {
      const rows = await em.execute<Record<string, unknown>[]>(
        `select seq::text as seq, id, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, request_id, actor_id, actor_role, actor_scope, action, target_type, target_id, admdvs, before_digest, after_digest, detail, prev_hash, hash
         from "${this.schema}".audit_log a where a.seq > ?::bigint order by a.seq limit 1000`,
        [after],
      );
      if (rows.length === 0) break;
      for (const r of rows) {
        const seq = String(r.seq);
        if (BigInt(seq) !== expectedSeq) return { ok: false, records: count, brokenAt: { seq, reason: `record ${expectedSeq} is missing` } };
        if (r.prev_hash !== prevHash) return { ok: false, records: count, brokenAt: { seq, reason: 'previous hash does not match' } };
        const { prev_hash: _p, hash, ...content } = r;
        if (chainHash(prevHash, content) !== hash) return { ok: false, records: count, brokenAt: { seq, reason: 'record content was changed' } };
        prevHash = String(hash);
        expectedSeq++;
        count++;
        after = seq;
      }
    }
    return { ok: true, records: count };
  }
}

export interface AuditSearch {
  /** The caller's region: records of other regions are not returned; '' = everything. */
  scope: string;
  action?: string;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
  /** Keyset paging: records with a lower seq than this, newest first. */
  beforeSeq?: string;
  limit: number;
}

/** Retention: purges records older than `retentionDays`, keeping the chain verifiable from an anchor. */
export async function purgeAudit(orm: MikroORM, schema: string, audit: AuditService, clock: Clock, retentionDays: number): Promise<number> {
  if (retentionDays < 180) throw new Error('audit retention must be at least 180 days');
  const cutoff = new Date(clock.now().getTime() - retentionDays * 86_400_000);
  return orm.em.fork().transactional(async (em) => {
    await em.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`${schema}.audit_log`]);
    const [last] = await em.execute<{ seq: string; hash: string }[]>(
      `select seq::text as seq, hash from "${schema}".audit_log a where a.at < ? order by a.seq desc limit 1`,
      [cutoff],
    );
    if (!last) return 0;
    await em.execute(`set local mi.audit_purge = 'on'`);
    const deleted = await em.execute<{ seq: string }[]>(`delete from "${schema}".audit_log a where a.seq <= ?::bigint returning a.seq`, [last.seq]);
    await em.execute(`set local mi.audit_purge = 'off'`);
    await em.execute(
      `insert into "${schema}".audit_anchor (id, seq, hash, purged_before, purged_at) values (1, ?, ?, ?, ?)
       on conflict (id) do update set seq = excluded.seq, hash = excluded.hash, purged_before = excluded.purged_before, purged_at = excluded.purged_at`,
      [last.seq, last.hash, cutoff, clock.now()],
    );
    await audit.record(em, {
      action: 'audit.purge',
      targetType: 'audit-log',
      targetId: schema,
      actor: SYSTEM_ACTOR,
      detail: { throughSeq: last.seq, records: deleted.length, before: cutoff.toISOString(), retentionDays },
    });
    return deleted.length;
  });
}

function chainHash(prevHash: string, content: Record<string, unknown>): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(content)).digest('hex');
}

function actorFromScope(): AuditActor | undefined {
  const actor = RequestScope.current()?.actor;
  if (!actor) return undefined;
  switch (actor.kind) {
    case 'user':
      return { id: actor.username, role: actor.roles.join(','), scope: actor.scope };
    case 'his':
      return { id: actor.institutionCode, role: 'his', scope: actor.scope };
    case 'system':
      return { id: actor.id, role: 'system', scope: actor.scope };
  }
}
