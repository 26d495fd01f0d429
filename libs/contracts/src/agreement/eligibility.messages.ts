import { IsOptional, Matches } from 'class-validator';
import { InstitutionCode } from '@mi/domain';
import { ParsedBy } from '../validation/parsed-by';

/**
 * `mi.v1.agreement.settlement-eligibility` — claims-review-service / gateway HIS →
 * agreement-service: may this institution (and practitioner, and terminal) settle at this time?
 * Answered from each replica's in-memory cache. Reply {@link SettlementEligibilityReply}.
 */
export class SettlementEligibilityRequest {
  @ParsedBy((v) => InstitutionCode.parse(v, 'institutionCode'))
  institutionCode: string;

  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9]{8,29}$/, { message: 'practitionerCode must be a practitioner code' })
  practitionerCode?: string;

  /** PSAM card number of the terminal the settlement comes through. */
  @IsOptional()
  @Matches(/^[0-9A-F]{12,20}$/, { message: 'psamNo must be 12–20 upper-case hex digits' })
  psamNo?: string;

  /** Instant of the settlement (default: now). */
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/, { message: 'at must be an ISO 8601 instant with a zone' })
  at?: string;
}

export const INELIGIBILITY_REASONS = [
  'NO_AGREEMENT',
  'NOT_YET_VALID',
  'AGREEMENT_EXPIRED',
  'AGREEMENT_SUSPENDED',
  'AGREEMENT_TERMINATED',
  'PRACTITIONER_UNKNOWN',
  'PRACTITIONER_NOT_ACTIVE',
  /** On credit-service's black list (严重失信名单) at the settlement time. */
  'PRACTITIONER_BLACKLISTED',
  'TERMINAL_NOT_BOUND',
] as const;
export type IneligibilityReason = (typeof INELIGIBILITY_REASONS)[number];

export interface SettlementEligibilityReply {
  eligible: boolean;
  reasons: IneligibilityReason[];
  agreementId?: string;
}
