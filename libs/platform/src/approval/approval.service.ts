import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { pgArray } from '../persistence/pg-array';
import {
  APPROVAL_ACTION_PATTERN,
  type ApprovalDecision,
  approvalEventSubjects,
  type ApprovalEventPayload,
  ApprovalEventTypes,
  type ApprovalItem,
  type ApprovalItemPage,
  type ApprovalPage,
  type ApprovalParty,
  type ApprovalStatus,
  type ApprovalView,
} from '@mi/contracts';
import { Admdvs, type Clock, ConflictError, DomainError, NotFoundError, Role, scopeFilter, ValidationError } from '@mi/domain';
import type { AuditService } from '../audit/audit.service';
import { newUuidV7 } from '../ids';
import type { OutboxService } from '../outbox/outbox.service';
import { type Actor, type PortalActor, requireRole, requireScope, type SystemActor } from '../security/actor';
import { canSee, currentActor } from '../security/current-actor';

/** What a service registers for an action that needs a second person. */
export interface ApprovalActionDefinition<P, R> {
  /** The decider must hold one of these (and must not be the proposer). */
  requiredRoles: Role[];
  /** One-line human summary of a proposal, stored with it (default: action and target). */
  describe?: (payload: P) => string;
  /**
   * Carries out the approved change inside the approval's transaction: its writes, the approval
   * row, the audit row and the events commit or roll back together. It runs as the approver (the
   * current request scope), receives the payload as stored (JSON round-tripped) and the approval
   * as it is being approved (status APPROVED, decidedBy set); it should re-check that the target
   * is still in a state the change applies to, and throw a domain error otherwise. What it
   * returns (JSON-serialisable) is stored as the approval's `result`.
   */
  apply: (em: EntityManager, payload: P, approval: ApprovalView<P>) => Promise<R>;
  /**
   * The proposals carry line items (明细) besides their payload: stored in `approval_item`
   * (see `approvalItemTablesSql`, which the service must migrate) and read page by page.
   */
  hasItems?: boolean;
}

/** One line item of a proposal: a key unique within it (e.g. `H001/310`) and its figures. */
export interface ApprovalItemInput {
  key: string;
  item: unknown;
}

export interface ListApprovalItemsQuery {
  /** Only the item with this key (e.g. one institution's line). */
  key?: string;
  limit?: number;
  offset?: number;
}

export interface ProposeApprovalInput<P> {
  /** A registered action, e.g. `agreement.suspend`. */
  action: string;
  targetType: string;
  targetId: string;
  /** Region of the target: only deciders whose scope contains it see the proposal. */
  admdvs: string;
  /** The proposed change (JSON-serialisable); handed to `apply` on approval. */
  payload: P;
  /** 申请理由 — required. */
  reason: string;
  /**
   * Line items of the proposal (only for actions registered with `hasItems`), stored in the same
   * transaction; the payload should then carry a summary and a digest of them, never the items.
   */
  items?: ApprovalItemInput[];
}

export interface ListApprovalsQuery {
  status?: ApprovalStatus;
  action?: string;
  limit?: number;
  offset?: number;
}

interface ApprovalRow {
  id: string;
  action: string;
  target_type: string;
  target_id: string;
  admdvs: string;
  summary: string;
  payload: unknown;
  reason: string;
  status: ApprovalStatus;
  required_roles: Role[];
  proposed_by_kind: 'user' | 'system';
  proposed_by_id: string;
  proposed_by_name: string;
  proposed_by_roles: Role[];
  proposed_by_scope: string;
  proposed_at: string;
  decided_by_kind: 'user' | 'system' | null;
  decided_by_id: string | null;
  decided_by_name: string | null;
  decided_by_roles: Role[] | null;
  decided_by_scope: string | null;
  decided_at: string | null;
  decision_note: string | null;
  result: unknown;
  version: number;
}

type AnyDefinition = ApprovalActionDefinition<unknown, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO = (column: string) => `to_char(a.${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const COLUMNS = [
  'a.id::text as id',
  'a.action',
  'a.target_type',
  'a.target_id',
  'a.admdvs',
  'a.summary',
  'a.payload',
  'a.reason',
  'a.status',
  'a.required_roles',
  'a.proposed_by_kind',
  'a.proposed_by_id',
  'a.proposed_by_name',
  'a.proposed_by_roles',
  'a.proposed_by_scope',
  `${ISO('proposed_at')} as proposed_at`,
  'a.decided_by_kind',
  'a.decided_by_id',
  'a.decided_by_name',
  'a.decided_by_roles',
  'a.decided_by_scope',
  `${ISO('decided_at')} as decided_at`,
  'a.decision_note',
  'a.result',
  'a.version',
].join(', ');
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;
const MAX_REASON = 2000;
const MAX_NOTE = 500;

/**
 * 分段把关、分人负责、相互制衡 — maker-checker approvals of one service. A use case that needs a
 * second person calls {@link propose} instead of changing anything; a different portal user who
 * holds one of the action's roles and has the target's region in scope then {@link decide}s: on
 * approval the registered `apply` runs in the same transaction as the approval row, its audit
 * row and its event. Each step is one transaction with an audit row and an outbox event.
 */
export class ApprovalService {
  private readonly actions = new Map<string, AnyDefinition>();
  private readonly events: ReturnType<typeof approvalEventSubjects>;

  constructor(
    private readonly orm: MikroORM,
    private readonly schema: string,
    /** Event and subject context, e.g. `agreement` → `evt.agreement.ApprovalRequested`. */
    readonly context: string,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {
    this.events = approvalEventSubjects(context);
  }

  /** Declares an action that needs a second person. Call once per action while the module starts. */
  register<P, R>(action: string, def: ApprovalActionDefinition<P, R>): void {
    if (!APPROVAL_ACTION_PATTERN.test(action)) throw new Error(`approval action must be dotted lower-case words, got ${JSON.stringify(action)}`);
    if (this.actions.has(action)) throw new Error(`approval action ${action} is registered twice`);
    if (def.requiredRoles.length === 0 || !def.requiredRoles.every((r) => Role.has(r))) {
      throw new Error(`approval action ${action} needs at least one known decider role`);
    }
    this.actions.set(action, { ...def, requiredRoles: [...def.requiredRoles] } as AnyDefinition);
  }

  /** Actions registered so far. */
  registeredActions(): string[] {
    return [...this.actions.keys()];
  }

  /**
   * Records a proposal (the maker's step). The caller is the current actor: a portal user with
   * the target's region in scope, or a service proposing automatically (recorded as `system`).
   * Errors: APPROVAL.UNKNOWN_ACTION, VALIDATION, UNAUTHENTICATED, FORBIDDEN.ROLE (HIS callers),
   * FORBIDDEN.REGION, APPROVAL.ALREADY_PENDING.
   */
  async propose<P>(input: ProposeApprovalInput<P>): Promise<ApprovalView<P>> {
    const def = this.definition(input.action);
    const actor = currentActor();
    if (actor?.kind !== 'system') requireRole(actor, [...Role.codes], `propose ${input.action}`);
    const admdvs = Admdvs.parse(input.admdvs, 'admdvs').code;
    requireScope(actor, admdvs, `${input.targetType} ${input.targetId}`);
    const targetType = requiredText(input.targetType, 'targetType', 100);
    const targetId = requiredText(input.targetId, 'targetId', 200);
    const reason = requiredText(input.reason, 'reason', MAX_REASON);
    const payload = (input.payload ?? null) as P;
    const summary = (def.describe ? def.describe(payload) : `${input.action} ${targetType} ${targetId}`).slice(0, 500);
    const proposer = partyOf(actor);
    const items = input.items ?? [];
    if (items.length > 0 && !def.hasItems) throw new Error(`approval action ${input.action} is not registered with hasItems`);
    const keys = new Set<string>();
    for (const [i, it] of items.entries()) {
      const key = requiredText(it.key, `items[${i}].key`, 200);
      if (keys.has(key)) throw new ValidationError(`items[${i}].key`, `duplicates the key ${key}`);
      keys.add(key);
    }
    const view: ApprovalView<P> = {
      id: newUuidV7(),
      action: input.action,
      targetType,
      targetId,
      admdvs,
      summary,
      payload,
      reason,
      status: 'PENDING',
      requiredRoles: [...def.requiredRoles],
      proposedBy: proposer,
      proposedAt: this.clock.now().toISOString(),
    };
    return this.orm.em.fork().transactional(async (em) => {
      // The partial unique index keeps one PENDING proposal per target, also under races.
      const inserted = await em.execute<{ id: string }[]>(
        `insert into "${this.schema}".approval (id, action, target_type, target_id, admdvs, summary, payload, reason, status, required_roles,
           proposed_by_kind, proposed_by_id, proposed_by_name, proposed_by_roles, proposed_by_scope, proposed_at)
         values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, 'PENDING', ?::text[], ?, ?, ?, ?::text[], ?, ?)
         on conflict do nothing returning id`,
        [
          view.id,
          view.action,
          targetType,
          targetId,
          admdvs,
          summary,
          JSON.stringify(payload),
          reason,
          pgArray(view.requiredRoles),
          proposer.kind,
          proposer.id,
          proposer.name,
          pgArray(proposer.roles),
          proposer.scope,
          view.proposedAt,
        ],
      );
      if (inserted.length === 0) {
        const [pending] = await em.execute<{ id: string }[]>(
          `select a.id::text as id from "${this.schema}".approval a where a.action = ? and a.target_type = ? and a.target_id = ? and a.status = 'PENDING'`,
          [view.action, targetType, targetId],
        );
        throw new ConflictError('APPROVAL.ALREADY_PENDING', `${view.action} of ${targetType} ${targetId} is already awaiting approval`, {
          field: 'targetId',
          reason: 'a proposal for this target is already pending',
          pendingId: pending?.id,
        });
      }
      if (items.length > 0) {
        await em.execute(
          `insert into "${this.schema}".approval_item (approval_id, seq, item_key, item)
           select ?::uuid, (t.ord - 1)::int, t.x ->> 'key', t.x -> 'item' from jsonb_array_elements(?::jsonb) with ordinality as t(x, ord)`,
          [view.id, JSON.stringify(items.map((it) => ({ key: it.key.trim(), item: it.item ?? null })))],
        );
      }
      await this.audit.record(em, {
        action: 'approval.propose',
        targetType: 'approval',
        targetId: view.id,
        admdvs,
        after: view,
        detail: { action: view.action, targetType, targetId, reason },
      });
      await this.outbox.add<ApprovalEventPayload>(em, {
        subject: this.events.requested,
        type: ApprovalEventTypes.requested,
        admdvs,
        aggregateId: view.id,
        payload: eventPayload(view),
      });
      return view;
    });
  }

  /**
   * The checker's step: approve (apply the change) or reject a PENDING proposal. The caller must
   * be a portal user other than the proposer, hold one of the required roles and have the
   * approval's region in scope. Errors: UNAUTHENTICATED, FORBIDDEN.ROLE, NOT_FOUND (also for
   * another region's approval), FORBIDDEN.SAME_PERSON, APPROVAL.NOT_PENDING,
   * APPROVAL.UNKNOWN_ACTION, and whatever `apply` throws (then nothing changes).
   */
  async decide(id: string, decision: ApprovalDecision, note?: string): Promise<ApprovalView> {
    const actor = currentActor();
    requireRole(actor, [...Role.codes], 'decide approvals');
    if (decision !== 'approve' && decision !== 'reject') throw new ValidationError('decision', "must be 'approve' or 'reject'");
    const decisionNote = optionalText(note, 'note', MAX_NOTE);
    return this.orm.em.fork().transactional(async (em) => {
      const row = await this.lockVisible(em, id, actor);
      if (row.proposed_by_id === actor.id) {
        throw new DomainError('FORBIDDEN.SAME_PERSON', 'the proposer of a change may not approve or reject it', {
          field: 'id',
          reason: 'maker and checker must be different people (分人负责)',
          proposedBy: row.proposed_by_id,
        });
      }
      requireRole(actor, row.required_roles, `decide ${row.action}`);
      assertPending(row);
      const before = toView(row);
      const decided: ApprovalView = {
        ...before,
        status: decision === 'approve' ? 'APPROVED' : 'REJECTED',
        decidedBy: partyOf(actor),
        decidedAt: this.clock.now().toISOString(),
        ...(decisionNote === undefined ? {} : { decisionNote }),
      };
      if (decision === 'approve') {
        const def = this.definition(row.action);
        const result = await def.apply(em, before.payload, decided);
        if (result !== undefined) decided.result = result;
      }
      await this.close(em, row, decided);
      await this.audit.record(em, {
        action: decision === 'approve' ? 'approval.approve' : 'approval.reject',
        targetType: 'approval',
        targetId: row.id,
        admdvs: row.admdvs,
        before,
        after: decided,
        detail: { action: row.action, targetType: row.target_type, targetId: row.target_id, note: decisionNote ?? null },
      });
      await this.outbox.add<ApprovalEventPayload>(em, {
        subject: this.events.decided,
        type: ApprovalEventTypes.decided,
        admdvs: row.admdvs,
        aggregateId: row.id,
        payload: eventPayload(decided),
      });
      return decided;
    });
  }

  /**
   * The proposer takes back a PENDING proposal. Errors: UNAUTHENTICATED, FORBIDDEN.ROLE (HIS
   * callers), NOT_FOUND, FORBIDDEN.NOT_PROPOSER, APPROVAL.NOT_PENDING.
   */
  async withdraw(id: string): Promise<ApprovalView> {
    const actor = currentActor();
    if (actor?.kind !== 'system') requireRole(actor, [...Role.codes], 'withdraw approvals');
    return this.orm.em.fork().transactional(async (em) => {
      const row = await this.lockVisible(em, id, actor);
      if (row.proposed_by_id !== actor.id || row.proposed_by_kind !== actor.kind) {
        throw new DomainError('FORBIDDEN.NOT_PROPOSER', 'only the proposer may withdraw a proposal', {
          field: 'id',
          reason: 'not the proposer',
        });
      }
      assertPending(row);
      const before = toView(row);
      const withdrawn: ApprovalView = { ...before, status: 'WITHDRAWN', decidedBy: partyOf(actor), decidedAt: this.clock.now().toISOString() };
      await this.close(em, row, withdrawn);
      await this.audit.record(em, {
        action: 'approval.withdraw',
        targetType: 'approval',
        targetId: row.id,
        admdvs: row.admdvs,
        before,
        after: withdrawn,
        detail: { action: row.action, targetType: row.target_type, targetId: row.target_id },
      });
      await this.outbox.add<ApprovalEventPayload>(em, {
        subject: this.events.withdrawn,
        type: ApprovalEventTypes.withdrawn,
        admdvs: row.admdvs,
        aggregateId: row.id,
        payload: eventPayload(withdrawn),
      });
      return withdrawn;
    });
  }

  /** One approval in the caller's region; another region's is NOT_FOUND. */
  async get(id: string): Promise<ApprovalView> {
    const actor = viewer();
    if (!UUID.test(id)) throw new NotFoundError('approval', String(id));
    const [row] = await this.orm.em.fork().execute<ApprovalRow[]>(`select ${COLUMNS} from "${this.schema}".approval a where a.id = ?`, [id]);
    if (!row || !canSee(actor, row.admdvs)) throw new NotFoundError('approval', id);
    return toView(row);
  }

  /** Approvals in the caller's region (a system caller with scope '' sees all), newest first. */
  async list(query: ListApprovalsQuery = {}): Promise<ApprovalPage> {
    const actor = viewer();
    const limit = query.limit ?? DEFAULT_LIMIT;
    const offset = query.offset ?? 0;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new ValidationError('limit', `must be an integer from 1 to ${MAX_LIMIT}`);
    if (!Number.isInteger(offset) || offset < 0) throw new ValidationError('offset', 'must be a non-negative integer');
    const where: string[] = [];
    const params: unknown[] = [];
    if (!(actor.kind === 'system' && actor.scope === '')) {
      // A malformed scope sees nothing, as canSee would answer for each record.
      if (!Admdvs.isValid(actor.scope)) return { items: [], total: 0, limit, offset };
      where.push(`a.admdvs like ?`);
      params.push(`${scopeFilter(actor.scope).prefix}%`);
    }
    if (query.status !== undefined) {
      where.push('a.status = ?');
      params.push(query.status);
    }
    if (query.action !== undefined) {
      where.push('a.action = ?');
      params.push(query.action);
    }
    const clause = where.length === 0 ? '' : `where ${where.join(' and ')}`;
    const em = this.orm.em.fork();
    const [count] = await em.execute<{ n: string }[]>(`select count(*)::text as n from "${this.schema}".approval a ${clause}`, params);
    const rows = await em.execute<ApprovalRow[]>(
      `select ${COLUMNS} from "${this.schema}".approval a ${clause} order by a.proposed_at desc, a.id desc limit ? offset ?`,
      [...params, limit, offset],
    );
    return { items: rows.map(toView), total: Number(count?.n ?? 0), limit, offset };
  }

  /**
   * A page of a proposal's line items in the order proposed (or the one with `key`), in the
   * caller's region like {@link get}. An action without items has none.
   */
  async items<T = unknown>(id: string, query: ListApprovalItemsQuery = {}): Promise<ApprovalItemPage<T>> {
    const approval = await this.get(id);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const offset = query.offset ?? 0;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new ValidationError('limit', `must be an integer from 1 to ${MAX_LIMIT}`);
    if (!Number.isInteger(offset) || offset < 0) throw new ValidationError('offset', 'must be a non-negative integer');
    if (!this.actions.get(approval.action)?.hasItems) return { approvalId: id, items: [], total: 0, limit, offset };
    const em = this.orm.em.fork();
    const byKey = query.key === undefined ? '' : 'and i.item_key = ?';
    const params = query.key === undefined ? [id] : [id, query.key];
    const [count] = await em.execute<{ n: string }[]>(
      `select count(*)::text as n from "${this.schema}".approval_item i where i.approval_id = ? ${byKey}`,
      params,
    );
    const rows = await em.execute<{ item_key: string; item: T }[]>(
      `select i.item_key, i.item from "${this.schema}".approval_item i where i.approval_id = ? ${byKey} order by i.seq limit ? offset ?`,
      [...params, limit, offset],
    );
    return { approvalId: id, items: rows.map((r) => ({ key: r.item_key, item: r.item })), total: Number(count?.n ?? 0), limit, offset };
  }

  /** Every line item of a proposal in the order proposed — for `apply`, inside its transaction. */
  async allItems<T = unknown>(em: EntityManager, id: string): Promise<ApprovalItem<T>[]> {
    const rows = await em.execute<{ item_key: string; item: T }[]>(
      `select i.item_key, i.item from "${this.schema}".approval_item i where i.approval_id = ? order by i.seq`,
      [id],
    );
    return rows.map((r) => ({ key: r.item_key, item: r.item }));
  }

  private definition(action: string): AnyDefinition {
    const def = this.actions.get(action);
    if (!def) {
      throw new DomainError('APPROVAL.UNKNOWN_ACTION', `no approval action ${action} is registered in ${this.context}`, {
        field: 'action',
        reason: 'unknown approval action',
        action,
      });
    }
    return def;
  }

  /** Locks the approval row for the decision; an unknown id or another region's row is NOT_FOUND. */
  private async lockVisible(em: EntityManager, id: string, actor: Actor): Promise<ApprovalRow> {
    if (!UUID.test(id)) throw new NotFoundError('approval', String(id));
    const [row] = await em.execute<ApprovalRow[]>(`select ${COLUMNS} from "${this.schema}".approval a where a.id = ? for update`, [id]);
    if (!row || !canSee(actor, row.admdvs)) throw new NotFoundError('approval', id);
    return row;
  }

  /** Writes the final state; the row is locked, so the version guard only catches bugs. */
  private async close(em: EntityManager, row: ApprovalRow, view: ApprovalView): Promise<void> {
    const by = view.decidedBy as ApprovalParty;
    const updated = await em.execute<{ id: string }[]>(
      `update "${this.schema}".approval set status = ?, decided_by_kind = ?, decided_by_id = ?, decided_by_name = ?, decided_by_roles = ?::text[],
         decided_by_scope = ?, decided_at = ?, decision_note = ?, result = ?::jsonb, version = version + 1
       where id = ? and version = ? and status = 'PENDING' returning id`,
      [
        view.status,
        by.kind,
        by.id,
        by.name,
        pgArray(by.roles),
        by.scope,
        view.decidedAt,
        view.decisionNote ?? null,
        view.result === undefined ? null : JSON.stringify(view.result),
        row.id,
        row.version,
      ],
    );
    if (updated.length !== 1) throw new Error(`approval ${row.id} changed while locked`);
  }
}

function viewer(): PortalActor | SystemActor {
  const actor = currentActor();
  if (actor?.kind !== 'system') requireRole(actor, [...Role.codes], 'view approvals');
  return actor;
}

function partyOf(actor: PortalActor | SystemActor): ApprovalParty {
  return actor.kind === 'user'
    ? { kind: 'user', id: actor.id, name: actor.username, roles: [...actor.roles], scope: actor.scope }
    : { kind: 'system', id: actor.id, name: actor.id, roles: [], scope: actor.scope };
}

function assertPending(row: ApprovalRow): void {
  if (row.status === 'PENDING') return;
  throw new ConflictError('APPROVAL.NOT_PENDING', `approval ${row.id} is already ${row.status.toLowerCase()}`, {
    field: 'id',
    reason: 'the approval is no longer pending',
    status: row.status,
  });
}

function requiredText(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string' || value.trim() === '') throw new ValidationError(field, 'is required');
  if (value.length > max) throw new ValidationError(field, `must be at most ${max} characters`);
  return value.trim();
}

function optionalText(value: unknown, field: string, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ValidationError(field, 'must be a string');
  if (value.length > max) throw new ValidationError(field, `must be at most ${max} characters`);
  return value.trim() === '' ? undefined : value.trim();
}

function toView(row: ApprovalRow): ApprovalView {
  const view: ApprovalView = {
    id: row.id,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    admdvs: row.admdvs,
    summary: row.summary,
    payload: row.payload,
    reason: row.reason,
    status: row.status,
    requiredRoles: [...row.required_roles],
    proposedBy: {
      kind: row.proposed_by_kind,
      id: row.proposed_by_id,
      name: row.proposed_by_name,
      roles: [...row.proposed_by_roles],
      scope: row.proposed_by_scope,
    },
    proposedAt: row.proposed_at,
  };
  if (row.decided_by_id !== null && row.decided_by_kind !== null) {
    view.decidedBy = {
      kind: row.decided_by_kind,
      id: row.decided_by_id,
      name: row.decided_by_name ?? row.decided_by_id,
      roles: [...(row.decided_by_roles ?? [])],
      scope: row.decided_by_scope ?? '',
    };
  }
  if (row.decided_at !== null) view.decidedAt = row.decided_at;
  if (row.decision_note !== null) view.decisionNote = row.decision_note;
  if (row.result !== null && row.result !== undefined) view.result = row.result;
  return view;
}

function eventPayload(view: ApprovalView): ApprovalEventPayload {
  return {
    approvalId: view.id,
    action: view.action,
    targetType: view.targetType,
    targetId: view.targetId,
    admdvs: view.admdvs,
    summary: view.summary,
    status: view.status,
    requiredRoles: [...view.requiredRoles],
    proposedById: view.proposedBy.id,
    ...(view.decidedBy ? { decidedById: view.decidedBy.id } : {}),
  };
}
