import { DEFAULT_DEDUCTION_TABLE, DEFAULT_VIOLATION_POINTS, deductionTable, triggered, violationPoints } from './points-policy';

describe('12-point thresholds', () => {
  it.each([
    [0, 5, undefined],
    [3, 6, 'SUSPENDED_3_MONTHS'],
    [6, 8, undefined],
    [8, 9, 'SUSPENDED_6_MONTHS'],
    [5, 11, 'SUSPENDED_6_MONTHS'],
    [11, 12, 'CANCELLED'],
    [0, 14, 'CANCELLED'],
    [12, 13, undefined],
  ])('from %i to %i triggers %s', (before, after, consequence) => {
    expect(triggered(before, after)?.consequence).toBe(consequence);
  });
});

describe('points for a confirmed review violation', () => {
  it.each([
    ['DEDUCTED', '1', 'review-deducted-definite', 'auto', 3],
    ['DEDUCTED', '2', 'review-deducted', 'auto', 1],
    ['DEDUCTED', '3', 'review-deducted', 'auto', 1],
    ['WARNED', '1', 'review-warned', 'propose', 1],
    ['WARNED', '3', 'review-warned', 'propose', 1],
    ['DEDUCTED', '9', 'review-deducted-definite', 'auto', 3],
  ] as const)('%s with severity %s → %s (%s, %i points)', (outcome, severity, item, mode, points) => {
    const rule = violationPoints('350100', outcome, severity);
    expect(rule).toEqual({ item, mode });
    expect(deductionTable('350100')[rule.item].points).toBe(points);
  });

  it('never scores more than the 1–3 band without an officer', () => {
    for (const outcome of ['DEDUCTED', 'WARNED'] as const) {
      for (const sev of ['1', '2', '3'] as const) {
        const rule = DEFAULT_VIOLATION_POINTS[outcome][sev];
        if (rule.mode === 'auto') expect(DEFAULT_DEDUCTION_TABLE[rule.item].points).toBeLessThanOrEqual(3);
      }
    }
  });
});
