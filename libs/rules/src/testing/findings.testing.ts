import type { Claim } from '../claim/claim';
import type { CompiledRuleSet } from '../compiler/compile';
import { evaluate } from '../evaluator/evaluate';
import type { Finding } from '../evaluator/finding';
import type { PatientHistory } from '../history/patient-history';

/** Spec helper: the findings of one rule on a claim. */
export function findingsOf(ruleSet: CompiledRuleSet, ruleId: string, claim: Claim, history?: PatientHistory): Finding[] {
  return evaluate(ruleSet, claim, history).filter((f) => f.ruleId === ruleId);
}

/** Spec helper: `[lineId, itemType, yuan]` per finding line, for compact assertions. */
export function linesOf(finding: Finding): [string, string, string][] {
  return finding.lines.map((l) => [l.lineId, l.itemType, l.amount.toYuanString()]);
}
