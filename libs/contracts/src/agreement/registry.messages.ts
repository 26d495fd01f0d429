import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { Admdvs, InstitutionCode, LocalDate } from '@mi/domain';
import { ParsedBy } from '../validation/parsed-by';

/** Page parameters shared by the list requests (limit 1–200, default 50). */
export class PageRequest {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export const LICENCE_KINDS = ['practice', 'drug-trade', 'business', 'gsp', 'tcm-clinic-filing', 'other'] as const;
export type LicenceKind = (typeof LICENCE_KINDS)[number];

/**
 * `mi.v1.agreement.add-licence` — gateway → agreement-service. Reply {@link LicenceView}.
 * Errors: VALIDATION, NOT_FOUND (institution, also another region's), AGREEMENT.LICENCE_EXISTS.
 */
export class AddLicenceRequest {
  @ParsedBy((v) => InstitutionCode.parse(v, 'institutionCode'))
  institutionCode: string;

  @IsIn([...LICENCE_KINDS], { message: `kind must be one of ${LICENCE_KINDS.join(', ')}` })
  kind: LicenceKind;

  @IsString()
  @Length(1, 100)
  number: string;

  @ParsedBy((v) => LocalDate.parse(v, 'issuedOn'))
  issuedOn: string;

  @ParsedBy((v) => LocalDate.parse(v, 'expiresOn'))
  expiresOn: string;
}

export interface LicenceView {
  id: string;
  institutionCode: string;
  kind: LicenceKind;
  number: string;
  issuedOn: string;
  expiresOn: string;
  admdvs: string;
}

/** `mi.v1.agreement.list-licences` — by institution, or expiring within `expiringWithinDays`. */
export class ListLicencesRequest extends PageRequest {
  @IsOptional()
  @ParsedBy((v) => InstitutionCode.parse(v, 'institutionCode'))
  institutionCode?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3660)
  expiringWithinDays?: number;
}

export const PRACTITIONER_TYPES = ['physician', 'pharmacist'] as const;
export type PractitionerType = (typeof PRACTITIONER_TYPES)[number];
export const PRACTITIONER_STATUSES = ['ACTIVE', 'SUSPENDED', 'CANCELLED'] as const;
export type PractitionerStatus = (typeof PRACTITIONER_STATUSES)[number];

/**
 * `mi.v1.agreement.register-practitioner` — gateway → agreement-service: 医保医师/药师.
 * Reply {@link PractitionerView}. Errors: VALIDATION, NOT_FOUND (institution), AGREEMENT.PRACTITIONER_EXISTS.
 */
export class RegisterPractitionerRequest {
  /** National practitioner code (医保医师/药师代码, D/Y + 13–18 letters or digits). */
  @Matches(/^[A-Z][A-Z0-9]{8,29}$/, { message: 'code must be an upper-case letter followed by 8–29 letters or digits' })
  code: string;

  @IsString()
  @Length(1, 50)
  name: string;

  @ParsedBy((v) => InstitutionCode.parse(v, 'institutionCode'))
  institutionCode: string;

  @IsIn([...PRACTITIONER_TYPES], { message: `type must be one of ${PRACTITIONER_TYPES.join(', ')}` })
  type: PractitionerType;
}

export interface PractitionerView {
  id: string;
  code: string;
  name: string;
  institutionCode: string;
  type: PractitionerType;
  status: PractitionerStatus;
  /** Suspended until this date (inclusive) after a points threshold, if any. */
  suspendedUntil?: string;
  admdvs: string;
  poolarea: string;
}

export class ListPractitionersRequest extends PageRequest {
  @IsOptional()
  @ParsedBy((v) => InstitutionCode.parse(v, 'institutionCode'))
  institutionCode?: string;

  @IsOptional()
  @IsIn([...PRACTITIONER_TYPES])
  type?: PractitionerType;

  @IsOptional()
  @IsIn([...PRACTITIONER_STATUSES])
  status?: PractitionerStatus;

  @IsOptional()
  @ParsedBy((v) => Admdvs.parse(v, 'admdvs'))
  admdvs?: string;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/**
 * `mi.v1.agreement.bind-terminal` — gateway → agreement-service (001_… Quanzhou: 终端绑定).
 * Reply {@link TerminalView}. Errors: VALIDATION, NOT_FOUND (institution), AGREEMENT.PSAM_BOUND
 * (the PSAM card is bound to another terminal).
 */
export class BindTerminalRequest {
  @ParsedBy((v) => InstitutionCode.parse(v, 'institutionCode'))
  institutionCode: string;

  @Matches(IPV4, { message: 'ip must be an IPv4 address' })
  ip: string;

  /** PSAM card number (PSAM卡号): 12–20 hex digits. */
  @Matches(/^[0-9A-F]{12,20}$/, { message: 'psamNo must be 12–20 upper-case hex digits' })
  psamNo: string;

  /** 收费员 (cashier) user code at the institution. */
  @IsString()
  @Length(1, 50)
  cashier: string;
}

export class UnbindTerminalRequest {
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { message: 'id must be a UUID' })
  id: string;

  @IsString()
  @Length(1, 500)
  reason: string;
}

export const TERMINAL_STATUSES = ['BOUND', 'UNBOUND'] as const;
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];

export interface TerminalView {
  id: string;
  institutionCode: string;
  ip: string;
  psamNo: string;
  cashier: string;
  status: TerminalStatus;
  boundAt: string;
  unboundAt?: string;
  admdvs: string;
}

export class ListTerminalsRequest extends PageRequest {
  @IsOptional()
  @ParsedBy((v) => InstitutionCode.parse(v, 'institutionCode'))
  institutionCode?: string;

  @IsOptional()
  @IsIn([...TERMINAL_STATUSES])
  status?: TerminalStatus;
}
