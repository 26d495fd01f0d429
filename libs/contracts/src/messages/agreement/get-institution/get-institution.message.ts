import { InstitutionCode } from '@mi/domain';
import { ParsedBy } from '../../../validation/parsed-by';

/**
 * `mi.v1.agreement.get-institution` — any service → agreement-service. Reply: InstitutionView.
 * Errors: VALIDATION, NOT_FOUND.
 */
export class GetInstitutionRequest {
  @ParsedBy((v) => InstitutionCode.parse(v, 'code'))
  code: string;
}
