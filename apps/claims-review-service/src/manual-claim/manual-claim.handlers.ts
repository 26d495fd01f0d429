import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type ApprovalView,
  ConcludeManualClaimRequest,
  ListManualClaimsRequest,
  ManualClaimIdRequest,
  type ManualClaimPageView,
  ManualClaimSubjects,
  type ManualClaimView,
  RecordInvestigationRequest,
  ReferManualClaimRequest,
  RegisterManualClaimRequest,
} from '@mi/contracts';
import { ManualClaimService } from './manual-claim.service';

@Controller()
export class ManualClaimHandlers {
  constructor(private readonly claims: ManualClaimService) {}

  @MessagePattern(ManualClaimSubjects.register)
  register(@Payload() req: RegisterManualClaimRequest): Promise<ManualClaimView> {
    return this.claims.register(req);
  }

  @MessagePattern(ManualClaimSubjects.list)
  list(@Payload() req: ListManualClaimsRequest): Promise<ManualClaimPageView> {
    return this.claims.list(req);
  }

  @MessagePattern(ManualClaimSubjects.get)
  get(@Payload() req: ManualClaimIdRequest): Promise<ManualClaimView> {
    return this.claims.get(req.claimId);
  }

  @MessagePattern(ManualClaimSubjects.refer)
  refer(@Payload() req: ReferManualClaimRequest): Promise<ManualClaimView> {
    return this.claims.refer(req);
  }

  @MessagePattern(ManualClaimSubjects.record)
  record(@Payload() req: RecordInvestigationRequest): Promise<ManualClaimView> {
    return this.claims.record(req);
  }

  @MessagePattern(ManualClaimSubjects.conclude)
  conclude(@Payload() req: ConcludeManualClaimRequest): Promise<ApprovalView> {
    return this.claims.conclude(req);
  }
}
