import { Module } from '@nestjs/common';
import { PlatformModule } from '@mi/platform';
import { BlacklistHandlers } from './blacklist/blacklist.handlers';
import { CreditFileHandlers } from './credit-file/credit-file.handlers';
import { CreditFileService } from './credit-file/credit-file.service';
import { persistence } from './persistence';
import { CreditScoringHandlers } from './scoring/credit-scoring.handlers';
import { CreditScoringService } from './scoring/credit-scoring.service';

@Module({
  imports: [PlatformModule.forService(persistence)],
  controllers: [CreditFileHandlers, BlacklistHandlers, CreditScoringHandlers],
  providers: [CreditFileService, CreditScoringService],
})
export class AppModule {}
