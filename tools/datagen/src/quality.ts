/**
 * Detection quality of the default rule set on generated data: generates a city (seeded), reviews
 * every settlement in time order with its person's earlier settlements as history, and compares the
 * findings with the ground-truth labels per rule — recall, precision, and whether the flagged lines
 * are the labelled ones. Writes docs/benchmarks/Q1.md (the benchmark report includes it).
 *
 *   node dist/tools/datagen/src/quality.js --seed 42 --lines 200000
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { compileDefaultRules, createClaim, DEFAULT_RULES, evaluate, type HistoryEncounter, InMemoryPatientHistory, sampleKnowledgeBase } from '@mi/rules';
import { claimInputOf, historyEncounterOf } from './generator/claims';
import { generateCity } from './generator/city';
import { resolveConfig } from './generator/config';
import { settlementRecord } from './generator/records';
import { visits } from './generator/visits';

interface Tally {
  labelled: number;
  found: number;
  truePositive: number;
  linesMissed: number;
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function main(): void {
  const seed = arg('seed', 42);
  const lines = arg('lines', 200_000);
  const started = performance.now();
  const config = resolveConfig({ seed, lines });
  const city = generateCity(config);
  const ruleSet = compileDefaultRules(sampleKnowledgeBase());
  const history = new Map<string, HistoryEncounter[]>();
  const tally = new Map<string, Tally>(DEFAULT_RULES.map((r) => [r.id, { labelled: 0, found: 0, truePositive: 0, linesMissed: 0 }]));
  let settlements = 0;
  let cleanWithFindings = 0;
  let reviewMs = 0;
  for (const event of visits(config, city)) {
    const record = settlementRecord(event.visit);
    settlements++;
    const labels = new Map(event.labels.map((l) => [l.rule_id, l]));
    for (const l of event.labels) tally.get(l.rule_id)!.labelled++;
    const past = history.get(record.psn_no) ?? [];
    const t0 = performance.now();
    const findings = evaluate(ruleSet, createClaim(claimInputOf(record)), InMemoryPatientHistory.fromEncounters(past));
    reviewMs += performance.now() - t0;
    if (event.labels.length === 0 && findings.length > 0) cleanWithFindings++;
    // A rule may report several findings on one settlement (one per group of lines): count the pair once.
    const flaggedByRule = new Map<string, Set<string>>();
    for (const f of findings) {
      const set = flaggedByRule.get(f.ruleId) ?? new Set<string>();
      for (const l of f.lines) set.add(l.lineId);
      flaggedByRule.set(f.ruleId, set);
    }
    for (const [ruleId, flagged] of flaggedByRule) {
      const t = tally.get(ruleId)!;
      t.found++;
      const label = labels.get(ruleId);
      if (label) {
        t.truePositive++;
        t.linesMissed += label.line_ids.filter((id) => !flagged.has(id)).length;
      }
    }
    past.push(historyEncounterOf(record));
    history.set(record.psn_no, past);
  }
  const rows = [...tally.entries()].map(([id, t]) => {
    const recall = t.labelled === 0 ? NaN : t.truePositive / t.labelled;
    const precision = t.found === 0 ? NaN : t.truePositive / t.found;
    return { id, name: DEFAULT_RULES.find((r) => r.id === id)?.name.zh ?? '', ...t, recall, precision };
  });
  const pct = (x: number) => (Number.isNaN(x) ? '—' : `${(x * 100).toFixed(1)} %`);
  const allRecall = rows.every((r) => r.labelled === 0 || r.recall === 1);
  const md = [
    `## Q1 — detection quality of the default rules on generated data (seed ${seed}, ${lines.toLocaleString('en-US')} lines, ${settlements.toLocaleString('en-US')} settlements)`,
    '',
    '| rule | 名称 | labelled settlements | settlements flagged | both | recall | precision | labelled lines not flagged |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.id} | ${r.name} | ${r.labelled} | ${r.found} | ${r.truePositive} | ${pct(r.recall)} | ${pct(r.precision)} | ${r.linesMissed} |`),
    '',
    `Target: recall 100 % for deterministic rules, no finding on clean settlements — **${allRecall && cleanWithFindings === 0 ? 'met' : 'missed'}** (clean settlements with a finding: ${cleanWithFindings}).`,
    '',
    `- Review time ${(reviewMs / 1000).toFixed(1)} s for ${settlements} settlements (${Math.round(settlements / (reviewMs / 1000)).toLocaleString('en-US')} settlements/s in one process, history included); whole run ${((performance.now() - started) / 1000).toFixed(1)} s.`,
    `- Command: \`node dist/tools/datagen/src/quality.js --seed ${seed} --lines ${lines}\` (after \`npm run build\`).`,
    '',
  ].join('\n');
  let dir = __dirname;
  while (!dir.endsWith('dist') && path.dirname(dir) !== dir) dir = path.dirname(dir);
  const out = path.join(path.dirname(dir), 'docs/benchmarks');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'Q1.md'), md);
  process.stdout.write(md);
  process.exit(allRecall && cleanWithFindings === 0 ? 0 : 1);
}

main();
