import { Type } from 'class-transformer';
import { IsIn, IsString, ValidateNested } from 'class-validator';
import { Admdvs, InstitutionCode, InstitutionLevel, InstitutionType } from '@mi/domain';
import { EventEnvelopeDto } from '../../../envelope/event-envelope';
import { ParsedBy } from '../../../validation/parsed-by';

/** Payload of `evt.agreement.InstitutionRegistered` v1 — published by agreement-service. */
export class InstitutionRegisteredPayload {
  @ParsedBy((v) => InstitutionCode.parse(v, 'payload.code'))
  code: string;

  @IsString()
  name: string;

  @ParsedBy((v) => InstitutionType.parse(v, 'payload.type'))
  type: InstitutionType;

  @ParsedBy((v) => InstitutionLevel.parse(v, 'payload.level'))
  level: InstitutionLevel;

  @ParsedBy((v) => Admdvs.parse(v, 'payload.admdvs'))
  admdvs: string;

  @ParsedBy((v) => Admdvs.parse(v, 'payload.poolarea'))
  poolarea: string;
}

/** 定点医药机构已登记 — consumed by credit-service (opens the credit file). */
export class InstitutionRegisteredEvent extends EventEnvelopeDto<InstitutionRegisteredPayload> {
  static readonly TYPE = 'InstitutionRegistered';

  @IsIn([InstitutionRegisteredEvent.TYPE])
  declare type: string;

  @ValidateNested()
  @Type(() => InstitutionRegisteredPayload)
  payload: InstitutionRegisteredPayload;
}
