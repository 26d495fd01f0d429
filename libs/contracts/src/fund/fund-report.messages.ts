import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/**
 * 基金运行报表 — a pooling region's fund by month, region (the city and each county) and insurance
 * type: income (county remittances and the city's own income), expense (fund use by the region's
 * institutions: settlements − reversals − deductions − indicator deductions, by service month), net,
 * year to date, and for the city the fund account's balance at month end and the months of reserve
 * it holds (balance ÷ the year's average monthly expense so far; SET-09 asks ≥ 12 months for
 * employees, ≥ 6 for residents before advance payments).
 */
export const FundReportSubjects = {
  /** gateway → fund: the report of a region and year. Reply: {@link FundReportView}. */
  report: 'mi.v1.fund.report',
} as const;

export class FundReportRequest {
  @Matches(/^\d{4}00$/, { message: 'admdvs must be a city (pooling region) code xxxx00' })
  admdvs: string;

  @IsInt({ message: 'year must be a whole number' })
  @Min(2000, { message: 'year must be 2000–2100' })
  @Max(2100, { message: 'year must be 2000–2100' })
  year: number;

  /** One insurance type; all when absent. */
  @IsOptional()
  @IsIn(['310', '390', '510'], { message: 'insutype must be 310, 390 or 510' })
  insutype?: string;
}

export interface FundReportRowView {
  period: string;
  /** The city (all of it) or one of its counties. */
  region: string;
  regionLevel: 'city' | 'county';
  /** A basic insurance type (310/390/510) or a one-stop fund's code (320, 330, 350, 370, 392 大病保险, 610 医疗救助, 999; docs/fund.md). */
  insutype: string;
  incomeFen: string;
  expenseFen: string;
  /** income − expense of the month. */
  netFen: string;
  /** income − expense of the year through the month. */
  ytdNetFen: string;
  /** City rows: the fund account's balance at month end (all years). Null for counties (统收统支: one pooled fund). */
  balanceFen: string | null;
  /** City rows: balance ÷ average monthly expense of the year through the month, 2 decimals (half-up); null without expense and for a one-stop fund (392, 610 …: its income is not booked here). */
  monthsOfReserve: string | null;
}

export interface FundReportView {
  admdvs: string;
  year: number;
  /** Months reported: the year's, up to the current one. */
  months: string[];
  rows: FundReportRowView[];
  /** What each figure is, in words. */
  notes: string[];
}
