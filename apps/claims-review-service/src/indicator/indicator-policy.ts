import type { CostIndicator, IndicatorMeasureView } from '@mi/contracts';
import { DomainError, LocalDate } from '@mi/domain';

/** 次均三费超5% (001_…, 9th article): the tolerance over the agreement's target before a deduction. */
export const DEFAULT_TOLERANCE_PERMILLE = 50;
/** A city may set its own tolerance (per mille), by poolarea. */
export const CITY_TOLERANCE_PERMILLE: Record<string, number> = {};

export function tolerancePermille(poolarea: string): number {
  return CITY_TOLERANCE_PERMILLE[poolarea] ?? DEFAULT_TOLERANCE_PERMILLE;
}

/** `2026-10` → [2026-10-01, 2026-11-01); `2026-Q4` → [2026-10-01, 2027-01-01). */
export function periodRange(period: string): { from: LocalDate; to: LocalDate } {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (!q && !m) throw new DomainError('VALIDATION', 'period must be yyyy-MM or yyyy-Qn', { field: 'period' });
  const year = Number((q ?? m)![1]);
  const firstMonth = q ? (Number(q[2]) - 1) * 3 + 1 : Number(m![2]);
  const months = q ? 3 : 1;
  const from = LocalDate.of(year, firstMonth, 1);
  const endMonth = firstMonth + months;
  const to = endMonth > 12 ? LocalDate.of(year + 1, endMonth - 12, 1) : LocalDate.of(year, endMonth, 1);
  return { from, to };
}

const divRoundHalfUp = (a: bigint, b: bigint): bigint => (a * 2n + b) / (b * 2n);
const divCeil = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

/**
 * One cost indicator of one institution: actual = total / units; the tolerance allows
 * units × target × (1000 + tolerance) / 1000, rounded up (in the institution's favour); what the
 * period cost beyond that is the excess. Exact in fen.
 */
export function measure(indicator: CostIndicator, targetFen: bigint, units: number, totalFen: bigint, tolerance: number): IndicatorMeasureView {
  const u = BigInt(units);
  const actual = units > 0 ? divRoundHalfUp(totalFen, u) : 0n;
  const allowed = divCeil(u * targetFen * BigInt(1000 + tolerance), 1000n);
  const excess = totalFen > allowed ? totalFen - allowed : 0n;
  const overPermille = targetFen > 0n ? Number(((actual - targetFen) * 1000n) / targetFen) : 0;
  return {
    indicator,
    targetFen: targetFen.toString(),
    units,
    totalFen: totalFen.toString(),
    actualFen: actual.toString(),
    overPermille,
    allowedFen: allowed.toString(),
    excessFen: excess.toString(),
  };
}

/**
 * Splits `amount` over the insurance types in proportion to their cost, by largest remainder, so
 * the parts add up to the fen (ties: the insurance type with the smaller code first).
 */
export function splitByInsutype(amount: bigint, costByInsutype: Record<string, bigint>): Record<string, string> {
  const entries = Object.entries(costByInsutype).sort(([a], [b]) => a.localeCompare(b));
  const total = entries.reduce((s, [, c]) => s + c, 0n);
  if (amount === 0n || total === 0n) return {};
  const parts = entries.map(([k, c]) => ({ k, base: (amount * c) / total, rem: (amount * c) % total }));
  let left = amount - parts.reduce((s, p) => s + p.base, 0n);
  for (const p of [...parts].sort((a, b) => (b.rem > a.rem ? 1 : b.rem < a.rem ? -1 : a.k.localeCompare(b.k)))) {
    if (left === 0n) break;
    p.base += 1n;
    left -= 1n;
  }
  return Object.fromEntries(parts.filter((p) => p.base > 0n).map((p) => [p.k, p.base.toString()]));
}

const yuan = (fen: bigint | string): string => {
  const f = BigInt(fen);
  return `${f / 100n}.${(f % 100n).toString().padStart(2, '0')}`;
};

const LABEL: Record<CostIndicator, string> = { costPerAdmission: '次均住院费用', costPerBedDay: '床日费用' };

/** The sentence an officer and the institution read: which indicator, target, actual, how much over, what is withheld. */
export function explain(period: string, measures: IndicatorMeasureView[], proposedFen: bigint, tolerance: number, fundPaidFen: bigint): string {
  const parts = measures.map(
    (m) =>
      `${LABEL[m.indicator]}：目标 ${yuan(m.targetFen)} 元，实际 ${yuan(m.actualFen)} 元（${m.units}${m.indicator === 'costPerAdmission' ? '人次' : '床日'}，` +
      `${m.overPermille >= 0 ? '超出' : '低于'} ${(Math.abs(m.overPermille) / 10).toFixed(1)}%）` +
      (BigInt(m.excessFen) > 0n ? `，超过容差 ${tolerance / 10}% 部分 ${yuan(m.excessFen)} 元` : ''),
  );
  const tail =
    proposedFen > 0n ? `；拟扣款 ${yuan(proposedFen)} 元（取较大超额${proposedFen < fundPaidFen ? '' : '，以统筹基金支付额为限'}）` : '；未超过容差，不扣款';
  return `${period} ${parts.join('；')}${tail}。依据：协议量化指标，次均费用超目标5%以上部分不予支付（001_… 第九条）。`;
}
