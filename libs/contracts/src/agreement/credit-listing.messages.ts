import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { LocalDate } from '@mi/domain';
import { EventEnvelopeDto } from '../envelope/event-envelope';
import {
  CREDIT_LISTS,
  type CreditList,
  LIST_DECISION_STATUSES,
  LIST_SUBJECT_TYPES,
  type ListDecisionEventPayload,
  type ListDecisionStatus,
  type ListSubjectType,
} from '../credit/list-decision.messages';
import { ParsedBy } from '../validation/parsed-by';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Payload of `evt.credit.SubjectListed` / `evt.credit.SubjectDelisted` as agreement-service
 * consumes it (credit-service emits it when a listing decision is approved, or ends early; see
 * credit-service's ListDecisionService). A black-listed practitioner may not settle for the period.
 */
export class CreditListingPayload implements ListDecisionEventPayload {
  @Matches(UUID, { message: 'payload.decisionId must be a UUID' })
  decisionId: string;

  @IsIn([...CREDIT_LISTS])
  list: CreditList;

  @IsIn([...LIST_SUBJECT_TYPES])
  subjectType: ListSubjectType;

  /** Practitioner code, institution code, or a person's ID number masked. */
  @IsString()
  @Length(1, 50)
  subjectCode: string;

  @IsOptional()
  @IsString()
  institutionCode: string | null;

  @IsOptional()
  @IsString()
  uscc: string | null;

  @ParsedBy((v) => LocalDate.parse(v, 'payload.periodStart'))
  periodStart: string;

  /** Last day of the listing (inclusive). */
  @ParsedBy((v) => LocalDate.parse(v, 'payload.periodEnd'))
  periodEnd: string;

  @IsIn([...LIST_DECISION_STATUSES])
  status: ListDecisionStatus;
}

/** 列入红黑名单 — consumed by agreement-service: a black-listed practitioner is refused at settlement for the period. */
export class SubjectListedEvent extends EventEnvelopeDto<CreditListingPayload> {
  static readonly TYPE = 'SubjectListed';
  @IsIn([SubjectListedEvent.TYPE])
  declare type: string;
  @ValidateNested()
  @Type(() => CreditListingPayload)
  payload: CreditListingPayload;
}

/** 移出名单 — the listing ended before its period (信用修复, decision revoked): settlement allowed again from then. */
export class SubjectDelistedEvent extends EventEnvelopeDto<CreditListingPayload> {
  static readonly TYPE = 'SubjectDelisted';
  @IsIn([SubjectDelistedEvent.TYPE])
  declare type: string;
  @ValidateNested()
  @Type(() => CreditListingPayload)
  payload: CreditListingPayload;
}
