import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type ApprovalView,
  type CapitationProposal,
  CapitationQuery,
  CapitationSubjects,
  type CapitationView,
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
  ProposeCapitationRequest,
  ProposeCasePaymentSchemeRequest,
} from '@mi/contracts';
import { CapitationService } from './capitation.service';
import { CasePaymentService } from './case-payment.service';
import { DipSettlementService } from './dip-settlement.service';

/**
 * 按病种付费 (DRG / DIP / bed-day) and 按人头付费 over NATS: schemes, DIP settlements and capitations
 * (approved through `approvalSubjects('fund')`), grouping results and grouped cases.
 */
@Controller()
export class CasePaymentHandlers {
  constructor(
    private readonly cases: CasePaymentService,
    private readonly dip: DipSettlementService,
    private readonly capitation: CapitationService,
  ) {}

  @MessagePattern(CapitationSubjects.propose)
  proposeCapitation(@Payload() req: ProposeCapitationRequest): Promise<ApprovalView<CapitationProposal>> {
    return this.capitation.propose(req);
  }

  @MessagePattern(CapitationSubjects.get)
  capitationOf(@Payload() req: CapitationQuery): Promise<CapitationView> {
    return this.capitation.read(req);
  }

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
