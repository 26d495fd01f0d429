import { triggered } from './points-policy';

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
