import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type CreditFileDetailView, Subjects } from '@mi/contracts';
import { MiNatsClient } from '@mi/platform';
import { CreditFileDto, CreditFileParam } from './credit-files.dto';

/** `/api/v1/credit-files/:subjectType/:subjectCode` — a credit file (credit-service; another region's file is 404). */
@ApiTags('credit: files')
@ApiBearerAuth()
@Controller('api/v1/credit-files')
export class CreditFilesController {
  constructor(private readonly nats: MiNatsClient) {}

  @Get(':subjectType/:subjectCode')
  @ApiOperation({ summary: '信用档案 (一户一档/一人一档) — every entry with its source event and evidence' })
  @ApiOkResponse({ type: CreditFileDto })
  get(@Param() params: CreditFileParam): Promise<CreditFileDetailView> {
    return this.nats.request<CreditFileDetailView>(Subjects.credit.getCreditFile, params);
  }
}
