import { Type } from 'class-transformer';
import { YearInsutypeRequest } from './fund.messages';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsNumber, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';

/**
 * 年度基金预算与总额控制指标 — the annual fund budget of a pooling region (city) and insurance type,
 * drawn up on 以收定支、收支平衡、略有结余 (003_…, SET-01): income, expenditure and the share of income
 * kept as a reserve; expenditure may not exceed income less the reserve. Within the expenditure, each
 * institution gets a negotiated total control indicator (总额控制指标, 003_…) for the year. Both are
 * set by maker-checker (a city officer proposes, a different one approves through
 * `approvalSubjects('fund')`), are audited and emit events. The budget also carries the year's
 * policy figures used downstream: the monthly prepayment share (月度预付, 001_…) and the year-end
 * clearing bands (结余留用、合理超支分担, SET-05).
 */
export const BudgetSubjects = {
  /** gateway → fund: propose a region's annual budget (city officers). Reply: `ApprovalView<AnnualBudgetProposal>`. */
  proposeBudget: 'mi.v1.fund.budget.propose',
  /** gateway → fund: the budget in force with what its indicators use. Reply: {@link AnnualBudgetView}. */
  budget: 'mi.v1.fund.budget.get',
  /** gateway → fund: propose total control indicators of institutions (city officers). Reply: `ApprovalView<TotalControlIndicatorsProposal>`. */
  proposeIndicators: 'mi.v1.fund.indicators.propose',
  /** gateway → fund: the indicators of a region, year and insurance type. Reply: {@link TotalControlIndicatorListView}. */
  indicators: 'mi.v1.fund.indicators.list',
} as const;

export const ANNUAL_BUDGET_ACTION = 'fund.annual-budget';
export const TOTAL_CONTROL_INDICATORS_ACTION = 'fund.total-control-indicators';

export const BudgetEventSubjects = {
  /** An annual budget was approved (set or changed). Payload: {@link AnnualBudgetView}. */
  AnnualBudgetSet: 'evt.fund.AnnualBudgetSet',
  /** Total control indicators were approved. Payload: {@link TotalControlIndicatorsSetPayload}. */
  TotalControlIndicatorsSet: 'evt.fund.TotalControlIndicatorsSet',
} as const;

const CITY = /^\d{4}00$/;
const CITY_MESSAGE = 'admdvs must be a city (pooling region) code xxxx00';
/** A positive whole number of fen (at most 10^16 − 1). */
const POSITIVE_FEN = /^[1-9]\d{0,15}$/;
/** 0–100 with up to 2 decimals, as a string (`'5'`, `'97.5'`). */
const PERCENT = /^(100(\.0{1,2})?|\d{1,2}(\.\d{1,2})?)$/;

/** A pooling region, a year and an insurance type. */
export class BudgetKeyRequest extends YearInsutypeRequest {
  @Matches(CITY, { message: CITY_MESSAGE })
  admdvs: string;
}

/** The bound of a clearing band, as a share of the indicator. */
abstract class BandBoundDto {
  @IsOptional()
  @IsNumber(
    { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 },
    { message: 'upToPercent must be a number with at most 2 decimals, or null for the rest' },
  )
  @Min(0.01, { message: 'upToPercent must be above 0' })
  upToPercent: number | null;
}

/** One overspend band: the part of the overspend up to `upToPercent` of the indicator (null: the rest) is borne by the fund at `fundSharePercent`. */
export class OverspendBandDto extends BandBoundDto {
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 }, { message: 'fundSharePercent must be 0–100' })
  @Min(0, { message: 'fundSharePercent must be 0–100' })
  @Max(100, { message: 'fundSharePercent must be 0–100' })
  fundSharePercent: number;
}

/** One surplus band: the part of the surplus up to `upToPercent` of the indicator (null: the rest) is retained by the institution at `retainedPercent`. */
export class SurplusBandDto extends BandBoundDto {
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 }, { message: 'retainedPercent must be 0–100' })
  @Min(0, { message: 'retainedPercent must be 0–100' })
  @Max(100, { message: 'retainedPercent must be 0–100' })
  retainedPercent: number;
}

/** 结余留用、合理超支分担 bands (ascending `upToPercent`, the last one null). */
export class ClearingBandsDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => OverspendBandDto)
  overspend: OverspendBandDto[];

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => SurplusBandDto)
  surplus: SurplusBandDto[];
}

export class ProposeAnnualBudgetRequest extends BudgetKeyRequest {
  /** 基金收入预算. */
  @Matches(POSITIVE_FEN, { message: 'incomeFen must be a positive whole number of fen' })
  incomeFen: string;

  /** 基金支出预算 — at most income − reserve. */
  @Matches(POSITIVE_FEN, { message: 'expenditureFen must be a positive whole number of fen' })
  expenditureFen: string;

  /** 结余留存比例 — the share of income kept as a reserve (调剂金/风险金), percent 0–100, up to 2 decimals. */
  @Matches(PERCENT, { message: 'reserveSharePercent must be a percentage 0–100 with up to 2 decimals, as a string' })
  reserveSharePercent: string;

  /** 月度预付比例 — share of an indicator's twelfth prepaid each month; default 97 (SET-05). */
  @IsOptional()
  @Matches(PERCENT, { message: 'prepaymentSharePercent must be a percentage 0–100 with up to 2 decimals, as a string' })
  prepaymentSharePercent?: string;

  /** Year-end clearing bands; default the platform's (SET-05). */
  @IsOptional()
  @ValidateNested()
  @Type(() => ClearingBandsDto)
  clearingBands?: ClearingBandsDto;

  @IsString()
  @Length(2, 500, { message: 'reason must be 2–500 characters' })
  reason: string;
}

/** Clearing bands on the wire: `upToPercent: null` is "the rest". */
export interface ClearingBandsView {
  overspend: { upToPercent: number | null; fundSharePercent: number }[];
  surplus: { upToPercent: number | null; retainedPercent: number }[];
}

export interface AnnualBudgetView {
  admdvs: string;
  year: number;
  insutype: string;
  incomeFen: string;
  expenditureFen: string;
  reserveSharePercent: string;
  /** income × reserve share, half-up to the fen. */
  reserveFen: string;
  /** income − reserve: what expenditure may reach. */
  availableFen: string;
  prepaymentSharePercent: string;
  clearingBands: ClearingBandsView;
  /** Why the figures balance, in words. */
  explanation: string[];
  /** Set once approved. */
  approvalId?: string;
  approvedBy?: string;
  approvedAt?: string;
  /** What the institutions' indicators take of the expenditure (when read). */
  indicatorsFen?: string;
  indicatorCount?: number;
}

/** What the approver approves. */
export interface AnnualBudgetProposal {
  budget: AnnualBudgetView;
  /** The budget it replaces, if any. */
  before: AnnualBudgetView | null;
  reason: string;
}

export class IndicatorItemDto {
  @Matches(/^[A-Za-z][0-9]{11}$/, { message: 'institutionCode must be a letter and 11 digits (e.g. H43010200001)' })
  institutionCode: string;

  /** 总额控制指标 for the year, in fen. */
  @Matches(POSITIVE_FEN, { message: 'indicatorFen must be a positive whole number of fen' })
  indicatorFen: string;
}

export class ProposeIndicatorsRequest extends BudgetKeyRequest {
  @IsArray()
  @ArrayMinSize(1, { message: 'indicators must list at least one institution' })
  @ArrayMaxSize(20000, { message: 'indicators: at most 20000 per proposal' })
  @ValidateNested({ each: true })
  @Type(() => IndicatorItemDto)
  indicators: IndicatorItemDto[];

  /** 谈判协商 record: who negotiated, when, reference. */
  @IsString()
  @Length(2, 500, { message: 'reason must be 2–500 characters' })
  reason: string;
}

export interface TotalControlIndicatorsProposal {
  admdvs: string;
  year: number;
  insutype: string;
  /** The proposed indicators with what each replaces (null when new). */
  indicators: { institutionCode: string; indicatorFen: string; beforeFen: string | null }[];
  /** The budget's expenditure and what all indicators of the year would take after approval. */
  expenditureFen: string;
  indicatorsAfterFen: string;
  reason: string;
}

export interface TotalControlIndicatorsSetPayload {
  approvalId: string;
  admdvs: string;
  year: number;
  insutype: string;
  count: number;
  indicatorsAfterFen: string;
  expenditureFen: string;
  decidedBy: string;
}

export class IndicatorListRequest extends BudgetKeyRequest {
  /** One institution only. */
  @IsOptional()
  @Matches(/^[A-Za-z][0-9]{11}$/, { message: 'institutionCode must be a letter and 11 digits (e.g. H43010200001)' })
  institutionCode?: string;
}

export interface TotalControlIndicatorView {
  institutionCode: string;
  indicatorFen: string;
  approvalId: string;
  approvedBy: string;
  approvedAt: string;
}

export interface TotalControlIndicatorListView {
  admdvs: string;
  year: number;
  insutype: string;
  totalFen: string;
  items: TotalControlIndicatorView[];
}
