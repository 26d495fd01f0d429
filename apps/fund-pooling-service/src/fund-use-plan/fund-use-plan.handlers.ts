import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type ApprovalView,
  type DisbursementRequestProposal,
  FundUsePlanKeyRequest,
  type FundUsePlanMonthView,
  FundUsePlanSubjects,
  type FundUsePlanView,
  ListFundUsePlansRequest,
  ProposeDisbursementRequest,
  ReviewFundUsePlanRequest,
  SubmitFundUsePlanRequest,
} from '@mi/contracts';
import { FundUsePlanService } from './fund-use-plan.service';

/** 月度资金使用计划 and 拨款申请 over NATS: county plans, the city's review, the month's disbursement request (approved through `approvalSubjects('fund')`). */
@Controller()
export class FundUsePlanHandlers {
  constructor(private readonly plans: FundUsePlanService) {}

  @MessagePattern(FundUsePlanSubjects.submit)
  submit(@Payload() req: SubmitFundUsePlanRequest): Promise<FundUsePlanView> {
    return this.plans.submit(req);
  }

  @MessagePattern(FundUsePlanSubjects.review)
  review(@Payload() req: ReviewFundUsePlanRequest): Promise<FundUsePlanView> {
    return this.plans.review(req);
  }

  @MessagePattern(FundUsePlanSubjects.get)
  get(@Payload() req: FundUsePlanKeyRequest): Promise<FundUsePlanView> {
    return this.plans.get(req);
  }

  @MessagePattern(FundUsePlanSubjects.list)
  list(@Payload() req: ListFundUsePlansRequest): Promise<FundUsePlanMonthView> {
    return this.plans.list(req);
  }

  @MessagePattern(FundUsePlanSubjects.proposeDisbursement)
  proposeDisbursement(@Payload() req: ProposeDisbursementRequest): Promise<ApprovalView<DisbursementRequestProposal>> {
    return this.plans.proposeDisbursement(req);
  }
}
