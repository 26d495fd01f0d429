import type { CreditLevel, InspectionOutcome, PenaltyMeasure } from '@mi/contracts';

/**
 * 信用评价 — the scoring policy as data: a 1000-point scale with a base score (Guangdong's draft:
 * 850), level thresholds (Inner Mongolia's A ≥ 90 / B ≥ 80 / C ≥ 65 on a 100-point scale, ×10),
 * the score change of each credit event, and what each level means for supervision. A city can
 * replace any part (`CITY_POLICIES`); the province default applies otherwise.
 */
export interface CreditPolicy {
  base: number;
  /** Lowest score of each level, best first; below the last threshold is D. */
  thresholds: { level: CreditLevel; min: number }[];
  deltas: {
    suspensionMandatory: number;
    suspensionPoints: number;
    suspensionVoluntary: number;
    termination: number;
    /** Per 12分制 point of a pharmacy. */
    perPoint: number;
    /**
     * A violation confirmed by claims review (违规确认), by the strongest confirmed finding's
     * severity (sev_deg 1 明确违规, 2 高度可疑, 3 轻度可疑), whether or not money was withheld.
     */
    violation: Record<'1' | '2' | '3', number>;
    /** An approved deduction (扣款) on top of its violation: money withheld weighs more than a warning. */
    deduction: number;
    /**
     * An anomaly warning (智能监控预警) an officer confirmed for the institution: a pattern found and
     * judged real, before any case has proved a violation — weighs less than a confirmed violation.
     */
    anomaly: number;
    /** 列入严重失信（黑）名单: the listing decision itself enters the file (a red listing weighs 0). */
    blacklisted: number;
  };
  /**
   * 行政处罚: the weight of a recorded penalty decision is that of its heaviest measure (several
   * measures of one decision — 一案多罚 — count once, as one fact).
   */
  penalty: Record<PenaltyMeasure, number>;
  /**
   * A confirmed violation in the file of each practitioner whose lines it names (一人一档), by
   * severity as above. The practitioner's 12 points are kept by agreement-service; this is the
   * credit side of the same fact.
   */
  practitionerViolation: Record<'1' | '2' | '3', number>;
  supervision: Record<CreditLevel, { samplingMultiplier: number; inspectionsPerYear: number }>;
  /**
   * 信用修复: an approved repair restores `restoreShare` of the score lost since the last repair,
   * at most `maxRestore` points and never above the base score.
   */
  repair: { restoreShare: number; maxRestore: number };
  /**
   * 双随机、一公开: the least number of joint special inspections in a city's yearly plan, and the
   * score change of each inspection outcome entered in a target's file. Targets are drawn weighted
   * by `supervision[level].inspectionsPerYear`.
   */
  inspection: { minJointSpecial: number; outcomeDeltas: Record<InspectionOutcome, number> };
}

export const DEFAULT_POLICY: CreditPolicy = {
  base: 850,
  thresholds: [
    { level: 'A', min: 900 },
    { level: 'B', min: 800 },
    { level: 'C', min: 650 },
  ],
  deltas: {
    suspensionMandatory: -100,
    suspensionPoints: -50,
    suspensionVoluntary: 0,
    termination: -400,
    perPoint: -10,
    violation: { '1': -30, '2': -20, '3': -10 },
    deduction: -20,
    anomaly: -15,
    blacklisted: -200,
  },
  penalty: { WARNING: -20, ORDER_REFUND: -20, CONFISCATION: -40, FINE: -60, SUSPEND_SERVICE: -100, REVOKE: -200 },
  practitionerViolation: { '1': -30, '2': -20, '3': -10 },
  supervision: {
    A: { samplingMultiplier: 1, inspectionsPerYear: 0.5 },
    B: { samplingMultiplier: 1, inspectionsPerYear: 1 },
    C: { samplingMultiplier: 2, inspectionsPerYear: 2 },
    D: { samplingMultiplier: 4, inspectionsPerYear: 4 },
  },
  repair: { restoreShare: 0.5, maxRestore: 100 },
  inspection: { minJointSpecial: 1, outcomeDeltas: { NO_ISSUES: 0, ISSUES_FOUND: -20, PENALIZED: -50 } },
};

/** City overrides (by city admdvs). Example: a city that scores mandatory suspensions harder. */
export const CITY_POLICIES: Record<string, Partial<CreditPolicy>> = {
  '350500': { deltas: { ...DEFAULT_POLICY.deltas, suspensionMandatory: -150 } },
  // Changsha restores everything lost since the last repair, up to 150 points.
  '430100': { repair: { restoreShare: 1, maxRestore: 150 } },
  // Fuzhou plans two joint special inspections a year.
  '350100': { inspection: { ...DEFAULT_POLICY.inspection, minJointSpecial: 2 } },
};

export function policyFor(admdvs: string): CreditPolicy {
  return { ...DEFAULT_POLICY, ...(CITY_POLICIES[`${admdvs.slice(0, 4)}00`] ?? {}) };
}

export function levelOf(score: number, policy: CreditPolicy): CreditLevel {
  return policy.thresholds.find((t) => score >= t.min)?.level ?? 'D';
}
