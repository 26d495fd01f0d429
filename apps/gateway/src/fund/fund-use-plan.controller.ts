import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, OmitType } from '@nestjs/swagger';
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
import { MiNatsClient } from '@mi/platform';
import { Roles } from '../identity/auth.guard';

const READERS = ['province-admin', 'city-officer', 'county-officer', 'auditor'] as const;

export class SubmitFundUsePlanBody extends SubmitFundUsePlanRequest {}
/** The review of the plan named by the path: `{version, decision, acceptedFen?, note?}`. */
export class ReviewFundUsePlanBody extends OmitType(ReviewFundUsePlanRequest, ['county', 'period', 'insutype'] as const) {}
export class ProposeDisbursementBody extends ProposeDisbursementRequest {}
/** `:county/:period/:insutype` of a plan. */
export class FundUsePlanParam extends FundUsePlanKeyRequest {}
/** `?admdvs=&period=&insutype=`: a city's month (all its counties in scope) or one county's. */
export class FundUsePlanMonthQuery extends ListFundUsePlansRequest {}

/**
 * `/api/v1/fund/fund-use-plans` and `/api/v1/fund/disbursement-requests` — 月度资金使用计划 and 拨款申请
 * (统收统支, fund-pooling-service): a county officer submits the county's plan for a month and
 * insurance type (resubmitted as a new version while not accepted); a city officer accepts it
 * (optionally adjusted, with a note) or returns it with a reason; a city officer proposes the month's
 * disbursement request over the accepted plans and a different city officer approves it at
 * `/api/v1/approvals/fund/:id/decide`. fund-pooling enforces scope (another region's county is 404),
 * the plan's state and version, and refuses an approval whose plans changed since the proposal.
 */
@ApiTags('fund: fund-use plans and disbursement requests')
@ApiBearerAuth()
@Controller('api/v1/fund')
export class FundUsePlanController {
  constructor(private readonly nats: MiNatsClient) {}

  @Post('fund-use-plans')
  @HttpCode(201)
  @Roles('county-officer')
  @ApiOperation({
    summary:
      'submit the county’s monthly fund-use plan (月度资金使用计划) for a month and insurance type; again while SUBMITTED or RETURNED makes a new version, the same submission again is a replay',
  })
  @ApiCreatedResponse({ description: 'the plan (FundUsePlanView) with the county’s fund use of the last ended months from the ledger, explained' })
  submit(@Body() body: SubmitFundUsePlanBody): Promise<FundUsePlanView> {
    return this.nats.request(FundUsePlanSubjects.submit, body);
  }

  @Get('fund-use-plans')
  @Roles(...READERS)
  @ApiOperation({ summary: 'a month’s plans of a city (or one county) with what a disbursement request would include now and the requests approved' })
  @ApiOkResponse({ description: 'FundUsePlanMonthView' })
  list(@Query() q: FundUsePlanMonthQuery): Promise<FundUsePlanMonthView> {
    return this.nats.request(FundUsePlanSubjects.list, q);
  }

  @Get('fund-use-plans/:county/:period/:insutype')
  @Roles(...READERS)
  @ApiOperation({ summary: 'one county’s plan with every version and review' })
  @ApiOkResponse({ description: 'FundUsePlanView with versions and reviews' })
  get(@Param() p: FundUsePlanParam): Promise<FundUsePlanView> {
    return this.nats.request(FundUsePlanSubjects.get, p);
  }

  @Post('fund-use-plans/:county/:period/:insutype/review')
  @HttpCode(200)
  @Roles('city-officer')
  @ApiOperation({
    summary:
      'accept a submitted plan (optionally at an adjusted amount, then with a note) or return it to the county with a reason; names the version reviewed',
  })
  @ApiOkResponse({ description: 'the plan as reviewed (FundUsePlanView)' })
  review(@Param() p: FundUsePlanParam, @Body() body: ReviewFundUsePlanBody): Promise<FundUsePlanView> {
    return this.nats.request(FundUsePlanSubjects.review, { ...body, ...p });
  }

  @Post('disbursement-requests')
  @HttpCode(201)
  @Roles('city-officer')
  @ApiOperation({
    summary:
      'propose the month’s disbursement request (拨款申请) to the city finance bureau over the accepted plans (maker); a different city officer approves',
  })
  @ApiCreatedResponse({
    description: 'the pending approval, its payload a summary (counts, totals, digest of the plans) — ApprovalView<DisbursementRequestProposal>',
  })
  proposeDisbursement(@Body() body: ProposeDisbursementBody): Promise<ApprovalView<DisbursementRequestProposal>> {
    return this.nats.request(FundUsePlanSubjects.proposeDisbursement, body);
  }
}
