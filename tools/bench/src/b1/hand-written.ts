import { Money } from '@mi/domain';
import type { FactValue, Finding } from '@mi/rules';
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

/** A claim as the same-output hand-written rules read it: the bench claim and each line's amount in fen (as @mi/rules computes it). */
export interface HandClaim {
  readonly claim: BenchClaim;
  readonly amountsFen: readonly number[];
}

const yuanOf = (fen: number): string => (fen / 100).toFixed(2);

/**
 * Hand-written TypeScript producing what @mi/rules produces: for every hit the complete finding
 * (rule identity, the line with its amount, the facts, vola_cont and vola_evid) — the same job
 * written by hand, a template per rule kind, texts by template literal. `findings` is what the
 * gate compares with @mi/rules; `evaluate` returns the hits of those findings, as `ours` does.
 */
export function handWrittenFindings(
  rules: readonly RuleSpec[],
  amountsOf: (claim: BenchClaim) => number[],
): Engine<HandClaim> & { findings(input: HandClaim): Finding[] } {
  type Make = (line: BenchClaim['lines'][number], claim: BenchClaim, fen: number) => Finding;
  type Rule = { readonly test: Check['test']; readonly make: Make };
  const byCode = new Map<string, Rule[]>();
  for (const r of rules) {
    const finding = (
      ruleName: string,
      nationalRuleId: string,
      severity: Finding['severity'],
      behaviourType: Finding['behaviourType'],
      claim: BenchClaim,
      line: BenchClaim['lines'][number],
      fen: number,
      facts: Record<string, FactValue>,
      volaCont: string,
      volaEvid: string,
    ): Finding => {
      const amount = Money.fromFen(fen);
      facts.amount = yuanOf(fen);
      return {
        ruleId: r.id,
        ruleVersion: 1,
        ruleName,
        nationalRuleId,
        severity,
        behaviourType,
        claimId: claim.claimId,
        lines: [{ lineId: line.lineId, itemType: '1', amount }],
        amount,
        amountStatus: 'computed',
        facts: Object.freeze(facts),
        volaCont,
        volaEvid,
      };
    };
    let rule: Rule;
    switch (r.template) {
      case 'priceCap': {
        const level = r.level;
        const cap = r.capFen ?? 0;
        const capText = yuanOf(cap);
        const name = `医疗服务项目超限定单价收费（${r.itemName}）`;
        rule = {
          test: (line, claim) => claim.level === level && line.priceFen > cap,
          make: (line, claim, fen) => {
            const price = yuanOf(line.priceFen);
            return finding(
              name,
              'GZ10000102001000',
              '1',
              '04',
              claim,
              line,
              fen,
              { 'line.unitPrice': price, 'line.name': line.name, 'param.cap': capText },
              `${line.name}单价${price}元，超过限定单价${capText}元`,
              '医疗服务价格项目规范',
            );
          },
        };
        break;
      }
      case 'gender': {
        const gender = r.gender ?? '1';
        const name = `药品区分性别使用（${r.itemName}）`;
        rule = {
          test: (_line, claim) => claim.gender !== gender,
          make: (line, claim, fen) =>
            finding(
              name,
              'GZ10000301004000',
              '1',
              '08',
              claim,
              line,
              fen,
              { 'patient.gender': claim.gender, 'line.name': line.name, 'param.gender': gender },
              `${line.name}限性别${gender}，患者性别${claim.gender}`,
              '药品说明书',
            ),
        };
        break;
      }
      case 'maxQuantity': {
        const max = r.maxQuantity ?? 0;
        const limit = max / 100;
        const name = `药品限开药量（${r.itemName}）`;
        rule = {
          test: (line) => line.quantity > max,
          make: (line, claim, fen) =>
            finding(
              name,
              'GZ10000101009000',
              '2',
              '08',
              claim,
              line,
              fen,
              { 'line.quantity': line.quantity / 100, 'line.name': line.name, 'param.maxQuantity': limit },
              `${line.name}数量${line.quantity / 100}，超过限定${limit}`,
              '医保药品目录',
            ),
        };
        break;
      }
      case 'childOnly': {
        const adult = r.adultAge ?? 18;
        const name = `药品限儿童使用（${r.itemName}）`;
        rule = {
          test: (_line, claim) => claim.age >= adult,
          make: (line, claim, fen) =>
            finding(
              name,
              'GZ10000101007000',
              '1',
              '08',
              claim,
              line,
              fen,
              { 'patient.age': claim.age, 'line.name': line.name, 'param.adultAge': adult },
              `${line.name}限儿童使用，患者年龄${claim.age}岁`,
              '医保药品目录限定支付范围',
            ),
        };
        break;
      }
    }
    const list = byCode.get(r.code);
    if (list) list.push(rule);
    else byCode.set(r.code, [rule]);
  }
  const findings = ({ claim, amountsFen }: HandClaim): Finding[] => {
    const out: Finding[] = [];
    const lines = claim.lines;
    for (let i = 0; i < lines.length; i += 1) {
      const line = lines[i];
      const list = byCode.get(line.code);
      if (list) for (const rule of list) if (rule.test(line, claim)) out.push(rule.make(line, claim, amountsFen[i]));
    }
    return out;
  };
  return {
    name: 'hand-written TypeScript, same findings',
    prepare: (claim) => ({ claim, amountsFen: amountsOf(claim) }),
    findings,
    evaluate: (input) => {
      const hits: Hit[] = [];
      for (const f of findings(input)) for (const line of f.lines) hits.push(hit(f.ruleId, line.lineId));
      return hits;
    },
  };
}
