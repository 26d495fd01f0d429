/**
 * 举报奖励 — the reward rule as data, in integer fen. Caps from the national measure
 * (《违法违规使用医疗保障基金举报奖励办法》, 医保发〔2022〕22号: at most 200,000 yuan, in principle
 * at least 200 yuan). The seeds (002_…, 004_…) ask for a reward system without numbers, so the
 * marginal rates below are example defaults a city replaces (`CITY_REWARD_POLICIES`): 4 % of the
 * recovered amount up to 100,000 yuan, 2 % up to 1,000,000 yuan, 1 % above.
 */
export interface RewardPolicy {
  basis: string;
  /** Marginal rates in basis points (1/10,000) up to each bound in fen (null = no bound). */
  tiers: { uptoFen: bigint | null; rateBp: number }[];
  minFen: bigint;
  maxFen: bigint;
  /** Working days from receipt to conclude a complaint (holidays and 调休 counted by the calendar). */
  handleWithinWorkingDays: number;
}

export const DEFAULT_REWARD_POLICY: RewardPolicy = {
  basis: '医保发〔2022〕22号：按查实金额分段计奖，最低200元，最高20万元',
  tiers: [
    { uptoFen: 10_000_000n, rateBp: 400 },
    { uptoFen: 100_000_000n, rateBp: 200 },
    { uptoFen: null, rateBp: 100 },
  ],
  minFen: 20_000n,
  maxFen: 20_000_000n,
  handleWithinWorkingDays: 30,
};

export const CITY_REWARD_POLICIES: Record<string, Partial<RewardPolicy>> = {
  // Changsha: a 15-working-day handling deadline.
  '430100': { handleWithinWorkingDays: 15 },
};

export function rewardPolicyFor(admdvs: string): RewardPolicy {
  return { ...DEFAULT_REWARD_POLICY, ...(CITY_REWARD_POLICIES[`${admdvs.slice(0, 4)}00`] ?? {}) };
}

/** The reward of a substantiated complaint: marginal tiers on the recovered amount, then the floor and the cap. */
export function rewardFen(recoveredFen: bigint, policy: RewardPolicy): bigint {
  let reward = 0n;
  let lower = 0n;
  for (const t of policy.tiers) {
    const upper = t.uptoFen ?? recoveredFen;
    if (recoveredFen > lower) {
      const portion = (recoveredFen < upper ? recoveredFen : upper) - lower;
      if (portion > 0n) reward += (portion * BigInt(t.rateBp)) / 10_000n;
    }
    if (t.uptoFen === null || recoveredFen <= t.uptoFen) break;
    lower = t.uptoFen;
  }
  if (reward < policy.minFen) reward = policy.minFen;
  return reward > policy.maxFen ? policy.maxFen : reward;
}
