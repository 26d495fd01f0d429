import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import {
  type ApprovalView,
  type ClearingStatementView,
  ClearingSubjects,
  ClearingWhatIfRequest,
  type ClearingWhatIfView,
  ProposeYearEndClearingRequest,
  type YearEndClearingProposal,
} from '@mi/contracts';
import { MiNatsClient } from '@mi/platform';
import { Roles } from '../identity/auth.guard';
import { BudgetParam } from './fund-budget.controller';
import { CITY_SCALE } from './city-scale';

const READERS = ['province-admin', 'city-officer', 'county-officer', 'auditor'] as const;

export class ProposeYearEndClearingBody extends ProposeYearEndClearingRequest {}
export class ClearingWhatIfBody extends ClearingWhatIfRequest {}

export class ClearingStatementParam extends BudgetParam {
  @Matches(/^[A-Za-z][0-9]{11}$/, { message: 'institutionCode must be a letter and 11 digits (e.g. H43010200001)' })
  institutionCode: string;
}

/**
 * `/api/v1/fund/year-end-clearings` — 年终清算 (fund-pooling-service): a city officer proposes the
 * clearing of a pooling region, ended year and insurance type (every institution's actual payable
 * against its indicator through the budget's bands); a different city officer approves at
 * `/api/v1/approvals/fund/:id/decide`, which posts it once. Statements line by line, and a what-if
 * with other bands that posts nothing.
 */
@ApiTags('fund: year-end clearing')
@ApiBearerAuth()
@Controller('api/v1/fund/year-end-clearings')
export class FundClearingController {
  constructor(private readonly nats: MiNatsClient) {}

  @Post()
  @HttpCode(201)
  @Roles('city-officer')
  @ApiOperation({ summary: 'propose the year-end clearing (年终清算) of a region, ended year and insurance type (maker); cleared once' })
  @ApiCreatedResponse({
    description: 'the pending approval, its payload the summary with the cut-off and a digest of every result (ApprovalView<YearEndClearingProposal>)',
  })
  propose(@Body() body: ProposeYearEndClearingBody): Promise<ApprovalView<YearEndClearingProposal>> {
    return this.nats.request(ClearingSubjects.propose, body, CITY_SCALE);
  }

  @Post('what-if')
  @HttpCode(200)
  @Roles(...READERS)
  @ApiOperation({ summary: 'the clearing computed with other bands (模拟测算), nothing posted; optionally one institution’s statement' })
  @ApiOkResponse({ description: 'ClearingWhatIfView' })
  whatIf(@Body() body: ClearingWhatIfBody): Promise<ClearingWhatIfView> {
    return this.nats.request(ClearingSubjects.whatIf, body, CITY_SCALE);
  }

  @Get(':admdvs/:year/:insutype/statements/:institutionCode')
  @Roles(...READERS)
  @ApiOperation({ summary: 'an institution’s clearing statement line by line: as posted, or provisional before the clearing' })
  @ApiOkResponse({ description: 'ClearingStatementView' })
  statement(@Param() p: ClearingStatementParam): Promise<ClearingStatementView> {
    return this.nats.request(ClearingSubjects.statement, { ...p, year: Number(p.year) });
  }
}
