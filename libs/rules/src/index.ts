/**
 * @mi/rules — the rule engine of the 智能审核和监控规则库: claim model, rule DSL and validator,
 * knowledge-base and patient-history ports, compiler, evaluator, NHSA result mapping and the
 * default national/local rules. Pure TypeScript; depends on @mi/domain only.
 */
export * from './claim/claim';
export * from './claim/quantity';

export * from './knowledge/knowledge';
export * from './history/patient-history';

export * from './dsl/rational';
export * from './dsl/rule-definition';
export * from './dsl/behaviour-type.dictionary';
export * from './dsl/national-rules';
export { FIELD_REGISTRY, type FieldInfo, type FieldBinding, type FieldSource } from './dsl/field-registry';
export { validateRule, RuleDefinitionError, type RuleIssue, type RuleIssueCode, type RuleValidation } from './dsl/rule-validator';

export { compileRuleSet, CompiledRuleSet, type CompileOptions, type CompiledRule, type PlannedRule } from './compiler/compile';
export { evaluate } from './evaluator/evaluate';
export * from './evaluator/finding';
export * from './nhsa/to-nhsa-result';

export * from './default-rules';
export * from './testing/sample-knowledge.fixture';
export * from './testing/claim.builder';
