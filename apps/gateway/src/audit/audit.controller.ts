import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { AUDIT_CONTEXTS, type AuditContext, auditSubjects, SearchAuditRequest } from '@mi/contracts';
import { type AuditRecordView, AuditService, type AuditVerification, MiNatsClient, type PortalActor } from '@mi/platform';
import { type AuthenticatedRequest, Roles } from '../identity/auth.guard';

export class AuditContextParam {
  @IsIn([...AUDIT_CONTEXTS], { message: `context must be one of ${AUDIT_CONTEXTS.join(', ')}` })
  context: AuditContext;
}

/**
 * `/api/v1/audit/:context` — the audit trail of one service (审计日志查询) and the verification of
 * its hash chain, for auditors, province administrators and system operators, within their region.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Roles('auditor', 'province-admin', 'system-operator')
@Controller('api/v1/audit')
export class AuditController {
  constructor(
    private readonly nats: MiNatsClient,
    private readonly audit: AuditService,
  ) {}

  @Get(':context')
  search(@Param() p: AuditContextParam, @Query() q: SearchAuditRequest, @Req() req: AuthenticatedRequest): Promise<AuditRecordView[]> {
    if (p.context === 'gateway') return this.audit.search({ ...q, scope: (req.actor as PortalActor).scope, limit: q.limit ?? 50 });
    return this.nats.request<AuditRecordView[]>(auditSubjects(p.context).search, q);
  }

  @Get(':context/verify')
  verify(@Param() p: AuditContextParam): Promise<AuditVerification> {
    if (p.context === 'gateway') return this.audit.verify();
    return this.nats.request<AuditVerification>(auditSubjects(p.context).verify, {});
  }
}
