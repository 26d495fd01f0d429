import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** A platform process started from its build (`dist/apps/<app>/src/main.js`), as in production. */
export interface SpawnedService {
  name: string;
  process: ChildProcess;
  /** The ready line the process printed (`{ msg: 'ready', healthPort, url? }`). */
  ready: { healthPort: number; url?: string };
  logs(): string;
  /** Sends a signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The workspace root (the folder with nx.json), from the sources or from dist/. */
export const WORKSPACE_ROOT = ((): string => {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'nx.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();

export async function spawnService(app: string, env: Record<string, string | number>, timeoutMs = 60_000): Promise<SpawnedService> {
  const main = path.join(WORKSPACE_ROOT, 'dist/apps', app, 'src/main.js');
  const child = spawn(process.execPath, ['--enable-source-maps', main], {
    cwd: WORKSPACE_ROOT,
    env: { PATH: process.env.PATH ?? '', TZ: 'UTC', ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = await new Promise<{ healthPort: number; url?: string }>((resolve, reject) => {
    // A process that is not ready in time is killed, not left behind: a leaked one kept its
    // database connections and made the next test files time out in turn.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${app} not ready within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      for (const line of out.split('\n')) {
        if (!line.includes('"msg":"ready"')) continue;
        try {
          const parsed = JSON.parse(line) as { healthPort: number; url?: string };
          clearTimeout(timer);
          resolve(parsed);
          return;
        } catch {
          /* partial line */
        }
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${app} exited with ${code} before it was ready:\n${out}`));
    });
  });
  return {
    name: app,
    process: child,
    ready,
    logs: () => out,
    stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      return exited;
    },
  };
}
