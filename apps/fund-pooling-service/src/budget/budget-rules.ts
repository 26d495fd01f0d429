import type { ClearingBandsView } from '@mi/contracts';
import { ConflictError, DomainError, Money } from '@mi/domain';
import { type ClearingBands, DEFAULT_BANDS } from '../payment/year-end';

/**
 * 月度预付比例 default. The seeds say 按月预付 (001_…) without a figure; SET-05 (Shenzhen) pays 97 %
 * monthly and keeps 3 % until the year-end clearing, so a month's prepayment defaults to 97 % of
 * the indicator's twelfth. A city sets its own figure in its annual budget.
 */
export const DEFAULT_PREPAYMENT_SHARE_PERCENT = '97';

/** The figures of a budget that must balance: 以收定支、收支平衡、略有结余. */
export interface BudgetBalance {
  reserve: Money;
  available: Money;
  explanation: string[];
}

/**
 * 以收定支、收支平衡、略有结余 (003_…, SET-01): the reserve is income × reserve share (half-up to
 * the fen); expenditure may reach income − reserve and no more. Refused with
 * `FUND.BUDGET_UNBALANCED` on `expenditureFen`, with the figures in words.
 */
export function balanceBudget(income: Money, expenditure: Money, reserveSharePercent: string): BudgetBalance {
  const reserve = income.multiplyPercent(reserveSharePercent, 'HALF_UP');
  const available = income.subtract(reserve);
  const explanation = [
    `收入预算 ${income.format()}`,
    `结余留存 ${reserveSharePercent}% = ${reserve.format()}（四舍五入到分）`,
    `可用于支出 ${available.format()}（收入 − 结余留存）`,
    `支出预算 ${expenditure.format()}`,
  ];
  if (expenditure.greaterThan(available)) {
    throw new ConflictError(
      'FUND.BUDGET_UNBALANCED',
      `expenditureFen: 支出预算 ${expenditure.format()} 超过收入 ${income.format()} 减结余留存 ${reserve.format()}（${reserveSharePercent}%）后的 ${available.format()}，` +
        `超出 ${expenditure.subtract(available).format()}：预算须以收定支、收支平衡、略有结余`,
      {
        field: 'expenditureFen',
        reason: 'expenditure exceeds income less the reserve',
        incomeFen: income.fenBigInt.toString(),
        reserveFen: reserve.fenBigInt.toString(),
        availableFen: available.fenBigInt.toString(),
      },
    );
  }
  explanation.push(`支出预算 ≤ 可用于支出，结余 ${income.subtract(expenditure).format()}：以收定支、收支平衡、略有结余`);
  return { reserve, available, explanation };
}

/** The platform's default bands (year-end.ts) on the wire: Infinity is `null`. */
export function defaultBandsView(): ClearingBandsView {
  return {
    overspend: DEFAULT_BANDS.overspend.map((b) => ({
      upToPercent: Number.isFinite(b.upToPercent) ? b.upToPercent : null,
      fundSharePercent: b.fundSharePercent,
    })),
    surplus: DEFAULT_BANDS.surplus.map((b) => ({ upToPercent: Number.isFinite(b.upToPercent) ? b.upToPercent : null, retainedPercent: b.retainedPercent })),
  };
}

/**
 * Bands from the wire, checked: `upToPercent` strictly ascending, every band but the last bounded,
 * the last one `null` (the rest). Errors name the field (`<field>.overspend[1].upToPercent`).
 */
export function parseBands(view: ClearingBandsView, field = 'clearingBands'): ClearingBands {
  const check = (bands: { upToPercent: number | null }[], side: 'overspend' | 'surplus') => {
    bands.forEach((b, i) => {
      const last = i === bands.length - 1;
      const at = `${field}.${side}[${i}].upToPercent`;
      if (last && b.upToPercent !== null && b.upToPercent !== undefined)
        throw new DomainError('VALIDATION', `${at}: the last band must be null (the rest)`, { field: at });
      if (!last && (b.upToPercent === null || b.upToPercent === undefined))
        throw new DomainError('VALIDATION', `${at}: only the last band may be null`, { field: at });
      const previous = i > 0 ? bands[i - 1].upToPercent : 0;
      if (!last && previous !== null && (b.upToPercent as number) <= previous)
        throw new DomainError('VALIDATION', `${at}: bands must ascend (${b.upToPercent} after ${previous})`, { field: at });
    });
  };
  check(view.overspend, 'overspend');
  check(view.surplus, 'surplus');
  return {
    overspend: view.overspend.map((b) => ({ upToPercent: b.upToPercent ?? Infinity, fundSharePercent: b.fundSharePercent })),
    surplus: view.surplus.map((b) => ({ upToPercent: b.upToPercent ?? Infinity, retainedPercent: b.retainedPercent })),
  };
}

/** A month's prepayment of an indicator: indicator ÷ 12 × share, one rounding (half-up to the fen). */
export function monthlyPrepayment(indicator: Money, sharePercent: string): Money {
  const [whole, decimals = ''] = sharePercent.split('.');
  const basisPoints = BigInt(whole) * 100n + BigInt((decimals + '00').slice(0, 2));
  return indicator.multiplyRatio(basisPoints, 12n * 10_000n, 'HALF_UP');
}
