import { Type } from 'class-transformer';
import { IsIn, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { Admdvs, InstitutionCode, LocalDate } from '@mi/domain';
import { EventEnvelopeDto } from '../envelope/event-envelope';
import { type IndicatorDeductionConfirmedPayload, INDICATOR_PERIOD } from '../review/indicator.messages';
import { ParsedBy } from '../validation/parsed-by';

/** Insurance types a fund ledger keeps (employees, residents, maternity). */
export const FUND_INSUTYPES = ['310', '390', '510'] as const;

/**
 * `byInsutype` of an indicator deduction: at least one insurance type the fund keeps, each a
 * non-negative integer number of fen (the sum is checked against `amountFen` by fund-pooling).
 */
export function parseByInsutype(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('payload.byInsutype must be an object {insutype: fen}');
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) throw new Error('payload.byInsutype must name at least one insurance type');
  for (const [k, v] of entries) {
    if (!(FUND_INSUTYPES as readonly string[]).includes(k))
      throw new Error(`payload.byInsutype: insurance type ${k} is not one of ${FUND_INSUTYPES.join(', ')}`);
    if (typeof v !== 'string' || !/^\d{1,16}$/.test(v)) throw new Error(`payload.byInsutype.${k} must be a non-negative integer number of fen (string)`);
  }
  return value as Record<string, string>;
}

/** Validated payload of `evt.review.IndicatorDeductionConfirmed` (the review contract defines only its shape). */
export class IndicatorDeductionConfirmedPayloadDto implements IndicatorDeductionConfirmedPayload {
  @IsString()
  @Length(1, 64)
  assessmentId: string;

  @ParsedBy((v) => InstitutionCode.parse(v, 'payload.institutionCode'))
  institutionCode: string;

  @ParsedBy((v) => Admdvs.parse(v, 'payload.poolarea'))
  poolarea: string;

  @Matches(INDICATOR_PERIOD, { message: 'payload.period must be yyyy-MM or yyyy-Qn' })
  period: string;

  /** The ledger books the deduction in this date's month. */
  @ParsedBy((v) => LocalDate.parse(v, 'payload.periodEnd'))
  periodEnd: string;

  @Matches(/^[1-9]\d{0,15}$/, { message: 'payload.amountFen must be a positive integer number of fen' })
  amountFen: string;

  @ParsedBy(parseByInsutype)
  byInsutype: Record<string, string>;

  @IsString()
  @Length(1, 4000)
  reason: string;
}

/** 指标性扣款已确认 — one per approved indicator deduction (次均费用超标). */
export class IndicatorDeductionConfirmedEvent extends EventEnvelopeDto<IndicatorDeductionConfirmedPayloadDto> {
  static readonly TYPE = 'IndicatorDeductionConfirmed';

  @IsIn([IndicatorDeductionConfirmedEvent.TYPE])
  declare type: string;

  @ValidateNested()
  @Type(() => IndicatorDeductionConfirmedPayloadDto)
  payload: IndicatorDeductionConfirmedPayloadDto;
}
