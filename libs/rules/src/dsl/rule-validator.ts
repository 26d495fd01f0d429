import {
  BaseMedicalType,
  DomainError,
  InstitutionType,
  InsuranceType,
  ListType,
  LocalDate,
  Money,
  ROUNDING_MODES,
  Severity,
  TreatmentMode,
  TriggerScene,
  type RoundingMode,
} from '@mi/domain';
import { RULE_STAGES } from '../claim/claim';
import type { Value } from '../compiler/runtime';
import { CATALOGUE_ATTRIBUTES } from '../knowledge/knowledge';
import { BehaviourType } from './behaviour-type.dictionary';
import { deepFreeze } from './deep-freeze';
import { fieldEntry, type FieldBinding } from './field-registry';
import { NATIONAL_RULE_CODE, nationalRule, RULE_CATEGORIES, type NationalRule } from './national-rules';
import { Rational } from './rational';
import { AGGREGATE_OVER, OPERATORS, type AggregateOver, type HistoryMeasure, type Operator, type RuleDefinition, type ValueType } from './rule-definition';
import { parseTemplate, placeholderNames, type TemplatePart } from './template';

export type RuleIssueCode =
  | 'REQUIRED'
  | 'INVALID'
  | 'UNKNOWN_KEY'
  | 'UNKNOWN_FIELD'
  | 'FIELD_NOT_AVAILABLE'
  | 'TYPE_MISMATCH'
  | 'UNKNOWN_PARAM'
  | 'UNKNOWN_REF'
  | 'REF_CYCLE'
  | 'UNKNOWN_CAPTURE'
  | 'TEMPLATE'
  | 'NATIONAL_CODE'
  | 'UNKNOWN_KNOWLEDGE'
  | 'UNKNOWN_RULE'
  | 'RULE_CYCLE'
  | 'RULE_INCOMPATIBLE'
  | 'DUPLICATE_ID';

/** One problem in a rule, at a JSON path such as `$.condition.all[1].args[0]`. */
export interface RuleIssue {
  readonly path: string;
  readonly code: RuleIssueCode;
  readonly message: string;
  /** Set when the issue comes from compiling a rule set. */
  readonly ruleId?: string;
}

export type RuleValidation = { readonly ok: true; readonly rule: RuleDefinition } | { readonly ok: false; readonly errors: readonly RuleIssue[] };

/** A rule or rule set refused at validation or compile time; `details.errors` lists every issue. */
export class RuleDefinitionError extends DomainError {
  constructor(readonly issues: readonly RuleIssue[]) {
    const first = issues[0];
    super('RULES.INVALID', `${issues.length} rule definition problem(s); first: ${first ? `${first.path} ${first.message}` : 'none'}`, {
      errors: issues,
    });
    this.name = 'RuleDefinitionError';
  }
}

// ---------------------------------------------------------------------------------------------
// Typed expression tree: what the validator hands the compiler.

interface Node {
  readonly type: ValueType;
  readonly path: string;
}
export type TypedExpr =
  | (Node & { readonly kind: 'field'; readonly name: string })
  | (Node & { readonly kind: 'param'; readonly name: string })
  | (Node & { readonly kind: 'ref'; readonly name: string })
  | (Node & { readonly kind: 'literal'; readonly value: Value })
  | (Node & { readonly kind: 'codeSet'; readonly name: string })
  | (Node & { readonly kind: 'all' | 'any'; readonly args: readonly TypedExpr[] })
  | (Node & { readonly kind: 'not'; readonly arg: TypedExpr })
  | (Node & { readonly kind: 'op'; readonly op: Operator; readonly args: readonly TypedExpr[]; readonly rounding?: RoundingMode })
  | (Node & {
      readonly kind: 'agg';
      readonly agg: 'some' | 'count' | 'sum' | 'collect';
      readonly over: AggregateOver;
      readonly where?: TypedExpr;
      readonly of?: TypedExpr;
      readonly as?: string;
    })
  | TypedHistory
  | (Node & { readonly kind: 'use'; readonly ruleId: string });

/**
 * A history window with its size known at compile time; a `days` window sized by an expression
 * keeps it in `sizeExpr`, and `size` is then its bound (`maxSize`), which is what gets loaded.
 */
export type ResolvedWindow =
  { readonly unit: 'days'; readonly size: number; readonly sizeExpr?: TypedExpr } | { readonly unit: 'calendarDay' | 'calendarMonth' | 'calendarYear' };

export type TypedHistory = Node & {
  readonly kind: 'history';
  readonly measure: HistoryMeasure;
  readonly window: ResolvedWindow;
  readonly treatmentModes?: readonly TreatmentMode[];
  readonly medTypes?: readonly BaseMedicalType[];
  readonly sameInstitution: boolean;
  readonly items?: TypedExpr;
  readonly date?: TypedExpr;
  readonly includeCurrent: boolean;
};

/** A validated rule with its typed parts. */
export interface CheckedRule {
  readonly definition: RuleDefinition;
  readonly params: ReadonlyMap<string, { readonly type: ValueType; readonly value: Value }>;
  readonly lets: ReadonlyMap<string, TypedExpr>;
  readonly condition: TypedExpr;
  readonly amountValue?: TypedExpr;
  readonly captures: ReadonlyMap<string, AggregateOver>;
  /** Field names read at rule level (not loop variables): reported as facts. */
  readonly factFields: readonly string[];
  readonly uses: readonly { readonly ruleId: string; readonly path: string }[];
  readonly codeSets: readonly { readonly name: string; readonly path: string }[];
  readonly history: readonly TypedHistory[];
  readonly templates: { readonly volaCont: readonly TemplatePart[]; readonly volaEvid: readonly TemplatePart[] };
}

// ---------------------------------------------------------------------------------------------

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
const RULE_ID = /^[A-Z0-9][A-Z0-9_-]{2,49}$/;
const REGION_PREFIX = /^\d{2}(?:\d{2}){0,2}$/;
const SCALAR: readonly ValueType[] = ['boolean', 'number', 'money', 'string', 'date'];
const ORDERED: readonly ValueType[] = ['number', 'money', 'date'];
const EXPR_KEYS = ['field', 'param', 'ref', 'const', 'money', 'date', 'codeSet', 'all', 'any', 'not', 'op', 'agg', 'history', 'use'] as const;
const EXTRA_KEYS: Partial<Record<(typeof EXPR_KEYS)[number], readonly string[]>> = {
  op: ['args', 'rounding'],
  agg: ['over', 'where', 'of', 'as'],
  history: ['window', 'filter', 'items', 'date', 'includeCurrent'],
};
const LOOP_BINDINGS: ReadonlySet<FieldBinding> = new Set(['each', 'eachItem', 'dx', 'dxRule', 'oprn', 'oprnRule']);
/** The loop variables each aggregate binds. */
const AGGREGATE_BINDINGS: Readonly<Record<AggregateOver, readonly FieldBinding[]>> = {
  lines: ['each', 'eachItem'],
  diagnoses: ['dx', 'dxRule'],
  operations: ['oprn', 'oprnRule'],
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function key(path: string, name: string): string {
  return IDENTIFIER.test(name) ? `${path}.${name}` : `${path}[${JSON.stringify(name)}]`;
}

interface Scope {
  readonly bindings: ReadonlySet<FieldBinding>;
  readonly loops: ReadonlySet<AggregateOver>;
}

class RuleChecker {
  readonly issues: RuleIssue[] = [];
  private readonly params = new Map<string, { type: ValueType; value: Value }>();
  private readonly letSources = new Map<string, unknown>();
  private readonly letTyped = new Map<string, TypedExpr | null>();
  private readonly letVisiting: string[] = [];
  readonly captures = new Map<string, AggregateOver>();
  readonly factFields = new Set<string>();
  readonly uses: { ruleId: string; path: string }[] = [];
  readonly codeSets: { name: string; path: string }[] = [];
  readonly history: TypedHistory[] = [];
  private ruleScope: Scope = { bindings: new Set(['claim', 'patient']), loops: new Set() };

  constructor(private readonly root: string) {}

  issue(path: string, code: RuleIssueCode, message: string): void {
    this.issues.push({ path, code, message });
  }

  // -- generic shape helpers ------------------------------------------------------------------

  private keys(value: Record<string, unknown>, path: string, allowed: readonly string[]): void {
    for (const k of Object.keys(value)) if (!allowed.includes(k)) this.issue(key(path, k), 'UNKNOWN_KEY', `unknown property "${k}"`);
  }

  private text(value: unknown, path: string, required: boolean): string | undefined {
    if (value === undefined) {
      if (required) this.issue(path, 'REQUIRED', 'is required');
      return undefined;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      this.issue(path, 'INVALID', `must be a non-empty string, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  private codes<C extends string | number>(value: unknown, path: string, accept: (v: unknown) => v is C, what: string): C[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.length === 0) {
      this.issue(path, 'INVALID', `must be a non-empty array of ${what}`);
      return undefined;
    }
    const out: C[] = [];
    value.forEach((v, i) => {
      if (!accept(v)) this.issue(`${path}[${i}]`, 'INVALID', `unknown ${what} ${describe(v)}`);
      else if (out.includes(v)) this.issue(`${path}[${i}]`, 'INVALID', `duplicate ${what} ${v}`);
      else out.push(v);
    });
    return out;
  }

  // -- the rule ------------------------------------------------------------------------------

  check(input: unknown): CheckedRule | undefined {
    const root = this.root;
    if (!isRecord(input)) {
      this.issue(root, 'INVALID', `a rule must be an object, got ${describe(input)}`);
      return undefined;
    }
    this.keys(input, root, [
      'id',
      'version',
      'nationalRuleId',
      'name',
      'category',
      'stage',
      'scope',
      'target',
      'params',
      'let',
      'condition',
      'severity',
      'behaviourType',
      'amount',
      'explanation',
      'notes',
    ]);

    const id = this.text(input.id, `${root}.id`, true);
    let national: NationalRule | undefined;
    if (id !== undefined) {
      if (!RULE_ID.test(id)) this.issue(`${root}.id`, 'INVALID', 'must be 3–50 characters A–Z, 0–9, "-" or "_"');
      else if (NATIONAL_RULE_CODE.test(id)) {
        national = nationalRule(id);
        if (!national) this.issue(`${root}.id`, 'NATIONAL_CODE', `${id} has the national code shape but is not in framework 1.0`);
      }
    }
    if (!(Number.isSafeInteger(input.version) && (input.version as number) >= 1)) {
      this.issue(`${root}.version`, input.version === undefined ? 'REQUIRED' : 'INVALID', 'must be a positive integer');
    }
    if (input.nationalRuleId !== undefined) {
      const ref = this.text(input.nationalRuleId, `${root}.nationalRuleId`, false);
      if (ref !== undefined) {
        const found = nationalRule(ref);
        if (!found) this.issue(`${root}.nationalRuleId`, 'NATIONAL_CODE', `${ref} is not a framework 1.0 rule`);
        else if (national && national.code !== found.code)
          this.issue(`${root}.nationalRuleId`, 'INVALID', 'a national rule cannot refine another national rule');
        national = national ?? found;
      }
    }

    if (!isRecord(input.name)) this.issue(`${root}.name`, input.name === undefined ? 'REQUIRED' : 'INVALID', 'must be { zh, en }');
    else {
      this.keys(input.name, `${root}.name`, ['zh', 'en']);
      this.text(input.name.zh, `${root}.name.zh`, true);
      this.text(input.name.en, `${root}.name.en`, true);
    }

    this.checkCategory(input.category, `${root}.category`, national);
    this.checkStage(input.stage, `${root}.stage`);
    if (input.scope !== undefined) this.checkScope(input.scope, `${root}.scope`);
    const target = this.checkTarget(input.target, `${root}.target`);
    if (target) {
      const bindings = new Set<FieldBinding>(['claim', 'patient']);
      if (target.kind === 'line') {
        bindings.add('line');
        bindings.add('item');
        if (target.grouped) bindings.add('group');
      }
      this.ruleScope = { bindings, loops: new Set() };
    }

    if (input.params !== undefined) this.checkParams(input.params, `${root}.params`);
    if (input.let !== undefined) {
      if (!isRecord(input.let)) this.issue(`${root}.let`, 'INVALID', 'must be an object of named expressions');
      else
        for (const [name, source] of Object.entries(input.let)) {
          if (!IDENTIFIER.test(name)) this.issue(key(`${root}.let`, name), 'INVALID', 'binding names are identifiers');
          else this.letSources.set(name, source);
        }
    }
    for (const name of this.letSources.keys()) this.resolveLet(name);

    let condition: TypedExpr | null = null;
    if (input.condition === undefined) this.issue(`${root}.condition`, 'REQUIRED', 'is required');
    else {
      condition = this.expr(input.condition, `${root}.condition`, this.ruleScope);
      if (condition && condition.type !== 'boolean') this.issue(`${root}.condition`, 'TYPE_MISMATCH', `must be boolean, is ${condition.type}`);
    }

    if (!Severity.has(input.severity)) this.issue(`${root}.severity`, input.severity === undefined ? 'REQUIRED' : 'INVALID', "must be sev_deg '1', '2' or '3'");
    if (!BehaviourType.has(input.behaviourType)) {
      this.issue(
        `${root}.behaviourType`,
        input.behaviourType === undefined ? 'REQUIRED' : 'INVALID',
        `must be a vola_bhvr_type code (${BehaviourType.codes.join(', ')})`,
      );
    }

    // captures are known only after the condition and lets are checked
    const amountValue = this.checkAmount(input.amount, `${root}.amount`);
    const templates = this.checkExplanation(input.explanation, `${root}.explanation`);
    if (input.notes !== undefined && typeof input.notes !== 'string') this.issue(`${root}.notes`, 'INVALID', 'must be a string');

    if (this.issues.length > 0 || !condition || !templates) return undefined;
    const lets = new Map<string, TypedExpr>();
    for (const [name, typed] of this.letTyped) if (typed) lets.set(name, typed);
    return {
      // a private frozen copy: the caller's object may change later, the compiled rule may not
      definition: deepFreeze(structuredClone(input)) as unknown as RuleDefinition,
      params: this.params,
      lets,
      condition,
      ...(amountValue ? { amountValue } : {}),
      captures: this.captures,
      factFields: [...this.factFields],
      uses: this.uses,
      codeSets: this.codeSets,
      history: this.history,
      templates,
    };
  }

  private checkCategory(value: unknown, path: string, national: NationalRule | undefined): void {
    if (!isRecord(value)) {
      this.issue(path, value === undefined ? 'REQUIRED' : 'INVALID', 'must be { tier1, tier2 } from framework 1.0');
      return;
    }
    this.keys(value, path, ['tier1', 'tier2']);
    const tier2s = RULE_CATEGORIES.get(value.tier1 as NationalRule['tier1']);
    if (!tier2s) {
      this.issue(`${path}.tier1`, 'INVALID', `must be one of ${[...RULE_CATEGORIES.keys()].join(', ')}`);
      return;
    }
    if (typeof value.tier2 !== 'string' || !tier2s.includes(value.tier2)) {
      this.issue(`${path}.tier2`, 'INVALID', `must be one of ${tier2s.join(', ')}`);
      return;
    }
    if (national && (national.tier1 !== value.tier1 || national.tier2 !== value.tier2)) {
      this.issue(path, 'NATIONAL_CODE', `${national.code} is ${national.tier1}/${national.tier2} in framework 1.0`);
    }
  }

  private checkStage(value: unknown, path: string): void {
    this.codes(value, path, (v): v is string => typeof v === 'string' && (RULE_STAGES as readonly string[]).includes(v), 'stage (pre, in, post)');
    if (value === undefined) this.issue(path, 'REQUIRED', 'is required');
  }

  private checkScope(value: unknown, path: string): void {
    if (!isRecord(value)) {
      this.issue(path, 'INVALID', 'must be an object');
      return;
    }
    this.keys(value, path, ['insutypes', 'medTypes', 'treatmentModes', 'institutionLevels', 'institutionTypes', 'regions', 'triggerScenes']);
    this.codes(value.insutypes, `${path}.insutypes`, InsuranceType.has, 'insutype');
    this.codes(value.medTypes, `${path}.medTypes`, BaseMedicalType.has, 'national med_type');
    this.codes(value.treatmentModes, `${path}.treatmentModes`, TreatmentMode.has, 'med_mdtrt_type');
    this.codes(value.institutionLevels, `${path}.institutionLevels`, (v): v is number => v === 0 || v === 1 || v === 2 || v === 3, 'institution level (0–3)');
    this.codes(value.institutionTypes, `${path}.institutionTypes`, InstitutionType.has, 'institution type');
    this.codes(value.regions, `${path}.regions`, (v): v is string => typeof v === 'string' && REGION_PREFIX.test(v), 'admdvs prefix (2, 4 or 6 digits)');
    this.codes(value.triggerScenes, `${path}.triggerScenes`, TriggerScene.has, 'trig_scen');
  }

  private checkTarget(value: unknown, path: string): { kind: 'line' | 'claim'; grouped: boolean } | undefined {
    if (!isRecord(value)) {
      this.issue(path, value === undefined ? 'REQUIRED' : 'INVALID', "must be { kind: 'line', … } or { kind: 'claim' }");
      return undefined;
    }
    if (value.kind === 'claim') {
      this.keys(value, path, ['kind']);
      return { kind: 'claim', grouped: false };
    }
    if (value.kind !== 'line') {
      this.issue(`${path}.kind`, 'INVALID', "must be 'line' or 'claim'");
      return undefined;
    }
    this.keys(value, path, ['kind', 'listTypes', 'itemCodes', 'itemSet', 'groupBy']);
    this.codes(value.listTypes, `${path}.listTypes`, ListType.has, 'list_type');
    this.codes(value.itemCodes, `${path}.itemCodes`, (v): v is string => typeof v === 'string' && v !== '', 'item code');
    if (value.itemSet !== undefined) {
      const set = value.itemSet;
      if (!isRecord(set)) this.issue(`${path}.itemSet`, 'INVALID', "must be { table: 'catalogue', with } or { table: 'codeSet', name }");
      else if (set.table === 'catalogue') {
        this.keys(set, `${path}.itemSet`, ['table', 'with']);
        if (!(CATALOGUE_ATTRIBUTES as readonly unknown[]).includes(set.with)) {
          this.issue(
            `${path}.itemSet.with`,
            'UNKNOWN_KNOWLEDGE',
            `unknown catalogue attribute ${describe(set.with)}; known: ${CATALOGUE_ATTRIBUTES.join(', ')}`,
          );
        }
      } else if (set.table === 'codeSet') {
        this.keys(set, `${path}.itemSet`, ['table', 'name']);
        const name = this.text(set.name, `${path}.itemSet.name`, true);
        if (name !== undefined) this.codeSets.push({ name, path: `${path}.itemSet.name` });
      } else this.issue(`${path}.itemSet.table`, 'UNKNOWN_KNOWLEDGE', `unknown knowledge table ${describe(set.table)}; known: catalogue, codeSet`);
    }
    const groupBy = this.codes(
      value.groupBy,
      `${path}.groupBy`,
      (v): v is string => v === 'hilistCode' || v === 'serviceDate',
      'group key (hilistCode, serviceDate)',
    );
    return { kind: 'line', grouped: groupBy !== undefined && groupBy.length > 0 };
  }

  private literal(value: unknown, path: string): { type: ValueType; value: Value } | undefined {
    if (typeof value === 'boolean') return { type: 'boolean', value };
    if (typeof value === 'string') return { type: 'string', value };
    if (typeof value === 'number') {
      try {
        return { type: 'number', value: Rational.parse(value, path) };
      } catch {
        this.issue(path, 'INVALID', 'must be a plain finite decimal');
        return undefined;
      }
    }
    if (Array.isArray(value)) {
      if (value.every((v) => typeof v === 'string')) return { type: 'strings', value: Object.freeze([...(value as string[])]) };
      this.issue(path, 'INVALID', 'a list constant holds strings only');
      return undefined;
    }
    if (isRecord(value) && Object.keys(value).length === 1 && 'money' in value) {
      const money = this.moneyLiteral(value.money, `${path}.money`);
      return money ? { type: 'money', value: money } : undefined;
    }
    this.issue(path, 'INVALID', `must be a number, string, boolean, list of strings or { money }, got ${describe(value)}`);
    return undefined;
  }

  private moneyLiteral(value: unknown, path: string): Money | undefined {
    try {
      return Money.parseYuan(value, path);
    } catch {
      this.issue(path, 'INVALID', "must be a yuan amount such as '12.50'");
      return undefined;
    }
  }

  private checkParams(value: unknown, path: string): void {
    if (!isRecord(value)) {
      this.issue(path, 'INVALID', 'must be an object of named constants');
      return;
    }
    for (const [name, raw] of Object.entries(value)) {
      const at = key(path, name);
      if (!IDENTIFIER.test(name)) {
        this.issue(at, 'INVALID', 'parameter names are identifiers');
        continue;
      }
      const lit = this.literal(raw, at);
      if (lit) this.params.set(name, lit);
    }
  }

  private resolveLet(name: string, fromPath?: string): TypedExpr | null {
    if (this.letTyped.has(name)) return this.letTyped.get(name) ?? null;
    if (this.letVisiting.includes(name)) {
      const cycle = [...this.letVisiting.slice(this.letVisiting.indexOf(name)), name].join(' → ');
      this.issue(fromPath ?? key(`${this.root}.let`, name), 'REF_CYCLE', `let bindings refer to each other in a cycle: ${cycle}`);
      return null;
    }
    this.letVisiting.push(name);
    const typed = this.expr(this.letSources.get(name), key(`${this.root}.let`, name), this.ruleScope);
    this.letVisiting.pop();
    this.letTyped.set(name, typed);
    return typed;
  }

  private checkAmount(value: unknown, path: string): TypedExpr | undefined {
    if (!isRecord(value)) {
      this.issue(path, value === undefined ? 'REQUIRED' : 'INVALID', "must be { kind: 'target' | 'expr' | 'none' }");
      return undefined;
    }
    let typed: TypedExpr | undefined;
    if (value.kind === 'expr') {
      this.keys(value, path, ['kind', 'value', 'involved']);
      if (value.value === undefined) this.issue(`${path}.value`, 'REQUIRED', 'is required');
      else {
        typed = this.expr(value.value, `${path}.value`, this.ruleScope) ?? undefined;
        if (typed && typed.type !== 'money') this.issue(`${path}.value`, 'TYPE_MISMATCH', `must be money, is ${typed.type}`);
      }
    } else if (value.kind === 'target' || value.kind === 'none') {
      this.keys(value, path, ['kind', 'involved']);
    } else {
      this.issue(`${path}.kind`, 'INVALID', "must be 'target', 'expr' or 'none'");
    }
    if (value.involved !== undefined) {
      if (!Array.isArray(value.involved)) this.issue(`${path}.involved`, 'INVALID', 'must be a list of capture names');
      else
        value.involved.forEach((name, i) => {
          const kind = typeof name === 'string' ? this.captures.get(name) : undefined;
          if (kind === undefined) this.issue(`${path}.involved[${i}]`, 'UNKNOWN_CAPTURE', `no aggregate is named ${describe(name)} (set "as" on it)`);
          else if (kind !== 'lines') this.issue(`${path}.involved[${i}]`, 'INVALID', `${String(name)} captures ${kind}, not lines`);
        });
    }
    return typed;
  }

  private checkExplanation(value: unknown, path: string): CheckedRule['templates'] | undefined {
    if (!isRecord(value)) {
      this.issue(path, value === undefined ? 'REQUIRED' : 'INVALID', 'must be { volaCont, volaEvid }');
      return undefined;
    }
    this.keys(value, path, ['volaCont', 'volaEvid']);
    const parts: Partial<Record<'volaCont' | 'volaEvid', readonly TemplatePart[]>> = {};
    for (const name of ['volaCont', 'volaEvid'] as const) {
      const source = this.text(value[name], `${path}.${name}`, true);
      if (source === undefined) continue;
      const parsed = parseTemplate(source);
      if (!parsed.ok) {
        this.issue(`${path}.${name}`, 'TEMPLATE', parsed.reason);
        continue;
      }
      for (const placeholder of placeholderNames(parsed.parts)) this.checkPlaceholder(placeholder, `${path}.${name}`);
      parts[name] = parsed.parts;
    }
    return parts.volaCont && parts.volaEvid ? { volaCont: parts.volaCont, volaEvid: parts.volaEvid } : undefined;
  }

  private checkPlaceholder(name: string, path: string): void {
    if (name === 'amount') return;
    const [head, tail] = name.split('.');
    if (tail !== undefined && head === 'param') {
      if (!this.params.has(tail)) this.issue(path, 'TEMPLATE', `{{${name}}}: no parameter ${tail}`);
      return;
    }
    if (tail !== undefined && head === 'let') {
      if (!this.letSources.has(tail)) this.issue(path, 'TEMPLATE', `{{${name}}}: no let binding ${tail}`);
      return;
    }
    if (tail !== undefined && head === 'capture') {
      if (!this.captures.has(tail)) this.issue(path, 'TEMPLATE', `{{${name}}}: no aggregate is named ${tail}`);
      return;
    }
    const field = fieldEntry(name);
    if (!field) this.issue(path, 'TEMPLATE', `{{${name}}}: unknown field (or param.x, let.x, capture.x, amount)`);
    else if (!this.ruleScope.bindings.has(field.binding)) this.issue(path, 'TEMPLATE', `{{${name}}}: ${field.binding}.* is not available in this rule`);
    else this.factFields.add(name);
  }

  // -- expressions -----------------------------------------------------------------------------

  expr(value: unknown, path: string, scope: Scope): TypedExpr | null {
    if (!isRecord(value)) {
      this.issue(path, value === undefined ? 'REQUIRED' : 'INVALID', `an expression must be an object, got ${describe(value)}`);
      return null;
    }
    const kinds = EXPR_KEYS.filter((k) => k in value);
    if (kinds.length !== 1) {
      this.issue(
        path,
        'INVALID',
        kinds.length === 0 ? `unknown expression; expected one of ${EXPR_KEYS.join(', ')}` : `ambiguous expression: ${kinds.join(' and ')}`,
      );
      return null;
    }
    const kind = kinds[0];
    this.keys(value, path, [kind, ...(EXTRA_KEYS[kind] ?? [])]);
    switch (kind) {
      case 'field':
        return this.field(value.field, path, scope);
      case 'param': {
        const name = value.param;
        const param = typeof name === 'string' ? this.params.get(name) : undefined;
        if (!param) {
          this.issue(`${path}.param`, 'UNKNOWN_PARAM', `no parameter ${describe(name)} in params`);
          return null;
        }
        return { kind: 'param', name: name as string, type: param.type, path };
      }
      case 'ref': {
        const name = value.ref;
        if (typeof name !== 'string' || !this.letSources.has(name)) {
          this.issue(`${path}.ref`, 'UNKNOWN_REF', `no let binding ${describe(name)}`);
          return null;
        }
        const target = this.resolveLet(name, `${path}.ref`);
        return target ? { kind: 'ref', name, type: target.type, path } : null;
      }
      case 'const': {
        if (isRecord(value.const)) {
          this.issue(`${path}.const`, 'INVALID', 'use { "money": "12.50" } or { "date": "2024-01-01" } for typed constants');
          return null;
        }
        const lit = this.literal(value.const, `${path}.const`);
        return lit ? { kind: 'literal', type: lit.type, value: lit.value, path } : null;
      }
      case 'money': {
        const money = this.moneyLiteral(value.money, `${path}.money`);
        return money ? { kind: 'literal', type: 'money', value: money, path } : null;
      }
      case 'date': {
        try {
          return { kind: 'literal', type: 'date', value: LocalDate.parse(value.date, `${path}.date`), path };
        } catch {
          this.issue(`${path}.date`, 'INVALID', 'must be a date yyyy-MM-dd');
          return null;
        }
      }
      case 'codeSet': {
        const name = this.text(value.codeSet, `${path}.codeSet`, true);
        if (name === undefined) return null;
        this.codeSets.push({ name, path: `${path}.codeSet` });
        return { kind: 'codeSet', name, type: 'strings', path };
      }
      case 'all':
      case 'any': {
        const list = value[kind];
        if (!Array.isArray(list) || list.length === 0) {
          this.issue(`${path}.${kind}`, 'INVALID', 'must be a non-empty array of conditions');
          return null;
        }
        const args = list.map((v, i) => this.boolean(v, `${path}.${kind}[${i}]`, scope));
        return args.every((a) => a !== null) ? { kind, args: args as TypedExpr[], type: 'boolean', path } : null;
      }
      case 'not': {
        const arg = this.boolean(value.not, `${path}.not`, scope);
        return arg ? { kind: 'not', arg, type: 'boolean', path } : null;
      }
      case 'op':
        return this.op(value, path, scope);
      case 'agg':
        return this.aggregate(value, path, scope);
      case 'history':
        return this.historyExpr(value, path, scope);
      case 'use': {
        const ruleId = this.text(value.use, `${path}.use`, true);
        if (ruleId === undefined) return null;
        this.uses.push({ ruleId, path: `${path}.use` });
        return { kind: 'use', ruleId, type: 'boolean', path };
      }
    }
  }

  private boolean(value: unknown, path: string, scope: Scope): TypedExpr | null {
    const typed = this.expr(value, path, scope);
    if (typed && typed.type !== 'boolean') {
      this.issue(path, 'TYPE_MISMATCH', `must be a condition (boolean), is ${typed.type}`);
      return null;
    }
    return typed;
  }

  private field(name: unknown, path: string, scope: Scope): TypedExpr | null {
    const entry = typeof name === 'string' ? fieldEntry(name) : undefined;
    if (!entry) {
      this.issue(`${path}.field`, 'UNKNOWN_FIELD', `unknown field ${describe(name)} (see FIELD_REGISTRY)`);
      return null;
    }
    if (!scope.bindings.has(entry.binding)) {
      const where: Record<FieldBinding, string> = {
        claim: 'every rule',
        patient: 'every rule',
        line: "line rules (target.kind 'line')",
        item: "line rules (target.kind 'line')",
        group: 'line rules with target.groupBy',
        each: 'inside { agg, over: "lines" }',
        eachItem: 'inside { agg, over: "lines" }',
        dx: 'inside { agg, over: "diagnoses" }',
        dxRule: 'inside { agg, over: "diagnoses" }',
        oprn: 'inside { agg, over: "operations" }',
        oprnRule: 'inside { agg, over: "operations" }',
      };
      this.issue(`${path}.field`, 'FIELD_NOT_AVAILABLE', `${entry.name} is available only in ${where[entry.binding]}`);
      return null;
    }
    if (!LOOP_BINDINGS.has(entry.binding)) this.factFields.add(entry.name);
    return { kind: 'field', name: entry.name, type: entry.type, path };
  }

  private op(value: Record<string, unknown>, path: string, scope: Scope): TypedExpr | null {
    const op = value.op;
    if (!(OPERATORS as readonly unknown[]).includes(op)) {
      this.issue(`${path}.op`, 'INVALID', `unknown operator ${describe(op)}; known: ${OPERATORS.join(', ')}`);
      return null;
    }
    const operator = op as Operator;
    if (!Array.isArray(value.args)) {
      this.issue(`${path}.args`, 'REQUIRED', 'must be an array of operands');
      return null;
    }
    const typed = value.args.map((a, i) => this.expr(a, `${path}.args[${i}]`, scope));
    if (typed.some((t) => t === null)) return null;
    const args = typed as TypedExpr[];
    const types = args.map((a) => a.type);
    let rounding: RoundingMode | undefined;
    if (value.rounding !== undefined) {
      if (!(ROUNDING_MODES as readonly unknown[]).includes(value.rounding)) {
        this.issue(`${path}.rounding`, 'INVALID', `must be one of ${ROUNDING_MODES.join(', ')}`);
        return null;
      }
      rounding = value.rounding as RoundingMode;
    }
    const result = this.signature(operator, types, path);
    if (!result) return null;
    if (result.money && rounding === undefined) {
      this.issue(path, 'REQUIRED', `${operator} of money by a number needs "rounding" (${ROUNDING_MODES.join(', ')}): the rounding rule is named at the call`);
      return null;
    }
    if (!result.money && rounding !== undefined) {
      this.issue(`${path}.rounding`, 'INVALID', 'rounding applies only to money × number and money ÷ number');
      return null;
    }
    return { kind: 'op', op: operator, args, type: result.type, path, ...(rounding ? { rounding } : {}) };
  }

  /** The operator's result type for these operand types, or an issue. `money` = needs rounding. */
  private signature(op: Operator, types: readonly ValueType[], path: string): { type: ValueType; money?: boolean } | undefined {
    const arity = (min: number, max = min): boolean => {
      if (types.length >= min && types.length <= max) return true;
      this.issue(`${path}.args`, 'INVALID', `${op} takes ${min === max ? min : `${min} or more`} operand(s), got ${types.length}`);
      return false;
    };
    const mismatch = (expected: string): undefined => {
      this.issue(path, 'TYPE_MISMATCH', `${op} cannot take (${types.join(', ')}): ${expected}`);
      return undefined;
    };
    const [a, b] = types;
    switch (op) {
      case 'eq':
      case 'ne':
        if (!arity(2)) return undefined;
        return a === b && SCALAR.includes(a) ? { type: 'boolean' } : mismatch('both operands must have the same scalar type');
      case 'lt':
      case 'le':
      case 'gt':
      case 'ge':
        if (!arity(2)) return undefined;
        return a === b && ORDERED.includes(a) ? { type: 'boolean' } : mismatch('both operands must be numbers, money or dates of the same type');
      case 'in':
        if (!arity(2)) return undefined;
        return a === 'string' && b === 'strings' ? { type: 'boolean' } : mismatch('expects (string, strings)');
      case 'startsWithAny':
        if (!arity(2)) return undefined;
        return (a === 'string' || a === 'strings') && b === 'strings' ? { type: 'boolean' } : mismatch('expects (string or strings, strings of prefixes)');
      case 'intersects':
        if (!arity(2)) return undefined;
        return a === 'strings' && b === 'strings' ? { type: 'boolean' } : mismatch('expects (strings, strings)');
      case 'exists':
        return arity(1) ? { type: 'boolean' } : undefined;
      case 'add':
      case 'sub':
        if (!arity(2)) return undefined;
        if (a === 'number' && b === 'number') return { type: 'number' };
        if (a === 'money' && b === 'money') return { type: 'money' };
        if (a === 'date' && b === 'number') return { type: 'date' };
        return mismatch('expects (number, number), (money, money) or (date, number of days)');
      case 'mul':
        if (!arity(2)) return undefined;
        if (a === 'number' && b === 'number') return { type: 'number' };
        if ((a === 'money' && b === 'number') || (a === 'number' && b === 'money')) return { type: 'money', money: true };
        return mismatch('expects (number, number) or money and number');
      case 'div':
        if (!arity(2)) return undefined;
        if (a === 'number' && b === 'number') return { type: 'number' };
        if (a === 'money' && b === 'number') return { type: 'money', money: true };
        if (a === 'money' && b === 'money') return { type: 'number' };
        return mismatch('expects (number, number), (money, number) or (money, money)');
      case 'min':
      case 'max':
        if (!arity(2, Number.MAX_SAFE_INTEGER)) return undefined;
        return types.every((t) => t === a) && ORDERED.includes(a) ? { type: a } : mismatch('all operands must be numbers, money or dates of the same type');
      case 'coalesce':
        if (!arity(2, Number.MAX_SAFE_INTEGER)) return undefined;
        return types.every((t) => t === a) ? { type: a } : mismatch('all operands must have the same type');
      case 'len':
        if (!arity(1)) return undefined;
        return a === 'strings' ? { type: 'number' } : mismatch('expects (strings)');
      case 'daysBetween':
        if (!arity(2)) return undefined;
        return a === 'date' && b === 'date' ? { type: 'number' } : mismatch('expects (date, date)');
      case 'if':
        if (!arity(3)) return undefined;
        return a === 'boolean' && b === types[2] ? { type: b } : mismatch('expects (boolean, T, T)');
    }
  }

  private aggregate(value: Record<string, unknown>, path: string, scope: Scope): TypedExpr | null {
    const agg = value.agg;
    if (agg !== 'some' && agg !== 'count' && agg !== 'sum' && agg !== 'collect') {
      this.issue(`${path}.agg`, 'INVALID', "must be 'some', 'count', 'sum' or 'collect'");
      return null;
    }
    if (!(AGGREGATE_OVER as readonly unknown[]).includes(value.over)) {
      this.issue(`${path}.over`, value.over === undefined ? 'REQUIRED' : 'INVALID', `must be one of ${AGGREGATE_OVER.join(', ')}`);
      return null;
    }
    const over = value.over as AggregateOver;
    if (scope.loops.has(over)) {
      this.issue(`${path}.over`, 'INVALID', `already inside an aggregate over ${over}; nesting the same collection is not supported`);
      return null;
    }
    const bindings = new Set(scope.bindings);
    for (const binding of AGGREGATE_BINDINGS[over]) bindings.add(binding);
    const inner: Scope = { bindings, loops: new Set([...scope.loops, over]) };

    let where: TypedExpr | null | undefined;
    if (value.where !== undefined) where = this.boolean(value.where, `${path}.where`, inner);
    else if (agg === 'some') this.issue(`${path}.where`, 'REQUIRED', "'some' needs a where condition");

    let of: TypedExpr | null | undefined;
    if (agg === 'sum' || agg === 'collect') {
      if (value.of === undefined) this.issue(`${path}.of`, 'REQUIRED', `'${agg}' needs "of"`);
      else {
        of = this.expr(value.of, `${path}.of`, inner);
        if (of && agg === 'sum' && of.type !== 'number' && of.type !== 'money') {
          this.issue(`${path}.of`, 'TYPE_MISMATCH', `sum adds numbers or money, not ${of.type}`);
          of = null;
        }
        if (of && agg === 'collect' && of.type !== 'string') {
          this.issue(`${path}.of`, 'TYPE_MISMATCH', `collect gathers strings, not ${of.type}`);
          of = null;
        }
      }
    } else if (value.of !== undefined) this.issue(`${path}.of`, 'INVALID', `'${agg}' takes no "of"`);

    let as: string | undefined;
    if (value.as !== undefined) {
      if (typeof value.as !== 'string' || !IDENTIFIER.test(value.as)) this.issue(`${path}.as`, 'INVALID', 'must be an identifier');
      else if (scope.loops.size > 0) this.issue(`${path}.as`, 'INVALID', 'only an outermost aggregate may capture');
      else if (this.captures.has(value.as)) this.issue(`${path}.as`, 'INVALID', `capture ${value.as} is already defined`);
      else {
        as = value.as;
        this.captures.set(as, over);
      }
    }
    if (where === null || of === null || (value.as !== undefined && as === undefined)) return null;
    if ((agg === 'some' && !where) || ((agg === 'sum' || agg === 'collect') && !of)) return null;
    const type: ValueType = agg === 'some' ? 'boolean' : agg === 'count' ? 'number' : agg === 'collect' ? 'strings' : (of as TypedExpr).type;
    return { kind: 'agg', agg, over, type, path, ...(where ? { where } : {}), ...(of ? { of } : {}), ...(as ? { as } : {}) };
  }

  private historyExpr(value: Record<string, unknown>, path: string, scope: Scope): TypedExpr | null {
    const measure = value.history;
    const measures: readonly HistoryMeasure[] = ['visitCount', 'itemQuantity', 'itemDays', 'staysContaining', 'daysSinceLastDischarge'];
    if (!measures.includes(measure as HistoryMeasure)) {
      this.issue(`${path}.history`, 'INVALID', `unknown history measure ${describe(measure)}; known: ${measures.join(', ')}`);
      return null;
    }
    const m = measure as HistoryMeasure;
    const before = this.issues.length;
    const window = this.window(value.window, `${path}.window`, m === 'staysContaining' || m === 'daysSinceLastDischarge', scope);
    if (window?.unit === 'days' && window.sizeExpr && (m === 'staysContaining' || m === 'daysSinceLastDischarge')) {
      this.issue(`${path}.window.size`, 'INVALID', `${m} looks back a fixed number of days: give a number or { param }`);
    }

    let treatmentModes: TreatmentMode[] | undefined;
    let medTypes: BaseMedicalType[] | undefined;
    let sameInstitution = false;
    if (value.filter !== undefined) {
      const filter = value.filter;
      if (!isRecord(filter)) this.issue(`${path}.filter`, 'INVALID', 'must be an object');
      else {
        this.keys(filter, `${path}.filter`, m === 'visitCount' ? ['treatmentModes', 'medTypes', 'sameInstitution'] : ['sameInstitution']);
        treatmentModes = this.codes(filter.treatmentModes, `${path}.filter.treatmentModes`, TreatmentMode.has, 'med_mdtrt_type');
        medTypes = this.codes(filter.medTypes, `${path}.filter.medTypes`, BaseMedicalType.has, 'national med_type');
        if (filter.sameInstitution !== undefined) {
          if (typeof filter.sameInstitution !== 'boolean') this.issue(`${path}.filter.sameInstitution`, 'INVALID', 'must be a boolean');
          else sameInstitution = filter.sameInstitution;
        }
      }
    }

    let items: TypedExpr | null | undefined;
    if (m === 'itemQuantity' || m === 'itemDays') {
      if (value.items === undefined) this.issue(`${path}.items`, 'REQUIRED', `${m} needs "items" (a string or strings expression)`);
      else {
        items = this.expr(value.items, `${path}.items`, scope);
        if (items && items.type !== 'strings' && items.type !== 'string') {
          this.issue(`${path}.items`, 'TYPE_MISMATCH', `must be a string or strings, is ${items.type}`);
        }
      }
    } else if (value.items !== undefined) this.issue(`${path}.items`, 'INVALID', `${m} takes no "items"`);

    let date: TypedExpr | null | undefined;
    if (value.date !== undefined) {
      if (m !== 'staysContaining') this.issue(`${path}.date`, 'INVALID', `${m} takes no "date"`);
      else {
        date = this.expr(value.date, `${path}.date`, scope);
        if (date && date.type !== 'date') this.issue(`${path}.date`, 'TYPE_MISMATCH', `must be a date, is ${date.type}`);
      }
    }

    let includeCurrent = true;
    if (value.includeCurrent !== undefined) {
      if (m !== 'visitCount' && m !== 'itemQuantity' && m !== 'itemDays') {
        this.issue(`${path}.includeCurrent`, 'INVALID', `${m} never counts the claim under review`);
      } else if (typeof value.includeCurrent !== 'boolean') this.issue(`${path}.includeCurrent`, 'INVALID', 'must be a boolean');
      else includeCurrent = value.includeCurrent;
    }
    if (this.issues.length > before || !window) return null;
    const typed: TypedHistory = {
      kind: 'history',
      measure: m,
      type: 'number',
      path,
      window,
      sameInstitution,
      includeCurrent,
      ...(treatmentModes ? { treatmentModes } : {}),
      ...(medTypes ? { medTypes } : {}),
      ...(items ? { items } : {}),
      ...(date ? { date } : {}),
    };
    this.history.push(typed);
    return typed;
  }

  /** A whole number of days 1–3660, given as a number or a `{ param }` holding one. */
  private daysConstant(value: unknown, path: string): number | undefined {
    let size: unknown = value;
    if (isRecord(size)) {
      const name = size.param;
      const param = typeof name === 'string' ? this.params.get(name) : undefined;
      if (!param) {
        this.issue(`${path}.param`, 'UNKNOWN_PARAM', `no parameter ${describe(name)} in params`);
        return undefined;
      }
      size = param.value instanceof Rational && param.value.isInteger() ? Number(param.value.numerator) : undefined;
    }
    if (!(Number.isSafeInteger(size) && (size as number) >= 1 && (size as number) <= 3660)) {
      this.issue(path, 'INVALID', 'must be a whole number of days 1–3660 (or { param } holding one)');
      return undefined;
    }
    return size as number;
  }

  private window(value: unknown, path: string, daysOnly: boolean, scope: Scope): ResolvedWindow | undefined {
    if (!isRecord(value)) {
      this.issue(
        path,
        value === undefined ? 'REQUIRED' : 'INVALID',
        "must be { unit: 'days', size } or { unit: 'calendarDay' | 'calendarMonth' | 'calendarYear' }",
      );
      return undefined;
    }
    if (value.unit === 'days') {
      const dynamic = isRecord(value.size) && !('param' in value.size && Object.keys(value.size).length === 1);
      if (!dynamic) {
        this.keys(value, path, ['unit', 'size']);
        const size = this.daysConstant(value.size, `${path}.size`);
        return size === undefined ? undefined : { unit: 'days', size };
      }
      // A size per target (e.g. a catalogue attribute): bounded, so a claim's history can be loaded up front.
      this.keys(value, path, ['unit', 'size', 'maxSize']);
      if (value.maxSize === undefined) {
        this.issue(`${path}.maxSize`, 'REQUIRED', 'a window sized by an expression needs "maxSize" (days, or { param }): the history loaded for a claim');
        return undefined;
      }
      const maxSize = this.daysConstant(value.maxSize, `${path}.maxSize`);
      const sizeExpr = this.expr(value.size, `${path}.size`, scope);
      if (sizeExpr && sizeExpr.type !== 'number') {
        this.issue(`${path}.size`, 'TYPE_MISMATCH', `must be a number of days, is ${sizeExpr.type}`);
        return undefined;
      }
      return maxSize === undefined || !sizeExpr ? undefined : { unit: 'days', size: maxSize, sizeExpr };
    }
    if (value.unit === 'calendarDay' || value.unit === 'calendarMonth' || value.unit === 'calendarYear') {
      this.keys(value, path, ['unit']);
      if (daysOnly) {
        this.issue(`${path}.unit`, 'INVALID', "this measure looks back a number of days: use { unit: 'days', size }");
        return undefined;
      }
      return { unit: value.unit };
    }
    this.issue(`${path}.unit`, 'INVALID', "must be 'days', 'calendarDay', 'calendarMonth' or 'calendarYear'");
    return undefined;
  }
}

/** @internal validate and type one rule; the compiler uses the typed result. */
export function checkRule(input: unknown, root = '$'): { readonly issues: readonly RuleIssue[]; readonly checked?: CheckedRule } {
  const checker = new RuleChecker(root);
  const checked = checker.check(input);
  return checked ? { issues: [], checked } : { issues: checker.issues };
}

/**
 * Validates one rule (parsed JSON) against the DSL: shape, codes, the field registry, types,
 * `let` cycles and template placeholders. Knowledge-base references and rule references are
 * checked by `compileRuleSet`, which sees the snapshot and the whole set.
 */
export function validateRule(input: unknown): RuleValidation {
  const { issues, checked } = checkRule(input);
  return checked ? { ok: true, rule: checked.definition } : { ok: false, errors: issues };
}
