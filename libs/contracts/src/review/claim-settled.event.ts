import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Length, Matches, Min, ValidateNested } from 'class-validator';
import { Admdvs, InstitutionCode, LocalDate } from '@mi/domain';
import { EventEnvelopeDto } from '../envelope/event-envelope';
import { ParsedBy } from '../validation/parsed-by';
import type { ClaimSettledFundParts, ClaimSettledPayload, ClaimSettledVisit } from './intake.messages';

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

export class ClaimSettledVisitDto implements ClaimSettledVisit {
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/)
  setlTime: string;

  @IsIn(['0', '1', '2', '9'])
  gend: string;

  @IsInt()
  @Min(0)
  ageYears: number;

  @IsIn(['1', '2', '3', '4'])
  treatmentMode: string;

  @IsString()
  medType: string;

  @ParsedBy((v) => LocalDate.parse(v, 'payload.visit.begndate'))
  begndate: string;

  @IsOptional()
  @ParsedBy((v) => LocalDate.parse(v, 'payload.visit.enddate'))
  enddate: string | null;

  @IsOptional()
  @IsString()
  department: string | null;

  @IsOptional()
  @IsString()
  doctor: string | null;
}

/** 一站式结算 — the other fund payers' parts, integer fen each; a key that is not a fund payer is refused. */
export class ClaimSettledFundPartsDto implements ClaimSettledFundParts {
  @IsOptional()
  @Matches(FEN)
  cvlservPay?: string;

  @IsOptional()
  @Matches(FEN)
  hifesPay?: string;

  @IsOptional()
  @Matches(FEN)
  hifmiPay?: string;

  @IsOptional()
  @Matches(FEN)
  hifobPay?: string;

  @IsOptional()
  @Matches(FEN)
  mafPay?: string;

  @IsOptional()
  @Matches(FEN)
  hifdmPay?: string;

  @IsOptional()
  @Matches(FEN)
  othPay?: string;
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
  @Length(1, 40)
  initSetlId?: string;

  @IsOptional()
  @IsString()
  ruleSet: string | null;

  @IsInt()
  @Min(0)
  findings: number;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ClaimSettledFundPartsDto)
  fundPartsFen?: ClaimSettledFundPartsDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => ClaimSettledVisitDto)
  visit?: ClaimSettledVisitDto;
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
