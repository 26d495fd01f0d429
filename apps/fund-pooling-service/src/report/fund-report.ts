import type { FundReportRowView } from '@mi/contracts';
import { oneStopFund } from '../ledger/funds';

/** Sums of one month, region and insurance type, in fen. */
export interface ReportCell {
  period: string;
  region: string;
  insutype: string;
  incomeFen: bigint;
  expenseFen: bigint;
}

/**
 * The report's rows from the month sums: a city row (all of it) and a row per county that has
 * figures, for every month and insurance type; year-to-date nets; for the city the balance at month
 * end (`openingBalance` before the year plus the fund account's movements through the month) and the
 * months of reserve = balance ÷ (year's expense through the month ÷ months), 2 decimals half-up.
 * A one-stop fund (一站式结算: 392 大病保险, 610 医疗救助 …) has rows of its own: its expense is what
 * it owes institutions; its income is not booked on this platform, so its balance is only what it
 * paid out and it has no months of reserve (null). Pure: the same sums give the same rows.
 */
export function reportRows(input: {
  city: string;
  months: string[];
  insutypes: string[];
  cells: ReportCell[];
  /** Fund account movement (debit − credit) per insurance type and month, and the balance before the year. */
  fundMovement: Map<string, bigint>;
  openingBalance: Map<string, bigint>;
}): FundReportRowView[] {
  const key = (period: string, region: string, insutype: string) => `${period}|${region}|${insutype}`;
  const cells = new Map(input.cells.map((c) => [key(c.period, c.region, c.insutype), c]));
  const counties = [...new Set(input.cells.map((c) => c.region).filter((r) => r !== input.city))].sort();
  const rows: FundReportRowView[] = [];
  for (const insutype of input.insutypes) {
    let balance = input.openingBalance.get(insutype) ?? 0n;
    let ytdExpense = 0n;
    const ytd = new Map<string, bigint>();
    input.months.forEach((period, i) => {
      balance += input.fundMovement.get(`${insutype}|${period}`) ?? 0n;
      let cityIncome = 0n;
      let cityExpense = 0n;
      const countyRows: FundReportRowView[] = [];
      for (const region of [input.city, ...counties]) {
        const c = cells.get(key(period, region, insutype));
        const income = c?.incomeFen ?? 0n;
        const expense = c?.expenseFen ?? 0n;
        cityIncome += income;
        cityExpense += expense;
        if (region === input.city) continue;
        const net = income - expense;
        ytd.set(region, (ytd.get(region) ?? 0n) + net);
        countyRows.push(row(period, region, 'county', insutype, income, expense, ytd.get(region) ?? 0n, null, null));
      }
      ytdExpense += cityExpense;
      ytd.set(input.city, (ytd.get(input.city) ?? 0n) + cityIncome - cityExpense);
      const months = BigInt(i + 1);
      // balance ÷ (ytdExpense ÷ months) in hundredths, half-up (balance may be negative: round half away from zero).
      const reserve = ytdExpense > 0n && !oneStopFund(insutype) ? divideHalfUp(balance * months * 100n, ytdExpense) : null;
      rows.push(row(period, input.city, 'city', insutype, cityIncome, cityExpense, ytd.get(input.city) ?? 0n, balance, reserve));
      rows.push(...countyRows);
    });
  }
  return rows;
}

function row(
  period: string,
  region: string,
  regionLevel: 'city' | 'county',
  insutype: string,
  income: bigint,
  expense: bigint,
  ytdNet: bigint,
  balance: bigint | null,
  reserveHundredths: bigint | null,
): FundReportRowView {
  return {
    period,
    region,
    regionLevel,
    insutype,
    incomeFen: income.toString(),
    expenseFen: expense.toString(),
    netFen: (income - expense).toString(),
    ytdNetFen: ytdNet.toString(),
    balanceFen: balance === null ? null : balance.toString(),
    monthsOfReserve: reserveHundredths === null ? null : hundredths(reserveHundredths),
  };
}

function divideHalfUp(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  if (2n * (r < 0n ? -r : r) >= d) return n < 0n ? q - 1n : q + 1n;
  return q;
}

function hundredths(v: bigint): string {
  const sign = v < 0n ? '-' : '';
  const a = v < 0n ? -v : v;
  return `${sign}${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`;
}
