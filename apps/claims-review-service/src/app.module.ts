import { Module } from '@nestjs/common';
import { PlatformModule } from '@mi/platform';
import { CaseHandlers } from './case/case.handlers';
import { CaseService } from './case/case.service';
import { CaseSweeper } from './case/case-sweeper';
import { ManualClaimHandlers } from './manual-claim/manual-claim.handlers';
import { ManualClaimService } from './manual-claim/manual-claim.service';
import { DeductionHandlers } from './deduction/deduction.handlers';
import { DeductionService } from './deduction/deduction.service';
import { IndicatorHandlers } from './indicator/indicator.handlers';
import { IndicatorService } from './indicator/indicator.service';
import { IntakeHandlers } from './intake/intake.handlers';
import { IntakeService } from './intake/intake.service';
import { persistence } from './persistence';
import { SamplingHandlers } from './sampling/sampling.handlers';
import { SamplingService } from './sampling/sampling.service';
import { InstitutionDirectory } from './shared/institution-directory';
import { PrecheckHandlers } from './precheck/precheck.handlers';
import { PrecheckService } from './precheck/precheck.service';
import { RuleSetCache } from './precheck/rule-set-cache';
import { SimulationHandlers } from './simulation/simulation.handlers';
import { SimulationRunner } from './simulation/simulation-runner';
import { SimulationService } from './simulation/simulation.service';

@Module({
  imports: [PlatformModule.forService(persistence)],
  controllers: [
    CaseHandlers,
    ManualClaimHandlers,
    DeductionHandlers,
    SamplingHandlers,
    PrecheckHandlers,
    IntakeHandlers,
    IndicatorHandlers,
    SimulationHandlers,
  ],
  providers: [
    CaseService,
    ManualClaimService,
    CaseSweeper,
    DeductionService,
    SamplingService,
    InstitutionDirectory,
    PrecheckService,
    RuleSetCache,
    IntakeService,
    IndicatorService,
    SimulationRunner,
    SimulationService,
  ],
})
export class AppModule {}
