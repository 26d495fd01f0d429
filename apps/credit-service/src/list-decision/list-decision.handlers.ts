import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AcknowledgeNoticeRequest,
  CreditListSubjects,
  ListDecisionIdRequest,
  ListDecisionsRequest,
  type ListDecisionView,
  type ListingProposalReply,
  type Page,
  ProposeListingRequest,
  RepairListingRequest,
  SendJointNoticesRequest,
} from '@mi/contracts';
import { ListDecisionService } from './list-decision.service';

/** 红黑名单 — request/reply handlers; decisions are applied through the `credit` approvals. */
@Controller()
export class ListDecisionHandlers {
  constructor(private readonly decisions: ListDecisionService) {}

  @MessagePattern(CreditListSubjects.propose)
  propose(@Payload() req: ProposeListingRequest): Promise<ListingProposalReply> {
    return this.decisions.propose(req);
  }

  @MessagePattern(CreditListSubjects.list)
  list(@Payload() req: ListDecisionsRequest): Promise<Page<ListDecisionView>> {
    return this.decisions.list(req);
  }

  @MessagePattern(CreditListSubjects.get)
  get(@Payload() req: ListDecisionIdRequest): Promise<ListDecisionView> {
    return this.decisions.get(req.id);
  }

  @MessagePattern(CreditListSubjects.repair)
  repair(@Payload() req: RepairListingRequest): Promise<ListDecisionView> {
    return this.decisions.repair(req);
  }

  @MessagePattern(CreditListSubjects.sendNotices)
  sendNotices(@Payload() req: SendJointNoticesRequest): Promise<ListDecisionView> {
    return this.decisions.sendNotices(req);
  }

  @MessagePattern(CreditListSubjects.acknowledgeNotice)
  acknowledge(@Payload() req: AcknowledgeNoticeRequest): Promise<ListDecisionView> {
    return this.decisions.acknowledge(req);
  }
}
