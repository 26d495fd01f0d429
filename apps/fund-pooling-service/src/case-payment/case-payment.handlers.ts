import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type ApprovalView,
  type CaseGroupingReply,
  type CasePaymentSchemeProposal,
  CasePaymentSchemeQuery,
  type CasePaymentSchemeView,
  CasePaymentSubjects,
  type DipSettlementProposal,
  DipSettlementQuery,
  type DipSettlementView,
  ProposeDipSettlementRequest,
  GroupCasesRequest,
  type GroupedCasePage,
  GroupedCaseQuery,
  ProposeCasePaymentSchemeRequest,
} from '@mi/contracts';
import { CasePaymentService } from './case-payment.service';
import { DipSettlementService } from './dip-settlement.service';

/** 按病种付费 (DRG / DIP) over NATS: schemes (approval through `approvalSubjects('fund')`), grouping results and grouped cases. */
@Controller()
export class CasePaymentHandlers {
  constructor(
    private readonly cases: CasePaymentService,
    private readonly dip: DipSettlementService,
  ) {}

  @MessagePattern(CasePaymentSubjects.proposeScheme)
  proposeScheme(@Payload() req: ProposeCasePaymentSchemeRequest): Promise<ApprovalView<CasePaymentSchemeProposal>> {
    return this.cases.proposeScheme(req);
  }

  @MessagePattern(CasePaymentSubjects.scheme)
  scheme(@Payload() req: CasePaymentSchemeQuery): Promise<CasePaymentSchemeView> {
    return this.cases.scheme(req);
  }

  @MessagePattern(CasePaymentSubjects.group)
  group(@Payload() req: GroupCasesRequest): Promise<CaseGroupingReply> {
    return this.cases.group(req);
  }

  @MessagePattern(CasePaymentSubjects.proposeDipSettlement)
  proposeDipSettlement(@Payload() req: ProposeDipSettlementRequest): Promise<ApprovalView<DipSettlementProposal>> {
    return this.dip.propose(req);
  }

  @MessagePattern(CasePaymentSubjects.dipSettlement)
  dipSettlement(@Payload() req: DipSettlementQuery): Promise<DipSettlementView> {
    return this.dip.read(req);
  }

  @MessagePattern(CasePaymentSubjects.cases)
  list(@Payload() req: GroupedCaseQuery): Promise<GroupedCasePage> {
    return this.cases.cases(req);
  }
}
