import { Money } from '@mi/domain';
import { dipPayment, dipPointValue, drgPayment, feeForService, perBedDay, perCapita } from './payment-calculators';
import { DEFAULT_FFS } from './payment-policy';

const y = (v: string) => Money.parseYuan(v, 'test');

describe('payment calculators', () => {
  it('fee for service: deductible, the seed’s ratios by level, and the annual cap', () => {
    const tertiary = feeForService(
      { policyRange: y('10900.00'), level: 3, deductiblePaidThisYear: Money.ZERO, fundPaidThisYear: Money.ZERO, inpatient: true },
      DEFAULT_FFS['310'],
    );
    expect(tertiary.fund.toYuanString()).toBe('7500.00'); // (10900 − 900) × 75 %
    const primaryResident = feeForService(
      { policyRange: y('1200.00'), level: 1, deductiblePaidThisYear: Money.ZERO, fundPaidThisYear: Money.ZERO, inpatient: true },
      DEFAULT_FFS['390'],
    );
    expect(primaryResident.fund.toYuanString()).toBe('800.00'); // (1200 − 200) × 80 %
    const secondStay = feeForService(
      { policyRange: y('1000.00'), level: 2, deductiblePaidThisYear: y('600.00'), fundPaidThisYear: Money.ZERO, inpatient: true },
      DEFAULT_FFS['310'],
    );
    expect(secondStay.fund.toYuanString()).toBe('800.00'); // deductible already met
    const capped = feeForService(
      { policyRange: y('100000.00'), level: 3, deductiblePaidThisYear: y('900.00'), fundPaidThisYear: y('399000.00'), inpatient: true },
      DEFAULT_FFS['310'],
    );
    expect(capped.fund.toYuanString()).toBe('1000.00');
    expect(capped.steps.join(' ')).toContain('年度最高支付限额');
  });

  it('rounds half-up at the fen, once', () => {
    const r = feeForService(
      { policyRange: y('0.03'), level: 3, deductiblePaidThisYear: Money.ZERO, fundPaidThisYear: Money.ZERO, inpatient: false },
      DEFAULT_FFS['310'],
    );
    expect(r.fund.toYuanString()).toBe('0.02'); // 0.0225 → 0.02
  });

  it('DIP: point value from budget and reserve, payment with coefficient, no drift across cases', () => {
    const pv = dipPointValue(y('1000000.00'), y('50000.00'), 95_000); // 10.00 yuan per point
    expect(pv.perPoint.toYuanString()).toBe('10.00');
    expect(dipPayment({ points: 850.5, coefficientPercent: 105, patientShare: y('1200.00') }, pv).fund.toYuanString()).toBe('7730.25'); // 850.5 × 10 × 1.05 − 1200
    expect(() => dipPointValue(y('1.00'), y('2.00'), 10)).toThrow(/reserve/);
    expect(() => dipPointValue(y('1.00'), Money.ZERO, 0)).toThrow(/totalPoints/);
  });

  it('DRG, per bed-day and per capita', () => {
    expect(drgPayment({ weight: '1.2345', baseRate: y('10000.00'), patientShare: y('2000.00') }).fund.toYuanString()).toBe('10345.00');
    expect(perBedDay({ days: 12, dailyRate: y('180.50') }).fund.toYuanString()).toBe('2166.00');
    const cap = perCapita({ persons: 1001, monthlyRate: y('3.33'), shares: [1, 1, 1] });
    expect(cap.fund.toYuanString()).toBe('3333.33');
    expect(Money.sum(cap.parts).equals(cap.fund)).toBe(true); // not a fen lost
    expect(() => perBedDay({ days: -1, dailyRate: y('1.00') })).toThrow(/days/);
  });
});
