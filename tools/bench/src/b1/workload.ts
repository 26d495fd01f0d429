import { LocalDate } from '@mi/domain';
import { ageInYears } from '@mi/rules';
import { pick, prng } from '@mi/testing';

/**
 * B1 workload: one family of line-level rules that every engine can express (per-item 超限定单价,
 * 限性别, 限开药量, 限儿童), instantiated over N distinct item codes with their own parameters, and
 * deterministic claims (seeded PRNG) in which a known share of lines break their item's rule.
 * Money is in fen and quantities in hundredths (integers), as in @mi/rules.
 */
export type RuleTemplate = 'priceCap' | 'gender' | 'maxQuantity' | 'childOnly';
export const TEMPLATES: readonly RuleTemplate[] = ['priceCap', 'gender', 'maxQuantity', 'childOnly'];

export interface RuleSpec {
  readonly id: string;
  readonly template: RuleTemplate;
  /** The item the rule is about (`hilist_code`). */
  readonly code: string;
  readonly itemName: string;
  readonly listType: '101' | '201';
  /** priceCap: the institution level (1–3) the cap is for, and the cap in fen. */
  readonly level?: 1 | 2 | 3;
  readonly capFen?: number;
  /** gender: the only gender the item is payable for. */
  readonly gender?: '1' | '2';
  /** maxQuantity: most units on one line, in hundredths. */
  readonly maxQuantity?: number;
  /** childOnly: the age (years) from which the patient is an adult. */
  readonly adultAge?: number;
}

export interface BenchLine {
  readonly lineId: string;
  readonly code: string;
  readonly name: string;
  readonly listType: '101' | '201';
  /** Hundredths of a unit. */
  readonly quantity: number;
  /** Fen. */
  readonly priceFen: number;
}

export interface BenchClaim {
  readonly claimId: string;
  readonly gender: '1' | '2';
  readonly birthDate: string;
  readonly admissionDate: string;
  /** Whole years on the admission date (what `patient.age` computes). */
  readonly age: number;
  readonly level: 1 | 2 | 3;
  readonly lines: readonly BenchLine[];
}

/** A hit: rule id and line id, `ruleId@lineId`. */
export type Hit = string;
export const hit = (ruleId: string, lineId: string): Hit => `${ruleId}@${lineId}`;

export { prng };

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const int = (rnd: () => number, min: number, max: number): number => min + Math.floor(rnd() * (max - min + 1));

const RULE_PREFIX: Record<RuleTemplate, string> = { priceCap: 'PRICE', gender: 'GENDER', maxQuantity: 'QTY', childOnly: 'CHILD' };

/** N rules, one per item, cycling through the templates; parameters drawn from `seed`. */
export function generateRules(n: number, seed = 1): RuleSpec[] {
  const rnd = prng(seed);
  const rules: RuleSpec[] = [];
  for (let i = 0; i < n; i++) {
    const template = TEMPLATES[i % TEMPLATES.length];
    const id = `B1-${RULE_PREFIX[template]}-${pad(i, 4)}`;
    if (template === 'priceCap') {
      const code = `0031${pad(i, 11)}`;
      rules.push({ id, template, code, itemName: `诊疗项目${i}`, listType: '201', level: int(rnd, 1, 3) as 1 | 2 | 3, capFen: int(rnd, 100, 5000) * 10 });
    } else {
      const code = `XB1${pad(i, 14)}`;
      const base = { id, template, code, itemName: `药品${i}`, listType: '101' as const };
      if (template === 'gender') rules.push({ ...base, gender: rnd() < 0.5 ? '1' : '2' });
      else if (template === 'maxQuantity') rules.push({ ...base, maxQuantity: int(rnd, 2, 20) * 50 });
      else rules.push({ ...base, adultAge: 18 });
    }
  }
  return rules;
}

const ADMISSION = '2026-03-10';
const AGES = [1, 5, 12, 17, 17, 18, 18, 19, 30, 45, 60, 75];
const UNREGULATED = Array.from({ length: 200 }, (_, i) =>
  i % 2 === 0
    ? { code: `0099${pad(i, 11)}`, name: `未限定项目${i}`, listType: '201' as const }
    : { code: `XZZ${pad(i, 14)}`, name: `未限定药品${i}`, listType: '101' as const },
);

/**
 * `count` claims of `lineCount` lines each: 75 % of lines are items that carry a rule of `rules`,
 * and about a third of those are drawn across the rule's threshold (the claim's level, gender and
 * age decide the rest), so every engine has real hits to find.
 */
export function generateClaims(rules: readonly RuleSpec[], lineCount: number, count: number, seed = 7): BenchClaim[] {
  const rnd = prng(seed * 7919 + lineCount * 31 + rules.length);
  const admission = LocalDate.parse(ADMISSION, 'admissionDate');
  const claims: BenchClaim[] = [];
  for (let c = 0; c < count; c++) {
    const targetAge = pick(rnd, AGES);
    // Birthday before, on or after the admission day: age = years, years, years − 1.
    const md = pick(rnd, ['01-15', '03-10', '06-20']);
    const birthYear = 2026 - targetAge - (md === '06-20' ? 1 : 0);
    const birthDate = `${birthYear}-${md}`;
    const age = ageInYears(LocalDate.parse(birthDate, 'birthDate'), admission);
    const lines: BenchLine[] = [];
    for (let l = 0; l < lineCount; l++) {
      const lineId = `L${pad(l + 1, 4)}`;
      const quantityUnits = int(rnd, 1, 8) * 50;
      if (rnd() >= 0.75) {
        const u = pick(rnd, UNREGULATED);
        lines.push({ lineId, code: u.code, name: u.name, listType: u.listType, quantity: quantityUnits, priceFen: int(rnd, 100, 50_000) });
        continue;
      }
      const rule = pick(rnd, rules);
      const across = rnd() < 0.35;
      let priceFen = int(rnd, 100, 50_000);
      let quantity = quantityUnits;
      if (rule.template === 'priceCap' && rule.capFen !== undefined) {
        // Above the cap, exactly at it (not a hit), or below.
        priceFen = across ? rule.capFen + int(rnd, 1, 2000) : rnd() < 0.2 ? rule.capFen : int(rnd, Math.floor(rule.capFen / 2), rule.capFen);
      }
      if (rule.template === 'maxQuantity' && rule.maxQuantity !== undefined) {
        quantity = across ? rule.maxQuantity + int(rnd, 1, 6) * 50 : rnd() < 0.2 ? rule.maxQuantity : Math.max(50, rule.maxQuantity - int(rnd, 1, 6) * 50);
      }
      lines.push({ lineId, code: rule.code, name: rule.itemName, listType: rule.listType, quantity, priceFen });
    }
    claims.push({
      claimId: `B1-${lineCount}-${pad(c, 5)}`,
      gender: rnd() < 0.5 ? '1' : '2',
      birthDate,
      admissionDate: ADMISSION,
      age,
      level: int(rnd, 1, 3) as 1 | 2 | 3,
      lines,
    });
  }
  return claims;
}

/** One engine under test: its own input per claim (prepared once, not timed) and its evaluation. */
export interface Engine<I = unknown> {
  readonly name: string;
  prepare(claim: BenchClaim): I;
  evaluate(input: I): Hit[] | Promise<Hit[]>;
  dispose?(): void;
}
