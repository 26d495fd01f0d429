import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import {
  type ApprovalView,
  CountyFundSubjects,
  type CountyShortfallPostingProposal,
  ProposeCountyShortfallPostingRequest,
  type CountyIncomePlanView,
  type CountyIncomeRecordedView,
  type CountyShortfallView,
  RecordCountyIncomeRequest,
  SetCountyIncomePlanRequest,
} from '@mi/contracts';
import { MiNatsClient } from '@mi/platform';
import { Roles } from '../identity/auth.guard';

export class RecordCountyIncomeBody extends RecordCountyIncomeRequest {}
export class SetCountyIncomePlanBody extends SetCountyIncomePlanRequest {}
export class ProposeCountyShortfallPostingBody extends ProposeCountyShortfallPostingRequest {}

export class CountyShortfallParam {
  @Matches(/^\d{4}(?!00)\d{2}$/, { message: 'county must be a county-level region code (6 digits, not ending in 00)' })
  county: string;

  @Matches(/^(20\d{2}|2100)$/, { message: 'year must be 2000–2100' })
  year: string;

  @IsIn(['310', '390', '510'], { message: 'insutype must be 310, 390 or 510' })
  insutype: string;
}

/**
 * `/api/v1/fund/county-*` — 统收统支 (fund-pooling-service): county officers record their county's
 * remittances to the city fund account; city officers set each county's annual income plan and read
 * the year-end shortfall rule. fund-pooling enforces scope (another region's county is 404), one
 * record per remittance reference, plans fixed once the year ended, and the rule only after it.
 */
@ApiTags('fund: county income')
@ApiBearerAuth()
@Controller('api/v1/fund')
export class FundCountyController {
  constructor(private readonly nats: MiNatsClient) {}

  @Post('county-income')
  @HttpCode(201)
  @Roles('city-officer', 'county-officer')
  @ApiOperation({ summary: 'record a county remittance (收入上解) to the city fund account; the same reference again is a replay' })
  @ApiCreatedResponse({ description: 'the entry posted (or found, `replayed`)' })
  recordIncome(@Body() body: RecordCountyIncomeBody): Promise<CountyIncomeRecordedView> {
    return this.nats.request(CountyFundSubjects.recordIncome, body);
  }

  @Put('county-plans')
  @Roles('city-officer')
  @ApiOperation({ summary: 'set a county’s annual income plan (年度收入计划) before the year ends' })
  @ApiOkResponse({ description: 'the plan as set' })
  setPlan(@Body() body: SetCountyIncomePlanBody): Promise<CountyIncomePlanView> {
    return this.nats.request(CountyFundSubjects.setPlan, body);
  }

  @Get('county-shortfall/:county/:year/:insutype')
  @Roles('province-admin', 'city-officer', 'county-officer', 'auditor')
  @ApiOperation({ summary: 'the year-end county shortfall rule for an ended year, explained (city covers it or the county makes it up)' })
  @ApiOkResponse({ description: 'plan, income, fund use, gap, who covers it, and why' })
  shortfall(@Param() p: CountyShortfallParam): Promise<CountyShortfallView> {
    return this.nats.request(CountyFundSubjects.shortfall, { ...p, year: Number(p.year) });
  }

  @Post('county-shortfall-postings')
  @HttpCode(201)
  @Roles('city-officer')
  @ApiOperation({
    summary:
      'propose posting a county’s year-end shortfall (maker): the city’s cover from pooled surplus, or the county’s make-up receivable; once per county, year and insurance type',
  })
  @ApiCreatedResponse({ description: 'the pending approval (approve at /api/v1/approvals/fund/:id/decide), its payload the evaluation' })
  proposeShortfallPosting(@Body() body: ProposeCountyShortfallPostingBody): Promise<ApprovalView<CountyShortfallPostingProposal>> {
    return this.nats.request(CountyFundSubjects.proposeShortfallPosting, body);
  }
}
