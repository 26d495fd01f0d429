import {
  aClaimInput,
  compileRuleSet,
  createClaim,
  evaluate,
  InMemoryKnowledgeBase,
  nationalRule,
  validateRule,
  type Claim,
  type CompiledRuleSet,
  type RuleDefinition,
} from '@mi/rules';
import { Money } from '@mi/domain';
import { hit, type BenchClaim, type Engine, type Hit, type RuleSpec } from './workload';

const yuan = (fen: number): string => (fen / 100).toFixed(2);
const STAGES = ['pre', 'in', 'post'] as const;

function category(code: string): RuleDefinition['category'] {
  const national = nationalRule(code);
  if (!national) throw new Error(`B1: ${code} is not a framework 1.0 rule`);
  return { tier1: national.tier1, tier2: national.tier2 };
}

/** A B1 rule as a city rule of the DSL: indexed by its item code, thresholds in `params`. */
export function toDefinition(rule: RuleSpec): RuleDefinition {
  const common = { id: rule.id, version: 1, stage: STAGES, target: { kind: 'line' as const, itemCodes: [rule.code] }, amount: { kind: 'target' as const } };
  switch (rule.template) {
    case 'priceCap':
      return {
        ...common,
        nationalRuleId: 'GZ10000102001000',
        name: { zh: `医疗服务项目超限定单价收费（${rule.itemName}）`, en: `Above the capped price (${rule.code})` },
        category: category('GZ10000102001000'),
        scope: { institutionLevels: [rule.level ?? 3] },
        params: { cap: { money: yuan(rule.capFen ?? 0) } },
        condition: { op: 'gt', args: [{ field: 'line.unitPrice' }, { param: 'cap' }] },
        severity: '1',
        behaviourType: '04',
        explanation: { volaCont: '{{line.name}}单价{{line.unitPrice}}元，超过限定单价{{param.cap}}元', volaEvid: '医疗服务价格项目规范' },
      };
    case 'gender':
      return {
        ...common,
        nationalRuleId: 'GZ10000301004000',
        name: { zh: `药品区分性别使用（${rule.itemName}）`, en: `Sex-specific drug (${rule.code})` },
        category: category('GZ10000301004000'),
        params: { gender: rule.gender ?? '1' },
        condition: { op: 'ne', args: [{ field: 'patient.gender' }, { param: 'gender' }] },
        severity: '1',
        behaviourType: '08',
        explanation: { volaCont: '{{line.name}}限性别{{param.gender}}，患者性别{{patient.gender}}', volaEvid: '药品说明书' },
      };
    case 'maxQuantity':
      return {
        ...common,
        nationalRuleId: 'GZ10000101009000',
        name: { zh: `药品限开药量（${rule.itemName}）`, en: `Quantity above the limit (${rule.code})` },
        category: category('GZ10000101009000'),
        params: { maxQuantity: (rule.maxQuantity ?? 0) / 100 },
        condition: { op: 'gt', args: [{ field: 'line.quantity' }, { param: 'maxQuantity' }] },
        severity: '2',
        behaviourType: '08',
        explanation: { volaCont: '{{line.name}}数量{{line.quantity}}，超过限定{{param.maxQuantity}}', volaEvid: '医保药品目录' },
      };
    case 'childOnly':
      return {
        ...common,
        nationalRuleId: 'GZ10000101007000',
        name: { zh: `药品限儿童使用（${rule.itemName}）`, en: `Child-only drug (${rule.code})` },
        category: category('GZ10000101007000'),
        params: { adultAge: rule.adultAge ?? 18 },
        condition: { op: 'ge', args: [{ field: 'patient.age' }, { param: 'adultAge' }] },
        severity: '1',
        behaviourType: '08',
        explanation: { volaCont: '{{line.name}}限儿童使用，患者年龄{{patient.age}}岁', volaEvid: '医保药品目录限定支付范围' },
      };
  }
}

/** The B1 claim as @mi/rules sees it (built with the test builders, validated by `createClaim`). */
export function toClaim(c: BenchClaim): Claim {
  return createClaim(
    aClaimInput({
      claimId: c.claimId,
      admissionDate: c.admissionDate,
      patient: { psnNo: `PSN-${c.claimId}`, gender: c.gender, birthDate: c.birthDate },
      institution: { level: c.level },
      lines: c.lines.map((l) => ({
        lineId: l.lineId,
        hilistCode: l.code,
        name: l.name,
        listType: l.listType,
        quantity: (l.quantity / 100).toFixed(2),
        unitPrice: yuan(l.priceFen),
        serviceDate: c.admissionDate,
      })),
    }),
  );
}

/** @mi/rules: every rule validated, compiled once over a knowledge snapshot of the items, `evaluate` per claim. */
export function ours(rules: readonly RuleSpec[]): Engine<Claim> & { readonly ruleSet: CompiledRuleSet } {
  const definitions = rules.map((rule) => {
    const definition = toDefinition(rule);
    const checked = validateRule(definition);
    if (!checked.ok) throw new Error(`B1: ${rule.id} is not a valid rule: ${JSON.stringify(checked.errors)}`);
    return definition;
  });
  const knowledge = InMemoryKnowledgeBase.from({
    version: `b1-${rules.length}`,
    items: rules.map((r) => ({ hilistCode: r.code, name: r.itemName, listType: r.listType })),
  });
  const ruleSet = compileRuleSet(definitions, { knowledge });
  return {
    name: '@mi/rules',
    ruleSet,
    prepare: toClaim,
    evaluate: (claim) => {
      const hits: Hit[] = [];
      for (const f of evaluate(ruleSet, claim)) for (const line of f.lines) hits.push(hit(f.ruleId, line.lineId));
      return hits;
    },
  };
}

/** The four rule templates as the platform writes them by default: one rule each, limits read from the catalogue (`item.*`). */
export const CATALOGUE_RULES: readonly RuleDefinition[] = [
  {
    id: 'B1-KB-PRICE',
    version: 1,
    nationalRuleId: 'GZ10000102001000',
    name: { zh: '医疗服务项目超限定单价收费', en: 'Above the capped price' },
    category: category('GZ10000102001000'),
    stage: STAGES,
    target: { kind: 'line', itemSet: { table: 'catalogue', with: 'priceCaps' } },
    condition: { op: 'gt', args: [{ field: 'line.unitPrice' }, { field: 'item.priceCap' }] },
    severity: '1',
    behaviourType: '04',
    amount: { kind: 'target' },
    explanation: { volaCont: '{{line.name}}单价{{line.unitPrice}}元，超过限定单价{{item.priceCap}}元', volaEvid: '医疗服务价格项目规范' },
  },
  {
    id: 'B1-KB-GENDER',
    version: 1,
    nationalRuleId: 'GZ10000301004000',
    name: { zh: '药品区分性别使用', en: 'Sex-specific drug' },
    category: category('GZ10000301004000'),
    stage: STAGES,
    target: { kind: 'line', itemSet: { table: 'catalogue', with: 'gender' } },
    condition: { op: 'ne', args: [{ field: 'patient.gender' }, { field: 'item.gender' }] },
    severity: '1',
    behaviourType: '08',
    amount: { kind: 'target' },
    explanation: { volaCont: '{{line.name}}限性别{{item.gender}}，患者性别{{patient.gender}}', volaEvid: '药品说明书' },
  },
  {
    id: 'B1-KB-QTY',
    version: 1,
    nationalRuleId: 'GZ10000101009000',
    name: { zh: '药品限开药量', en: 'Quantity above the limit' },
    category: category('GZ10000101009000'),
    stage: STAGES,
    target: { kind: 'line', itemSet: { table: 'catalogue', with: 'maxQuantityPerVisit' } },
    condition: { op: 'gt', args: [{ field: 'line.quantity' }, { field: 'item.maxQuantityPerVisit' }] },
    severity: '2',
    behaviourType: '08',
    amount: { kind: 'target' },
    explanation: { volaCont: '{{line.name}}数量{{line.quantity}}，超过限定{{item.maxQuantityPerVisit}}', volaEvid: '医保药品目录' },
  },
  {
    id: 'B1-KB-CHILD',
    version: 1,
    nationalRuleId: 'GZ10000101007000',
    name: { zh: '药品限儿童使用', en: 'Child-only drug' },
    category: category('GZ10000101007000'),
    stage: STAGES,
    target: { kind: 'line', itemSet: { table: 'catalogue', with: 'childOnly' } },
    params: { adultAge: 18 },
    condition: { op: 'ge', args: [{ field: 'patient.age' }, { param: 'adultAge' }] },
    severity: '1',
    behaviourType: '08',
    amount: { kind: 'target' },
    explanation: { volaCont: '{{line.name}}限儿童使用，患者年龄{{patient.age}}岁', volaEvid: '医保药品目录限定支付范围' },
  },
];

interface CatalogueInput {
  readonly claim: Claim;
  /** Line id → the B1 rule of its item, to report hits under the same ids as the other engines (built before timing). */
  readonly ruleByLine: ReadonlyMap<string, string>;
}

/**
 * @mi/rules the way the default rules are written: four rules whose limits live in the knowledge
 * snapshot (priceCaps for one level, gender, maxQuantityPerVisit, childOnly on N items).
 */
export function oursCatalogue(rules: readonly RuleSpec[]): Engine<CatalogueInput> {
  const knowledge = InMemoryKnowledgeBase.from({
    version: `b1-kb-${rules.length}`,
    items: rules.map((r) => ({
      hilistCode: r.code,
      name: r.itemName,
      listType: r.listType,
      ...(r.template === 'priceCap' ? { priceCaps: { [r.level ?? 3]: Money.parseYuan(yuan(r.capFen ?? 0), 'cap') } } : {}),
      ...(r.template === 'gender' ? { gender: r.gender } : {}),
      ...(r.template === 'maxQuantity' ? { maxQuantityPerVisit: (r.maxQuantity ?? 0) / 100 } : {}),
      ...(r.template === 'childOnly' ? { childOnly: true } : {}),
    })),
  });
  const ruleSet = compileRuleSet(CATALOGUE_RULES, { knowledge });
  const ruleByCode = new Map(rules.map((r) => [r.code, r.id]));
  return {
    name: '@mi/rules, 4 catalogue rules',
    prepare: (c) => ({
      claim: toClaim(c),
      ruleByLine: new Map(c.lines.flatMap((l) => (ruleByCode.has(l.code) ? [[l.lineId, ruleByCode.get(l.code) ?? '']] : []))),
    }),
    evaluate: ({ claim, ruleByLine }) => {
      const hits: Hit[] = [];
      for (const f of evaluate(ruleSet, claim)) for (const line of f.lines) hits.push(hit(ruleByLine.get(line.lineId) ?? f.ruleId, line.lineId));
      return hits;
    },
  };
}
