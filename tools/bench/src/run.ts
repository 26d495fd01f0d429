import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { b1 } from './b1/b1';
import { b2 } from './b2-precheck';
import { b4 } from './b4-intake';
import { b5 } from './b5-detectors';
import { b6 } from './b6-clearing';
import { b7 } from './b7-jetstream';
import { b8 } from './b8-request-reply';
import { b9 } from './b9-settlement-eligibility';
import { barChart, type BenchResult, machine, section } from './report';

/**
 * `npm run bench [-- B7 --scale 1]`: runs the benchmarks side by side and writes
 * docs/benchmarks/README.md (+ one SVG chart each) with the machine, versions and every figure.
 */
const BENCHES: Record<string, (scale: number) => Promise<BenchResult>> = {
  B1: (scale) => b1(scale),
  B2: (scale) => b2(scale),
  B4: (scale) => b4(scale),
  B5: (scale) => b5(scale),
  B6: (scale) => b6(scale),
  B7: (scale) => b7(Math.round(20_000 * scale)),
  B8: (scale) => b8(scale),
  B9: (scale) => b9(scale),
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const scaleAt = args.indexOf('--scale');
  const scale = scaleAt >= 0 ? Number(args[scaleAt + 1]) : 1;
  const wanted = args.filter((a, i) => /^B\d+$/.test(a) && args[i - 1] !== '--scale');
  // `--report-only`: reassemble README.md from the sections already there (e.g. after Q1).
  const ids = args.includes('--report-only') ? [] : wanted.length > 0 ? wanted : Object.keys(BENCHES);
  const root = path.resolve(__dirname, '../../../..');
  const outDir = path.join(root, 'docs/benchmarks');
  mkdirSync(outDir, { recursive: true });
  const results: BenchResult[] = [];
  for (const id of ids) {
    const run = BENCHES[id];
    if (!run) throw new Error(`unknown benchmark ${id}; have ${Object.keys(BENCHES).join(', ')}`);
    process.stdout.write(`running ${id} (scale ${scale})…\n`);
    const r = await run(scale);
    results.push(r);
    writeFileSync(path.join(outDir, `${id}.svg`), barChart(r));
    for (const m of r.measurements) process.stdout.write(`  ${m.name}: ${Math.round(m.opsPerSec)} ${r.unit}/s\n`);
  }
  // Each benchmark keeps its own section (docs/benchmarks/<id>.md); the README gathers every section
  // present, so running one benchmark does not drop the others' last figures.
  const m = machine();
  for (const r of results) {
    writeFileSync(
      path.join(outDir, `${r.id}.md`),
      [
        section(r, `${r.id}.svg`),
        '',
        `_Run ${m.date} on ${m.cpu}, ${m.node}; command: \`npm run bench -- ${r.id}${scale !== 1 ? ` --scale ${scale}` : ''}\`._`,
        '',
      ].join('\n'),
    );
  }
  const sections = readdirSync(outDir)
    .filter((f) => /^[BQ]\d+\.md$/.test(f))
    .sort((a, b) => Number(a.slice(1, -3)) - Number(b.slice(1, -3)))
    .map((f) => readFileSync(path.join(outDir, f), 'utf8'));
  const md = [
    '# Benchmarks',
    '',
    'Command: `npm run bench` (all) or `npm run bench -- B1 B7 [--scale 0.2]`; each section below says when and how it was last run.',
    '',
    '| machine (last run) | |',
    '| --- | --- |',
    ...Object.entries(m).map(([k, v]) => `| ${k} | ${v} |`),
    '',
    ...sections,
  ].join('\n');
  writeFileSync(path.join(outDir, 'README.md'), md);
  process.stdout.write(`report: docs/benchmarks/README.md\n`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
