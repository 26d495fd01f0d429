/**
 * Reading the @mi/rules JSON DSL (libs/rules/README.md) for people: expressions as formulas, the
 * origin of a rule, and a city's overrides as a diff against the provincial rule. Pure functions;
 * the portal may not import @mi/rules, so the DSL is read as plain JSON here.
 */
export type RuleJson = Record<string, unknown> & {
  id: string;
  version: number;
  name: { zh: string; en: string };
  params?: Record<string, unknown>;
};

type Node = Record<string, unknown>;

const INFIX: Record<string, string> = { eq: '=', ne: '≠', lt: '<', le: '≤', gt: '>', ge: '≥', add: '+', sub: '−', mul: '×', div: '÷', in: '∈' };
const WORDS: Record<string, { zh: string; en: string }> = {
  all: { zh: '且', en: 'and' },
  any: { zh: '或', en: 'or' },
  not: { zh: '非', en: 'not' },
  where: { zh: '满足', en: 'where' },
  days: { zh: '天', en: 'days' },
  rule: { zh: '规则', en: 'rule' },
  condition: { zh: '的条件', en: 'condition' },
};

/** A parameter value as it reads: `{ money: "0.00" }` → `¥0.00`, lists joined with 、. */
export function valueText(v: unknown): string {
  if (Array.isArray(v)) return v.map(valueText).join('、');
  if (v !== null && typeof v === 'object' && 'money' in v) return `¥${String((v as { money: unknown }).money)}`;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** An expression as a formula: `{ op: 'gt', args: [{ ref: 'visits' }, { param: 'maxVisits' }] }` → `visits > 〔maxVisits〕`. */
export function exprText(e: unknown, lang: 'zh-CN' | 'en' = 'zh-CN'): string {
  const w = (k: keyof typeof WORDS) => WORDS[k][lang === 'en' ? 'en' : 'zh'];
  if (e === null || typeof e !== 'object') return JSON.stringify(e);
  const n = e as Node;
  const sub = (x: unknown) => exprText(x, lang);
  const group = (x: unknown) => {
    const s = sub(x);
    return x !== null && typeof x === 'object' && ('op' in x || 'all' in x || 'any' in x) ? `(${s})` : s;
  };
  if ('field' in n) return String(n.field);
  if ('param' in n) return `〔${String(n.param)}〕`;
  if ('ref' in n) return String(n.ref);
  if ('const' in n) return Array.isArray(n.const) ? `[${n.const.map((c) => JSON.stringify(c)).join(', ')}]` : JSON.stringify(n.const);
  if ('money' in n) return `¥${String(n.money)}`;
  if ('date' in n) return String(n.date);
  if ('codeSet' in n) return `codeSet(${String(n.codeSet)})`;
  if ('all' in n) return (n.all as unknown[]).map(group).join(` ${w('all')} `);
  if ('any' in n) return (n.any as unknown[]).map(group).join(` ${w('any')} `);
  if ('not' in n) return `${w('not')} ${group(n.not)}`;
  if ('use' in n) return `${w('rule')} ${String(n.use)} ${w('condition')}`;
  if ('op' in n) {
    const args = (n.args as unknown[]) ?? [];
    const op = String(n.op);
    if (INFIX[op] && args.length === 2) return `${group(args[0])} ${INFIX[op]} ${group(args[1])}`;
    return `${op}(${args.map(sub).join(', ')})`;
  }
  if ('agg' in n) {
    const parts = [String(n.over)];
    if (n.where) parts.push(`${w('where')} ${sub(n.where)}`);
    const of = n.of ? `: ${sub(n.of)}` : '';
    return `${String(n.agg)}(${parts.join(' ')}${of})${n.as ? ` → ${String(n.as)}` : ''}`;
  }
  if ('history' in n) {
    const win = n.window as { unit: string; size?: unknown };
    const size = win.unit === 'days' ? `${typeof win.size === 'object' ? sub(win.size) : String(win.size)} ${w('days')}` : win.unit;
    const filter = n.filter ? ` ${JSON.stringify(n.filter)}` : '';
    return `history.${String(n.history)}(${size}${filter})`;
  }
  return JSON.stringify(n);
}

/** 国家规则 when the id is a framework code (GZ…) or the rule refines one; otherwise a local rule. */
export function isNational(def: Record<string, unknown>): boolean {
  return /^GZ\d{14}$/.test(String(def.id)) || typeof def.nationalRuleId === 'string';
}

export interface RuleOverrideJson {
  ruleId: string;
  disabled?: boolean;
  params?: Record<string, unknown>;
}

/** One line of a city's overrides against the provincial rule: a rule switched off, or a parameter changed. */
export interface OverrideDiffRow {
  key: string;
  ruleId: string;
  name?: { zh: string; en: string };
  kind: 'disabled' | 'param';
  param?: string;
  /** The provincial value; undefined when the provincial rule could not be read. */
  provincial?: string;
  city?: string;
}

/**
 * The city's overrides as a diff: for each override, the provincial rule's value next to the
 * city's. `provincial` holds the provincial definitions the city's set is based on (by rule id);
 * a rule the account may not read leaves the provincial side empty.
 */
export function overrideDiff(overrides: RuleOverrideJson[], provincial: ReadonlyMap<string, RuleJson> | undefined): OverrideDiffRow[] {
  const rows: OverrideDiffRow[] = [];
  for (const o of overrides) {
    const base = provincial?.get(o.ruleId);
    if (o.disabled) rows.push({ key: `${o.ruleId}#disabled`, ruleId: o.ruleId, name: base?.name, kind: 'disabled' });
    for (const [param, value] of Object.entries(o.params ?? {})) {
      const before = base?.params?.[param];
      rows.push({
        key: `${o.ruleId}#${param}`,
        ruleId: o.ruleId,
        name: base?.name,
        kind: 'param',
        param,
        provincial: before === undefined ? undefined : valueText(before),
        city: valueText(value),
      });
    }
  }
  return rows;
}

/** The latest version of each rule (drafts included), by rule id. */
export function latestVersions<R extends { ruleId: string; version: number }>(rules: readonly R[]): R[] {
  const latest = new Map<string, R>();
  for (const r of rules) if ((latest.get(r.ruleId)?.version ?? 0) < r.version) latest.set(r.ruleId, r);
  return [...latest.values()].sort((a, b) => a.ruleId.localeCompare(b.ruleId));
}
