import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type ApprovalView, DEDUCTION_SUBJECT, ProposeDeductionRequest } from '@mi/contracts';
import { DeductionService } from './deduction.service';

@Controller()
export class DeductionHandlers {
  constructor(private readonly deductions: DeductionService) {}

  @MessagePattern(DEDUCTION_SUBJECT)
  propose(@Payload() req: ProposeDeductionRequest): Promise<ApprovalView> {
    return this.deductions.propose(req);
  }
}
