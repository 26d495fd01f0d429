import { Module } from '@nestjs/common';
import { MiNatsClient, PlatformModule, SERVICE_CONFIG } from '@mi/platform';
import { AgreementHandlers } from './agreement/agreement.handlers';
import { AgreementService } from './agreement/agreement.service';
import { AgreementSweeper } from './agreement/agreement-sweeper';
import { AgreementTransitions } from './agreement/agreement-transitions';
import { ApplicationService } from './application/application.service';
import { BlacklistCheck, CreditServiceBlacklistCheck, NoBlacklist } from './application/blacklist-check';
import type { AgreementConfig } from './config';
import { EligibilityCache } from './eligibility/eligibility-cache';
import { EligibilityHandlers } from './eligibility/eligibility.handlers';
import { InfoChangeHandlers } from './institution/info-change.handlers';
import { InfoChangeService } from './institution/info-change.service';
import { InstitutionHandlers } from './institution/institution.handlers';
import { InstitutionService } from './institution/institution.service';
import { PointsService } from './points/points.service';
import { ReviewPointsHandlers } from './points/review-points.handlers';
import { ReviewPointsService } from './points/review-points.service';
import { RegistryHandlers } from './registry/registry.handlers';
import { RegistryService } from './registry/registry.service';
import { persistence } from './persistence';
import { CreditReactionHandlers } from './credit/credit-reaction.handlers';
import { CreditReactionService } from './credit/credit-reaction.service';
import { CreditListingHandlers } from './credit/credit-listing.handlers';
import { CreditListingService } from './credit/credit-listing.service';
import { PublicationHandlers } from './publication/publication.handlers';
import { PublicationService } from './publication/publication.service';

@Module({
  imports: [PlatformModule.forService(persistence)],
  controllers: [
    InstitutionHandlers,
    RegistryHandlers,
    AgreementHandlers,
    EligibilityHandlers,
    ReviewPointsHandlers,
    InfoChangeHandlers,
    PublicationHandlers,
    CreditReactionHandlers,
    CreditListingHandlers,
  ],
  providers: [
    InstitutionService,
    InfoChangeService,
    PublicationService,
    CreditReactionService,
    CreditListingService,
    RegistryService,
    EligibilityCache,
    AgreementTransitions,
    AgreementService,
    AgreementSweeper,
    ApplicationService,
    PointsService,
    ReviewPointsService,
    {
      provide: BlacklistCheck,
      inject: [SERVICE_CONFIG, MiNatsClient],
      useFactory: (config: AgreementConfig, nats: MiNatsClient) =>
        config.BLACKLIST_SOURCE === 'none' ? new NoBlacklist() : new CreditServiceBlacklistCheck(nats),
    },
  ],
})
export class AppModule {}
