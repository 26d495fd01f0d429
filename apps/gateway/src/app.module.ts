import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PlatformModule } from '@mi/platform';
import { AgreementsHttpModule } from './agreements/agreements-http.module';
import { ApprovalsController } from './approvals/approvals.controller';
import { AuditController } from './audit/audit.controller';
import { CreditHttpModule } from './credit/credit.controller';
import { CreditFilesController } from './credit-files/credit-files.controller';
import { FundHttpModule } from './fund/fund.controller';
import { HisAuthService } from './his/his-auth.service';
import { HisClientsController } from './his/his-clients.controller';
import { HisClientsService } from './his/his-clients.service';
import { HisController } from './his/his.controller';
import { HisUploadController } from './his-upload/his-upload.controller';
import { AuthGuard } from './identity/auth.guard';
import { AuthController, UsersController } from './identity/identity.controller';
import { IdentityService } from './identity/identity.service';
import { InstitutionsController } from './institutions/institutions.controller';
import { KbHttpModule } from './kb/kb.controller';
import { persistence } from './persistence';
import { ReviewController } from './review/review.controller';
import { ReviewSimulationController } from './review/review-simulation.controller';

@Module({
  imports: [PlatformModule.forService(persistence), KbHttpModule, AgreementsHttpModule, CreditHttpModule, FundHttpModule],
  controllers: [
    AuthController,
    UsersController,
    AuditController,
    ApprovalsController,
    HisClientsController,
    HisController,
    HisUploadController,
    InstitutionsController,
    CreditFilesController,
    ReviewController,
    ReviewSimulationController,
  ],
  providers: [IdentityService, HisClientsService, HisAuthService, { provide: APP_GUARD, useClass: AuthGuard }],
})
export class AppModule {}
