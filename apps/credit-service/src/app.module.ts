import { Module } from '@nestjs/common';
import { PlatformModule } from '@mi/platform';
import { BlacklistHandlers } from './blacklist/blacklist.handlers';
import { CreditFileHandlers } from './credit-file/credit-file.handlers';
import { CreditFileService } from './credit-file/credit-file.service';
import { persistence } from './persistence';

@Module({
  imports: [PlatformModule.forService(persistence)],
  controllers: [CreditFileHandlers, BlacklistHandlers],
  providers: [CreditFileService],
})
export class AppModule {}
