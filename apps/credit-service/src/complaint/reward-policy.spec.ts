import { DEFAULT_REWARD_POLICY, rewardFen } from './reward-policy';

describe('举报奖励 reward rule (integer fen)', () => {
  const p = DEFAULT_REWARD_POLICY;
  it('applies the marginal tiers', () => {
    expect(rewardFen(5_000_000n, p)).toBe(200_000n); // 50,000 yuan × 4 % = 2,000 yuan
    expect(rewardFen(10_000_000n, p)).toBe(400_000n);
    // 100,000 × 4 % + 400,000 × 2 % = 12,000 yuan
    expect(rewardFen(50_000_000n, p)).toBe(1_200_000n);
    // 100,000 × 4 % + 900,000 × 2 % + 1,000,000 × 1 % = 32,000 yuan
    expect(rewardFen(200_000_000n, p)).toBe(3_200_000n);
  });

  it('pays at least 200 yuan and at most 200,000 yuan; fractions of a fen are dropped', () => {
    expect(rewardFen(0n, p)).toBe(20_000n);
    expect(rewardFen(100_000n, p)).toBe(20_000n);
    expect(rewardFen(100_000_000_000n, p)).toBe(20_000_000n);
    expect(rewardFen(1_000_033n, p)).toBe(40_001n);
  });
});
