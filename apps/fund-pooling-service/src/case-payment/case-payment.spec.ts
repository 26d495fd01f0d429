import {
  groupPayment,
  normal,
  pointsText,
  rateInWords,
  scaled,
  schemeDigest,
  schemeRate,
  settlementPayment,
  settlementPointValueInWords,
  specialCaseCap,
  weightedPoints,
} from './case-payment';
import { bedDays } from './case-payment.service';

const drg = schemeRate({ method: 'DRG', rateFen: '1000000', dipBudgetFen: null, dipReserveFen: null, dipExpectedPoints: null });
const dip = schemeRate({ method: 'DIP', rateFen: null, dipBudgetFen: '100000000', dipReserveFen: '10000000', dipExpectedPoints: '900000' });

describe('DRG/DIP case payment (按病种付费)', () => {
  it('DRG: weight × base rate × coefficient less what the fund did not pay; the adjustment is against hifp_pay', () => {
    // ¥10,000 × 1.2345 × 95 % = ¥11,727.75; the case cost ¥10,000, the fund paid ¥7,000 by item.
    const r = groupPayment({ medfeeSumamtFen: 1_000_000n, hifpPayFen: 700_000n }, drg, '1.2345', '95', '基础费率 ¥10,000.00');
    expect(r.standardFen).toBe(1_172_775n);
    expect(r.casePaymentFen).toBe(1_172_775n - 300_000n);
    expect(r.adjustmentFen).toBe(1_172_775n - 1_000_000n); // = standard − cost: the surplus is the institution's
    expect(r.steps.join('\n')).toContain('补付 ¥1,727.75');
  });

  it('DRG: an expensive case gets less than the item payment, never below nothing', () => {
    const r = groupPayment({ medfeeSumamtFen: 3_000_000n, hifpPayFen: 2_000_000n }, drg, '1', '100', 'x');
    expect(r).toMatchObject({ standardFen: 1_000_000n, casePaymentFen: 0n, adjustmentFen: -2_000_000n });
    expect(r.steps.join('\n')).toContain('（不低于 0）');
  });

  it('DIP: points × (budget − reserve) ÷ expected points, one rounding half-up', () => {
    // 850 points × ¥900,000 ÷ 900,000 points = ¥850.00 at 100 %; at 102.5 % ¥871.25.
    expect(groupPayment({ medfeeSumamtFen: 0n, hifpPayFen: 0n }, dip, '850', '100', '').standardFen).toBe(85_000n);
    expect(groupPayment({ medfeeSumamtFen: 0n, hifpPayFen: 0n }, dip, '850', '102.5', '').standardFen).toBe(87_125n);
    // 1 point × 9,000,000,000 fen ÷ 900,000 = 10,000 fen … ÷ 3 points would be 3,333.33… → 3,333 (half-up).
    const third = schemeRate({ method: 'DIP', rateFen: null, dipBudgetFen: '10000', dipReserveFen: '0', dipExpectedPoints: '3' });
    expect(groupPayment({ medfeeSumamtFen: 0n, hifpPayFen: 0n }, third, '1', '100', '').standardFen).toBe(3_333n);
    expect(groupPayment({ medfeeSumamtFen: 0n, hifpPayFen: 0n }, third, '2', '100', '').standardFen).toBe(6_667n);
    expect(rateInWords(dip, { dipBudgetFen: '100000000', dipReserveFen: '10000000' })).toBe('预算点值 = (¥1,000,000.00 − ¥100,000.00) ÷ 900000 分 ≈ ¥1.00/分');
  });

  it('BED_DAY: bed-days × weight × daily rate × coefficient, one rounding half-up; a stay without bed-days is refused', () => {
    const bed = schemeRate({ method: 'BED_DAY', rateFen: '33333', dipBudgetFen: null, dipReserveFen: null, dipExpectedPoints: null });
    // 40 days × 1.5 × ¥333.33 × 90 % = ¥17,999.82; the case cost ¥20,000, the fund paid ¥16,000 by item.
    const r = groupPayment({ medfeeSumamtFen: 2_000_000n, hifpPayFen: 1_600_000n, bedDays: 40 }, bed, '1.5', '90', '床日费率 ¥333.33');
    expect(r).toMatchObject({ standardFen: 1_799_982n, casePaymentFen: 1_799_982n - 400_000n, adjustmentFen: 1_799_982n - 2_000_000n });
    expect(r.steps[0]).toBe('床日 40 天 × 床日权重 1.5 × 床日费率 ¥333.33 × 系数 90% = 支付标准 ¥17,999.82（四舍五入到分）');
    // 3 days × 0.5 × ¥333.33 = ¥499.995 → ¥500.00: one rounding of the whole stay (per day it would be 3 × ¥166.67 = ¥500.01).
    expect(groupPayment({ medfeeSumamtFen: 0n, hifpPayFen: 0n, bedDays: 3 }, bed, '0.5', '100', '').standardFen).toBe(50_000n);
    expect(() => groupPayment({ medfeeSumamtFen: 0n, hifpPayFen: 0n, bedDays: null }, bed, '1', '100', '')).toThrow(/needs the stay's bed-days/);
    expect(rateInWords(bed)).toBe('床日费率 ¥333.33（权重 1.0，每床日）');
  });

  it('bed-days of a stay: discharge − admission, at least 1; none for outpatient visits or a missing discharge date', () => {
    const stay = (begndate: string, enddate: string | null, treatmentMode = '2') =>
      ({ setlTime: '', gend: '1', ageYears: 60, treatmentMode, medType: '21', begndate, enddate, department: null, doctor: null }) as const;
    expect(bedDays(stay('2026-03-01', '2026-04-10'))).toBe(40);
    expect(bedDays(stay('2026-03-01 08:00:00', '2026-03-01 17:00:00'))).toBe(1);
    expect(bedDays(stay('2026-03-01', null))).toBeNull();
    expect(bedDays(stay('2026-03-01', '2026-03-05', '1'))).toBeNull();
    expect(bedDays(stay('2026-03-05', '2026-03-01'))).toBeNull();
    expect(bedDays(undefined)).toBeNull();
  });

  it('refuses a case whose fund payment exceeds its cost', () => {
    expect(() => groupPayment({ medfeeSumamtFen: 1n, hifpPayFen: 2n }, drg, '1', '100', '')).toThrow(/exceeds medfee_sumamt/);
  });

  it('special cases: ⌊permille × grouped ÷ 1000⌋', () => {
    expect(specialCaseCap(50, 19)).toBe(0);
    expect(specialCaseCap(50, 20)).toBe(1);
    expect(specialCaseCap(5, 400)).toBe(2);
  });

  it('decimals: scaled exactly, compared as PostgreSQL returns them', () => {
    expect(scaled('1.2345', 4, 'w')).toBe(12_345n);
    expect(scaled('7', 4, 'w')).toBe(70_000n);
    expect(() => scaled('1.23456', 4, 'w')).toThrow(/up to 4 places/);
    expect(normal('1.2000')).toBe('1.2');
    expect(normal('100.00')).toBe('100');
    const a = schemeDigest(
      { rate: 'r', specialCasePermille: 50 },
      [
        { code: 'B', name: 'b', weight: '1.20' },
        { code: 'A', name: 'a', weight: '2' },
      ],
      [{ institutionCode: 'H1', coefficientPercent: '100' }],
    );
    const b = schemeDigest(
      { rate: 'r', specialCasePermille: 50 },
      [
        { code: 'A', name: 'a', weight: '2.0000' },
        { code: 'B', name: 'b', weight: '1.2' },
      ],
      [{ institutionCode: 'H1', coefficientPercent: '100.00' }],
    );
    expect(a).toBe(b);
    expect(schemeDigest({ rate: 'r', specialCasePermille: 50 }, [{ code: 'A', name: 'a', weight: '2.1' }], [])).not.toBe(a);
  });

  it('DIP settlement point value: Σ points × coefficient exactly, each case paid again with the same rounding and floor', () => {
    const wk = weightedPoints('12.3456', '95.5');
    expect(pointsText(wk)).toBe('11.790048'); // 12.3456 × 0.955 = 11.790048
    expect(pointsText(1n)).toBe('0.000000');
    expect(pointsText(50n)).toBe('0.000001');
    const total = weightedPoints('10', '100') + weightedPoints('5', '100') + weightedPoints('10', '120');
    expect(pointsText(total)).toBe('27.000000');
    expect(settlementPayment({ medfeeSumamtFen: 1_000_000n, hifpPayFen: 700_000n }, 2_700_000n, weightedPoints('10', '100'), total)).toBe(700_000n);
    expect(settlementPayment({ medfeeSumamtFen: 9_000_000n, hifpPayFen: 700_000n }, 2_700_000n, weightedPoints('10', '100'), total)).toBe(0n);
    // ¥100.00 over 3 points: a third of it per point, half-up per case.
    expect(settlementPayment({ medfeeSumamtFen: 0n, hifpPayFen: 0n }, 10_000n, weightedPoints('2', '100'), weightedPoints('3', '100'))).toBe(6_667n);
    expect(settlementPointValueInWords(2_700_000n, total)).toBe('结算点值 = ¥27,000.00 ÷ 27.000000 分 ≈ ¥1,000.00/分');
  });
});
