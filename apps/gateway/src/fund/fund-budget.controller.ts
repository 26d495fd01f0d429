import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import {
  type AnnualBudgetProposal,
  type AnnualBudgetView,
  type ApprovalView,
  BudgetSubjects,
  ProposeAnnualBudgetRequest,
  ProposeIndicatorsRequest,
  type TotalControlIndicatorListView,
  type TotalControlIndicatorsProposal,
} from '@mi/contracts';
import { MiNatsClient } from '@mi/platform';
import { Roles } from '../identity/auth.guard';
import { CITY_SCALE } from './city-scale';

const READERS = ['province-admin', 'city-officer', 'county-officer', 'auditor'] as const;

export class ProposeAnnualBudgetBody extends ProposeAnnualBudgetRequest {}
export class ProposeIndicatorsBody extends ProposeIndicatorsRequest {}

/** `:admdvs/:year/:insutype` of a budget. */
export class BudgetParam {
  @Matches(/^\d{4}00$/, { message: 'admdvs must be a city (pooling region) code xxxx00' })
  admdvs: string;

  @Matches(/^(20\d{2}|2100)$/, { message: 'year must be 2000–2100' })
  year: string;

  @IsIn(['310', '390', '510'], { message: 'insutype must be 310, 390 or 510' })
  insutype: string;
}

export class IndicatorQuery {
  @IsOptional()
  @Matches(/^[A-Za-z][0-9]{11}$/, { message: 'institutionCode must be a letter and 11 digits (e.g. H43010200001)' })
  institutionCode?: string;
}

/**
 * `/api/v1/fund/budgets` and `/api/v1/fund/total-control-indicators` — 年度基金预算与总额控制指标
 * (fund-pooling-service): a city officer proposes a pooling region's annual budget (income,
 * expenditure, reserve share; also the year's prepayment share and clearing bands) or institutions'
 * negotiated indicators; a different city officer approves at `/api/v1/approvals/fund/:id/decide`.
 * fund-pooling refuses an unbalanced budget (`FUND.BUDGET_UNBALANCED`, 以收定支、收支平衡、略有结余),
 * indicators above the budget's expenditure (`FUND.INDICATORS_EXCEED_BUDGET`) or without a budget
 * (`FUND.NO_BUDGET`), and changes once the year ended (`FUND.YEAR_ENDED`).
 */
@ApiTags('fund: budgets and indicators')
@ApiBearerAuth()
@Controller('api/v1/fund')
export class FundBudgetController {
  constructor(private readonly nats: MiNatsClient) {}

  @Post('budgets')
  @HttpCode(201)
  @Roles('city-officer')
  @ApiOperation({
    summary: 'propose a pooling region’s annual budget for a year and insurance type (maker); refused when expenditure exceeds income less the reserve',
  })
  @ApiCreatedResponse({
    description: 'the pending approval, its payload the budget with its reserve and what it replaces (ApprovalView<AnnualBudgetProposal>)',
  })
  proposeBudget(@Body() body: ProposeAnnualBudgetBody): Promise<ApprovalView<AnnualBudgetProposal>> {
    return this.nats.request(BudgetSubjects.proposeBudget, body);
  }

  @Get('budgets/:admdvs/:year/:insutype')
  @Roles(...READERS)
  @ApiOperation({ summary: 'the approved annual budget, explained, with what the institutions’ indicators take of it' })
  @ApiOkResponse({ description: 'AnnualBudgetView' })
  budget(@Param() p: BudgetParam): Promise<AnnualBudgetView> {
    return this.nats.request(BudgetSubjects.budget, { ...p, year: Number(p.year) });
  }

  @Get('budgets/:admdvs/:year/:insutype/indicators')
  @Roles(...READERS)
  @ApiQuery({ name: 'institutionCode', required: false })
  @ApiOperation({ summary: 'the total control indicators (总额控制指标) of the budget’s institutions' })
  @ApiOkResponse({ description: 'TotalControlIndicatorListView' })
  indicators(@Param() p: BudgetParam, @Query() q: IndicatorQuery): Promise<TotalControlIndicatorListView> {
    return this.nats.request(BudgetSubjects.indicators, { ...p, year: Number(p.year), ...(q.institutionCode ? { institutionCode: q.institutionCode } : {}) });
  }

  @Post('total-control-indicators')
  @HttpCode(201)
  @Roles('city-officer')
  @ApiOperation({
    summary: 'propose negotiated total control indicators of institutions for a year (maker); all indicators stay within the budget’s expenditure',
  })
  @ApiCreatedResponse({ description: 'the pending approval (ApprovalView<TotalControlIndicatorsProposal>), each indicator with what it replaces' })
  proposeIndicators(@Body() body: ProposeIndicatorsBody): Promise<ApprovalView<TotalControlIndicatorsProposal>> {
    return this.nats.request(BudgetSubjects.proposeIndicators, body, CITY_SCALE);
  }
}
