import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Min, ValidateNested } from 'class-validator';
import { Admdvs, InstitutionCode, LocalDate } from '@mi/domain';
import { EventEnvelopeDto } from '../envelope/event-envelope';
import { ParsedBy } from '../validation/parsed-by';
import type { ClaimSettledPayload } from './intake.messages';

const FEN = /^-?\d{1,18}$/;

/** Validating payload of `evt.review.ClaimSettled` (fund-pooling and monitoring consume it). */
export class ClaimSettledPayloadDto implements ClaimSettledPayload {
  @IsString()
  settlementId: string;

  @IsString()
  setlId: string;

  @IsString()
  mdtrtId: string;

  @IsString()
  psnNo: string;

  @ParsedBy((v) => InstitutionCode.parse(v, 'payload.institutionCode'))
  institutionCode: string;

  @ParsedBy((v) => Admdvs.parse(v, 'payload.poolarea'))
  poolarea: string;

  @IsString()
  insutype: string;

  @ParsedBy((v) => LocalDate.parse(v, 'payload.setlDate'))
  setlDate: string;

  @Matches(FEN)
  medfeeSumamtFen: string;

  @Matches(FEN)
  hifpPayFen: string;

  @Matches(FEN)
  acctPayFen: string;

  @Matches(FEN)
  psnCashPayFen: string;

  @IsBoolean()
  reversal: boolean;

  @IsOptional()
  @IsString()
  ruleSet: string | null;

  @IsInt()
  @Min(0)
  findings: number;
}

/** 结算已入库并完成初审 — one per settlement (or reversal) accepted by claims-review. */
export class ClaimSettledEvent extends EventEnvelopeDto<ClaimSettledPayloadDto> {
  static readonly TYPE = 'ClaimSettled';

  @IsIn([ClaimSettledEvent.TYPE])
  declare type: string;

  @ValidateNested()
  @Type(() => ClaimSettledPayloadDto)
  payload: ClaimSettledPayloadDto;
}
