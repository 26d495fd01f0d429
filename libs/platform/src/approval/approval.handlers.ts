import { Controller, Inject, type Type } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ApprovalIdRequest,
  type ApprovalItemPage,
  type ApprovalPage,
  approvalSubjects,
  type ApprovalView,
  DecideApprovalRequest,
  ListApprovalItemsRequest,
  ListApprovalsRequest,
} from '@mi/contracts';
import { ApprovalService } from './approval.service';

/**
 * The NATS handlers of a service's approvals, on `mi.v1.<context>.approvals.decide|withdraw|get|list|items`
 * (see `approvalSubjects`). Mount the returned class in the service's module `controllers`, next to
 * a provider of {@link ApprovalService}. Proposing has no handler: it is part of the service's own
 * use cases.
 */
export function approvalHandlers(context: string): Type<unknown> {
  const subjects = approvalSubjects(context);

  @Controller()
  class ApprovalHandlers {
    constructor(@Inject(ApprovalService) private readonly approvals: ApprovalService) {}

    @MessagePattern(subjects.decide)
    decide(@Payload() req: DecideApprovalRequest): Promise<ApprovalView> {
      return this.approvals.decide(req.id, req.decision, req.note);
    }

    @MessagePattern(subjects.withdraw)
    withdraw(@Payload() req: ApprovalIdRequest): Promise<ApprovalView> {
      return this.approvals.withdraw(req.id);
    }

    @MessagePattern(subjects.get)
    get(@Payload() req: ApprovalIdRequest): Promise<ApprovalView> {
      return this.approvals.get(req.id);
    }

    @MessagePattern(subjects.list)
    list(@Payload() req: ListApprovalsRequest): Promise<ApprovalPage> {
      return this.approvals.list({ status: req.status, action: req.action, limit: req.limit, offset: req.offset });
    }

    @MessagePattern(subjects.items)
    items(@Payload() req: ListApprovalItemsRequest): Promise<ApprovalItemPage> {
      return this.approvals.items(req.id, { key: req.key, limit: req.limit, offset: req.offset });
    }
  }

  // A distinct name per context keeps Nest's logs and DI diagnostics readable.
  const name = `${context.replace(/(^|-)([a-z0-9])/g, (_m, _d: string, c: string) => c.toUpperCase())}ApprovalHandlers`;
  Object.defineProperty(ApprovalHandlers, 'name', { value: name });
  return ApprovalHandlers;
}
