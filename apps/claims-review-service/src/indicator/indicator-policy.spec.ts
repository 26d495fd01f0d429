import { measure, periodRange, splitByInsutype } from './indicator-policy';

describe('indicator policy', () => {
  it.each([
    ['2026-10', '2026-10-01', '2026-11-01'],
    ['2026-12', '2026-12-01', '2027-01-01'],
    ['2026-Q1', '2026-01-01', '2026-04-01'],
    ['2026-Q4', '2026-10-01', '2027-01-01'],
  ])('period %s runs from %s up to %s', (period, from, to) => {
    const r = periodRange(period);
    expect([r.from.toString(), r.to.toString()]).toEqual([from, to]);
  });

  it('refuses what is not a month or quarter', () => {
    expect(() => periodRange('2026-Q5')).toThrow(/period/);
  });

  it('allows the tolerance, rounded up in the institution’s favour, and deducts only beyond it', () => {
    // 7 admissions against 333.33 yuan: allowed 7 × 33,333 × 1.05 = 244,997.55 → 244,998 fen.
    expect(measure('costPerAdmission', 33_333n, 7, 244_998n, 50)).toMatchObject({ allowedFen: '244998', excessFen: '0', actualFen: '35000' });
    expect(measure('costPerAdmission', 33_333n, 7, 244_999n, 50)).toMatchObject({ excessFen: '1', overPermille: 50 });
    expect(measure('costPerAdmission', 100_000n, 4, 300_000n, 50)).toMatchObject({ excessFen: '0', overPermille: -250 });
  });

  it('splits an amount over insurance types to the fen by largest remainder', () => {
    expect(splitByInsutype(100n, { '310': 1n, '390': 1n, '510': 1n })).toEqual({ '310': '34', '390': '33', '510': '33' });
    expect(splitByInsutype(150_000n, { '390': 1_000_000n, '310': 2_300_000n })).toEqual({ '310': '104545', '390': '45455' });
    expect(splitByInsutype(0n, { '310': 5n })).toEqual({});
    const parts = splitByInsutype(99_999n, { '310': 7n, '390': 11n, '510': 13n });
    expect(Object.values(parts).reduce((s, v) => s + BigInt(v), 0n)).toBe(99_999n);
  });
});
