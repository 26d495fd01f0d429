import { Type } from 'class-transformer';
import { IsArray, IsIn, IsISO8601, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { Admdvs, InstitutionCode } from '@mi/domain';
import { EventEnvelopeDto } from '../envelope/event-envelope';
import { ANOMALY_TYPES, type AnomalyDecidedPayload, type AnomalyType, AnomalyEventSubjects, type AlertFigures } from '../kb/anomaly.messages';
import { ParsedBy } from '../validation/parsed-by';

/** Validating payload of `evt.monitoring.AnomalyConfirmed` as credit-service consumes it (every field declared: the pipe forbids unknown ones). */
export class AnomalyConfirmedPayloadDto implements AnomalyDecidedPayload {
  @IsString()
  alertId: string;

  @IsIn([...ANOMALY_TYPES])
  type: AnomalyType;

  @ParsedBy((v) => Admdvs.parse(v, 'payload.poolarea'))
  poolarea: string;

  @IsOptional()
  @ParsedBy((v) => InstitutionCode.parse(v, 'payload.institutionCode'))
  institutionCode: string | null;

  @IsOptional()
  @IsString()
  psnNo: string | null;

  @IsISO8601()
  from: string;

  @IsISO8601()
  to: string;

  @IsArray()
  @IsString({ each: true })
  settlementIds: string[];

  @IsObject()
  measured: AlertFigures;

  @IsObject()
  threshold: AlertFigures;

  @IsString()
  explanation: string;

  @IsIn(['CONFIRMED'])
  status: 'CONFIRMED';

  @IsString()
  note: string;

  @IsString()
  decidedBy: string;

  @IsISO8601()
  decidedAt: string;
}

/** 预警确认 — an officer confirmed an anomaly alert; credit enters it in the institution's file. */
export class AnomalyConfirmedEvent extends EventEnvelopeDto<AnomalyConfirmedPayloadDto> {
  static readonly SUBJECT = AnomalyEventSubjects.AnomalyConfirmed;

  @IsIn(['AnomalyConfirmed'])
  declare type: string;

  @ValidateNested()
  @Type(() => AnomalyConfirmedPayloadDto)
  payload: AnomalyConfirmedPayloadDto;
}
