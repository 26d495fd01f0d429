import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, OmitType } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import {
  type ApprovalItemPage,
  type ApprovalPage,
  approvalSubjects,
  type ApprovalView,
  AUDIT_CONTEXTS,
  type AuditContext,
  DecideApprovalRequest,
  ListApprovalItemsRequest,
  ListApprovalsRequest,
} from '@mi/contracts';
import { ApprovalService, MiNatsClient } from '@mi/platform';
import { CITY_SCALE } from '../fund/city-scale';

export class ApprovalContextParam {
  @IsIn([...AUDIT_CONTEXTS], { message: `context must be one of ${AUDIT_CONTEXTS.join(', ')}` })
  context: AuditContext;
}

export class ApprovalRefParam extends ApprovalContextParam {
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { message: 'id must be a UUID' })
  id: string;
}

/** The item query as the portal sends it (the id is in the path). */
export class ApprovalItemsQuery extends OmitType(ListApprovalItemsRequest, ['id'] as const) {}

/** The decision as the portal sends it (the id is in the path). */
export class DecisionBody extends OmitType(DecideApprovalRequest, ['id'] as const) {}

/**
 * `/api/v1/approvals/:context` — maker-checker (分段把关、分人负责、相互制衡): the approver's to-do
 * list, one approval, its line items, approve/reject, withdraw. The owning service enforces who may decide (not
 * the proposer, a required role, the region); the gateway only routes.
 */
@ApiTags('approvals')
@ApiBearerAuth()
@Controller('api/v1/approvals')
export class ApprovalsController {
  constructor(
    private readonly nats: MiNatsClient,
    private readonly approvals: ApprovalService,
  ) {}

  @Get(':context')
  list(@Param() p: ApprovalContextParam, @Query() q: ListApprovalsRequest): Promise<ApprovalPage> {
    if (p.context === 'gateway') return this.approvals.list(q);
    return this.nats.request<ApprovalPage>(approvalSubjects(p.context).list, q);
  }

  @Get(':context/:id')
  get(@Param() p: ApprovalRefParam): Promise<ApprovalView> {
    if (p.context === 'gateway') return this.approvals.get(p.id);
    return this.nats.request<ApprovalView>(approvalSubjects(p.context).get, { id: p.id });
  }

  /** 明细 — a page of the proposal's line items (e.g. each institution's statement of a monthly settlement). */
  @Get(':context/:id/items')
  items(@Param() p: ApprovalRefParam, @Query() q: ApprovalItemsQuery): Promise<ApprovalItemPage> {
    if (p.context === 'gateway') return this.approvals.items(p.id, q);
    return this.nats.request<ApprovalItemPage>(approvalSubjects(p.context).items, { id: p.id, ...q });
  }

  @Post(':context/:id/decide')
  @HttpCode(200)
  decide(@Param() p: ApprovalRefParam, @Body() body: DecisionBody): Promise<ApprovalView> {
    if (p.context === 'gateway') return this.approvals.decide(p.id, body.decision, body.note);
    // Approving applies the decision in one transaction — a big city's monthly run posts thousands of
    // statements — so it waits as long as the fund routes whose work grows with the city.
    return this.nats.request<ApprovalView>(approvalSubjects(p.context).decide, { id: p.id, ...body }, CITY_SCALE);
  }

  @Post(':context/:id/withdraw')
  @HttpCode(200)
  withdraw(@Param() p: ApprovalRefParam): Promise<ApprovalView> {
    if (p.context === 'gateway') return this.approvals.withdraw(p.id);
    return this.nats.request<ApprovalView>(approvalSubjects(p.context).withdraw, { id: p.id });
  }
}
