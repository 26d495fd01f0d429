import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from './private-nats';

const run = promisify(execFile);

/**
 * A PostgreSQL cluster of its own (initdb in a temporary directory, trust auth, a free loopback
 * port, its unix socket in that directory) for fault tests that stop and restart the database
 * server without disturbing the machine's shared one, which other test projects use at the same
 * time. Restarts keep the port and the data directory, as a real server restart does.
 */
export interface PrivatePostgres {
  /** The superuser's URL on the `postgres` database (give it to `startTestPlatform` as `databaseAdminUrl`). */
  url: string;
  port: number;
  dataDir: string;
  /**
   * `pg_ctl stop -m <mode>`: `immediate` (default) is a crash as far as clients and the server
   * are concerned — backends are killed without a checkpoint and the next start runs crash recovery.
   */
  stop(mode?: 'immediate' | 'fast' | 'smart'): Promise<void>;
  /** `pg_ctl start`; resolves once the server accepts connections. */
  start(): Promise<void>;
  restart(mode?: 'immediate' | 'fast' | 'smart'): Promise<void>;
  /** Stops it and deletes its data directory. */
  dispose(): Promise<void>;
}

/** Debian's binaries (`/usr/lib/postgresql/<major>/bin`, newest major) unless `PG_BIN_DIR` says otherwise. */
function binDir(): string {
  if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR;
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((d) => /^\d+$/.test(d) && existsSync(path.join(root, d, 'bin', 'initdb'))) : [];
  if (majors.length === 0) throw new Error(`no PostgreSQL server binaries in ${root}/<version>/bin: install postgresql or set PG_BIN_DIR`);
  return path.join(root, majors.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

/**
 * initdb refuses to run as root: as root the cluster belongs to the `postgres` user and every
 * server command runs through `runuser`; otherwise the current user owns it.
 */
async function asOwner(dataDir: string, cmd: string, args: string[]): Promise<string> {
  const asRoot = userInfo().uid === 0;
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  try {
    const { stdout } = await run(file, argv, { cwd: dataDir, timeout: 60_000 });
    return stdout;
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${path.basename(cmd)} failed: ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}

async function accepts(url: string): Promise<boolean> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  c.on('error', () => undefined);
  try {
    await c.connect();
    await c.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mi-pg-'));
  if (userInfo().uid === 0) {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    chownSync(dataDir, Number(uid.stdout.trim()), Number(gid.stdout.trim()));
  }
  const pgData = path.join(dataDir, 'data');
  const logFile = path.join(dataDir, 'server.log');
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  await asOwner(dataDir, path.join(bin, 'initdb'), ['-D', pgData, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  // fsync off: the machine does not crash in these tests, only the server does, and the page cache survives that.
  const options = [`-p ${port}`, '-c listen_addresses=127.0.0.1', `-c unix_socket_directories=${dataDir}`, '-c fsync=off', '-c max_connections=300'];

  const start = async (): Promise<void> => {
    await asOwner(dataDir, path.join(bin, 'pg_ctl'), ['start', '-D', pgData, '-l', logFile, '-w', '-t', '60', '-o', options.join(' ')]);
    const deadline = Date.now() + 30_000;
    while (!(await accepts(url))) {
      if (Date.now() > deadline) throw new Error(`private PostgreSQL on ${port} not accepting within 30 s:\n${readFileSync(logFile, 'utf8').slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const stop = async (mode: 'immediate' | 'fast' | 'smart' = 'immediate'): Promise<void> => {
    if (!existsSync(path.join(pgData, 'postmaster.pid'))) return;
    await asOwner(dataDir, path.join(bin, 'pg_ctl'), ['stop', '-D', pgData, '-m', mode, '-w', '-t', '60']);
  };

  await start();
  return {
    url,
    port,
    dataDir,
    stop,
    start,
    restart: async (mode = 'immediate') => {
      await stop(mode);
      await start();
    },
    dispose: async () => {
      await stop('fast').catch(() => stop('immediate'));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
