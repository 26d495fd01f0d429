import { compileRuleSet, type CompiledRuleSet } from '../compiler/compile';
import { deepFreeze } from '../dsl/deep-freeze';
import type { RuleDefinition } from '../dsl/rule-definition';
import type { KnowledgeBase } from '../knowledge/knowledge';
import { MANAGEMENT_RULES } from './management.rules';
import { MEDICAL_RULES } from './medical.rules';
import { POLICY_RULES } from './policy.rules';

export * from './policy.rules';
export * from './management.rules';
export * from './medical.rules';

/**
 * The platform's default rules: national framework 1.0 rules (official GZ codes) and two local
 * rules (`MI-…`). monitoring-kb seeds a city's rule base with them; the city then versions its
 * own copies and parameters.
 */
export const DEFAULT_RULES: readonly RuleDefinition[] = deepFreeze([...POLICY_RULES, ...MANAGEMENT_RULES, ...MEDICAL_RULES]);

export function compileDefaultRules(knowledge: KnowledgeBase): CompiledRuleSet {
  return compileRuleSet(DEFAULT_RULES, { knowledge });
}
