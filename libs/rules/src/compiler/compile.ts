import { baseMedType, LocalDate, type ListType } from '@mi/domain';
import type { Claim, ClaimLine, RuleStage } from '../claim/claim';
import type { RuleDefinition } from '../dsl/rule-definition';
import { checkRule, RuleDefinitionError, type CheckedRule, type RuleIssue, type TypedHistory } from '../dsl/rule-validator';
import type { TemplatePart } from '../dsl/template';
import type { DateRange } from '../history/patient-history';
import type { KnowledgeBase } from '../knowledge/knowledge';
import { compileExpression, windowRange, type ExpressionEnv, type UsableCondition } from './compile-expression';
import type { Evaluator, Value } from './runtime';
import { fieldEntry } from '../dsl/field-registry';

export interface CompileOptions {
  /** The knowledge snapshot the rules are checked against and read at evaluation. */
  readonly knowledge: KnowledgeBase;
}

/** One rule turned into closures. Built only by {@link compileRuleSet}. */
export interface CompiledRule {
  readonly id: string;
  readonly version: number;
  readonly definition: RuleDefinition;
  /** Position in the set: findings come out in this order. */
  readonly order: number;
  readonly targetKind: 'line' | 'claim';
  readonly groupBy: readonly ('hilistCode' | 'serviceDate')[];
  readonly inScope: (claim: Claim) => boolean;
  readonly matchesLine: (line: ClaimLine) => boolean;
  readonly params: ReadonlyMap<string, Value>;
  readonly lets: ReadonlyMap<string, Evaluator>;
  readonly condition: Evaluator;
  readonly amountValue?: Evaluator;
  readonly facts: readonly { readonly name: string; readonly get: Evaluator }[];
  readonly templates: { readonly volaCont: readonly TemplatePart[]; readonly volaEvid: readonly TemplatePart[] };
  readonly history: readonly TypedHistory[];
}

/** What {@link CompiledRuleSet.plan} selects for a claim: a claim rule, or a line rule with the lines it targets. */
export interface PlannedRule {
  readonly rule: CompiledRule;
  /** Indexes into `claim.lines`; null for claim rules. */
  readonly lineIndexes: readonly number[] | null;
}

interface StageIndex {
  readonly claim: CompiledRule[];
  readonly byCode: Map<string, CompiledRule[]>;
  readonly byListType: Map<ListType, CompiledRule[]>;
  readonly anyLine: CompiledRule[];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * 已编译规则集 — rules compiled against one knowledge snapshot, indexed by review stage, item code
 * and list type so that a claim touches only the rules that can apply to it. Immutable; share one
 * instance per published (city, version) across requests.
 */
export class CompiledRuleSet {
  private readonly index: Readonly<Record<RuleStage, StageIndex>>;

  constructor(
    readonly rules: readonly CompiledRule[],
    readonly knowledge: KnowledgeBase,
    /** Per line rule: the item codes it is indexed under (null when indexed by list type or on every line). */
    itemCodesByRule: ReadonlyMap<CompiledRule, ReadonlySet<string> | null>,
  ) {
    const index = {} as Record<RuleStage, StageIndex>;
    for (const stage of ['pre', 'in', 'post'] as const) {
      index[stage] = { claim: [], byCode: new Map(), byListType: new Map(), anyLine: [] };
    }
    for (const rule of rules) {
      for (const stage of rule.definition.stage) {
        const at = index[stage];
        if (rule.targetKind === 'claim') {
          at.claim.push(rule);
          continue;
        }
        const codes = itemCodesByRule.get(rule) ?? null;
        const target = rule.definition.target;
        if (codes !== null) for (const code of codes) push(at.byCode, code, rule);
        else if (target.kind === 'line' && target.listTypes) for (const listType of target.listTypes) push(at.byListType, listType, rule);
        else at.anyLine.push(rule);
      }
    }
    this.index = index;
  }

  get knowledgeVersion(): string {
    return this.knowledge.version;
  }

  get size(): number {
    return this.rules.length;
  }

  rule(id: string): CompiledRule | undefined {
    return this.rules.find((r) => r.id === id);
  }

  /** The rules that apply to this claim (stage and scope match, and for line rules the lines they target), in set order. */
  plan(claim: Claim): readonly PlannedRule[] {
    const at = this.index[claim.stage];
    const scoped = new Map<CompiledRule, boolean>();
    const inScope = (rule: CompiledRule): boolean => {
      let ok = scoped.get(rule);
      if (ok === undefined) {
        ok = rule.inScope(claim);
        scoped.set(rule, ok);
      }
      return ok;
    };
    const planned = new Map<CompiledRule, number[] | null>();
    for (const rule of at.claim) if (inScope(rule)) planned.set(rule, null);
    claim.lines.forEach((line, i) => {
      const consider = (rules: readonly CompiledRule[] | undefined): void => {
        for (const rule of rules ?? []) {
          if (!inScope(rule) || !rule.matchesLine(line)) continue;
          const list = planned.get(rule);
          if (list) list.push(i);
          else planned.set(rule, [i]);
        }
      };
      consider(at.byCode.get(line.hilistCode));
      consider(at.byListType.get(line.listType));
      consider(at.anyLine);
    });
    return [...planned].map(([rule, lineIndexes]) => ({ rule, lineIndexes })).sort((a, b) => a.rule.order - b.rule.order);
  }

  /**
   * The dates of history the applicable rules may read for this claim, or null when none reads
   * history: load the patient's encounters and lines in this range into a per-patient cache (e.g.
   * `InMemoryPatientHistory`) before calling `evaluate`.
   */
  historyWindow(claim: Claim): DateRange | null {
    let from: LocalDate | null = null;
    let to: LocalDate | null = null;
    const anchor = claim.admissionDate;
    let latest = claim.dischargeDate ?? anchor;
    for (const line of claim.lines) if (line.serviceDate.isAfter(latest)) latest = line.serviceDate;
    for (const { rule } of this.plan(claim)) {
      for (const node of rule.history) {
        let range: DateRange;
        if (node.measure === 'staysContaining' || node.measure === 'daysSinceLastDischarge') {
          const size = node.window.unit === 'days' ? node.window.size : 0;
          range = { from: anchor.minusDays(size), to: node.measure === 'staysContaining' ? latest : anchor };
        } else range = windowRange(node.window, anchor);
        if (from === null || range.from.isBefore(from)) from = range.from;
        if (to === null || range.to.isAfter(to)) to = range.to;
      }
    }
    return from !== null && to !== null ? { from, to } : null;
  }
}

function sameGrouping(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((k) => b.includes(k));
}

function groupByOf(checked: CheckedRule): readonly ('hilistCode' | 'serviceDate')[] {
  const target = checked.definition.target;
  return target.kind === 'line' ? (target.groupBy ?? []) : [];
}

/** Checks rule references across the set: unknown ids, incompatible targets, cycles. */
function checkUses(entries: readonly { checked: CheckedRule; index: number }[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const byId = new Map(entries.map((e) => [e.checked.definition.id, e]));
  for (const { checked } of entries) {
    const id = checked.definition.id;
    for (const use of checked.uses) {
      const used = byId.get(use.ruleId);
      if (!used) {
        issues.push({ path: use.path, code: 'UNKNOWN_RULE', message: `no rule ${use.ruleId} in this set`, ruleId: id });
        continue;
      }
      const usedTarget = used.checked.definition.target.kind;
      const ownTarget = checked.definition.target.kind;
      if (usedTarget === 'line' && (ownTarget !== 'line' || !sameGrouping(groupByOf(used.checked), groupByOf(checked)))) {
        issues.push({
          path: use.path,
          code: 'RULE_INCOMPATIBLE',
          message: `${use.ruleId} is a line rule${groupByOf(used.checked).length ? ' with groupBy' : ''}: only a line rule with the same grouping may use it`,
          ruleId: id,
        });
      }
    }
  }
  // Cycle detection (depth-first, white/grey/black); each cycle is reported once, at the use that closes it.
  const state = new Map<string, 'grey' | 'black'>();
  const stack: string[] = [];
  const visit = (id: string): void => {
    state.set(id, 'grey');
    stack.push(id);
    const entry = byId.get(id);
    for (const use of entry?.checked.uses ?? []) {
      if (!byId.has(use.ruleId)) continue;
      const s = state.get(use.ruleId);
      if (s === 'grey') {
        const cycle = [...stack.slice(stack.indexOf(use.ruleId)), use.ruleId].join(' → ');
        issues.push({ path: use.path, code: 'RULE_CYCLE', message: `rules use each other in a cycle: ${cycle}`, ruleId: id });
      } else if (s === undefined) visit(use.ruleId);
    }
    stack.pop();
    state.set(id, 'black');
  };
  for (const { checked } of entries) if (!state.has(checked.definition.id)) visit(checked.definition.id);
  return issues;
}

/**
 * Validates every rule (see `validateRule`), checks what needs the whole set and the knowledge
 * snapshot — unique ids, code sets that exist, `{ use }` references that exist, fit and do not
 * form a cycle — and compiles the rules into closures. Throws {@link RuleDefinitionError}
 * (`RULES.INVALID`) listing every issue with its JSON path (`$[3].condition.args[0].field`).
 */
export function compileRuleSet(definitions: readonly unknown[], options: CompileOptions): CompiledRuleSet {
  const { knowledge } = options;
  const issues: RuleIssue[] = [];
  const entries: { checked: CheckedRule; index: number }[] = [];
  const ids = new Map<string, number>();
  definitions.forEach((definition, index) => {
    const result = checkRule(definition, `$[${index}]`);
    const ruleId = typeof (definition as { id?: unknown } | null)?.id === 'string' ? (definition as { id: string }).id : undefined;
    for (const issue of result.issues) issues.push(ruleId !== undefined ? { ...issue, ruleId } : issue);
    if (!result.checked) return;
    const id = result.checked.definition.id;
    const seen = ids.get(id);
    if (seen !== undefined) {
      issues.push({ path: `$[${index}].id`, code: 'DUPLICATE_ID', message: `rule ${id} is already defined at $[${seen}]`, ruleId: id });
      return;
    }
    ids.set(id, index);
    for (const ref of result.checked.codeSets) {
      if (!knowledge.codeSet(ref.name)) {
        issues.push({ path: ref.path, code: 'UNKNOWN_KNOWLEDGE', message: `knowledge base ${knowledge.version} has no code set ${ref.name}`, ruleId: id });
      }
    }
    entries.push({ checked: result.checked, index });
  });
  issues.push(...checkUses(entries));
  if (issues.length > 0) throw new RuleDefinitionError(issues);

  const usable = new Map<string, UsableCondition>();
  const env: ExpressionEnv = {
    codeSet: (name) => Object.freeze([...(knowledge.codeSet(name) ?? [])]),
    useRule: (ruleId) => {
      const found = usable.get(ruleId);
      if (!found) throw new Error(`@mi/rules: rule ${ruleId} not compiled (compiler bug)`);
      return found;
    },
  };

  const itemCodesByRule = new Map<CompiledRule, ReadonlySet<string> | null>();
  const rules = entries.map(({ checked }, order) => {
    const { definition } = checked;
    const params = new Map<string, Value>();
    for (const [name, p] of checked.params) params.set(name, p.value);
    const lets = new Map<string, Evaluator>();
    for (const [name, typed] of checked.lets) lets.set(name, compileExpression(typed, env));

    const target = definition.target;
    let codes: ReadonlySet<string> | null = null;
    if (target.kind === 'line' && (target.itemCodes || target.itemSet)) {
      const sets: ReadonlySet<string>[] = [];
      if (target.itemCodes) sets.push(new Set(target.itemCodes));
      if (target.itemSet) {
        sets.push(
          target.itemSet.table === 'catalogue' ? new Set(knowledge.itemCodesWith(target.itemSet.with)) : (knowledge.codeSet(target.itemSet.name) ?? new Set()),
        );
      }
      codes = new Set([...sets[0]].filter((c) => sets.every((s) => s.has(c))));
    }
    const listTypes = target.kind === 'line' && target.listTypes ? new Set<string>(target.listTypes) : null;
    const matchesLine = (line: ClaimLine): boolean => (codes === null || codes.has(line.hilistCode)) && (listTypes === null || listTypes.has(line.listType));

    const compiled: CompiledRule = {
      id: definition.id,
      version: definition.version,
      definition,
      order,
      targetKind: target.kind,
      groupBy: groupByOf(checked),
      inScope: compileScope(definition),
      matchesLine,
      params,
      lets,
      condition: compileExpression(checked.condition, env),
      ...(checked.amountValue ? { amountValue: compileExpression(checked.amountValue, env) } : {}),
      facts: checked.factFields.map((name) => {
        const entry = fieldEntry(name);
        if (!entry) throw new Error(`@mi/rules: unknown fact field ${name} (validator bug)`);
        return { name, get: entry.get };
      }),
      templates: checked.templates,
      history: checked.history,
    };
    usable.set(compiled.id, { params, lets, condition: compiled.condition });
    if (compiled.targetKind === 'line') itemCodesByRule.set(compiled, codes);
    return Object.freeze(compiled);
  });
  return new CompiledRuleSet(rules, knowledge, itemCodesByRule);
}

function compileScope(definition: RuleDefinition): (claim: Claim) => boolean {
  const scope = definition.scope ?? {};
  const stages = definition.stage;
  return (claim) =>
    stages.includes(claim.stage) &&
    (!scope.insutypes || scope.insutypes.includes(claim.insutype)) &&
    (!scope.medTypes || scope.medTypes.includes(baseMedType(claim.medType))) &&
    (!scope.treatmentModes || scope.treatmentModes.includes(claim.treatmentMode)) &&
    (!scope.institutionLevels || scope.institutionLevels.includes(claim.institution.level)) &&
    (!scope.institutionTypes || scope.institutionTypes.includes(claim.institution.type)) &&
    (!scope.regions || scope.regions.some((prefix) => claim.institution.admdvs.startsWith(prefix))) &&
    (!scope.triggerScenes || (claim.triggerScene !== undefined && scope.triggerScenes.includes(claim.triggerScene)));
}
