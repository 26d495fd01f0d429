import { reportRows } from './fund-report';

describe('fund report rows', () => {
  it('rounds months of reserve half-up to 2 decimals and has none without expense', () => {
    const rows = reportRows({
      city: '430100',
      months: ['2026-01', '2026-02'],
      insutypes: ['390'],
      cells: [{ period: '2026-02', region: '430100', insutype: '390', incomeFen: 0n, expenseFen: 300n }],
      fundMovement: new Map([['390|2026-01', 1000n]]),
      openingBalance: new Map([['390', 1n]]),
    });
    expect(rows.map((r) => [r.period, r.balanceFen, r.monthsOfReserve])).toEqual([
      ['2026-01', '1001', null],
      ['2026-02', '1001', '6.67'], // 1001 ÷ (300 ÷ 2) = 6.673…
    ]);
  });
});
