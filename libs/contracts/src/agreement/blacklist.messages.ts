import { IsOptional } from 'class-validator';
import { InstitutionCode, Uscc } from '@mi/domain';
import { ParsedBy } from '../validation/parsed-by';

/**
 * Subjects credit-service answers for the agreement context. They live here, with the rest of
 * what agreement-service needs, until the credit context gets its own contracts folder.
 */
export const CreditBlacklistSubjects = {
  /** agreement-service → credit-service: is this applicant (USCC or institution code) on a dishonesty list today? */
  blacklistStatus: 'mi.v1.credit.blacklist-status',
} as const;

/**
 * `mi.v1.credit.blacklist-status` — agreement-service (application admission, AGR-04) →
 * credit-service. At least one of `uscc`, `institutionCode`. Reply {@link BlacklistStatusReply}.
 */
export class BlacklistStatusRequest {
  @IsOptional()
  @ParsedBy((v) => Uscc.parse(v, 'uscc'))
  uscc?: string;

  @IsOptional()
  @ParsedBy((v) => InstitutionCode.parse(v, 'institutionCode'))
  institutionCode?: string;
}

export interface BlacklistEntryView {
  /** e.g. `serious-dishonesty` (严重失信名单). */
  list: string;
  reason: string;
  listedOn: string;
  until?: string;
}

export interface BlacklistStatusReply {
  listed: boolean;
  entries: BlacklistEntryView[];
}
