import { Module } from '@nestjs/common';
import { PlatformModule } from '@mi/platform';
import { IntakeHandlers } from './intake/intake.handlers';
import { IntakeService } from './intake/intake.service';
import { persistence } from './persistence';
import { InstitutionDirectory } from './shared/institution-directory';
import { PrecheckHandlers } from './precheck/precheck.handlers';
import { PrecheckService } from './precheck/precheck.service';
import { RuleSetCache } from './precheck/rule-set-cache';

@Module({
  imports: [PlatformModule.forService(persistence)],
  controllers: [PrecheckHandlers, IntakeHandlers],
  providers: [InstitutionDirectory, PrecheckService, RuleSetCache, IntakeService],
})
export class AppModule {}
