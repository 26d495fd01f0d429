import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type ApprovalView,
  type CaseGroupingReply,
  type CasePaymentSchemeProposal,
  CasePaymentSchemeQuery,
  type CasePaymentSchemeView,
  CasePaymentSubjects,
  GroupCasesRequest,
  type GroupedCasePage,
  GroupedCaseQuery,
  ProposeCasePaymentSchemeRequest,
} from '@mi/contracts';
import { CasePaymentService } from './case-payment.service';

/** 按病种付费 (DRG / DIP) over NATS: schemes (approval through `approvalSubjects('fund')`), grouping results and grouped cases. */
@Controller()
export class CasePaymentHandlers {
  constructor(private readonly cases: CasePaymentService) {}

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

  @MessagePattern(CasePaymentSubjects.cases)
  list(@Payload() req: GroupedCaseQuery): Promise<GroupedCasePage> {
    return this.cases.cases(req);
  }
}
