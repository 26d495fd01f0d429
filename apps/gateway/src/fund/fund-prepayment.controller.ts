import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, PickType } from '@nestjs/swagger';
import {
  type ApprovalView,
  MonthlyPrepaymentQuery,
  MonthlyPrepaymentRequest,
  type MonthlyPrepaymentProposal,
  type MonthlyPrepaymentView,
  PrepaymentSubjects,
  ProposeMonthlyPrepaymentRequest,
} from '@mi/contracts';
import { MiNatsClient } from '@mi/platform';
import { Roles } from '../identity/auth.guard';
import { CITY_SCALE } from './city-scale';

export class ProposeMonthlyPrepaymentBody extends ProposeMonthlyPrepaymentRequest {}
export class MonthlyPrepaymentParam extends MonthlyPrepaymentRequest {}
/** The page of items (the region and month are in the path). */
export class MonthlyPrepaymentPage extends PickType(MonthlyPrepaymentQuery, ['limit', 'offset'] as const) {}

/**
 * `/api/v1/fund/monthly-prepayments` — 月度预付 (fund-pooling-service): a city officer proposes a
 * pooling region's prepayment of a month (each institution's indicator ÷ 12 × the budget's share);
 * a different city officer approves at `/api/v1/approvals/fund/:id/decide`, which posts one entry
 * per institution. The month's settlement run offsets it. fund-pooling refuses a month prepaid
 * already, settled already, or not started.
 */
@ApiTags('fund: monthly prepayment')
@ApiBearerAuth()
@Controller('api/v1/fund/monthly-prepayments')
export class FundPrepaymentController {
  constructor(private readonly nats: MiNatsClient) {}

  @Post()
  @HttpCode(201)
  @Roles('city-officer')
  @ApiOperation({ summary: 'propose the monthly prepayment (月度预付) of a region and month (maker): indicator ÷ 12 × prepayment share per institution' })
  @ApiCreatedResponse({
    description:
      'the pending approval, its payload the summary and digest (ApprovalView<MonthlyPrepaymentProposal>); each institution’s amount explained at /api/v1/approvals/fund/:id/items',
  })
  propose(@Body() body: ProposeMonthlyPrepaymentBody): Promise<ApprovalView<MonthlyPrepaymentProposal>> {
    return this.nats.request(PrepaymentSubjects.propose, body, CITY_SCALE);
  }

  @Get(':admdvs/:period')
  @Roles('province-admin', 'city-officer', 'county-officer', 'auditor')
  @ApiOperation({ summary: 'a region’s prepayment of a month: as posted (with entries), or provisional; a page of its items (limit/offset)' })
  @ApiOkResponse({ description: 'MonthlyPrepaymentView' })
  get(@Param() p: MonthlyPrepaymentParam, @Query() q: MonthlyPrepaymentPage): Promise<MonthlyPrepaymentView> {
    return this.nats.request(PrepaymentSubjects.get, { ...p, ...q });
  }
}
