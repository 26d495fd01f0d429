/**
 * What a city does when an institution's credit level drops to D (信用等级 D: 严重失信) — data per
 * pooling region. `propose`: the platform proposes a suspension that two officers' four eyes still
 * decide (one approves it); `suspend`: the suspension is recorded at once; `none`: nothing.
 */
export interface CreditReactionPolicy {
  onLevelD: 'propose' | 'suspend' | 'none';
  /** Length of the suspension, months (cut at the end of the agreement's term). */
  suspensionMonths: number;
  legalBasis: string;
}

export const DEFAULT_CREDIT_REACTION: CreditReactionPolicy = {
  onLevelD: 'propose',
  suspensionMonths: 3,
  legalBasis: '《医疗保障基金使用监督管理条例》第十三条；协议约定（信用等级评定为D级）',
};

/** Per-city overrides, keyed by pooling region (e.g. `{ '350500': { onLevelD: 'suspend' } }`). */
export const CITY_CREDIT_REACTION: Record<string, Partial<CreditReactionPolicy>> = {};

export function creditReaction(poolarea: string): CreditReactionPolicy {
  return { ...DEFAULT_CREDIT_REACTION, ...(CITY_CREDIT_REACTION[poolarea] ?? {}) };
}
