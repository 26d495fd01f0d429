import { PRACTITIONER_POINT_BANDS, type PractitionerPointBand } from '@mi/contracts';
import { LocalDate } from '@mi/domain';

/**
 * 医保支付资格 12分制 for personnel (DOMAIN-RULES CRD-02, 医保发〔2024〕23号) — the national band
 * consequences as data per city: a yearly total of ≥ `suspendAt` suspends the payment
 * qualification for `suspensionMonths` (1–6), `terminateAt` (12) terminates it with a
 * re-registration bar of 1 year (reached by accumulation) or 3 years (one single 12-point score).
 * The scoring year is the natural year; totals clear on 1 January.
 *
 * agreement-service keeps the points and decides settlement qualification from its own (local)
 * thresholds; credit-service records the national band and publishes PractitionerSuspended. The
 * default suspension (6 months at 9) is the same as agreement's 9–11 band so both agree.
 */
export interface PractitionerPointsPolicy {
  suspendAt: number;
  suspensionMonths: number;
  terminateAt: number;
  barYearsAccumulated: number;
  barYearsSingleScore: number;
  basis: string;
}

export const DEFAULT_PRACTITIONER_POLICY: PractitionerPointsPolicy = {
  suspendAt: 9,
  suspensionMonths: 6,
  terminateAt: 12,
  barYearsAccumulated: 1,
  barYearsSingleScore: 3,
  basis: '医保发〔2024〕23号、医保办发〔2024〕34号：年度累计记分达9分暂停医保支付资格，达12分终止医保支付资格',
};

/** City overrides (by city admdvs), within the national 1–6 months. */
export const CITY_PRACTITIONER_POLICIES: Record<string, Partial<PractitionerPointsPolicy>> = {
  '350500': { suspensionMonths: 3 },
};

export function practitionerPolicyFor(admdvs: string): PractitionerPointsPolicy {
  return { ...DEFAULT_PRACTITIONER_POLICY, ...(CITY_PRACTITIONER_POLICIES[`${admdvs.slice(0, 4)}00`] ?? {}) };
}

export function bandOf(total: number): (typeof PRACTITIONER_POINT_BANDS)[number] | undefined {
  return PRACTITIONER_POINT_BANDS.find((b) => total >= b.from && total <= b.to) ?? (total > 12 ? PRACTITIONER_POINT_BANDS[3] : undefined);
}

export interface PointsConsequence {
  consequence: 'SUSPENDED' | 'TERMINATED';
  months: number | null;
  reRegistrationBarYears: number | null;
  from: string;
  until: string;
  band: PractitionerPointBand;
}

/**
 * What a deduction of `points` bringing the year's total from `before` to `after` triggers on
 * `on`: only a crossing counts (a total already past a threshold triggers nothing new); reaching
 * 12 supersedes the suspension.
 */
export function consequenceOf(policy: PractitionerPointsPolicy, before: number, after: number, points: number, on: LocalDate): PointsConsequence | undefined {
  const band = bandOf(after)?.band;
  if (!band) return undefined;
  if (before < policy.terminateAt && after >= policy.terminateAt) {
    const years = points >= policy.terminateAt ? policy.barYearsSingleScore : policy.barYearsAccumulated;
    return {
      consequence: 'TERMINATED',
      months: null,
      reRegistrationBarYears: years,
      from: on.toString(),
      until: plusMonths(on, years * 12)
        .minusDays(1)
        .toString(),
      band,
    };
  }
  if (before < policy.suspendAt && after >= policy.suspendAt) {
    const months = policy.suspensionMonths;
    return { consequence: 'SUSPENDED', months, reRegistrationBarYears: null, from: on.toString(), until: plusMonths(on, months).minusDays(1).toString(), band };
  }
  return undefined;
}

/** The same day `n` months later (the month's last day when it has no such day). */
export function plusMonths(d: LocalDate, n: number): LocalDate {
  const m0 = d.month - 1 + n;
  const year = d.year + Math.floor(m0 / 12);
  const month = (m0 % 12) + 1;
  const last = (month === 12 ? LocalDate.of(year + 1, 1, 1) : LocalDate.of(year, month + 1, 1)).minusDays(1).day;
  return LocalDate.of(year, month, Math.min(d.day, last));
}
