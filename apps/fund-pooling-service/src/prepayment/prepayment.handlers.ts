import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type ApprovalView,
  type MonthlyPrepaymentProposal,
  MonthlyPrepaymentQuery,
  type MonthlyPrepaymentView,
  PrepaymentSubjects,
  ProposeMonthlyPrepaymentRequest,
} from '@mi/contracts';
import { PrepaymentService } from './prepayment.service';

/** 月度预付 over NATS: propose a region's month (approval through `approvalSubjects('fund')`), read it. */
@Controller()
export class PrepaymentHandlers {
  constructor(private readonly prepayments: PrepaymentService) {}

  @MessagePattern(PrepaymentSubjects.propose)
  propose(@Payload() req: ProposeMonthlyPrepaymentRequest): Promise<ApprovalView<MonthlyPrepaymentProposal>> {
    return this.prepayments.propose(req);
  }

  @MessagePattern(PrepaymentSubjects.get)
  get(@Payload() req: MonthlyPrepaymentQuery): Promise<MonthlyPrepaymentView> {
    return this.prepayments.view(req);
  }
}
