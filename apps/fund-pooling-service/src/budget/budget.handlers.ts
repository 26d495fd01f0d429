import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type AnnualBudgetProposal,
  type AnnualBudgetView,
  type ApprovalView,
  BudgetKeyRequest,
  BudgetSubjects,
  IndicatorListRequest,
  ProposeAnnualBudgetRequest,
  ProposeIndicatorsRequest,
  type TotalControlIndicatorListView,
  type TotalControlIndicatorsProposal,
} from '@mi/contracts';
import { BudgetService } from './budget.service';

/** 年度预算与总额控制指标 over NATS: propose (approval through `approvalSubjects('fund')`) and read. */
@Controller()
export class BudgetHandlers {
  constructor(private readonly budgets: BudgetService) {}

  @MessagePattern(BudgetSubjects.proposeBudget)
  proposeBudget(@Payload() req: ProposeAnnualBudgetRequest): Promise<ApprovalView<AnnualBudgetProposal>> {
    return this.budgets.proposeBudget(req);
  }

  @MessagePattern(BudgetSubjects.budget)
  budget(@Payload() req: BudgetKeyRequest): Promise<AnnualBudgetView> {
    return this.budgets.read(req);
  }

  @MessagePattern(BudgetSubjects.proposeIndicators)
  proposeIndicators(@Payload() req: ProposeIndicatorsRequest): Promise<ApprovalView<TotalControlIndicatorsProposal>> {
    return this.budgets.proposeIndicators(req);
  }

  @MessagePattern(BudgetSubjects.indicators)
  indicators(@Payload() req: IndicatorListRequest): Promise<TotalControlIndicatorListView> {
    return this.budgets.indicators(req);
  }
}
