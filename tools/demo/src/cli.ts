import { DemoAlreadyLoaded, loadDemoCity, summaryLines } from './load-demo-city';

const USAGE = `usage: DEMO_ADMIN_PASSWORD=<admin's password> node dist/tools/demo/src/cli.js [--base http://127.0.0.1:3000] [--seed 7] [--lines 4000]

Loads a demo city (synthetic, names marked 【演示】) into a running platform through its public APIs.
  --base <url>     where the gateway answers (default http://127.0.0.1:$HTTP_PORT, port 3000)
  --seed <int>     datagen seed (default 7)
  --lines <int>    fee lines datagen generates for the whole year, 1000 … 50000 (default 4000)
Exit codes: 0 loaded, 2 a demo city is already there, 1 anything else.
`;

function option(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`--${name} needs a value\n${USAGE}`);
  return v;
}

function integer(argv: readonly string[], name: string, fallback: number, min: number, max: number): number {
  const raw = option(argv, name);
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer ${min} … ${max}`);
  return n;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const base = (option(argv, 'base') ?? `http://127.0.0.1:${process.env.HTTP_PORT ?? '3000'}`).replace(/\/$/, '');
  const adminPassword = process.env.DEMO_ADMIN_PASSWORD ?? process.env.BOOTSTRAP_ADMIN_PASSWORD;
  if (!adminPassword) throw new Error(`DEMO_ADMIN_PASSWORD is not set: the loader creates users and HIS credentials as admin\n${USAGE}`);
  const log = (line: string) => process.stdout.write(`${line}\n`);
  try {
    const summary = await loadDemoCity({
      base,
      adminPassword,
      seed: integer(argv, 'seed', 7, 0, 2 ** 31 - 1),
      lines: integer(argv, 'lines', 4000, 1000, 50_000),
      now: new Date(),
      log,
    });
    for (const line of summaryLines(summary, base)) log(line);
    return 0;
  } catch (e) {
    if (e instanceof DemoAlreadyLoaded) {
      log(`demo: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    process.stderr.write(`demo: ${e.message}\n`);
    process.exit(1);
  },
);
