import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type ApprovalView,
  CountyFundSubjects,
  type CountyShortfallPostingProposal,
  ProposeCountyShortfallPostingRequest,
  type CountyIncomePlanView,
  type CountyIncomeRecordedView,
  CountyShortfallRequest,
  type CountyShortfallView,
  RecordCountyIncomeRequest,
  SetCountyIncomePlanRequest,
} from '@mi/contracts';
import { CountyFundService } from './county-fund.service';

/** 统收统支 over NATS: county remittances, annual county plans, the year-end shortfall rule. */
@Controller()
export class CountyFundHandlers {
  constructor(private readonly counties: CountyFundService) {}

  @MessagePattern(CountyFundSubjects.recordIncome)
  recordIncome(@Payload() req: RecordCountyIncomeRequest): Promise<CountyIncomeRecordedView> {
    return this.counties.recordIncome(req);
  }

  @MessagePattern(CountyFundSubjects.setPlan)
  setPlan(@Payload() req: SetCountyIncomePlanRequest): Promise<CountyIncomePlanView> {
    return this.counties.setPlan(req);
  }

  @MessagePattern(CountyFundSubjects.shortfall)
  shortfall(@Payload() req: CountyShortfallRequest): Promise<CountyShortfallView> {
    return this.counties.shortfall(req);
  }

  @MessagePattern(CountyFundSubjects.proposeShortfallPosting)
  proposeShortfallPosting(@Payload() req: ProposeCountyShortfallPostingRequest): Promise<ApprovalView<CountyShortfallPostingProposal>> {
    return this.counties.proposeShortfallPosting(req);
  }
}
