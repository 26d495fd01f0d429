import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { FundReportSubjects, type FundReportView } from '@mi/contracts';
import { MiNatsClient } from '@mi/platform';
import { Roles } from '../identity/auth.guard';
import { CSV_CONTENT_TYPE, sendFile, toCsv, toXlsx, XLSX_CONTENT_TYPE } from '../http/table-export';
import { fundReportFileName, fundReportTable } from './fund-report-csv';
import { CITY_SCALE } from './city-scale';

export class FundReportParam {
  @Matches(/^\d{4}00$/, { message: 'admdvs must be a city (pooling region) code xxxx00' })
  admdvs: string;

  @Matches(/^(20\d{2}|2100)$/, { message: 'year must be 2000–2100' })
  year: string;
}

export class FundReportQuery {
  @IsOptional()
  @IsIn(['310', '390', '510'], { message: 'insutype must be 310, 390 or 510' })
  insutype?: string;
}

/**
 * `/api/v1/fund/reports/:admdvs/:year` — 基金运行报表 (fund-pooling-service): a pooling region's fund
 * by month, region (the city and each county) and insurance type — income, expense, net, year to
 * date, the fund balance and the months of reserve — as JSON, or CSV or XLSX for Excel.
 */
@ApiTags('fund: reports')
@ApiBearerAuth()
@Controller('api/v1/fund/reports')
export class FundReportController {
  constructor(private readonly nats: MiNatsClient) {}

  @Get(':admdvs/:year')
  @Roles('province-admin', 'city-officer', 'county-officer', 'auditor')
  @ApiQuery({ name: 'insutype', required: false, enum: ['310', '390', '510'] })
  @ApiOperation({ summary: 'the fund report of a region and year by month, region and insurance type (income, expense, balance, months of reserve)' })
  @ApiOkResponse({ description: 'FundReportView' })
  report(@Param() p: FundReportParam, @Query() q: FundReportQuery): Promise<FundReportView> {
    return this.nats.request(
      FundReportSubjects.report,
      { admdvs: p.admdvs, year: Number(p.year), ...(q.insutype ? { insutype: q.insutype } : {}) },
      CITY_SCALE,
    );
  }

  @Get(':admdvs/:year/csv')
  @Roles('province-admin', 'city-officer', 'county-officer', 'auditor')
  @ApiQuery({ name: 'insutype', required: false, enum: ['310', '390', '510'] })
  @ApiOperation({ summary: 'the same report as CSV for Excel (UTF-8 with BOM; yuan with 2 decimals formatted from fen)' })
  @ApiProduces(CSV_CONTENT_TYPE)
  @ApiOkResponse({ description: 'one row per month, region and insurance type' })
  async csv(@Param() p: FundReportParam, @Query() q: FundReportQuery, @Res() reply: FastifyReply): Promise<void> {
    const r = await this.report(p, q);
    await sendFile(reply, CSV_CONTENT_TYPE, fundReportFileName(r, q.insutype, 'csv'), toCsv(fundReportTable(r)));
  }

  @Get(':admdvs/:year/xlsx')
  @Roles('province-admin', 'city-officer', 'county-officer', 'auditor')
  @ApiQuery({ name: 'insutype', required: false, enum: ['310', '390', '510'] })
  @ApiOperation({
    summary: 'the same report as an Excel workbook (the CSV’s rows and Chinese headers; amounts as numbers with 2 decimals, formatted from fen)',
  })
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOkResponse({ description: 'one sheet: one row per month, region and insurance type' })
  async xlsx(@Param() p: FundReportParam, @Query() q: FundReportQuery, @Res() reply: FastifyReply): Promise<void> {
    const r = await this.report(p, q);
    await sendFile(reply, XLSX_CONTENT_TYPE, fundReportFileName(r, q.insutype, 'xlsx'), await toXlsx(fundReportTable(r)));
  }
}
