import { baseMedType, LocalDate } from '@mi/domain';
import type { Claim, ClaimLine, RuleStage } from '../claim/claim';
import type { RuleDefinition } from '../dsl/rule-definition';
import { checkRule, RuleDefinitionError, type CheckedRule, type RuleIssue, type TypedHistory } from '../dsl/rule-validator';
import type { TemplatePart } from '../dsl/template';
import type { DateRange } from '../history/patient-history';
import type { KnowledgeBase } from '../knowledge/knowledge';
import { compileExpression, windowRange, type ExpressionEnv, type UsableCondition } from './compile-expression';
import type { Evaluator, Value } from './runtime';
import { fieldEntry } from '../dsl/field-registry';
import { findingShape, type FindingShape } from '../evaluator/finding-shape';

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

/** @internal A rule as the planner and evaluator use it: what can be decided once per set is decided here. */
export interface RuleRuntime {
  readonly rule: CompiledRule;
  readonly order: number;
  readonly isClaim: boolean;
  /** A line rule with `groupBy`. */
  readonly grouped: boolean;
  /** Index of the rule's scope among the set's distinct scopes; -1 when the rule has no scope (its stage is the index). */
  readonly scope: number;
  /** Indexed by item code but also restricted by list type: the line must still pass `rule.matchesLine`. */
  readonly checkLine: boolean;
  readonly finding: FindingShape;
}

interface StageIndex {
  readonly claim: RuleRuntime[];
  readonly byCode: Map<string, RuleRuntime[]>;
  readonly byListType: Map<string, RuleRuntime[]>;
  readonly anyLine: RuleRuntime[];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * @internal The rules planned for one claim, in reusable buffers: `orders[0..count)` are the rule
 * orders selected (ascending once sorted), `lines[order]` the line indexes of a line rule.
 */
export class PlanScratch {
  inUse = false;
  count = 0;
  private epoch = 0;
  private readonly stamp: Int32Array;
  readonly orders: Int32Array;
  readonly lines: number[][];
  private readonly scopeState: Int8Array;

  constructor(ruleCount: number, scopeCount: number) {
    this.stamp = new Int32Array(ruleCount);
    this.orders = new Int32Array(ruleCount);
    this.lines = Array.from({ length: ruleCount }, () => []);
    this.scopeState = new Int8Array(scopeCount);
  }

  /** Starts a claim: nothing selected, no scope decided. */
  reset(): void {
    this.count = 0;
    this.scopeState.fill(0);
    if (this.epoch === 0x7fffffff) {
      this.stamp.fill(0);
      this.epoch = 0;
    }
    this.epoch += 1;
  }

  /** 1 in scope, 2 out, 0 not decided yet. */
  scope(slot: number): number {
    return this.scopeState[slot];
  }

  decideScope(slot: number, inScope: boolean): boolean {
    this.scopeState[slot] = inScope ? 1 : 2;
    return inScope;
  }

  /** Selects a rule (once); returns its line list, new on selection. */
  select(order: number): number[] {
    if (this.stamp[order] !== this.epoch) {
      this.stamp[order] = this.epoch;
      this.orders[this.count] = order;
      this.count += 1;
      return (this.lines[order] = []);
    }
    return this.lines[order];
  }

  isSelected(order: number): boolean {
    return this.stamp[order] === this.epoch;
  }

  /** Selected orders in ascending (set) order. */
  sort(): void {
    if (this.count > 1) this.orders.subarray(0, this.count).sort();
  }
}

/**
 * 已编译规则集 — rules compiled against one knowledge snapshot, indexed by review stage, item code
 * and list type so that a claim touches only the rules that can apply to it. Immutable; share one
 * instance per published (city, version) across requests.
 */
export class CompiledRuleSet {
  private readonly index: Readonly<Record<RuleStage, StageIndex>>;
  /** @internal Per rule order. */
  readonly runtimes: readonly RuleRuntime[];
  /** Scope predicates (stage excluded) of the distinct scopes in the set. */
  private readonly scopes: readonly ((claim: Claim) => boolean)[];
  private scratch: PlanScratch;

  constructor(
    readonly rules: readonly CompiledRule[],
    readonly knowledge: KnowledgeBase,
    /** Per line rule: the item codes it is indexed under (null when indexed by list type or on every line). */
    itemCodesByRule: ReadonlyMap<CompiledRule, ReadonlySet<string> | null>,
  ) {
    const scopeSlots = new Map<string, number>();
    const scopes: ((claim: Claim) => boolean)[] = [];
    const runtimes = rules.map((rule, order): RuleRuntime => {
      const key = scopeKey(rule.definition);
      let scope = -1;
      if (key !== null) {
        const slot = scopeSlots.get(key);
        if (slot !== undefined) scope = slot;
        else {
          scope = scopes.length;
          scopeSlots.set(key, scope);
          scopes.push(compileScopeOnly(rule.definition));
        }
      }
      const codes = itemCodesByRule.get(rule) ?? null;
      const target = rule.definition.target;
      return {
        rule,
        order,
        isClaim: rule.targetKind === 'claim',
        grouped: rule.groupBy.length > 0,
        scope,
        checkLine: rule.targetKind === 'line' && codes !== null && target.kind === 'line' && target.listTypes !== undefined,
        finding: findingShape(rule),
      };
    });
    const index = {} as Record<RuleStage, StageIndex>;
    for (const stage of ['pre', 'in', 'post'] as const) {
      index[stage] = { claim: [], byCode: new Map(), byListType: new Map(), anyLine: [] };
    }
    for (const runtime of runtimes) {
      const rule = runtime.rule;
      for (const stage of rule.definition.stage) {
        const at = index[stage];
        if (rule.targetKind === 'claim') {
          at.claim.push(runtime);
          continue;
        }
        const codes = itemCodesByRule.get(rule) ?? null;
        const target = rule.definition.target;
        if (codes !== null) for (const code of codes) push(at.byCode, code, runtime);
        else if (target.kind === 'line' && target.listTypes) for (const listType of target.listTypes) push(at.byListType, listType, runtime);
        else at.anyLine.push(runtime);
      }
    }
    this.index = index;
    this.runtimes = runtimes;
    this.scopes = scopes;
    this.scratch = new PlanScratch(rules.length, scopes.length);
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
    const scratch = this.planInto(claim);
    try {
      const planned: PlannedRule[] = [];
      for (let k = 0; k < scratch.count; k += 1) {
        const runtime = this.runtimes[scratch.orders[k]];
        planned.push({ rule: runtime.rule, lineIndexes: runtime.isClaim ? null : scratch.lines[runtime.order].slice() });
      }
      return planned;
    } finally {
      this.release(scratch);
    }
  }

  /**
   * @internal Plans the claim into reusable buffers (a walk over its lines with array pushes);
   * hand them back with {@link release}. Re-entrant calls get buffers of their own.
   */
  planInto(claim: Claim): PlanScratch {
    let scratch = this.scratch;
    if (scratch.inUse) scratch = new PlanScratch(this.rules.length, this.scopes.length);
    scratch.inUse = true;
    try {
      this.fill(claim, scratch);
    } catch (error) {
      scratch.inUse = false;
      throw error;
    }
    return scratch;
  }

  private fill(claim: Claim, scratch: PlanScratch): void {
    scratch.reset();
    const at = this.index[claim.stage];
    for (const runtime of at.claim) {
      if (!scratch.isSelected(runtime.order) && this.inScope(runtime, claim, scratch)) scratch.select(runtime.order);
    }
    const lines = claim.lines;
    const anyLine = at.anyLine;
    for (let i = 0; i < lines.length; i += 1) {
      const line = lines[i];
      const byCode = at.byCode.get(line.hilistCode);
      if (byCode !== undefined) this.consider(byCode, line, i, claim, scratch);
      const byListType = at.byListType.size > 0 ? at.byListType.get(line.listType) : undefined;
      if (byListType !== undefined) this.consider(byListType, line, i, claim, scratch);
      if (anyLine.length > 0) this.consider(anyLine, line, i, claim, scratch);
    }
    scratch.sort();
  }

  /** @internal */
  release(scratch: PlanScratch): void {
    scratch.inUse = false;
  }

  private consider(runtimes: readonly RuleRuntime[], line: ClaimLine, i: number, claim: Claim, scratch: PlanScratch): void {
    for (let k = 0; k < runtimes.length; k += 1) {
      const runtime = runtimes[k];
      if (!this.inScope(runtime, claim, scratch)) continue;
      if (runtime.checkLine && !runtime.rule.matchesLine(line)) continue;
      scratch.select(runtime.order).push(i);
    }
  }

  private inScope(runtime: RuleRuntime, claim: Claim, scratch: PlanScratch): boolean {
    const slot = runtime.scope;
    if (slot < 0) return true;
    const decided = scratch.scope(slot);
    if (decided !== 0) return decided === 1;
    return scratch.decideScope(slot, this.scopes[slot](claim));
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
    const ruleEnv: ExpressionEnv = { ...env, params };
    const lets = new Map<string, Evaluator>();
    for (const [name, typed] of checked.lets) lets.set(name, compileExpression(typed, ruleEnv));

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
      condition: compileExpression(checked.condition, ruleEnv),
      ...(checked.amountValue ? { amountValue: compileExpression(checked.amountValue, ruleEnv) } : {}),
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
  const stages = definition.stage;
  const scoped = compileScopeOnly(definition);
  return (claim) => stages.includes(claim.stage) && scoped(claim);
}

const SCOPE_KEYS = ['insutypes', 'medTypes', 'treatmentModes', 'institutionLevels', 'institutionTypes', 'regions', 'triggerScenes'] as const;

/** Rules with the same scope share one decision per claim; null when the rule has none. */
function scopeKey(definition: RuleDefinition): string | null {
  const scope = definition.scope;
  if (!scope || SCOPE_KEYS.every((k) => !scope[k])) return null;
  return JSON.stringify(SCOPE_KEYS.map((k) => scope[k] ?? null));
}

/** The scope without the stage (the planner's index is per stage). */
function compileScopeOnly(definition: RuleDefinition): (claim: Claim) => boolean {
  const scope = definition.scope ?? {};
  return (claim) =>
    (!scope.insutypes || scope.insutypes.includes(claim.insutype)) &&
    (!scope.medTypes || scope.medTypes.includes(baseMedType(claim.medType))) &&
    (!scope.treatmentModes || scope.treatmentModes.includes(claim.treatmentMode)) &&
    (!scope.institutionLevels || scope.institutionLevels.includes(claim.institution.level)) &&
    (!scope.institutionTypes || scope.institutionTypes.includes(claim.institution.type)) &&
    (!scope.regions || scope.regions.some((prefix) => claim.institution.admdvs.startsWith(prefix))) &&
    (!scope.triggerScenes || (claim.triggerScene !== undefined && scope.triggerScenes.includes(claim.triggerScene)));
}
