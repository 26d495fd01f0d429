import { DomainError, Money } from '@mi/domain';
import type { FeeForServicePolicy } from './payment-policy';

/**
 * Payment methods as pluggable calculators (复合支付). Pure: inputs in, the fund's share out with
 * the working shown, so an institution can recompute every line of its statement. Rounding is
 * named at each step (half-up to the fen) and allocations never lose a fen.
 */
export interface PaymentResult {
  fund: Money;
  /** Each step in words and amounts, for the statement. */
  steps: string[];
}

/** 按项目付费: (policy-range amount − remaining deductible) × ratio, limited by the remaining annual cap. */
export function feeForService(
  input: { policyRange: Money; level: 1 | 2 | 3; deductiblePaidThisYear: Money; fundPaidThisYear: Money; inpatient: boolean },
  policy: FeeForServicePolicy,
): PaymentResult {
  if (input.policyRange.isNegative()) throw new DomainError('VALIDATION', 'policyRange: must not be negative', { field: 'policyRange' });
  const deductible = input.inpatient ? policy.deductible[input.level] : Money.ZERO;
  const remainingDeductible = Money.max(Money.ZERO, deductible.subtract(input.deductiblePaidThisYear));
  const aboveDeductible = Money.max(Money.ZERO, input.policyRange.subtract(remainingDeductible));
  const share = aboveDeductible.multiplyPercent(policy.ratioPercent[input.level], 'HALF_UP');
  const remainingCap = Money.max(Money.ZERO, policy.annualCap.subtract(input.fundPaidThisYear));
  const fund = Money.min(share, remainingCap);
  return {
    fund,
    steps: [
      `政策范围内费用 ${input.policyRange.format()}，起付线余额 ${remainingDeductible.format()}`,
      `超过起付线部分 ${aboveDeductible.format()} × ${policy.ratioPercent[input.level]}% = ${share.format()}（四舍五入到分）`,
      ...(fund.lessThan(share) ? [`年度最高支付限额余额 ${remainingCap.format()}，按限额支付`] : []),
      `统筹基金支付 ${fund.format()}`,
    ],
  };
}

/**
 * DIP 点值: point value = (DIP budget − reserve) ÷ total points of the year (or month, for the
 * budget point value), kept as an exact fraction so payments are computed without drift.
 */
export function dipPointValue(budget: Money, reserve: Money, totalPoints: number): { numeratorFen: bigint; points: bigint; perPoint: Money } {
  if (!Number.isInteger(totalPoints) || totalPoints <= 0)
    throw new DomainError('VALIDATION', 'totalPoints: must be a positive whole number of points', { field: 'totalPoints' });
  const available = budget.subtract(reserve);
  if (available.isNegative()) throw new DomainError('VALIDATION', 'reserve: larger than the budget', { field: 'reserve' });
  return { numeratorFen: available.fenBigInt, points: BigInt(totalPoints), perPoint: available.multiplyRatio(1, totalPoints, 'HALF_UP') };
}

/** DIP 按病种分值付费: case points × point value × grade coefficient − what the patient paid. */
export function dipPayment(
  input: { points: number; coefficientPercent: number; patientShare: Money },
  pointValue: { numeratorFen: bigint; points: bigint },
): PaymentResult {
  if (input.points < 0 || input.coefficientPercent <= 0)
    throw new DomainError('VALIDATION', 'points/coefficientPercent: must be positive', { field: 'points' });
  // points × (numerator ÷ totalPoints) × coefficient%, one rounding at the end.
  const gross = Money.fromFen(pointValue.numeratorFen).multiplyRatio(
    BigInt(Math.round(input.points * 100)) * BigInt(Math.round(input.coefficientPercent)),
    pointValue.points * 10_000n,
    'HALF_UP',
  );
  const fund = Money.max(Money.ZERO, gross.subtract(input.patientShare));
  return {
    fund,
    steps: [
      `${input.points} 分 × 点值 × ${input.coefficientPercent}% = ${gross.format()}`,
      `减个人负担 ${input.patientShare.format()}，基金支付 ${fund.format()}`,
    ],
  };
}

/** DRG: relative weight × base rate − patient share. */
export function drgPayment(input: { weight: string; baseRate: Money; patientShare: Money }): PaymentResult {
  const gross = input.baseRate.multiplyByDecimalString(input.weight, 'HALF_UP');
  const fund = Money.max(Money.ZERO, gross.subtract(input.patientShare));
  return {
    fund,
    steps: [
      `权重 ${input.weight} × 费率 ${input.baseRate.format()} = ${gross.format()}`,
      `减个人负担 ${input.patientShare.format()}，基金支付 ${fund.format()}`,
    ],
  };
}

/** 按床日付费: bed-days × daily rate. */
export function perBedDay(input: { days: number; dailyRate: Money }): PaymentResult {
  if (!Number.isInteger(input.days) || input.days < 0) throw new DomainError('VALIDATION', 'days: must be a whole number ≥ 0', { field: 'days' });
  const fund = input.dailyRate.multiplyRatio(input.days, 1, 'HALF_UP');
  return { fund, steps: [`${input.days} 床日 × ${input.dailyRate.format()} = ${fund.format()}`] };
}

/** 按人头付费 (outpatient): a monthly amount per enrolled person, split across institutions by share without losing a fen. */
export function perCapita(input: { persons: number; monthlyRate: Money; shares: number[] }): PaymentResult & { parts: Money[] } {
  const total = input.monthlyRate.multiplyRatio(input.persons, 1, 'HALF_UP');
  const parts = total.allocate(input.shares);
  return { fund: total, parts, steps: [`${input.persons} 人 × ${input.monthlyRate.format()} = ${total.format()}，按 ${input.shares.join(':')} 分配`] };
}
