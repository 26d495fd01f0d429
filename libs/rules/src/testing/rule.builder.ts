import type { RuleDefinition } from '../dsl/rule-definition';

/**
 * A minimal valid rule definition for tests: a claim-level rule that always matches, with no
 * amount; tests override only what they are about.
 */
export function aRuleDefinition(id: string, over: Partial<Record<keyof RuleDefinition, unknown>> = {}): RuleDefinition {
  return {
    id,
    version: 1,
    name: { zh: id, en: id },
    category: { tier1: '政策类', tier2: '药品政策限定类' },
    stage: ['pre', 'in', 'post'],
    target: { kind: 'claim' },
    condition: { const: true },
    severity: '3',
    behaviourType: '99',
    amount: { kind: 'none' },
    explanation: { volaCont: id, volaEvid: id },
    ...over,
  } as RuleDefinition;
}
