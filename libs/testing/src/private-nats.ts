import { type ChildProcess, spawn } from 'node:child_process';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A nats-server with JetStream (file storage) of its own, on a free loopback port, for fault tests
 * that stop and restart the broker without disturbing anything else on the machine's shared NATS.
 * Restarts keep the port and the store directory, as a real broker restart does.
 */
export interface PrivateNatsServer {
  url: string;
  port: number;
  /** SIGKILL (default, a crash) or SIGTERM the server and wait for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and store; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops it and deletes its store. */
  dispose(): Promise<void>;
}

/** A free TCP port on loopback (for private servers). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = new Socket();
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
    s.connect(port, '127.0.0.1');
  });
}

export async function startPrivateNatsServer(binary = process.env.NATS_SERVER_BIN ?? 'nats-server'): Promise<PrivateNatsServer> {
  const port = await freePort();
  const storeDir = mkdtempSync(path.join(tmpdir(), 'mi-nats-'));
  let child: ChildProcess | undefined;
  let log = '';

  const start = async (): Promise<void> => {
    const proc = spawn(binary, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout?.on('data', (c: Buffer) => (log += c.toString()));
    proc.stderr?.on('data', (c: Buffer) => (log += c.toString()));
    child = proc;
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) throw new Error(`nats-server exited with ${proc.exitCode}:\n${log.slice(-2000)}`);
      if (await accepts(port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`nats-server on ${port} not accepting within 15 s:\n${log.slice(-2000)}`);
  };

  const stop = async (signal: NodeJS.Signals = 'SIGKILL'): Promise<void> => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill(signal);
    await exited;
  };

  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    stop,
    start,
    dispose: async () => {
      await stop('SIGTERM');
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

/** Three (or `size`) nats-servers in one JetStream cluster on loopback, each node stoppable on its own. */
export interface PrivateNatsCluster {
  /** Every node's client URL, comma-separated (NATS_URL). */
  url: string;
  nodes: { name: string; url: string; stop(signal?: NodeJS.Signals): Promise<void>; start(): Promise<void> }[];
  dispose(): Promise<void>;
}

/**
 * A JetStream cluster of `size` nodes on loopback (routes between all, file stores of their own),
 * resolved once its meta leader is elected — the production topology of infra/nats/cluster in
 * miniature, for a fault test that stops one node under traffic.
 */
export async function startPrivateNatsCluster(size = 3, binary = process.env.NATS_SERVER_BIN ?? 'nats-server'): Promise<PrivateNatsCluster> {
  const clientPorts: number[] = [];
  const routePorts: number[] = [];
  for (let i = 0; i < size; i++) {
    clientPorts.push(await freePort());
    routePorts.push(await freePort());
  }
  const routes = routePorts.map((p) => `nats://127.0.0.1:${p}`);
  const nodes = clientPorts.map((port, i) => {
    const name = `n${i + 1}`;
    const storeDir = mkdtempSync(path.join(tmpdir(), `mi-nats-${name}-`));
    let child: ChildProcess | undefined;
    let log = '';
    const start = async (): Promise<void> => {
      const args = ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir, '--server_name', name, '--cluster_name', 'mi'];
      args.push('--cluster', routes[i], '--routes', routes.filter((_, j) => j !== i).join(','));
      const proc = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      proc.stdout?.on('data', (c: Buffer) => (log += c.toString()));
      proc.stderr?.on('data', (c: Buffer) => (log += c.toString()));
      child = proc;
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        if (proc.exitCode !== null) throw new Error(`nats-server ${name} exited with ${proc.exitCode}:\n${log.slice(-2000)}`);
        if (await accepts(port)) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`nats-server ${name} on ${port} not accepting within 15 s:\n${log.slice(-2000)}`);
    };
    const stop = async (signal: NodeJS.Signals = 'SIGKILL'): Promise<void> => {
      const proc = child;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.kill(signal);
      await exited;
    };
    return { name, url: `nats://127.0.0.1:${port}`, storeDir, start, stop };
  });
  await Promise.all(nodes.map((n) => n.start()));
  const url = nodes.map((n) => n.url).join(',');
  await jetStreamReady(url);
  return {
    url,
    nodes: nodes.map(({ name, url: u, start, stop }) => ({ name, url: u, start, stop })),
    dispose: async () => {
      await Promise.all(nodes.map((n) => n.stop('SIGTERM')));
      for (const n of nodes) rmSync(n.storeDir, { recursive: true, force: true });
    },
  };
}

/** Waits until the cluster answers JetStream requests (its meta leader is elected). */
async function jetStreamReady(url: string): Promise<void> {
  const nc = await connect({ servers: url.split(','), maxReconnectAttempts: -1 });
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await (await jetstreamManager(nc)).getAccountInfo();
        return;
      } catch (e) {
        if (Date.now() > deadline) throw new Error(`JetStream cluster not ready within 30 s: ${String(e)}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  } finally {
    await nc.close();
  }
}
