import { DomainError } from '@mi/domain';
import { assertResubmittable, assertReviewable, lastEndedMonths, plansDigest, recentFundUse, shiftMonth } from './fund-use-plan';

describe('fund-use plan rules', () => {
  it('counts months across year ends and takes the months ended before today', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-11', 3)).toBe('2027-02');
    expect(lastEndedMonths('2026-02-10')).toEqual(['2025-11', '2025-12', '2026-01']);
  });

  it('compares a plan with the average of recent months, half-up, and says so in words', () => {
    const sut = recentFundUse(['2026-03', '2026-04', '2026-05'], [100n, 200n, 201n], 200n);
    expect(sut).toMatchObject({ averageFen: '167', deviationPercent: '19.76', usedFen: ['100', '200', '201'] }); // 501 ÷ 3 = 167; 33 ÷ 167 = 19.760…%
    expect(sut.explanation[1]).toContain('高于月均 19.76%');
    expect(recentFundUse(['2026-05'], [400n], 300n)).toMatchObject({ deviationPercent: '-25.00' });
    expect(recentFundUse(['2026-05'], [400n], 400n).explanation[1]).toContain('与月均持平');
  });

  it('does not compare when there is no fund use to compare with (it explains, never blocks)', () => {
    const sut = recentFundUse(['2026-04', '2026-05'], [0n, -50n], 1000n);
    expect(sut.deviationPercent).toBeNull();
    expect(sut.explanation[1]).toContain('无可比的结算数据');
  });

  it('allows resubmission only before acceptance and review only of a submitted plan', () => {
    expect(() => assertResubmittable('SUBMITTED', 'k')).not.toThrow();
    expect(() => assertResubmittable('RETURNED', 'k')).not.toThrow();
    for (const s of ['ACCEPTED', 'INCLUDED'] as const) expect(() => assertResubmittable(s, 'k')).toThrow(DomainError);
    expect(() => assertReviewable('SUBMITTED', 'k')).not.toThrow();
    for (const s of ['RETURNED', 'ACCEPTED', 'INCLUDED'] as const)
      expect(() => assertReviewable(s, 'k')).toThrow(expect.objectContaining({ code: 'FUND.PLAN_NOT_SUBMITTED' }));
  });

  it('digests the plans independently of their order and changes with any figure', () => {
    const a = { id: 'a', county: '430102', version: 1, plannedFen: '100', acceptedFen: '90' };
    const b = { id: 'b', county: '430103', version: 2, plannedFen: '50', acceptedFen: '50' };
    expect(plansDigest([a, b])).toBe(plansDigest([b, a]));
    expect(plansDigest([a, b])).not.toBe(plansDigest([a, { ...b, acceptedFen: '49' }]));
    expect(plansDigest([a, b])).not.toBe(plansDigest([a]));
    expect(plansDigest([])).toMatch(/^[0-9a-f]{64}$/);
  });
});
