import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { PrecheckFeedbackRequest, type PrecheckReply, PrecheckRequest, ReviewSubjects } from '@mi/contracts';
import { PrecheckService } from './precheck.service';

@Controller()
export class PrecheckHandlers {
  constructor(private readonly precheck: PrecheckService) {}

  @MessagePattern(ReviewSubjects.precheck)
  run(@Payload() req: PrecheckRequest): Promise<PrecheckReply> {
    return this.precheck.precheck(req);
  }

  @MessagePattern(ReviewSubjects.precheckFeedback)
  feedback(@Payload() req: PrecheckFeedbackRequest): Promise<{ recorded: number }> {
    return this.precheck.feedback(req.data);
  }
}
