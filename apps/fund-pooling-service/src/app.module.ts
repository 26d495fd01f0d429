import { Module } from '@nestjs/common';
import { PlatformModule } from '@mi/platform';
import { LedgerHandlers } from './ledger/ledger.handlers';
import { LedgerService } from './ledger/ledger.service';
import { ClaimSettledPosting, SettlementPostingHandlers } from './ledger/settlement-posting.handlers';
import { persistence } from './persistence';
import { MonthlySettlementHandlers } from './settlement/monthly-settlement.handlers';
import { MonthlySettlementService } from './settlement/monthly-settlement.service';

@Module({
  imports: [PlatformModule.forService(persistence)],
  controllers: [LedgerHandlers, SettlementPostingHandlers, MonthlySettlementHandlers],
  providers: [LedgerService, MonthlySettlementService, ClaimSettledPosting],
})
export class AppModule {}
