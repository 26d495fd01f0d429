import { ZenEngine, type ZenDecision } from '@gorules/zen-engine';
import { hit, type BenchClaim, type Engine, type Hit, type RuleSpec } from './workload';

interface ZenInput {
  readonly lineIds: readonly string[];
  readonly context: { lines: { code: string; level: number; price: number; quantity: number; gender: string; age: number }[] };
}

const COLUMNS = ['code', 'level', 'price', 'quantity', 'gender', 'age'] as const;

/** One decision-table row per rule: item code first, then the rule's own condition cell. */
function row(r: RuleSpec): Record<string, string> {
  const cells: Record<string, string> = {
    _id: r.id,
    code: JSON.stringify(r.code),
    level: '',
    price: '',
    quantity: '',
    gender: '',
    age: '',
    rule: JSON.stringify(r.id),
  };
  switch (r.template) {
    case 'priceCap':
      cells.level = String(r.level ?? 3);
      cells.price = `> ${r.capFen ?? 0}`;
      break;
    case 'gender':
      cells.gender = `$ != ${JSON.stringify(r.gender ?? '1')}`;
      break;
    case 'maxQuantity':
      cells.quantity = `> ${r.maxQuantity ?? 0}`;
      break;
    case 'childOnly':
      cells.age = `>= ${r.adultAge ?? 18}`;
      break;
  }
  return cells;
}

/** The JDM graph: input → decision table (hit policy collect, loop over `lines`) → output. */
export function decisionGraph(rules: readonly RuleSpec[]): object {
  const position = { x: 0, y: 0 };
  return {
    nodes: [
      { id: 'request', type: 'inputNode', name: 'Request', position, content: {} },
      {
        id: 'table',
        type: 'decisionTableNode',
        name: 'B1 rules',
        position,
        content: {
          hitPolicy: 'collect',
          executionMode: 'loop',
          inputField: 'lines',
          outputPath: 'hits',
          passThrough: false,
          inputs: COLUMNS.map((c) => ({ id: c, name: c, field: c })),
          outputs: [{ id: 'rule', name: 'rule', field: 'rule' }],
          rules: rules.map(row),
        },
      },
      { id: 'response', type: 'outputNode', name: 'Response', position, content: {} },
    ],
    edges: [
      { id: 'e1', type: 'edge', sourceId: 'request', targetId: 'table' },
      { id: 'e2', type: 'edge', sourceId: 'table', targetId: 'response' },
    ],
  };
}

/** @gorules/zen-engine: the rules as one decision table evaluated for every line of a claim (one async call per claim). */
export function zen(rules: readonly RuleSpec[]): Engine<ZenInput> & { readonly decision: ZenDecision } {
  const engine = new ZenEngine();
  const decision = engine.createDecision(decisionGraph(rules));
  return {
    name: '@gorules/zen-engine',
    decision,
    prepare: (claim: BenchClaim) => ({
      lineIds: claim.lines.map((l) => l.lineId),
      context: {
        lines: claim.lines.map((l) => ({ code: l.code, level: claim.level, price: l.priceFen, quantity: l.quantity, gender: claim.gender, age: claim.age })),
      },
    }),
    evaluate: async (input) => {
      const response = await decision.evaluate(input.context);
      const perLine = (response.result as { hits: { rule: string }[][] }).hits;
      const hits: Hit[] = [];
      perLine.forEach((rows, i) => {
        for (const r of rows) hits.push(hit(r.rule, input.lineIds[i]));
      });
      return hits;
    },
    dispose: () => engine.dispose(),
  };
}
