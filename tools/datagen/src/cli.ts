import { performance } from 'node:perf_hooks';
import { ProgressBar } from './output/progress';
import { runDatagen, type OutputFormat } from './run';

const USAGE = `usage: node dist/tools/datagen/src/cli.js --out <dir> [options]

  --seed <int>             PRNG seed (default 42); same seed + options → byte-identical files
  --lines <int>            fee lines to generate, 1000 … 10000000 (default 100000)
  --out <dir>              output directory (created)
  --format ndjson|csv|both settlements.ndjson and/or setl_d.csv + fee_list.csv (default both)
  --violation-rate <r>     per rule, fraction of visits built to violate it (default 0.002)
  --anomaly-rate <r>       per anomaly kind, fraction of visits that start one (default 0.0005)
  --persons <int>          insured persons (default lines/25, 300 … 300000)
  --institutions <int>     institutions (default lines/3000, at least 5 per county)
  --city <admdvs>          city code (default 430100 长沙市)
  --year <yyyy>            year of the visits (default 2026)
  --no-progress            no progress bar on stderr
`;

function parse(argv: readonly string[]): Record<string, string | true> {
  const args: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const [key, inline] = a.slice(2).split('=', 2);
    if (inline !== undefined) args[key] = inline;
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) args[key] = argv[++i];
    else args[key] = true;
  }
  return args;
}

function num(args: Record<string, string | true>, key: string): number | undefined {
  const v = args[key];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v === true || !Number.isFinite(n)) throw new Error(`--${key} needs a number`);
  return n;
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  if (args.help || args.h) {
    process.stdout.write(USAGE);
    return;
  }
  const out = args.out;
  if (typeof out !== 'string') throw new Error(`--out is required\n${USAGE}`);
  const format = (args.format ?? 'both') as OutputFormat;
  if (!['ndjson', 'csv', 'both'].includes(format)) throw new Error('--format must be ndjson, csv or both');
  const lines = num(args, 'lines') ?? 100_000;
  if (lines < 1000 || lines > 10_000_000) throw new Error('--lines must be between 1000 and 10000000');
  const bar = new ProgressBar(lines, process.stderr, !args['no-progress']);
  const started = performance.now();
  const city = typeof args.city === 'string' ? args.city : undefined;
  const summary = await runDatagen({
    out,
    format,
    lines,
    onProgress: (n) => bar.update(n),
    ...(num(args, 'seed') !== undefined ? { seed: num(args, 'seed') } : {}),
    ...(num(args, 'violation-rate') !== undefined ? { violationRate: num(args, 'violation-rate') } : {}),
    ...(num(args, 'anomaly-rate') !== undefined ? { anomalyRate: num(args, 'anomaly-rate') } : {}),
    ...(num(args, 'persons') !== undefined ? { persons: num(args, 'persons') } : {}),
    ...(num(args, 'institutions') !== undefined ? { institutions: num(args, 'institutions') } : {}),
    ...(num(args, 'year') !== undefined ? { year: num(args, 'year') } : {}),
    ...(city !== undefined ? { cityAdmdvs: city, cityName: city === '430100' ? '长沙市' : `${city}市` } : {}),
  });
  const written = Number(summary.counts.fee_lines);
  bar.finish(written);
  const seconds = (performance.now() - started) / 1000;
  const rssMb = process.resourceUsage().maxRSS / 1024;
  process.stderr.write(
    `datagen: ${summary.counts.settlements} settlements, ${written} lines in ${seconds.toFixed(1)} s ` +
      `(${Math.round(written / seconds)} lines/s), peak RSS ${rssMb.toFixed(0)} MB → ${out}\n`,
  );
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`datagen: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
