import { DEFAULT_BANDS } from '../payment/year-end';
import { clearingStatement, type ClearingFigures } from './clearing-statement';

const figures = (o: Partial<ClearingFigures>): ClearingFigures => ({
  institutionCode: 'H43010200001',
  indicatorFen: 100_000_000n, // 1,000,000.00
  settledCount: 10,
  settledFen: 0n,
  reversedFen: 0n,
  deductedFen: 0n,
  indicatorDeductedFen: 0n,
  casePaymentFen: 0n,
  ...o,
});

describe('year-end clearing statement (年终清算)', () => {
  it('overspend: the fund bears its bands, the institution the rest (recovered); every line recomputable', () => {
    // actual = 1,150,000 − 20,000 − 5,000 − 5,000 = 1,120,000: overspend 120,000
    const r = clearingStatement(
      figures({ settledFen: 115_000_000n, reversedFen: 2_000_000n, deductedFen: 500_000n, indicatorDeductedFen: 500_000n }),
      DEFAULT_BANDS,
    );
    expect(r).toMatchObject({ actualFen: 112_000_000n, kind: 'overspend', adjustmentFen: 5_500_000n, clearingFen: -6_500_000n });
    const byCode = (code: string) => r.lines.filter((l) => l.code === code).map((l) => l.amountFen);
    expect(byCode('BAND')).toEqual(['3000000', '2500000', '0']); // 50,000 × 60 %, 50,000 × 50 %, 20,000 × 0 %
    expect(byCode('INSTITUTION_SHARE')).toEqual(['6500000']);
    // The institution's check: the first five lines sum to ACTUAL; FUND_SHARE + INSTITUTION_SHARE = OVERSPEND.
    const sum = r.lines.slice(1, 5).reduce((s, l) => s + BigInt(l.amountFen), 0n);
    expect(sum.toString()).toBe(byCode('ACTUAL')[0]);
    expect(BigInt(byCode('FUND_SHARE')[0]) + BigInt(byCode('INSTITUTION_SHARE')[0])).toBe(BigInt(byCode('OVERSPEND')[0]));
  });

  it('surplus: the institution retains its band share, paid; on target: nothing', () => {
    const r = clearingStatement(figures({ settledFen: 93_000_000n }), DEFAULT_BANDS);
    expect(r).toMatchObject({ kind: 'surplus', adjustmentFen: 3_500_000n, clearingFen: 3_500_000n });
    expect(r.lines.at(-1)).toMatchObject({ code: 'CLEARING_AMOUNT', label: '清算应拨付', amount: '35000.00' });
    expect(clearingStatement(figures({ settledFen: 100_000_000n }), DEFAULT_BANDS)).toMatchObject({ kind: 'on-target', clearingFen: 0n });
  });

  it('other bands give another result from the same figures (what-if)', () => {
    const f = figures({ settledFen: 112_000_000n });
    const strict = { overspend: [{ upToPercent: Infinity, fundSharePercent: 0 }], surplus: [{ upToPercent: Infinity, retainedPercent: 0 }] };
    expect(clearingStatement(f, strict).clearingFen).toBe(-12_000_000n);
    expect(clearingStatement(f, DEFAULT_BANDS).clearingFen).toBe(-6_500_000n);
  });

  it('a negative actual (deductions above settlements) clears as zero actual', () => {
    const r = clearingStatement(figures({ settledFen: 1_000n, deductedFen: 5_000n }), DEFAULT_BANDS);
    expect(r.actualFen).toBe(-4_000n);
    expect(r.kind).toBe('surplus');
    expect(r.clearingFen).toBe(5_000_000n); // 10 % of the indicator × 50 %
  });
});
