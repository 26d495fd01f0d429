import { createHash } from 'node:crypto';
import type { FundUsePlanStatus, RecentFundUseView } from '@mi/contracts';
import { ConflictError, divideRounded, Money } from '@mi/domain';

/**
 * How many ended months a plan is compared with. An explanation window, not a rule: a plan is never
 * refused for differing from it.
 */
export const RECENT_MONTHS = 3;

/** `yyyy-MM` shifted by `n` months (negative: back). */
export function shiftMonth(period: string, n: number): string {
  const index = Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7)) - 1 + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The `count` months that ended before the month of `today` (a Beijing date `yyyy-MM-dd`), oldest first. */
export function lastEndedMonths(today: string, count = RECENT_MONTHS): string[] {
  const month = today.slice(0, 7);
  return Array.from({ length: count }, (_, i) => shiftMonth(month, i - count));
}

/**
 * A plan beside what the ledger says the county used in the given months: the average (half-up to
 * the fen) and the plan's deviation from it in percent (2 decimals, half-up), in words. Pure.
 */
export function recentFundUse(months: string[], usedFen: bigint[], plannedFen: bigint): RecentFundUseView {
  const total = usedFen.reduce((s, v) => s + v, 0n);
  const average = months.length === 0 ? 0n : divideRounded(total, BigInt(months.length), 'HALF_UP');
  const fmt = (fen: bigint) => Money.fromFen(fen).format();
  const span = months.length === 0 ? '' : `${months[0]} 至 ${months[months.length - 1]}`;
  const explanation = [
    `近 ${months.length} 个月（${span}）辖区定点机构统筹基金支出（结算 − 冲正 − 扣款）：${months.map((m, i) => `${m} ${fmt(usedFen[i])}`).join('，')}`,
  ];
  let deviationPercent: string | null = null;
  if (average > 0n) {
    const hundredths = divideRounded((plannedFen - average) * 10000n, average, 'HALF_UP');
    const magnitude = hundredths < 0n ? -hundredths : hundredths;
    const text = `${magnitude / 100n}.${String(magnitude % 100n).padStart(2, '0')}`;
    deviationPercent = `${hundredths < 0n ? '-' : ''}${text}`;
    const compared = hundredths === 0n ? '与月均持平' : `${hundredths > 0n ? '高于' : '低于'}月均 ${text}%`;
    explanation.push(`月均 ${fmt(average)}；本计划 ${fmt(plannedFen)}，${compared}（供审核参考，不因此拒收）`);
  } else {
    explanation.push(`近 ${months.length} 个月无可比的结算数据（月均 ${fmt(average)}）：本计划 ${fmt(plannedFen)} 请以编制依据审核`);
  }
  return { months, usedFen: usedFen.map(String), averageFen: average.toString(), deviationPercent, explanation };
}

/**
 * 状态 — what each step may start from. Resubmission: SUBMITTED or RETURNED (never after the city
 * accepted); review: SUBMITTED only; inclusion in a disbursement request: ACCEPTED only.
 */
export function assertResubmittable(status: FundUsePlanStatus, key: string): void {
  if (status === 'SUBMITTED' || status === 'RETURNED') return;
  throw new ConflictError('FUND.PLAN_ALREADY_ACCEPTED', `the fund-use plan ${key} was already accepted by the city (${status}); it is no longer changed`, {
    field: 'period',
    reason: 'resubmission only while SUBMITTED or RETURNED',
    status,
  });
}

export function assertReviewable(status: FundUsePlanStatus, key: string): void {
  if (status === 'SUBMITTED') return;
  throw new ConflictError('FUND.PLAN_NOT_SUBMITTED', `the fund-use plan ${key} is ${status}: only a submitted plan is reviewed`, {
    field: 'decision',
    reason: status === 'RETURNED' ? 'returned to the county; it resubmits first' : 'already reviewed',
    status,
  });
}

/** One plan as a disbursement request includes it. */
export interface IncludedPlan {
  id: string;
  county: string;
  version: number;
  plannedFen: string;
  acceptedFen: string;
}

/** sha256 over the included plans in county order: equal digests, equal requests. */
export function plansDigest(plans: IncludedPlan[]): string {
  const hash = createHash('sha256');
  for (const p of [...plans].sort((a, b) => (a.county < b.county ? -1 : a.county > b.county ? 1 : 0))) {
    hash.update(`${p.id}|${p.county}|${p.version}|${p.plannedFen}|${p.acceptedFen}\n`);
  }
  return hash.digest('hex');
}
