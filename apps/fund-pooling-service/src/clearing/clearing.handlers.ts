import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type ApprovalView,
  ClearingStatementRequest,
  type ClearingStatementView,
  ClearingSubjects,
  ClearingWhatIfRequest,
  type ClearingWhatIfView,
  ProposeYearEndClearingRequest,
  type YearEndClearingProposal,
} from '@mi/contracts';
import { ClearingService } from './clearing.service';

/** 年终清算 over NATS: propose (approval through `approvalSubjects('fund')`), statements, what-if. */
@Controller()
export class ClearingHandlers {
  constructor(private readonly clearings: ClearingService) {}

  @MessagePattern(ClearingSubjects.propose)
  propose(@Payload() req: ProposeYearEndClearingRequest): Promise<ApprovalView<YearEndClearingProposal>> {
    return this.clearings.propose(req);
  }

  @MessagePattern(ClearingSubjects.statement)
  statement(@Payload() req: ClearingStatementRequest): Promise<ClearingStatementView> {
    return this.clearings.statement(req);
  }

  @MessagePattern(ClearingSubjects.whatIf)
  whatIf(@Payload() req: ClearingWhatIfRequest): Promise<ClearingWhatIfView> {
    return this.clearings.whatIf(req);
  }
}
