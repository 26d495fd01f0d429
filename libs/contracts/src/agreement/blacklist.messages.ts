import { IsOptional, IsString, Length } from 'class-validator';
import { IdCard, InstitutionCode, Uscc } from '@mi/domain';
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
 * `mi.v1.credit.blacklist-status` — agreement-service (application admission, AGR-04; binding a
 * practitioner) → credit-service. At least one of `uscc`, `institutionCode`, `practitionerCode`,
 * `idNumber` (a legal representative's or controller's ID number; matched by its lookup hash).
 * Reply {@link BlacklistStatusReply}.
 */
export class BlacklistStatusRequest {
  @IsOptional()
  @ParsedBy((v) => Uscc.parse(v, 'uscc'))
  uscc?: string;

  @IsOptional()
  @ParsedBy((v) => InstitutionCode.parse(v, 'institutionCode'))
  institutionCode?: string;

  /** 医保医师/药师 code. */
  @IsOptional()
  @IsString()
  @Length(1, 50)
  practitionerCode?: string;

  /** ID number of a legal representative or actual controller (法定代表人/实际控制人). */
  @IsOptional()
  @ParsedBy((v) => IdCard.parse(v, 'idNumber'))
  idNumber?: string;
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
