import { Money } from '@mi/domain';

/**
 * Payment parameters as data (per city and insurance type; the seed's Fujian figures as defaults,
 * 001_…: employees 75 % / 80 % / 90 % at third/second/first-level institutions, residents
 * 50 % / 65 % / 80 %). A city replaces any of them by configuration, never in code.
 */
export interface FeeForServicePolicy {
  /** 起付线 per admission (inpatient), in fen, by institution level 1/2/3. */
  deductible: Record<1 | 2 | 3, Money>;
  /** Fund's share of the policy-range amount above the deductible, percent, by level. */
  ratioPercent: Record<1 | 2 | 3, number>;
  /** 年度最高支付限额 — the fund pays at most this per person per year. */
  annualCap: Money;
}

const yuan = (v: string): Money => Money.parseYuan(v, 'policy');

export const DEFAULT_FFS: Record<'310' | '390', FeeForServicePolicy> = {
  '310': { deductible: { 1: yuan('300.00'), 2: yuan('600.00'), 3: yuan('900.00') }, ratioPercent: { 1: 90, 2: 80, 3: 75 }, annualCap: yuan('400000.00') },
  '390': { deductible: { 1: yuan('200.00'), 2: yuan('500.00'), 3: yuan('800.00') }, ratioPercent: { 1: 80, 2: 65, 3: 50 }, annualCap: yuan('250000.00') },
};
