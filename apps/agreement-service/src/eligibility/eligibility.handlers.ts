import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AgreementSubjects, type SettlementEligibilityReply, SettlementEligibilityRequest } from '@mi/contracts';
import { type Clock, DomainError } from '@mi/domain';
import { CLOCK } from '@mi/platform';
import { EligibilityCache } from './eligibility-cache';

@Controller()
export class EligibilityHandlers {
  constructor(
    private readonly cache: EligibilityCache,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Answered from memory; any authenticated caller (HIS, services, officers) may ask. */
  @MessagePattern(AgreementSubjects.settlementEligibility)
  check(@Payload() req: SettlementEligibilityRequest): SettlementEligibilityReply {
    if (!this.cache.ready) throw new DomainError('UNAVAILABLE', 'settlement eligibility is still loading');
    return this.cache.check(req.institutionCode, req.at ? new Date(req.at) : this.clock.now(), req.practitionerCode, req.psamNo);
  }
}
