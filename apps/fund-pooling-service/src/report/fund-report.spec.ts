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

  it('shows a one-stop fund (一站式结算) as rows of its own: its expense, what it paid out, no months of reserve', () => {
    const rows = reportRows({
      city: '430100',
      months: ['2026-04'],
      insutypes: ['390', '610'],
      cells: [
        { period: '2026-04', region: '430100', insutype: '390', incomeFen: 0n, expenseFen: 6000n },
        { period: '2026-04', region: '430102', insutype: '610', incomeFen: 0n, expenseFen: 500n },
      ],
      fundMovement: new Map([
        ['390|2026-04', -6000n],
        ['610|2026-04', -500n],
      ]),
      openingBalance: new Map([['390', 60000n]]),
    });
    expect(rows.map((r) => [r.insutype, r.region, r.expenseFen, r.balanceFen, r.monthsOfReserve])).toEqual([
      ['390', '430100', '6000', '54000', '9.00'],
      ['390', '430102', '0', null, null],
      ['610', '430100', '500', '-500', null],
      ['610', '430102', '500', null, null],
    ]);
  });
});
