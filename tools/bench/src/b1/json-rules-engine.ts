import { Engine as RulesEngine, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import { hit, type BenchClaim, type Engine, type Hit, type RuleSpec } from './workload';

/** Flat facts of one line (no JSONPath: the cheapest way to feed json-rules-engine). */
interface LineFacts {
  readonly lineId: string;
  readonly facts: { code: string; price: number; quantity: number; gender: string; age: number; level: number };
}

function conditions(r: RuleSpec): TopLevelCondition {
  // The item code has the highest priority, so the engine stops at it for the other items' rules.
  const code = { fact: 'code', operator: 'equal', value: r.code, priority: 10 };
  switch (r.template) {
    case 'priceCap':
      return {
        all: [code, { fact: 'level', operator: 'equal', value: r.level ?? 3 }, { fact: 'price', operator: 'greaterThan', value: r.capFen ?? 0 }],
      };
    case 'gender':
      return { all: [code, { fact: 'gender', operator: 'notEqual', value: r.gender ?? '1' }] };
    case 'maxQuantity':
      return { all: [code, { fact: 'quantity', operator: 'greaterThan', value: r.maxQuantity ?? 0 }] };
    case 'childOnly':
      return { all: [code, { fact: 'age', operator: 'greaterThanInclusive', value: r.adultAge ?? 18 }] };
  }
}

/** json-rules-engine 7: the same rules as JSON conditions, one `engine.run` per line (awaited). */
export function jsonRulesEngine(rules: readonly RuleSpec[]): Engine<LineFacts[]> {
  const engine = new RulesEngine(
    rules.map((r): RuleProperties => ({ name: r.id, conditions: conditions(r), event: { type: r.id } })),
    { allowUndefinedFacts: false },
  );
  return {
    name: 'json-rules-engine',
    prepare: (claim: BenchClaim) =>
      claim.lines.map((l) => ({
        lineId: l.lineId,
        facts: { code: l.code, price: l.priceFen, quantity: l.quantity, gender: claim.gender, age: claim.age, level: claim.level },
      })),
    evaluate: async (lines) => {
      const hits: Hit[] = [];
      for (const line of lines) {
        const { events } = await engine.run(line.facts);
        for (const e of events) hits.push(hit(e.type, line.lineId));
      }
      return hits;
    },
  };
}
