import { Money } from '@mi/domain';
import { countyShortfall, DEFAULT_BANDS, yearEndClearing } from './year-end';

const y = (v: string) => Money.parseYuan(v, 'test');

describe('year-end clearing bands (结余留用、合理超支分担)', () => {
  it('shares an overspend band by band: 5 % at 60 %, the next 5 % at 50 %, nothing beyond', () => {
    const r = yearEndClearing(y('1000000.00'), y('1120000.00'), DEFAULT_BANDS);
    // 50,000 × 60 % + 50,000 × 50 % + 20,000 × 0 %
    expect(r).toMatchObject({ kind: 'overspend' });
    expect(r.adjustment.toYuanString()).toBe('55000.00');
    expect(r.steps).toHaveLength(5);
  });

  it('lets the institution retain half of a surplus up to 10 % of its indicator', () => {
    expect(yearEndClearing(y('1000000.00'), y('930000.00')).adjustment.toYuanString()).toBe('35000.00');
    expect(yearEndClearing(y('1000000.00'), y('850000.00')).adjustment.toYuanString()).toBe('50000.00');
    expect(yearEndClearing(y('1000000.00'), y('1000000.00'))).toMatchObject({ kind: 'on-target' });
  });

  it('refuses a non-positive indicator', () => {
    expect(() => yearEndClearing(Money.ZERO, y('1.00'))).toThrow(/indicator/);
  });
});

describe('county shortfall under unified collection (统收统支)', () => {
  it('the city covers a county that met its income plan; otherwise the county does', () => {
    expect(countyShortfall({ incomePlan: y('100.00'), incomeCollected: y('100.00'), spent: y('130.00') })).toMatchObject({ coveredBy: 'city' });
    const short = countyShortfall({ incomePlan: y('100.00'), incomeCollected: y('90.00'), spent: y('130.00') });
    expect(short.coveredBy).toBe('county');
    expect(short.gap.toYuanString()).toBe('40.00');
    expect(short.explanation).toContain('未完成年度征收计划');
    expect(countyShortfall({ incomePlan: y('100.00'), incomeCollected: y('120.00'), spent: y('110.00') }).coveredBy).toBe('none');
  });
});
