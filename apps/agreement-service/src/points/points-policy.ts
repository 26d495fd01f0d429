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
};

export const CITY_DEDUCTION_TABLES: Record<string, Record<string, DeductionItem>> = {};

export function deductionTable(poolarea: string): Record<string, DeductionItem> {
  return { ...DEFAULT_DEDUCTION_TABLE, ...(CITY_DEDUCTION_TABLES[poolarea] ?? {}) };
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
