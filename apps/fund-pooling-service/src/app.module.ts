import { Module } from '@nestjs/common';
import { PlatformModule } from '@mi/platform';
import { LedgerHandlers } from './ledger/ledger.handlers';
import { LedgerService } from './ledger/ledger.service';
import { SettlementPostingHandlers } from './ledger/settlement-posting.handlers';
import { persistence } from './persistence';

@Module({
  imports: [PlatformModule.forService(persistence)],
  controllers: [LedgerHandlers, SettlementPostingHandlers],
  providers: [LedgerService],
})
export class AppModule {}
