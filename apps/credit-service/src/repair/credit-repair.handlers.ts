import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreditRepairSubjects, ProposeRepairRequest, type RepairProposalReply } from '@mi/contracts';
import { CreditRepairService } from './credit-repair.service';

/** 信用修复 — the maker's step; the repair is applied when a second officer approves (`credit` approvals). */
@Controller()
export class CreditRepairHandlers {
  constructor(private readonly repairs: CreditRepairService) {}

  @MessagePattern(CreditRepairSubjects.propose)
  propose(@Payload() req: ProposeRepairRequest): Promise<RepairProposalReply> {
    return this.repairs.propose(req);
  }
}
