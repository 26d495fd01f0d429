/**
 * 12分制 (DOMAIN-RULES CRD-05, Putian; DOMAIN.md §1 Quanzhou): the deduction table and the
 * thresholds, as data per city. Items score 12, 6, 3 or 1; the yearly total decides.
 */
export interface DeductionItem {
  points: 12 | 6 | 3 | 1;
  label: string;
}

export const DEFAULT_DEDUCTION_TABLE: Record<string, DeductionItem> = {
  'fictitious-service': { points: 12, label: '虚构医药服务、伪造票据骗取基金' },
  'resale-or-cashback': { points: 12, label: '转卖药品、返现套取基金' },
  'non-covered-settled': { points: 6, label: '将非医保范围药品或物品纳入医保结算' },
  'swap-drugs': { points: 6, label: '串换药品、耗材' },
  'no-real-name-purchase': { points: 3, label: '未执行实名购药' },
  'excess-quantity': { points: 3, label: '超量开药、重复开药' },
  'unbound-terminal': { points: 3, label: '使用未绑定终端结算' },
  'no-pharmacist-on-duty': { points: 1, label: '执业药师不在岗' },
  'labels-missing': { points: 1, label: '医保药品标识不规范' },
  // Confirmed claims-review violations, scored for the practitioners whose lines they name (CRD-03: 1–3 points for
  // being responsible for what the institution pays back under its agreement).
  'review-deducted-definite': { points: 3, label: '审核确认明确违规并扣款（负有责任的医保医师/药师）' },
  'review-deducted': { points: 1, label: '审核确认违规并扣款（负有责任的医保医师/药师）' },
  'review-warned': { points: 1, label: '审核确认违规、未扣款（警示）' },
};

export const CITY_DEDUCTION_TABLES: Record<string, Record<string, DeductionItem>> = {};

export function deductionTable(poolarea: string): Record<string, DeductionItem> {
  return { ...DEFAULT_DEDUCTION_TABLE, ...(CITY_DEDUCTION_TABLES[poolarea] ?? {}) };
}

/**
 * What a confirmed review violation (evt.review.ViolationConfirmed) means for the 12 points of each
 * practitioner it names, by outcome and severity (sev_deg 1 明确违规, 2 高度可疑, 3 轻度可疑):
 * - `auto`: recorded at once. DOMAIN-RULES CRD-03 scores 1–3 points for being responsible for what
 *   the institution pays back (a deduction withheld for the practitioner's lines is that).
 * - `propose`: an officer confirms or dismisses it. A warning without money withheld is in no band of
 *   CRD-03/04, and anything above 3 points needs a penalty decision (Art. 38/39, fraud) that review
 *   does not make — officers enter those with `deduct-points` from the penalty decision.
 * A city may replace the mapping (`CITY_VIOLATION_POINTS`, by poolarea).
 */
export interface ViolationPointsRule {
  item: string;
  mode: 'auto' | 'propose';
}
export type ViolationPointsMap = Record<'DEDUCTED' | 'WARNED', Record<'1' | '2' | '3', ViolationPointsRule>>;

export const DEFAULT_VIOLATION_POINTS: ViolationPointsMap = {
  DEDUCTED: {
    '1': { item: 'review-deducted-definite', mode: 'auto' },
    '2': { item: 'review-deducted', mode: 'auto' },
    '3': { item: 'review-deducted', mode: 'auto' },
  },
  WARNED: {
    '1': { item: 'review-warned', mode: 'propose' },
    '2': { item: 'review-warned', mode: 'propose' },
    '3': { item: 'review-warned', mode: 'propose' },
  },
};

export const CITY_VIOLATION_POINTS: Record<string, ViolationPointsMap> = {};

/** The rule for one confirmed violation; an unknown severity counts as the most severe (as review does). */
export function violationPoints(poolarea: string, outcome: 'DEDUCTED' | 'WARNED', severity: string): ViolationPointsRule {
  const map = CITY_VIOLATION_POINTS[poolarea] ?? DEFAULT_VIOLATION_POINTS;
  return map[outcome][severity as '1' | '2' | '3'] ?? map[outcome]['1'];
}

export type PointsConsequence = 'SUSPENDED_3_MONTHS' | 'SUSPENDED_6_MONTHS' | 'CANCELLED';

/** Thresholds by annual total: 6–8 → 3 months, 9–11 → 6 months, 12 → cancelled. */
export const POINTS_THRESHOLDS: { from: number; consequence: PointsConsequence; months: number }[] = [
  { from: 12, consequence: 'CANCELLED', months: 0 },
  { from: 9, consequence: 'SUSPENDED_6_MONTHS', months: 6 },
  { from: 6, consequence: 'SUSPENDED_3_MONTHS', months: 3 },
];

export function band(total: number): (typeof POINTS_THRESHOLDS)[number] | undefined {
  return POINTS_THRESHOLDS.find((t) => total >= t.from);
}

/** The consequence a deduction triggers: only when the total enters a higher band. */
export function triggered(before: number, after: number): (typeof POINTS_THRESHOLDS)[number] | undefined {
  const was = band(before);
  const now = band(after);
  if (!now || now === was) return undefined;
  return now;
}
