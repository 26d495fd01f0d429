import { createHash } from 'node:crypto';
import type { CasePaymentMethod } from '@mi/contracts';
import { DomainError, Money } from '@mi/domain';

/**
 * The rate of a scheme: DRG fen per weight 1.0; BED_DAY fen per bed-day at weight 1.0; DIP the
 * budget point value as the exact fraction (budget − reserve) ÷ expected points.
 */
export type SchemeRate = { method: 'DRG' | 'BED_DAY'; rateFen: bigint } | { method: 'DIP'; numeratorFen: bigint; points: bigint };

/** `1.2345` → 12345n (× 10^4); `95.5` percent → 9550n (× 10^2). */
export function scaled(value: string, places: number, field: string): bigint {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(value);
  if (!m || (m[2]?.length ?? 0) > places) throw new DomainError('VALIDATION', `${field}: ${value} is not a decimal with up to ${places} places`, { field });
  return BigInt(m[1]) * 10n ** BigInt(places) + BigInt((m[2] ?? '').padEnd(places, '0') || '0');
}

export function schemeRate(s: {
  method: CasePaymentMethod;
  rateFen: string | null;
  dipBudgetFen: string | null;
  dipReserveFen: string | null;
  dipExpectedPoints: string | null;
}): SchemeRate {
  if (s.method !== 'DIP') return { method: s.method, rateFen: BigInt(s.rateFen ?? '0') };
  return { method: 'DIP', numeratorFen: BigInt(s.dipBudgetFen ?? '0') - BigInt(s.dipReserveFen ?? '0'), points: BigInt(s.dipExpectedPoints ?? '1') };
}

/** The rate in words, for the proposal and each case's working. */
export function rateInWords(r: SchemeRate, s?: { dipBudgetFen: string | null; dipReserveFen: string | null }): string {
  if (r.method !== 'DIP')
    return r.method === 'DRG'
      ? `基础费率 ${Money.fromFen(r.rateFen).format()}（权重 1.0）`
      : `床日费率 ${Money.fromFen(r.rateFen).format()}（权重 1.0，每床日）`;
  const perPoint = Money.fromFen(r.numeratorFen).multiplyRatio(1n, r.points, 'HALF_UP');
  const budget = s
    ? `(${Money.fromFen(BigInt(s.dipBudgetFen ?? '0')).format()} − ${Money.fromFen(BigInt(s.dipReserveFen ?? '0')).format()}) ÷ ${r.points} 分`
    : `${Money.fromFen(r.numeratorFen).format()} ÷ ${r.points} 分`;
  return `预算点值 = ${budget} ≈ ${perPoint.format()}/分`;
}

export interface CaseFigures {
  medfeeSumamtFen: bigint;
  hifpPayFen: bigint;
  /** The stay's bed-days: what a BED_DAY standard multiplies by (required there, ignored otherwise). */
  bedDays?: number | null;
}

export interface CasePayment {
  standardFen: bigint;
  casePaymentFen: bigint;
  adjustmentFen: bigint;
  steps: string[];
}

/**
 * One grouped discharge: the standard = weight (DRG) or points (DIP) × rate × coefficient — for
 * BED_DAY weight × daily rate × bed-days × coefficient — rounded half-up to the fen once; the basic fund pays the standard less what it did not pay of the case
 * (`medfee − hifp_pay`: the patient's part and any one-stop fund's), never less than nothing; the
 * adjustment is that payment less the item-based `hifp_pay` already owed. Pure.
 */
export function groupPayment(c: CaseFigures, rate: SchemeRate, weight: string, coefficientPercent: string, words: string): CasePayment {
  if (c.hifpPayFen > c.medfeeSumamtFen)
    throw new DomainError('VALIDATION', `hifp_pay ${c.hifpPayFen} exceeds medfee_sumamt ${c.medfeeSumamtFen}`, { field: 'setlId' });
  const w = scaled(weight, 4, 'weight');
  const k = scaled(coefficientPercent, 2, 'coefficientPercent');
  // weight × 10^4 and coefficient% × 10^2 → divide by 10^4 × 10^4 (the % is another 10^2).
  let days = 1n;
  if (rate.method === 'BED_DAY') {
    if (!c.bedDays || !Number.isInteger(c.bedDays) || c.bedDays < 1)
      throw new DomainError('VALIDATION', `bed-days ${String(c.bedDays)}: a bed-day payment needs the stay's bed-days (at least 1)`, { field: 'setlId' });
    days = BigInt(c.bedDays);
  }
  const standard =
    rate.method === 'DIP'
      ? Money.fromFen(rate.numeratorFen).multiplyRatio(w * k, rate.points * 100_000_000n, 'HALF_UP')
      : Money.fromFen(rate.rateFen).multiplyRatio(w * k * days, 100_000_000n, 'HALF_UP');
  const notByFund = c.medfeeSumamtFen - c.hifpPayFen;
  const payment = standard.fenBigInt > notByFund ? standard.fenBigInt - notByFund : 0n;
  const adjustment = payment - c.hifpPayFen;
  const unit = rate.method === 'DIP' ? '分值' : rate.method === 'BED_DAY' ? `床日 ${days} 天 × 床日权重` : '权重';
  const f = (fen: bigint) => Money.fromFen(fen).format();
  return {
    standardFen: standard.fenBigInt,
    casePaymentFen: payment,
    adjustmentFen: adjustment,
    steps: [
      `${unit} ${weight} × ${words} × 系数 ${coefficientPercent}% = 支付标准 ${standard.format()}（四舍五入到分）`,
      `医疗总费用 ${f(c.medfeeSumamtFen)}，统筹基金按项目已付 ${f(c.hifpPayFen)}，其余 ${f(notByFund)} 由个人及其他基金负担`,
      `统筹基金按病种应付 = 支付标准 − 其余负担 = ${f(payment)}${standard.fenBigInt <= notByFund ? '（不低于 0）' : ''}`,
      `与按项目已付之差 ${adjustment >= 0n ? '补付' : '扣回'} ${f(adjustment >= 0n ? adjustment : -adjustment)}`,
    ],
  };
}

/** The special cases an institution may have so far: ⌊permille × grouped cases ÷ 1000⌋. */
export function specialCaseCap(permille: number, groupedCases: number): number {
  return Math.floor((permille * groupedCases) / 1000);
}

/** sha256 of a scheme's figures, groups and institutions in code order. */
export function schemeDigest(
  s: { rate: string; specialCasePermille: number },
  groups: { code: string; name: string; weight: string }[],
  institutions: { institutionCode: string; coefficientPercent: string }[],
): string {
  const h = createHash('sha256');
  h.update(`${s.rate}|${s.specialCasePermille}\n`);
  for (const g of [...groups].sort((a, b) => a.code.localeCompare(b.code))) h.update(`G|${g.code}|${g.name}|${normal(g.weight)}\n`);
  for (const i of [...institutions].sort((a, b) => a.institutionCode.localeCompare(b.institutionCode)))
    h.update(`I|${i.institutionCode}|${normal(i.coefficientPercent)}\n`);
  return h.digest('hex');
}

/** `1.2000` → `1.2`, `100.00` → `100`: how numerics read back from PostgreSQL compare with what was proposed. */
export function normal(decimal: string): string {
  return decimal.includes('.') ? decimal.replace(/0+$/, '').replace(/\.$/, '') : decimal;
}

/** Points × coefficient of a case as an exact integer in 10⁻⁸ points (weight × 10⁴ · coefficient% × 10²). */
export function weightedPoints(weight: string, coefficientPercent: string): bigint {
  return scaled(weight, 4, 'weight') * scaled(coefficientPercent, 2, 'coefficientPercent');
}

/** 10⁻⁸ points → `1234.567890` (6 decimals, half-up). */
export function pointsText(wk: bigint): string {
  const micro = (wk + 50n) / 100n;
  return `${micro / 1_000_000n}.${(micro % 1_000_000n).toString().padStart(6, '0')}`;
}

/**
 * A DIP case paid again at the year's settlement point value (结算点值 = available ÷ Σ points ×
 * coefficient): its standard is `available × wk ÷ Σwk` (one half-up rounding), the fund pays it less
 * what it did not pay of the case, never below 0 — the same rule as {@link groupPayment}.
 */
export function settlementPayment(c: CaseFigures, availableFen: bigint, wk: bigint, totalWk: bigint): bigint {
  const standard = Money.fromFen(availableFen).multiplyRatio(wk, totalWk, 'HALF_UP').fenBigInt;
  const notByFund = c.medfeeSumamtFen - c.hifpPayFen;
  return standard > notByFund ? standard - notByFund : 0n;
}

/** `结算点值 = ¥… ÷ … 分 ≈ ¥…/分`. */
export function settlementPointValueInWords(availableFen: bigint, totalWk: bigint): string {
  const perPoint = Money.fromFen(availableFen).multiplyRatio(100_000_000n, totalWk, 'HALF_UP');
  return `结算点值 = ${Money.fromFen(availableFen).format()} ÷ ${pointsText(totalWk)} 分 ≈ ${perPoint.format()}/分`;
}
