// `npm start`: builds, checks PostgreSQL and NATS, starts the gateway and every service on this
// machine (each migrates its own schema on boot) and prints where the platform answers.
// On an empty database it then loads a demo city (synthetic, tools/demo) unless DEMO_CITY=off.
// Ctrl-C stops them all.
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { checkNats, checkPostgres, DEFAULT_DATABASE_URL, DEFAULT_NATS_URL } from './preflight.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DATABASE_URL = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
const NATS_URL = process.env.NATS_URL ?? DEFAULT_NATS_URL;
const HTTP_PORT = process.env.HTTP_PORT ?? '3000';
// The first province administrator, created only when the database has no user yet.
const BOOTSTRAP_ADMIN_PASSWORD = process.env.BOOTSTRAP_ADMIN_PASSWORD ?? `Mi-${randomBytes(9).toString('base64url')}!7a`;
// A demo city on the first run (an empty database), unless the user says no.
const DEMO_CITY = !['off', 'no', 'false', '0'].includes((process.env.DEMO_CITY ?? 'on').toLowerCase());

const apps = [
  { name: 'agreement-service', health: 3101 },
  { name: 'claims-review-service', health: 3102 },
  { name: 'monitoring-kb-service', health: 3103 },
  { name: 'fund-pooling-service', health: 3104 },
  { name: 'credit-service', health: 3105 },
  { name: 'gateway', health: 3100 },
];

function say(msg) {
  process.stdout.write(`[start] ${msg}\n`);
}

try {
  say(`PostgreSQL: ${await checkPostgres(DATABASE_URL)}`);
  say(`NATS: ${await checkNats(NATS_URL)}`);
} catch (e) {
  process.stderr.write(`\n${e.message}\n\n`);
  process.exit(1);
}

/** A fresh install: no portal user yet (the gateway then creates `admin` with BOOTSTRAP_ADMIN_PASSWORD). */
async function isEmptyDatabase() {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    const { rows } = await client.query(`select to_regclass('gateway.portal_user') is not null as has_users_table`);
    if (!rows[0].has_users_table) return true;
    const users = await client.query('select 1 from gateway.portal_user limit 1');
    return users.rowCount === 0;
  } finally {
    await client.end();
  }
}
const fresh = await isEmptyDatabase();

execFileSync(process.execPath, [path.join(root, 'tools/build/build.mjs')], { stdio: 'inherit' });

const children = [];
let stopping = false;
const width = Math.max(...apps.map((a) => a.name.length));

/** Copies a child's output to ours line by line, each line prefixed with its name. */
function forwardLines(child, name, onLine = () => {}) {
  let buf = '';
  const onData = (chunk) => {
    buf += chunk.toString();
    const lines = buf.split('\n');
    buf = lines.pop() ?? '';
    for (const line of lines) {
      process.stdout.write(`${name.padEnd(width)} | ${line}\n`);
      onLine(line);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
}

function startApp(app) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--enable-source-maps', path.join(root, 'dist/apps', app.name, 'src/main.js')], {
      cwd: root,
      env: {
        ...process.env,
        SERVICE_NAME: app.name,
        DATABASE_URL,
        NATS_URL,
        HEALTH_PORT: String(app.health),
        BOOTSTRAP_ADMIN_PASSWORD,
        HTTP_PORT,
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'log',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let ready = false;
    forwardLines(child, app.name, (line) => {
      if (!ready && line.includes('"msg":"ready"')) {
        ready = true;
        resolve(JSON.parse(line));
      }
    });
    child.on('exit', (code) => {
      if (!ready) reject(new Error(`${app.name} exited with code ${code} before it was ready`));
      else if (!stopping) {
        say(`${app.name} exited with code ${code}; stopping the platform`);
        shutdown(1);
      }
    });
  });
}

function shutdown(code) {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 1500).unref();
}

/** On the first run, a demo city through the platform's own APIs (tools/demo); otherwise how to load one on purpose. */
async function demoCity(base) {
  const onPurpose = `DEMO_ADMIN_PASSWORD='<admin's password>' npm run demo`;
  if (!fresh) {
    say(`This database already has data: no demo city loaded. To load one on purpose (synthetic, marked 【演示】): ${onPurpose}`);
    return;
  }
  if (!DEMO_CITY) {
    say(`No demo city (DEMO_CITY=off). To load one later: DEMO_ADMIN_PASSWORD='${BOOTSTRAP_ADMIN_PASSWORD}' npm run demo`);
    return;
  }
  say('');
  say('Empty database: loading a demo city (synthetic data, a few minutes; DEMO_CITY=off skips it). The platform is usable meanwhile.');
  const child = spawn(process.execPath, ['--enable-source-maps', path.join(root, 'dist/tools/demo/src/cli.js'), '--base', base], {
    cwd: root,
    env: { ...process.env, DEMO_ADMIN_PASSWORD: BOOTSTRAP_ADMIN_PASSWORD },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  forwardLines(child, 'demo');
  const code = await new Promise((resolve) => child.on('exit', resolve));
  if (stopping) return;
  if (code === 0) say('Demo city loaded (see the summary above). The platform keeps running; Ctrl-C stops everything.');
  else say(`The demo city did not load (exit ${code}); the platform keeps running. Retry with: DEMO_ADMIN_PASSWORD='${BOOTSTRAP_ADMIN_PASSWORD}' npm run demo`);
}

process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

try {
  // Services first (they own their schemas), the gateway last.
  await Promise.all(apps.filter((a) => a.name !== 'gateway').map(startApp));
  const gw = await startApp(apps.find((a) => a.name === 'gateway'));
  say('');
  say('The platform is up:');
  say(`  admin portal (browser): ${gw.url.replace('0.0.0.0', '127.0.0.1')}/`);
  say(`  API (portal, /api/v1):  ${gw.url.replace('0.0.0.0', '127.0.0.1')}/api/v1`);
  say(`  health of each process: http://127.0.0.1:<port>/health and /ready on ports ${apps.map((a) => `${a.health} (${a.name})`).join(', ')}`);
  say(`  API docs (Swagger UI):  ${gw.url}/docs`);
  say(`  HIS interface:          POST ${gw.url}/fsi/api/rsfComIfsService/callService (x-tif signed)`);
  if (fresh) say(`  first administrator:    admin / ${BOOTSTRAP_ADMIN_PASSWORD}  (created now: the database had no user)`);
  else say('  administrator:          admin, with the password set on this database earlier (it already had users)');
  say(`  try: TOKEN=$(curl -s -X POST ${gw.url}/api/v1/auth/login -H 'content-type: application/json' \\`);
  say(
    `         -d '{"username":"admin","password":"${fresh ? BOOTSTRAP_ADMIN_PASSWORD : "<admin's password>"}"}' | sed 's/.*"accessToken":"\\([^"]*\\)".*/\\1/')`,
  );
  if (fresh && DEMO_CITY) {
    // The demo city registers H43010200001 itself: read the registry rather than write to it.
    say(`       curl "${gw.url}/api/v1/institutions?limit=5" -H "authorization: Bearer $TOKEN"`);
  } else {
    say(`       curl -X POST ${gw.url}/api/v1/institutions -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\`);
    say(`         -d '{"code":"H43010200001","name":"长沙市第一人民医院","type":"hospital","level":"3A","admdvs":"430102","uscc":"91430102MA4L123457"}'`);
  }
  say('Ctrl-C stops everything.');
  await demoCity(gw.url.replace('0.0.0.0', '127.0.0.1'));
} catch (e) {
  process.stderr.write(`\n${e.message}\n`);
  shutdown(1);
}
