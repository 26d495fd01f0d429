import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type CreditFileDetailView, CreditRankingRequest, type CreditRankingItemView, type Page, Subjects } from '@mi/contracts';
import { MiNatsClient } from '@mi/platform';
import { Roles } from '../identity/auth.guard';
import { CreditFileDto, CreditFileParam } from './credit-files.dto';

/** Filters and page of the ranking (limit 1–200, default 20). */
export class CreditRankingQuery extends CreditRankingRequest {}

/**
 * `/api/v1/credit-files/:subjectType/:subjectCode` — a credit file (credit-service; another region's
 * file is 404); `/api/v1/credit-files/ranking` — the region's files riskiest first (风险排名).
 */
@ApiTags('credit: files')
@ApiBearerAuth()
@Controller('api/v1/credit-files')
export class CreditFilesController {
  constructor(private readonly nats: MiNatsClient) {}

  @Get('ranking')
  @Roles('province-admin', 'city-officer', 'county-officer', 'health-liaison', 'reviewer', 'auditor')
  @ApiOperation({
    summary: '风险排名 — the region’s credit files riskiest first: lowest score, then most score lost in the last 90 days; each with its latest negative entry',
  })
  @ApiOkResponse({ description: 'Page<CreditRankingItemView>' })
  ranking(@Query() q: CreditRankingQuery): Promise<Page<CreditRankingItemView>> {
    return this.nats.request<Page<CreditRankingItemView>>(Subjects.credit.creditRanking, q);
  }

  @Get(':subjectType/:subjectCode')
  @ApiOperation({ summary: '信用档案 (一户一档/一人一档) — every entry with its source event and evidence' })
  @ApiOkResponse({ type: CreditFileDto })
  get(@Param() params: CreditFileParam): Promise<CreditFileDetailView> {
    return this.nats.request<CreditFileDetailView>(Subjects.credit.getCreditFile, params);
  }
}
