import { Controller, type Type } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { auditSubjects, SearchAuditRequest } from '@mi/contracts';
import { currentActor } from '../security/current-actor';
import { requireRole } from '../security/actor';
import { type AuditRecordView, AuditService, type AuditVerification } from './audit.service';

/** Who may read the audit trail: auditors (read-only), province administrators, system operators. */
export const AUDIT_READER_ROLES = ['auditor', 'province-admin', 'system-operator'] as const;

/** Reads the caller's region for an audit query (system callers: everything). */
export function auditScopeOfCaller(action: string): string {
  const actor = currentActor();
  if (actor?.kind === 'system') return actor.scope;
  requireRole(actor, [...AUDIT_READER_ROLES], action);
  return actor.scope;
}

/**
 * The audit trail over NATS for one service (`mi.v1.<context>.audit.search|verify`); every
 * service mounts `auditHandlers('<its context>')`.
 */
export function auditHandlers(context: string): Type<unknown> {
  const subjects = auditSubjects(context);

  @Controller()
  class AuditHandlers {
    constructor(private readonly audit: AuditService) {}

    @MessagePattern(subjects.search)
    search(@Payload() q: SearchAuditRequest): Promise<AuditRecordView[]> {
      const scope = auditScopeOfCaller('search the audit trail');
      return this.audit.search({ ...q, scope, limit: q.limit ?? 50 });
    }

    @MessagePattern(subjects.verify)
    verify(): Promise<AuditVerification> {
      auditScopeOfCaller('verify the audit trail');
      return this.audit.verify();
    }
  }
  return AuditHandlers;
}
