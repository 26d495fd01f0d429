import type { SimulationDiffRow, SimulationReport, SimulationRuleRow, SimulationTally } from '@mi/contracts';

/** One finding as the report counts it: its rule, the fee lines it names and its amount (fen). */
export interface HitFinding {
  ruleId: string;
  lineIds: readonly string[];
  amountFen: bigint;
}

/** One settlement of the period: what the candidate set found, what is stored (enforced and shadow). */
export interface EvaluatedSettlement {
  institutionCode: string;
  candidate: readonly HitFinding[];
  published: readonly HitFinding[];
  shadow: readonly HitFinding[];
}

interface Hit {
  lines: number;
  amountFen: bigint;
}

class Tally {
  settlements = 0;
  lines = 0;
  amountFen = 0n;

  add(h: Hit): void {
    this.settlements += 1;
    this.lines += h.lines;
    this.amountFen += h.amountFen;
  }

  view(): SimulationTally {
    return { settlements: this.settlements, lines: this.lines, amountFen: this.amountFen.toString() };
  }
}

class Diff {
  readonly candidate = new Tally();
  readonly published = new Tally();
  readonly added = new Tally();
  readonly removed = new Tally();

  /** One settlement's hit on each side (undefined: not flagged by that side). */
  add(candidate: Hit | undefined, published: Hit | undefined): void {
    if (candidate) this.candidate.add(candidate);
    if (published) this.published.add(published);
    if (candidate && !published) this.added.add(candidate);
    if (published && !candidate) this.removed.add(published);
  }

  view(): SimulationDiffRow {
    return { candidate: this.candidate.view(), published: this.published.view(), added: this.added.view(), removed: this.removed.view() };
  }
}

/** Findings of one settlement merged: distinct lines and summed amount, per rule and over all rules. */
function merge(findings: readonly HitFinding[]): { all?: Hit; byRule: Map<string, Hit> } {
  const lines = new Map<string, Set<string>>();
  const amounts = new Map<string, bigint>();
  for (const f of findings) {
    const set = lines.get(f.ruleId) ?? new Set<string>();
    for (const l of f.lineIds) set.add(l);
    lines.set(f.ruleId, set);
    amounts.set(f.ruleId, (amounts.get(f.ruleId) ?? 0n) + f.amountFen);
  }
  const byRule = new Map<string, Hit>([...lines].map(([rule, set]) => [rule, { lines: set.size, amountFen: amounts.get(rule) as bigint }]));
  if (findings.length === 0) return { byRule };
  const allLines = new Set(findings.flatMap((f) => f.lineIds));
  return { all: { lines: allLines.size, amountFen: [...amounts.values()].reduce((a, b) => a + b, 0n) }, byRule };
}

/**
 * Accumulates a simulation's comparison settlement by settlement (memory grows with rules and
 * institutions, not settlements). A settlement counts once per rule (and once per institution):
 * flagged when it has at least one finding; its lines are the distinct fee lines the findings name;
 * its amount the sum of their amounts. `added`/`removed` are the settlements only one side flagged.
 */
export class SimulationReportBuilder {
  private settlements = 0;
  private readonly totals = new Diff();
  private readonly rules = new Map<string, Diff>();
  private readonly institutions = new Map<string, Diff>();
  private readonly shadow = new Map<string, Tally>();

  /**
   * @param candidateRules ids of the candidate set's rules
   * @param publishedRules ids of the published set's enforced rules
   */
  constructor(
    private readonly candidateRules: readonly string[],
    private readonly publishedRules: readonly string[],
  ) {
    for (const id of [...candidateRules, ...publishedRules]) this.rules.set(id, new Diff());
  }

  add(s: EvaluatedSettlement): void {
    this.settlements += 1;
    const cand = merge(s.candidate);
    const pub = merge(s.published);
    this.totals.add(cand.all, pub.all);
    const inst = this.institutions.get(s.institutionCode) ?? new Diff();
    inst.add(cand.all, pub.all);
    this.institutions.set(s.institutionCode, inst);
    for (const rule of new Set([...cand.byRule.keys(), ...pub.byRule.keys()])) {
      const d = this.rules.get(rule) ?? new Diff();
      d.add(cand.byRule.get(rule), pub.byRule.get(rule));
      this.rules.set(rule, d);
    }
    for (const [rule, hit] of merge(s.shadow).byRule) {
      const t = this.shadow.get(rule) ?? new Tally();
      t.add(hit);
      this.shadow.set(rule, t);
    }
  }

  build(): SimulationReport {
    const inCandidate = new Set(this.candidateRules);
    const inPublished = new Set(this.publishedRules);
    const byCode = <T>(m: Map<string, T>): [string, T][] => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return {
      settlements: this.settlements,
      totals: this.totals.view(),
      byRule: byCode(this.rules).map(([ruleId, d]): SimulationRuleRow => ({
        ruleId,
        presence: inCandidate.has(ruleId) && inPublished.has(ruleId) ? 'both' : inCandidate.has(ruleId) ? 'candidate' : 'published',
        ...d.view(),
      })),
      byInstitution: byCode(this.institutions).map(([institutionCode, d]) => ({ institutionCode, ...d.view() })),
      shadow: byCode(this.shadow).map(([ruleId, t]) => ({ ruleId, flagged: t.view() })),
    };
  }
}
