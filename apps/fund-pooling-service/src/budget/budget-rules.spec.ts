import { Money } from '@mi/domain';
import { balanceBudget, defaultBandsView, monthlyPrepayment, parseBands } from './budget-rules';

const y = (v: string) => Money.parseYuan(v, 'test');

describe('annual budget rules (以收定支、收支平衡、略有结余)', () => {
  it('keeps the reserve share of income and lets expenditure reach what is left, no more', () => {
    const ok = balanceBudget(y('1000000.00'), y('950000.00'), '5');
    expect(ok.reserve.toYuanString()).toBe('50000.00');
    expect(ok.available.toYuanString()).toBe('950000.00');
    expect(ok.explanation.at(-1)).toContain('结余 ¥50,000.00');
    expect(() => balanceBudget(y('1000000.00'), y('950000.01'), '5')).toThrow(/expenditureFen: .*超出 ¥?0\.01/);
    // The reserve is rounded half-up at the fen: 0.05 × 2.5 % = 0.00125 → 0.00.
    expect(balanceBudget(y('0.05'), y('0.05'), '2.5').reserve.toYuanString()).toBe('0.00');
  });

  it('names the field and gives the figures when refusing', () => {
    try {
      balanceBudget(y('100.00'), y('99.00'), '2');
      throw new Error('accepted');
    } catch (e) {
      expect(e).toMatchObject({ code: 'FUND.BUDGET_UNBALANCED', details: { field: 'expenditureFen', availableFen: '9800', reserveFen: '200' } });
    }
  });

  it('prepays a twelfth of the indicator times the share, rounded once half-up', () => {
    expect(monthlyPrepayment(y('1200000.00'), '97').toYuanString()).toBe('97000.00');
    expect(monthlyPrepayment(y('1000.00'), '100').toYuanString()).toBe('83.33'); // 83.333…
    expect(monthlyPrepayment(y('1000.00'), '97.5').toYuanString()).toBe('81.25');
    expect(monthlyPrepayment(y('0.06'), '100').toYuanString()).toBe('0.01'); // 0.005 → 0.01
  });

  it('checks clearing bands: ascending, only the last open-ended', () => {
    expect(parseBands(defaultBandsView()).overspend.at(-1)?.upToPercent).toBe(Infinity);
    const bad = defaultBandsView();
    bad.overspend[1].upToPercent = 5;
    expect(() => parseBands(bad)).toThrow('clearingBands.overspend[1].upToPercent: bands must ascend');
    const open = defaultBandsView();
    open.surplus[1].upToPercent = 20;
    expect(() => parseBands(open, 'bands')).toThrow('bands.surplus[1].upToPercent: the last band must be null');
  });
});
