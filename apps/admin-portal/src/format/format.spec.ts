import { daysUntil, formatDate, formatDateTime, formatFen, shanghaiToday, yuanToFen } from './format';

describe('formatFen', () => {
  it.each([
    ['0', '¥0.00'],
    ['5', '¥0.05'],
    ['123456', '¥1,234.56'],
    ['100000000', '¥1,000,000.00'],
    ['-250', '-¥2.50'],
    [850000, '¥8,500.00'],
  ] as const)('%p fen → %s', (fen, shown) => {
    expect(formatFen(fen)).toBe(shown);
  });

  it('keeps fen exact beyond the safe integer range (bigint columns)', () => {
    expect(formatFen('900719925474099312')).toBe('¥9,007,199,254,740,993.12');
  });

  it('shows a dash for missing or malformed amounts', () => {
    expect(formatFen(undefined)).toBe('—');
    expect(formatFen('12.5')).toBe('—');
  });
});

describe('dates', () => {
  it('keeps a business date and shows an instant as its Shanghai date', () => {
    expect(formatDate('2026-12-31')).toBe('2026-12-31');
    // 17:30 UTC on 23 Nov is already 24 Nov in Shanghai.
    expect(formatDate('2026-11-23T17:30:00.000Z')).toBe('2026-11-24');
    expect(formatDateTime('2026-11-23T17:30:00.000Z')).toBe('2026-11-24 01:30');
  });

  it('counts days to a date from Shanghai today', () => {
    const today = shanghaiToday(new Date('2026-11-23T20:00:00Z'));
    expect(today).toBe('2026-11-24');
    expect(daysUntil('2026-12-31', today)).toBe(37);
    expect(daysUntil('2026-11-20', today)).toBe(-4);
  });
});

describe('yuanToFen', () => {
  it('reads yuan as typed into integer fen without floating point', () => {
    expect(['12', '12.3', '¥1,234.56', '0.07', '0', '99999999999.99'].map(yuanToFen)).toEqual(['1200', '1230', '123456', '7', '0', '9999999999999']);
  });

  it('refuses what is not an amount of at most two decimals', () => {
    expect(['12.345', '-1', 'abc', '', '1e3'].map(yuanToFen)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});
