import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ConcludeReferralRequest,
  CreditReferralSubjects,
  IssueReferralRequest,
  ListReferralsRequest,
  OpenReferralRequest,
  type Page,
  type ReferralAnnualReport,
  ReferralAnnualReportRequest,
  ReferralIdRequest,
  type ReferralView,
  RequestCompletionRequest,
  SignReceiptRequest,
  SubmitAnnualReportRequest,
  SupplementReferralRequest,
  TransferReferralRequest,
} from '@mi/contracts';
import { ReferralAnnualReportService } from './annual-report.service';
import { ReferralService } from './referral.service';

/** 线索移送 — request/reply handlers; rules live in {@link ReferralService} and referral-policy. */
@Controller()
export class ReferralHandlers {
  constructor(
    private readonly referrals: ReferralService,
    private readonly reports: ReferralAnnualReportService,
  ) {}

  @MessagePattern(CreditReferralSubjects.open)
  open(@Payload() req: OpenReferralRequest): Promise<ReferralView> {
    return this.referrals.open(req);
  }

  @MessagePattern(CreditReferralSubjects.issue)
  issue(@Payload() req: IssueReferralRequest): Promise<ReferralView> {
    return this.referrals.issue(req);
  }

  @MessagePattern(CreditReferralSubjects.signReceipt)
  signReceipt(@Payload() req: SignReceiptRequest): Promise<ReferralView> {
    return this.referrals.signReceipt(req);
  }

  @MessagePattern(CreditReferralSubjects.requestCompletion)
  requestCompletion(@Payload() req: RequestCompletionRequest): Promise<ReferralView> {
    return this.referrals.requestCompletion(req);
  }

  @MessagePattern(CreditReferralSubjects.supplement)
  supplement(@Payload() req: SupplementReferralRequest): Promise<ReferralView> {
    return this.referrals.supplement(req);
  }

  @MessagePattern(CreditReferralSubjects.transfer)
  transfer(@Payload() req: TransferReferralRequest): Promise<ReferralView> {
    return this.referrals.transfer(req);
  }

  @MessagePattern(CreditReferralSubjects.conclude)
  conclude(@Payload() req: ConcludeReferralRequest): Promise<ReferralView> {
    return this.referrals.conclude(req);
  }

  @MessagePattern(CreditReferralSubjects.get)
  get(@Payload() req: ReferralIdRequest): Promise<ReferralView> {
    return this.referrals.get(req.id);
  }

  @MessagePattern(CreditReferralSubjects.list)
  list(@Payload() req: ListReferralsRequest): Promise<Page<ReferralView>> {
    return this.referrals.list(req);
  }

  @MessagePattern(CreditReferralSubjects.annualReport)
  annualReport(@Payload() req: ReferralAnnualReportRequest): Promise<ReferralAnnualReport> {
    return this.reports.report(req);
  }

  @MessagePattern(CreditReferralSubjects.submitAnnualReport)
  submitAnnualReport(@Payload() req: SubmitAnnualReportRequest): Promise<ReferralAnnualReport> {
    return this.reports.submit(req);
  }
}
