import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type ApprovalView, ProposeTerminatedHoldDecisionRequest, type TerminatedHoldDecisionProposal, TerminatedHoldSubjects } from '@mi/contracts';
import { MiNatsClient } from '@mi/platform';
import { Roles } from '../identity/auth.guard';

export class ProposeTerminatedHoldDecisionBody extends ProposeTerminatedHoldDecisionRequest {}

/**
 * `/api/v1/fund/terminated-hold-decisions` — 解除协议后暂缓款处理 (fund-pooling-service): a city officer
 * proposes to pay out (PAY_OUT) or return to the fund (RETURN_TO_FUND) what is held for an
 * institution whose agreement was terminated, with reason and legal basis; a different city officer
 * approves at `/api/v1/approvals/fund/:id/decide`, which posts it. fund-pooling refuses an
 * institution that is not terminated (`FUND.NOT_TERMINATED`) or has nothing held (`FUND.NOTHING_HELD`).
 */
@ApiTags('fund: payment holds')
@ApiBearerAuth()
@Controller('api/v1/fund/terminated-hold-decisions')
export class FundHoldController {
  constructor(private readonly nats: MiNatsClient) {}

  @Post()
  @HttpCode(201)
  @Roles('city-officer')
  @ApiOperation({ summary: 'propose what becomes of the money held for a terminated institution: pay it out or return it to the fund (maker)' })
  @ApiCreatedResponse({ description: 'the pending approval, its payload what is held per insurance type (ApprovalView<TerminatedHoldDecisionProposal>)' })
  propose(@Body() body: ProposeTerminatedHoldDecisionBody): Promise<ApprovalView<TerminatedHoldDecisionProposal>> {
    return this.nats.request(TerminatedHoldSubjects.propose, body);
  }
}
