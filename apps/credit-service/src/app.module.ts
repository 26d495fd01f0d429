import { Module } from '@nestjs/common';
import { PlatformModule } from '@mi/platform';
import { BlacklistHandlers } from './blacklist/blacklist.handlers';
import { CreditFileHandlers } from './credit-file/credit-file.handlers';
import { CreditFileService } from './credit-file/credit-file.service';
import { ComplaintHandlers } from './complaint/complaint.handlers';
import { ComplaintService } from './complaint/complaint.service';
import { InspectionHandlers } from './inspection/inspection.handlers';
import { InspectionService } from './inspection/inspection.service';
import { ListDecisionHandlers } from './list-decision/list-decision.handlers';
import { ListDecisionService } from './list-decision/list-decision.service';
import { PenaltyHandlers } from './penalty/penalty.handlers';
import { PenaltyService } from './penalty/penalty.service';
import { persistence } from './persistence';
import { CreditRepairHandlers } from './repair/credit-repair.handlers';
import { CreditRepairService } from './repair/credit-repair.service';
import { ReferralAnnualReportService } from './referral/annual-report.service';
import { ReferralHandlers } from './referral/referral.handlers';
import { ReferralService } from './referral/referral.service';
import { ReferralSweeper } from './referral/referral-sweeper';
import { CreditScoringHandlers } from './scoring/credit-scoring.handlers';
import { CreditScoringService } from './scoring/credit-scoring.service';
import { PractitionerPointsService } from './scoring/practitioner-points.service';
import { MonitoringCreditHandlers } from './scoring/monitoring-credit.handlers';
import { ReviewCreditHandlers } from './scoring/review-credit.handlers';

@Module({
  imports: [PlatformModule.forService(persistence)],
  controllers: [
    CreditFileHandlers,
    BlacklistHandlers,
    CreditScoringHandlers,
    ReviewCreditHandlers,
    MonitoringCreditHandlers,
    ReferralHandlers,
    ListDecisionHandlers,
    CreditRepairHandlers,
    InspectionHandlers,
    ComplaintHandlers,
    PenaltyHandlers,
  ],
  providers: [
    CreditFileService,
    CreditScoringService,
    PractitionerPointsService,
    ReferralService,
    ReferralSweeper,
    ReferralAnnualReportService,
    ListDecisionService,
    CreditRepairService,
    InspectionService,
    ComplaintService,
    PenaltyService,
  ],
})
export class AppModule {}
