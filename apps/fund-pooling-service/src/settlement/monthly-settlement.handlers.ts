import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type ApprovalView,
  InstitutionStatementRequest,
  type InstitutionStatementView,
  type MonthlySettlementProposal,
  MonthlySettlementSubjects,
  ProposeMonthlySettlementRequest,
} from '@mi/contracts';
import { MonthlySettlementService } from './monthly-settlement.service';

/** 月度结算 over NATS: propose a region's run (approval goes through `approvalSubjects('fund')`), read a statement. */
@Controller()
export class MonthlySettlementHandlers {
  constructor(private readonly settlements: MonthlySettlementService) {}

  @MessagePattern(MonthlySettlementSubjects.propose)
  propose(@Payload() req: ProposeMonthlySettlementRequest): Promise<ApprovalView<MonthlySettlementProposal>> {
    return this.settlements.propose(req);
  }

  @MessagePattern(MonthlySettlementSubjects.statement)
  statement(@Payload() req: InstitutionStatementRequest): Promise<InstitutionStatementView> {
    return this.settlements.statement(req.admdvs, req.period, req.institutionCode);
  }
}
