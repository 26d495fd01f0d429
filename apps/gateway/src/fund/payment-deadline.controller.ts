import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import {
  PAYMENT_DEADLINE_STATES,
  type PaymentDeadlineListView,
  type PaymentDeadlineState,
  PaymentDeadlineSubjects,
  type PaymentDeadlineView,
} from '@mi/contracts';
import { MiNatsClient } from '@mi/platform';
import { Roles } from '../identity/auth.guard';

const READERS = ['province-admin', 'city-officer', 'county-officer', 'auditor'] as const;

/** `?admdvs=&year=` or `?admdvs=&fromPeriod=&toPeriod=`; fund-pooling refuses both or neither, naming the field. */
export class PaymentDeadlineQuery {
  @Matches(/^\d{4}00$/, { message: 'admdvs must be a city (pooling region) code xxxx00' })
  admdvs: string;

  @IsOptional()
  @Matches(/^(20\d{2}|2100)$/, { message: 'year must be 2000–2100' })
  year?: string;

  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'fromPeriod must be yyyy-MM' })
  fromPeriod?: string;

  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'toPeriod must be yyyy-MM' })
  toPeriod?: string;
}

export class PaymentDeadlineDto implements PaymentDeadlineView {
  @ApiProperty({ description: 'service month yyyy-MM' }) period: string;
  @ApiProperty({ type: String, nullable: true, description: '申报截止日 yyyy-MM-dd' }) submissionDeadline: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'last day to pay, yyyy-MM-dd; null when the calendar lacks the year' }) dueDate: string | null;
  @ApiProperty({ enum: PAYMENT_DEADLINE_STATES }) state: PaymentDeadlineState;
  @ApiProperty({ type: Number, nullable: true, description: 'unpaid: working days after today up to the due date' }) workingDaysLeft: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'OVERDUE / PAID_LATE: working days late' }) workingDaysLate: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'the run that paid the month' }) settlementId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'that run’s month (a later one when it took this month’s postings as late items)' })
  settlementPeriod: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'ISO instant of its approval' }) approvedAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Beijing date of the approval' }) paidOn: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'fen held by that run (暂缓拨付): not late payment' }) heldFen: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'when the month was reported overdue (once)' }) overdueNotifiedAt: string | null;
}

export class PaymentDeadlinePolicyDto {
  @ApiProperty() submissionDeadlineDay: number;
  @ApiProperty() rollSubmissionDeadline: boolean;
  @ApiProperty() dueWorkingDays: number;
  @ApiProperty() dueSoonWorkingDays: number;
}

export class PaymentDeadlineListDto implements PaymentDeadlineListView {
  @ApiProperty() admdvs: string;
  @ApiProperty({ description: 'Beijing date the states are computed for' }) today: string;
  @ApiProperty({ type: PaymentDeadlinePolicyDto }) policy: PaymentDeadlinePolicyDto;
  @ApiProperty({ type: [PaymentDeadlineDto] }) months: PaymentDeadlineDto[];
  @ApiProperty({ type: [String] }) notes: string[];
}

/**
 * `/api/v1/fund/payment-deadlines` — 拨付时限 (fund-pooling-service): for a pooling region and a
 * year (or a range of months), each month's submission deadline, payment due date (30 working days
 * from the day after it, SET-06), state and working days left or late, and the run that paid it.
 * fund-pooling checks the region (another region's is 404) and the combination of parameters.
 */
@ApiTags('fund: payment deadlines')
@ApiBearerAuth()
@Controller('api/v1/fund/payment-deadlines')
export class PaymentDeadlineController {
  constructor(private readonly nats: MiNatsClient) {}

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'each month’s payment deadline (拨付时限) and state for a region: a year, or fromPeriod–toPeriod (≤ 36 months)' })
  @ApiOkResponse({ type: PaymentDeadlineListDto })
  list(@Query() q: PaymentDeadlineQuery): Promise<PaymentDeadlineListView> {
    return this.nats.request(PaymentDeadlineSubjects.list, {
      admdvs: q.admdvs,
      ...(q.year !== undefined ? { year: Number(q.year) } : {}),
      ...(q.fromPeriod !== undefined ? { fromPeriod: q.fromPeriod } : {}),
      ...(q.toPeriod !== undefined ? { toPeriod: q.toPeriod } : {}),
    });
  }
}
