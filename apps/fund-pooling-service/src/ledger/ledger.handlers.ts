import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AccountBalanceRequest, type AccountBalanceView, FundSubjects } from '@mi/contracts';
import { LedgerService } from './ledger.service';

@Controller()
export class LedgerHandlers {
  constructor(private readonly ledger: LedgerService) {}

  @MessagePattern(FundSubjects.balance)
  balance(@Payload() req: AccountBalanceRequest): Promise<AccountBalanceView> {
    return this.ledger.balance(req.account, req.throughPeriod);
  }
}
