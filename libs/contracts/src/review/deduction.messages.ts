import { Type } from 'class-transformer';
import { IsArray, IsIn, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { EventEnvelopeDto } from '../envelope/event-envelope';
import { SettlementRefDto } from './claim-settled.event';

/**
 * 扣款 — a reviewer proposes to withhold part of what the pooled fund pays for one settlement
 * (违规金额), a second person (reviewer or city officer of the region, not the proposer) approves
 * through `approvalSubjects('review')`; on approval claims-review stores the deduction and emits
 * `evt.review.DeductionConfirmed`, which fund-pooling posts against the institution's payable.
 */
export const DEDUCTION_SUBJECT = 'mi.v1.review.propose-deduction';
export const DEDUCTION_ACTION = 'review.deduction';
export const DEDUCTION_CONFIRMED_SUBJECT = 'evt.review.DeductionConfirmed';

export class ProposeDeductionRequest {
  @IsUUID('all', { message: 'settlementId must be a UUID' })
  settlementId: string;

  /** Amount to withhold, integer fen (> 0, at most the pooled fund's share not yet deducted). */
  @Matches(/^[1-9]\d{0,15}$/, { message: 'amountFen must be a positive integer number of fen' })
  amountFen: string;

  /** Findings of the initial review this deduction rests on (ids), if any. */
  @IsOptional()
  @IsArray()
  @IsUUID('all', { each: true, message: 'findingIds must be UUIDs' })
  findingIds?: string[];

  /**
   * The review case at 处理 (DISPOSAL) this deduction concludes; required when the settlement has
   * an open case — approval then closes the case and confirms the violation.
   */
  @IsOptional()
  @IsUUID('all', { message: 'caseId must be a UUID' })
  caseId?: string;

  /** 扣款理由 — shown to the institution and to the approver. */
  @IsString()
  @Length(2, 500, { message: 'reason must be 2–500 characters' })
  reason: string;
}

export interface DeductionView {
  id: string;
  settlementId: string;
  setlId: string;
  institutionCode: string;
  poolarea: string;
  amountFen: string;
  findingIds: string[];
  reason: string;
  caseId: string | null;
  approvalId: string;
  confirmedAt: string;
}

export interface DeductionConfirmedPayload {
  deductionId: string;
  settlementId: string;
  setlId: string;
  institutionCode: string;
  poolarea: string;
  insutype: string;
  setlDate: string;
  amountFen: string;
  reason: string;
  /** The review case the deduction concluded, when it came from one. */
  caseId?: string | null;
}

export class DeductionConfirmedPayloadDto extends SettlementRefDto implements DeductionConfirmedPayload {
  @IsString()
  deductionId: string;

  @Matches(/^[1-9]\d{0,15}$/)
  amountFen: string;

  @IsString()
  reason: string;

  @IsOptional()
  @IsUUID()
  caseId?: string | null;
}

/** 扣款已确认 — one per approved deduction. */
export class DeductionConfirmedEvent extends EventEnvelopeDto<DeductionConfirmedPayloadDto> {
  static readonly TYPE = 'DeductionConfirmed';

  @IsIn([DeductionConfirmedEvent.TYPE])
  declare type: string;

  @ValidateNested()
  @Type(() => DeductionConfirmedPayloadDto)
  payload: DeductionConfirmedPayloadDto;
}
