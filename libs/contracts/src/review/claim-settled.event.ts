import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Min, ValidateNested } from 'class-validator';
import { Admdvs, InstitutionCode, LocalDate } from '@mi/domain';
import { EventEnvelopeDto } from '../envelope/event-envelope';
import { ParsedBy } from '../validation/parsed-by';
import type { ClaimSettledPayload } from './intake.messages';

const FEN = /^-?\d{1,18}$/;

/** The settlement an event is about: who settled it, where, which fund, when (shared by review events). */
export abstract class SettlementRefDto {
  @IsString()
  settlementId: string;

  @IsString()
  setlId: string;

  @ParsedBy((v) => InstitutionCode.parse(v, 'payload.institutionCode'))
  institutionCode: string;

  @ParsedBy((v) => Admdvs.parse(v, 'payload.poolarea'))
  poolarea: string;

  /** 险种 310 / 390 / 510 … (which fund pays). */
  @IsString()
  insutype: string;

  @ParsedBy((v) => LocalDate.parse(v, 'payload.setlDate'))
  setlDate: string;
}

/** Validating payload of `evt.review.ClaimSettled` (fund-pooling and monitoring consume it). */
export class ClaimSettledPayloadDto extends SettlementRefDto implements ClaimSettledPayload {
  @IsString()
  mdtrtId: string;

  @IsString()
  psnNo: string;

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
