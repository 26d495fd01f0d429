import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Admdvs, type Role } from '@mi/domain';
import { PageRequest } from '../../agreement/registry.messages';
import { EventEnvelopeDto } from '../../envelope/event-envelope';
import { ParsedBy } from '../../validation/parsed-by';

/**
 * 分段把关、分人负责、相互制衡 — maker-checker approvals. A change that needs a second person
 * (agreement suspension, deduction, rule publishing, blacklisting, fund disbursement…) is first
 * proposed inside the owning service's own use case; a different person holding one of the
 * required roles then approves (the change is applied in the same transaction) or rejects it.
 * Every service that uses approvals answers the same four subjects under its own context.
 */

/** Lifecycle of a proposal: PENDING until approved, rejected, or withdrawn by its proposer. */
export const APPROVAL_STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

export const APPROVAL_DECISIONS = ['approve', 'reject'] as const;
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];

/** Action names are dotted lower-case words: `agreement.suspend`, `deduction.confirm`. */
export const APPROVAL_ACTION_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CONTEXT_PATTERN = /^[a-z][a-z0-9-]*$/;

function assertContext(context: string): void {
  if (!CONTEXT_PATTERN.test(context)) throw new Error(`approval context must be a lower-case word, got ${JSON.stringify(context)}`);
}

export interface ApprovalSubjects {
  decide: string;
  withdraw: string;
  get: string;
  list: string;
  /** A page of a proposal's line items (明细). */
  items: string;
}

/**
 * Request/reply subjects of a service's approvals, `mi.v1.<context>.approvals.<verb>`.
 * Proposing has no subject: it happens inside the service's own use cases.
 */
export function approvalSubjects(context: string): ApprovalSubjects {
  assertContext(context);
  const base = `mi.v1.${context}.approvals`;
  return { decide: `${base}.decide`, withdraw: `${base}.withdraw`, get: `${base}.get`, list: `${base}.list`, items: `${base}.items` };
}

/** Event types of the approval lifecycle (the `type` of the envelope). */
export const ApprovalEventTypes = {
  requested: 'ApprovalRequested',
  decided: 'ApprovalDecided',
  withdrawn: 'ApprovalWithdrawn',
} as const;
export type ApprovalEventType = (typeof ApprovalEventTypes)[keyof typeof ApprovalEventTypes];

export interface ApprovalEventSubjects {
  requested: string;
  decided: string;
  withdrawn: string;
}

/** Event subjects of a service's approvals, `evt.<context>.ApprovalRequested|ApprovalDecided|ApprovalWithdrawn`. */
export function approvalEventSubjects(context: string): ApprovalEventSubjects {
  assertContext(context);
  return {
    requested: `evt.${context}.${ApprovalEventTypes.requested}`,
    decided: `evt.${context}.${ApprovalEventTypes.decided}`,
    withdrawn: `evt.${context}.${ApprovalEventTypes.withdrawn}`,
  };
}

/**
 * `mi.v1.<context>.approvals.decide` — gateway (portal user) → the service owning the approval.
 * Approves (the proposed change is applied in the same transaction) or rejects a PENDING proposal.
 * The caller must be a portal user other than the proposer, hold one of the approval's required
 * roles, and have the approval's region in scope. Reply: {@link ApprovalView}. Errors: VALIDATION,
 * NOT_FOUND (also for another region's approval), FORBIDDEN.SAME_PERSON, FORBIDDEN.ROLE,
 * APPROVAL.NOT_PENDING, APPROVAL.UNKNOWN_ACTION, and whatever the applied change refuses with.
 */
export class DecideApprovalRequest {
  @Matches(UUID_PATTERN, { message: 'id must be a UUID' })
  id: string;

  @IsIn(APPROVAL_DECISIONS)
  decision: ApprovalDecision;

  /** 审批意见 — the decider's note, kept with the approval and in the audit log. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

/**
 * `mi.v1.<context>.approvals.withdraw` — gateway (the proposer) → the owning service: withdraws a
 * PENDING proposal. `mi.v1.<context>.approvals.get` — gateway → the owning service: one approval
 * in the caller's region. Reply: {@link ApprovalView}. Errors: VALIDATION, NOT_FOUND;
 * withdraw also FORBIDDEN.NOT_PROPOSER, APPROVAL.NOT_PENDING.
 */
export class ApprovalIdRequest {
  @Matches(UUID_PATTERN, { message: 'id must be a UUID' })
  id: string;
}

/**
 * `mi.v1.<context>.approvals.list` — gateway → the owning service: approvals in the caller's
 * region, newest first (the approver's to-do list with `status: 'PENDING'`).
 * Reply: {@link ApprovalPage}. Errors: VALIDATION.
 */
export class ListApprovalsRequest {
  @IsOptional()
  @IsIn(APPROVAL_STATUSES)
  status?: ApprovalStatus;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  @Matches(APPROVAL_ACTION_PATTERN, { message: 'action must be dotted lower-case words' })
  action?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number = 50;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number = 0;
}

/**
 * `mi.v1.<context>.approvals.items` — gateway → the owning service: a page of a proposal's line
 * items (明细), e.g. one statement per institution of a monthly settlement, in the order proposed;
 * `key` picks one (e.g. `H001/310`). A proposal that pays thousands of institutions carries its
 * summary and a digest in its payload and its items here, so no message carries them all.
 * Reply: {@link ApprovalItemPage}. Errors: VALIDATION, NOT_FOUND (also another region's approval).
 */
export class ListApprovalItemsRequest extends PageRequest {
  @Matches(UUID_PATTERN, { message: 'id must be a UUID' })
  id: string;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  key?: string;
}

/** One line item of a proposal: its key (unique within the proposal) and its figures as proposed. */
export interface ApprovalItem<T = unknown> {
  key: string;
  item: T;
}

export interface ApprovalItemPage<T = unknown> {
  approvalId: string;
  items: ApprovalItem<T>[];
  /** Items of the proposal (with `key`: 0 or 1), ignoring limit/offset. */
  total: number;
  limit: number;
  offset: number;
}

/** Who proposed or decided: a portal user, or a service proposing automatically (`system`). */
export interface ApprovalParty {
  kind: 'user' | 'system';
  /** User id (or the service name for `system`); maker and checker are compared on it. */
  id: string;
  /** Username, or the service name. */
  name: string;
  roles: Role[];
  /** The party's region scope ('' = unrestricted system). */
  scope: string;
}

export interface ApprovalView<P = unknown, R = unknown> {
  id: string;
  /** Registered action, e.g. `agreement.suspend`. */
  action: string;
  /** What the action changes, e.g. `agreement` / its id. */
  targetType: string;
  targetId: string;
  /** Region of the target; decides who may see and decide the approval. */
  admdvs: string;
  /** Human summary of the proposed change, fixed at proposal time. */
  summary: string;
  /** The proposed change, as given to the action's `apply` on approval. */
  payload: P;
  /** 申请理由 — why the proposer asks for it. */
  reason: string;
  status: ApprovalStatus;
  /** The decider must hold one of these. */
  requiredRoles: Role[];
  proposedBy: ApprovalParty;
  proposedAt: string;
  /** The approver or rejecter; for a withdrawal, the proposer who withdrew. */
  decidedBy?: ApprovalParty;
  decidedAt?: string;
  decisionNote?: string;
  /** What the applied change returned (APPROVED only). */
  result?: R;
}

export interface ApprovalPage {
  items: ApprovalView[];
  /** Matches in the caller's region, ignoring limit/offset. */
  total: number;
  limit: number;
  offset: number;
}

/**
 * Payload of `evt.<context>.ApprovalRequested|ApprovalDecided|ApprovalWithdrawn` v1 — published
 * by the service owning the approval (aggregate id = approval id); e.g. notifies approvers.
 */
export class ApprovalEventPayload {
  @Matches(UUID_PATTERN, { message: 'payload.approvalId must be a UUID' })
  approvalId: string;

  @Matches(APPROVAL_ACTION_PATTERN, { message: 'payload.action must be dotted lower-case words' })
  action: string;

  @IsString()
  targetType: string;

  @IsString()
  targetId: string;

  @ParsedBy((v) => Admdvs.parse(v, 'payload.admdvs'))
  admdvs: string;

  @IsString()
  summary: string;

  @IsIn(APPROVAL_STATUSES)
  status: ApprovalStatus;

  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  requiredRoles: Role[];

  @IsString()
  proposedById: string;

  @IsOptional()
  @IsString()
  decidedById?: string;
}

/** 审批事件 — approval requested, decided or withdrawn. */
export class ApprovalEvent extends EventEnvelopeDto<ApprovalEventPayload> {
  @IsIn(Object.values(ApprovalEventTypes))
  declare type: ApprovalEventType;

  @ValidateNested()
  @Type(() => ApprovalEventPayload)
  payload: ApprovalEventPayload;
}
