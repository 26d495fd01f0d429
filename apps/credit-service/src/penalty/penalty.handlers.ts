import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreditPenaltySubjects, ListPenaltiesRequest, type Page, type PenaltyView, RecordPenaltyRequest } from '@mi/contracts';
import { PenaltyService } from './penalty.service';

/** 行政处罚 — request/reply handlers. */
@Controller()
export class PenaltyHandlers {
  constructor(private readonly penalties: PenaltyService) {}

  @MessagePattern(CreditPenaltySubjects.record)
  record(@Payload() req: RecordPenaltyRequest): Promise<PenaltyView> {
    return this.penalties.record(req);
  }

  @MessagePattern(CreditPenaltySubjects.list)
  list(@Payload() req: ListPenaltiesRequest): Promise<Page<PenaltyView>> {
    return this.penalties.list(req);
  }
}
