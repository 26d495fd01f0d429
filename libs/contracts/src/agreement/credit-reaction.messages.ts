import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { EventEnvelopeDto } from '../envelope/event-envelope';
import { CREDIT_LEVELS, type CreditLevel } from '../credit/credit.messages';

/**
 * Payload of `evt.credit.CreditLevelChanged` as agreement-service consumes it (credit-service emits
 * it when an institution's credit level changes; see credit-service's CreditScoringService).
 */
export class CreditLevelChangedPayload {
  @IsIn(['institution', 'practitioner'])
  subjectType: 'institution' | 'practitioner';

  @IsString()
  @Length(1, 50)
  subjectCode: string;

  @IsIn([...CREDIT_LEVELS])
  from: CreditLevel;

  @IsIn([...CREDIT_LEVELS])
  to: CreditLevel;

  @IsInt()
  score: number;

  @IsOptional()
  @IsString()
  causeEventId?: string;
}

/** 信用等级变更 — consumed by agreement-service: a drop to D opens a suspension proposal or suspends (per city). */
export class CreditLevelChangedEvent extends EventEnvelopeDto<CreditLevelChangedPayload> {
  static readonly TYPE = 'CreditLevelChanged';
  @IsIn([CreditLevelChangedEvent.TYPE])
  declare type: string;
  @ValidateNested()
  @Type(() => CreditLevelChangedPayload)
  payload: CreditLevelChangedPayload;
}
