import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ReviewIntakeSubjects, type SettlementIntakeReply, SettlementIntakeRequest } from '@mi/contracts';
import { IntakeService } from './intake.service';

@Controller()
export class IntakeHandlers {
  constructor(private readonly intake: IntakeService) {}

  @MessagePattern(ReviewIntakeSubjects.intake)
  run(@Payload() req: SettlementIntakeRequest): Promise<SettlementIntakeReply> {
    return this.intake.intake(req.settlements);
  }
}
