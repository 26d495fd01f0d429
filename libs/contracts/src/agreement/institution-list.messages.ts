import { IsIn, IsOptional } from 'class-validator';
import { Admdvs, InstitutionLevel, InstitutionType, LocalDate } from '@mi/domain';
import type { InstitutionView } from '../messages/agreement/register-institution/register-institution.message';
import { ParsedBy } from '../validation/parsed-by';
import { PageRequest } from './registry.messages';

/**
 * Designation status of an institution: that of its agreement in force today (else its first
 * one, if that starts later); `UNDESIGNATED` without any agreement.
 */
export const INSTITUTION_STATUSES = ['UNDESIGNATED', 'ACTIVE', 'SUSPENDED', 'TERMINATED', 'EXPIRED'] as const;
export type InstitutionStatus = (typeof INSTITUTION_STATUSES)[number];

/** Page plus the institution filters the registry and agreement lists share; each narrows the caller's region. */
export class InstitutionPageFilter extends PageRequest {
  @IsOptional()
  @ParsedBy((v) => InstitutionType.parse(v, 'type'))
  type?: InstitutionType;

  @IsOptional()
  @ParsedBy((v) => InstitutionLevel.parse(v, 'level'))
  level?: InstitutionLevel;

  /** A province, city or county code: institutions registered inside it. */
  @IsOptional()
  @ParsedBy((v) => Admdvs.parse(v, 'admdvs'))
  admdvs?: string;
}

/**
 * `mi.v1.agreement.list-institutions` — gateway → agreement-service: the registry in the caller's
 * region, by code, paginated; every filter narrows. Reply `Page<InstitutionListItem>`. Errors:
 * VALIDATION, FORBIDDEN.ROLE.
 */
export class ListInstitutionsRequest extends InstitutionPageFilter {
  @IsOptional()
  @IsIn([...INSTITUTION_STATUSES], { message: `status must be one of ${INSTITUTION_STATUSES.join(', ')}` })
  status?: InstitutionStatus;

  /** Only institutions with a licence expiring before this day (许可证到期预警). */
  @IsOptional()
  @ParsedBy((v) => LocalDate.parse(v, 'licenceExpiringBefore'))
  licenceExpiringBefore?: string;
}

export interface InstitutionListItem extends InstitutionView {
  status: InstitutionStatus;
  /** The earliest expiry among its licences, if it has any. */
  firstLicenceExpiry?: string;
}
