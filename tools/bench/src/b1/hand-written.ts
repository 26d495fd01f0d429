import { hit, type BenchClaim, type Engine, type Hit, type RuleSpec } from './workload';

type Check = { readonly ruleId: string; readonly test: (line: BenchClaim['lines'][number], claim: BenchClaim) => boolean };

/** Hand-written TypeScript: a Map from item code to closures over the rule's parameters (the floor). */
export function handWritten(rules: readonly RuleSpec[]): Engine<BenchClaim> {
  const byCode = new Map<string, Check[]>();
  for (const r of rules) {
    let test: Check['test'];
    switch (r.template) {
      case 'priceCap': {
        const level = r.level;
        const cap = r.capFen ?? 0;
        test = (line, claim) => claim.level === level && line.priceFen > cap;
        break;
      }
      case 'gender': {
        const gender = r.gender;
        test = (_line, claim) => claim.gender !== gender;
        break;
      }
      case 'maxQuantity': {
        const max = r.maxQuantity ?? 0;
        test = (line) => line.quantity > max;
        break;
      }
      case 'childOnly': {
        const adult = r.adultAge ?? 18;
        test = (_line, claim) => claim.age >= adult;
        break;
      }
    }
    const list = byCode.get(r.code);
    if (list) list.push({ ruleId: r.id, test });
    else byCode.set(r.code, [{ ruleId: r.id, test }]);
  }
  return {
    name: 'hand-written TypeScript',
    prepare: (claim) => claim,
    evaluate: (claim) => {
      const hits: Hit[] = [];
      for (const line of claim.lines) {
        const checks = byCode.get(line.code);
        if (checks) for (const c of checks) if (c.test(line, claim)) hits.push(hit(c.ruleId, line.lineId));
      }
      return hits;
    },
  };
}
