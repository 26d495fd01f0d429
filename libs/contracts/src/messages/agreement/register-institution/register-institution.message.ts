import { IsString, Length } from 'class-validator';
import { Admdvs, InstitutionCode, InstitutionLevel, InstitutionType, Uscc } from '@mi/domain';
import { ParsedBy } from '../../../validation/parsed-by';

/**
 * `mi.v1.agreement.register-institution` — gateway (bureau officer) → agreement-service.
 * Adds a hospital or pharmacy to the registry (定点医药机构登记) before it applies for designation.
 * Reply: {@link InstitutionView}. Errors: VALIDATION, AGREEMENT.INSTITUTION_EXISTS,
 * AGREEMENT.CODE_REGION_MISMATCH.
 */
export class RegisterInstitutionRequest {
  /** National institution code `fixmedins_code` (H/P + 11 digits). */
  @ParsedBy((v) => InstitutionCode.parse(v, 'code'))
  code: string;

  @IsString()
  @Length(2, 200)
  name: string;

  @ParsedBy((v) => InstitutionType.parse(v, 'type'))
  type: InstitutionType;

  @ParsedBy((v) => InstitutionLevel.parse(v, 'level'))
  level: InstitutionLevel;

  /** Region (county or city) the institution is located in. */
  @ParsedBy((v) => Admdvs.parse(v, 'admdvs'))
  admdvs: string;

  /** Unified social credit code (统一社会信用代码, GB 32100). */
  @ParsedBy((v) => Uscc.parse(v, 'uscc'))
  uscc: string;
}

export interface InstitutionView {
  id: string;
  code: string;
  name: string;
  type: InstitutionType;
  level: InstitutionLevel;
  admdvs: string;
  /** Pooling region (city) the institution settles with. */
  poolarea: string;
  uscc: string;
  registeredAt: string;
}
