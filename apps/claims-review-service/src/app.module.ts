import { Module } from '@nestjs/common';
import { PlatformModule } from '@mi/platform';
import { persistence } from './persistence';
import { PrecheckHandlers } from './precheck/precheck.handlers';
import { PrecheckService } from './precheck/precheck.service';
import { RuleSetCache } from './precheck/rule-set-cache';

@Module({
  imports: [PlatformModule.forService(persistence)],
  controllers: [PrecheckHandlers],
  providers: [PrecheckService, RuleSetCache],
})
export class AppModule {}
