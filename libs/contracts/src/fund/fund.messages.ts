import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

/** City-level fund pooling (市级统筹) — fund-pooling-service. */
export const FundSubjects = {
  /** gateway → fund: the balance of a ledger account (region-scoped). Reply: {@link AccountBalanceView}. */
  balance: 'mi.v1.fund.balance',
} as const;

export class AccountBalanceRequest {
  @IsString()
  @Length(3, 80)
  account: string;

  /** Up to and including this period (`yyyy-MM`); all periods when absent. */
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'throughPeriod must be yyyy-MM' })
  throughPeriod?: string;
}

export interface AccountBalanceView {
  account: string;
  kind: 'asset' | 'liability' | 'income' | 'expense' | 'equity';
  admdvs: string;
  /** Yuan, 2 decimals. */
  balance: string;
  /** The same in fen. */
  fen: string;
}

/** A year and an insurance type: the key of yearly figures (plans, budgets, clearing). */
export class YearInsutypeRequest {
  @IsInt({ message: 'year must be a whole number' })
  @Min(2000, { message: 'year must be 2000–2100' })
  @Max(2100, { message: 'year must be 2000–2100' })
  year: number;

  @IsIn(['310', '390', '510'], { message: 'insutype must be 310, 390 or 510' })
  insutype: string;
}
