import { DomainError, Money } from '@mi/domain';

/**
 * 结余留用、合理超支分担 — the year-end clearing of one institution against its total-control
 * indicator, with configurable bands (SET-05: e.g. Shenzhen compensates justified overspend ≤ 5 %
 * at 60 %, 5–10 % at 50 %, beyond 10 % nothing). A surplus is retained by the institution by band
 * too (e.g. up to 10 % of the indicator at 50 %). Every band's share is shown.
 */
export interface ClearingBands {
  /** Overspend bands as fractions of the indicator, ascending `upTo` (percent); last may be Infinity. */
  overspend: { upToPercent: number; fundSharePercent: number }[];
  surplus: { upToPercent: number; retainedPercent: number }[];
}

export const DEFAULT_BANDS: ClearingBands = {
  overspend: [
    { upToPercent: 5, fundSharePercent: 60 },
    { upToPercent: 10, fundSharePercent: 50 },
    { upToPercent: Infinity, fundSharePercent: 0 },
  ],
  surplus: [
    { upToPercent: 10, retainedPercent: 50 },
    { upToPercent: Infinity, retainedPercent: 0 },
  ],
};

export interface ClearingResult {
  /** Positive: the fund pays the institution more; negative: the institution owes (never here). */
  adjustment: Money;
  kind: 'surplus' | 'overspend' | 'on-target';
  /** The surplus or overspend (|actual − indicator|). */
  gap: Money;
  /** Each band used: its part of the gap, the share applied and the amount (half-up to the fen). */
  bands: { upToPercent: number; part: Money; sharePercent: number; amount: Money }[];
  steps: string[];
}

/** Clears `actual` (payable by the payment methods) against the `indicator` through the bands. */
export function yearEndClearing(indicator: Money, actual: Money, bands: ClearingBands = DEFAULT_BANDS): ClearingResult {
  if (!indicator.isPositive()) throw new DomainError('VALIDATION', 'indicator: must be positive', { field: 'indicator' });
  if (actual.isNegative()) throw new DomainError('VALIDATION', 'actual: must not be negative', { field: 'actual' });
  if (actual.equals(indicator))
    return { adjustment: Money.ZERO, kind: 'on-target', gap: Money.ZERO, bands: [], steps: ['实际发生额等于总额控制指标，无需清算调整'] };
  const over = actual.greaterThan(indicator);
  const gap = over ? actual.subtract(indicator) : indicator.subtract(actual);
  const steps: string[] = [`总额控制指标 ${indicator.format()}，实际 ${actual.format()}，${over ? '超支' : '结余'} ${gap.format()}`];
  let done = Money.ZERO;
  let adjustment = Money.ZERO;
  const used: ClearingResult['bands'] = [];
  for (const band of over ? bands.overspend : bands.surplus) {
    if (!done.lessThan(gap)) break;
    const ceiling = band.upToPercent === Infinity ? gap : Money.min(gap, indicator.multiplyPercent(band.upToPercent, 'DOWN'));
    const part = Money.max(Money.ZERO, ceiling.subtract(done));
    if (part.isZero()) continue;
    const share = 'fundSharePercent' in band ? band.fundSharePercent : band.retainedPercent;
    const paid = part.multiplyPercent(share, 'HALF_UP');
    adjustment = adjustment.add(paid);
    used.push({ upToPercent: band.upToPercent, part, sharePercent: share, amount: paid });
    steps.push(`${band.upToPercent === Infinity ? '超出部分' : `≤${band.upToPercent}%部分`} ${part.format()} × ${share}% = ${paid.format()}`);
    done = done.add(part);
  }
  steps.push(over ? `基金分担超支 ${adjustment.format()}` : `机构留用结余 ${adjustment.format()}`);
  return { adjustment, kind: over ? 'overspend' : 'surplus', gap, bands: used, steps };
}

/**
 * 统收统支 county shortfall (003_…): a county whose fund-use exceeded its income is covered by the
 * city from pooled surplus if it met its annual income plan; otherwise the county makes up the gap.
 */
export function countyShortfall(input: { incomePlan: Money; incomeCollected: Money; spent: Money }): {
  gap: Money;
  coveredBy: 'none' | 'city' | 'county';
  explanation: string;
} {
  const gap = Money.max(Money.ZERO, input.spent.subtract(input.incomeCollected));
  if (gap.isZero()) return { gap, coveredBy: 'none', explanation: `收入 ${input.incomeCollected.format()} 足以支付支出 ${input.spent.format()}，无缺口` };
  const metPlan = !input.incomeCollected.lessThan(input.incomePlan);
  return metPlan
    ? {
        gap,
        coveredBy: 'city',
        explanation: `已完成年度征收计划（${input.incomeCollected.format()} ≥ ${input.incomePlan.format()}），缺口 ${gap.format()} 由市级统筹基金结余弥补`,
      }
    : {
        gap,
        coveredBy: 'county',
        explanation: `未完成年度征收计划（${input.incomeCollected.format()} < ${input.incomePlan.format()}），缺口 ${gap.format()} 由县（区）自行弥补`,
      };
}
