import { Controller, Get, Param } from '@nestjs/common';
import { type CreditFileView, GetCreditFileRequest, Subjects } from '@mi/contracts';
import { MiNatsClient } from '@mi/platform';

/** `/api/v1/credit-files/:subjectType/:subjectCode` — a credit file (credit-service). */
@Controller('api/v1/credit-files')
export class CreditFilesController {
  constructor(private readonly nats: MiNatsClient) {}

  @Get(':subjectType/:subjectCode')
  get(@Param() params: GetCreditFileRequest): Promise<CreditFileView> {
    return this.nats.request<CreditFileView>(Subjects.credit.getCreditFile, params);
  }
}
