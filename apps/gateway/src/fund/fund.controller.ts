import { Body, Controller, Get, HttpCode, Module, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Matches } from 'class-validator';
import {
  type ApprovalView,
  type InstitutionStatementView,
  type MonthlySettlementProposal,
  MonthlySettlementSubjects,
  ProposeMonthlySettlementRequest,
  STATEMENT_LINE_CODES,
  type StatementItemView,
  type StatementLineView,
} from '@mi/contracts';
import { MiNatsClient } from '@mi/platform';
import { Roles } from '../identity/auth.guard';
import { CasePaymentController } from './case-payment.controller';
import { FundBudgetController } from './fund-budget.controller';
import { FundClearingController } from './fund-clearing.controller';
import { FundCountyController } from './fund-county.controller';
import { FundHoldController } from './fund-hold.controller';
import { FundPrepaymentController } from './fund-prepayment.controller';
import { FundReportController } from './fund-report.controller';
import { FundUsePlanController } from './fund-use-plan.controller';
import { PaymentDeadlineController } from './payment-deadline.controller';
import { CSV_CONTENT_TYPE, sendFile, toCsv, toXlsx, XLSX_CONTENT_TYPE } from '../http/table-export';
import { statementFileName, statementTable } from './statement-csv';
import { CITY_SCALE } from './city-scale';

/** Proposing moves money: city officers only. Reading a statement: the bureau and its auditors. */
const PROPOSERS = ['city-officer'] as const;
const READERS = ['province-admin', 'city-officer', 'county-officer', 'auditor'] as const;

export class ProposeMonthlySettlementBody extends ProposeMonthlySettlementRequest {}

export class StatementParam {
  @Matches(/^\d{4}00$/, { message: 'admdvs must be a city (pooling region) code xxxx00' })
  admdvs: string;

  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'period must be yyyy-MM' })
  period: string;

  @Matches(/^[A-Za-z0-9]{3,40}$/, { message: 'institutionCode must be 3–40 letters and digits' })
  institutionCode: string;
}

export class StatementLineDto implements StatementLineView {
  @ApiProperty({ enum: STATEMENT_LINE_CODES })
  code: StatementLineView['code'];
  @ApiProperty() label: string;
  @ApiPropertyOptional() count?: number;
  @ApiProperty({ description: 'yuan, 2 decimals, signed as it enters the net' }) amount: string;
  @ApiProperty({ description: 'the same in fen' }) amountFen: string;
}

export class StatementItemDto implements StatementItemView {
  @ApiProperty() institutionCode: string;
  @ApiProperty({ enum: ['310', '390', '510'] }) insutype: string;
  @ApiProperty({ description: 'fen' }) dueFen: string;
  @ApiProperty({ description: 'fen: the negative amount due of the previous statement, recovered here' }) carriedInFen: string;
  @ApiProperty({ description: 'fen: a negative amount due, recovered from the next statement' }) carriedOutFen: string;
  @ApiProperty({ description: 'fen' }) prepaymentOffsetFen: string;
  @ApiProperty({ description: 'fen: held while the agreement is suspended or terminated (暂缓拨付), paid on resumption' }) heldFen: string;
  @ApiProperty({ description: 'fen, what is paid' }) netFen: string;
  @ApiProperty({ type: [StatementLineDto] }) lines: StatementLineDto[];
  @ApiPropertyOptional({ type: String, nullable: true, description: 'the payment entry once settled' }) entryId?: string | null;
}

export class InstitutionStatementDto implements InstitutionStatementView {
  @ApiProperty() admdvs: string;
  @ApiProperty() period: string;
  @ApiProperty() institutionCode: string;
  @ApiProperty({ enum: ['SETTLED', 'PROVISIONAL'] }) status: 'SETTLED' | 'PROVISIONAL';
  @ApiProperty({ type: String, nullable: true }) settlementId: string | null;
  @ApiProperty({ type: [StatementItemDto] }) items: StatementItemDto[];
  @ApiProperty({ description: 'yuan' }) totalNet: string;
}

/**
 * `/api/v1/fund/monthly-settlements` — 月度结算/拨付 (fund-pooling-service): a city officer proposes
 * the run of a pooling region's ended month; a different city officer approves it at
 * `/api/v1/approvals/fund/:id/decide`, which posts the payments. fund-pooling enforces the rules
 * (one run per region and month, ended months only, region scope: another region's is 404).
 */
@ApiTags('fund: monthly settlement')
@ApiBearerAuth()
@Controller('api/v1/fund/monthly-settlements')
export class FundSettlementController {
  constructor(private readonly nats: MiNatsClient) {}

  @Post()
  @HttpCode(201)
  @Roles(...PROPOSERS)
  @ApiOperation({ summary: 'propose the monthly settlement of a region and ended month (maker); the statements are computed now and shown to the approver' })
  @ApiCreatedResponse({
    description:
      'the pending approval, its payload the run’s totals and a digest of its statements (ApprovalView<MonthlySettlementProposal>); the statements at /api/v1/approvals/fund/:id/items',
  })
  propose(@Body() body: ProposeMonthlySettlementBody): Promise<ApprovalView<MonthlySettlementProposal>> {
    return this.nats.request(MonthlySettlementSubjects.propose, body, CITY_SCALE);
  }

  @Get(':admdvs/:period/statements/:institutionCode')
  @Roles(...READERS)
  @ApiOperation({ summary: 'an institution’s statement for the month, line by line: as settled, or provisional before the run' })
  @ApiOkResponse({ type: InstitutionStatementDto })
  statement(@Param() p: StatementParam): Promise<InstitutionStatementView> {
    return this.nats.request(MonthlySettlementSubjects.statement, p);
  }

  @Get(':admdvs/:period/statements/:institutionCode/csv')
  @Roles(...READERS)
  @ApiOperation({ summary: 'the same statement as CSV for Excel (UTF-8 with BOM; amounts in yuan with 2 decimals, formatted from fen)' })
  @ApiProduces(CSV_CONTENT_TYPE)
  @ApiOkResponse({ description: 'one row per statement line and insurance type, then the total paid' })
  async statementCsv(@Param() p: StatementParam, @Res() reply: FastifyReply): Promise<void> {
    const s = await this.nats.request<InstitutionStatementView>(MonthlySettlementSubjects.statement, p);
    await sendFile(reply, CSV_CONTENT_TYPE, statementFileName(p, 'csv'), toCsv(statementTable(s)));
  }

  @Get(':admdvs/:period/statements/:institutionCode/xlsx')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'the same statement as an Excel workbook (the CSV’s rows and Chinese headers; amounts as numbers with 2 decimals, formatted from fen)',
  })
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOkResponse({ description: 'one sheet: one row per statement line and insurance type, then the total paid' })
  async statementXlsx(@Param() p: StatementParam, @Res() reply: FastifyReply): Promise<void> {
    const s = await this.nats.request<InstitutionStatementView>(MonthlySettlementSubjects.statement, p);
    await sendFile(reply, XLSX_CONTENT_TYPE, statementFileName(p, 'xlsx'), await toXlsx(statementTable(s)));
  }
}

@Module({
  controllers: [
    FundSettlementController,
    FundCountyController,
    FundHoldController,
    FundBudgetController,
    CasePaymentController,
    FundPrepaymentController,
    FundClearingController,
    FundReportController,
    FundUsePlanController,
    PaymentDeadlineController,
  ],
})
export class FundHttpModule {}
