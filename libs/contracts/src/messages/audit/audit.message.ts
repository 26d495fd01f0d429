import { Type } from 'class-transformer';
import { IsDate, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

/** Subjects of the audit trail every service answers for its own schema. */
export function auditSubjects(context: string): { search: string; verify: string } {
  return { search: `mi.v1.${context}.audit.search`, verify: `mi.v1.${context}.audit.verify` };
}

/** The contexts that keep an audit trail (one per service schema). */
export const AUDIT_CONTEXTS = ['gateway', 'agreement', 'review', 'kb', 'fund', 'credit'] as const;
export type AuditContext = (typeof AUDIT_CONTEXTS)[number];

/**
 * `mi.v1.<context>.audit.search` — gateway (auditor, province admin, system operator) → a service.
 * Newest first, limited to the caller's region. Reply: AuditRecordView[].
 */
export class SearchAuditRequest {
  @IsOptional()
  @IsString()
  @Length(1, 100)
  action?: string;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  actorId?: string;

  @IsOptional()
  @IsString()
  @Length(1, 50)
  targetType?: string;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  targetId?: string;

  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;

  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'beforeSeq must be a record sequence number' })
  beforeSeq?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

/** One record of a service's hash-chained audit trail (reply of `audit.search`, newest first). */
export interface AuditRecordView {
  seq: string;
  id: string;
  at: string;
  requestId: string | null;
  actor: { id: string; role: string; scope: string };
  action: string;
  target: { type: string; id: string };
  admdvs: string | null;
  beforeDigest: string | null;
  afterDigest: string | null;
  detail: Record<string, unknown> | null;
  hash: string;
}

/** `mi.v1.<context>.audit.verify` — walks the hash chain. Reply: {@link AuditVerification}. */
export class VerifyAuditRequest {}

export interface AuditVerification {
  ok: boolean;
  records: number;
  /** First record whose hash does not match (edited) or whose predecessor is missing (deleted). */
  brokenAt?: { seq: string; reason: string };
}
