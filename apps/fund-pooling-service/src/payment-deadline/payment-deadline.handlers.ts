import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { PaymentDeadlineListRequest, PaymentDeadlineSubjects, type PaymentDeadlineListView } from '@mi/contracts';
import { PaymentDeadlineService } from './payment-deadline.service';

/** 拨付时限 over NATS: each month's payment deadline and state for a region. */
@Controller()
export class PaymentDeadlineHandlers {
  constructor(private readonly deadlines: PaymentDeadlineService) {}

  @MessagePattern(PaymentDeadlineSubjects.list)
  list(@Payload() req: PaymentDeadlineListRequest): Promise<PaymentDeadlineListView> {
    return this.deadlines.list(req);
  }
}
