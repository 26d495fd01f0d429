import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { FundReportRequest, FundReportSubjects, type FundReportView } from '@mi/contracts';
import { FundReportService } from './fund-report.service';

/** 基金运行报表 over NATS. */
@Controller()
export class FundReportHandlers {
  constructor(private readonly reports: FundReportService) {}

  @MessagePattern(FundReportSubjects.report)
  report(@Payload() req: FundReportRequest): Promise<FundReportView> {
    return this.reports.report(req);
  }
}
