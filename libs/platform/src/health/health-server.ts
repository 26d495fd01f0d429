import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReadinessCheck = () => Promise<{ name: string; ok: boolean; detail?: string }>;

/**
 * `/health` (process alive) and `/ready` (every dependency answers) for orchestrators; a plain
 * node:http server so it works the same in every service, HTTP or not.
 */
export class HealthServer {
  private server?: Server;

  constructor(
    private readonly service: string,
    private readonly checks: ReadinessCheck[],
  ) {}

  async start(port: number, host = '0.0.0.0'): Promise<number> {
    this.server = createServer((req, res) => {
      void (async () => {
        if (req.url === '/health') {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', service: this.service }));
          return;
        }
        if (req.url === '/ready') {
          const results = await Promise.all(this.checks.map((c) => c().catch((e: unknown) => ({ name: 'check', ok: false, detail: String(e) }))));
          const ok = results.every((r) => r.ok);
          res
            .writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
            .end(JSON.stringify({ status: ok ? 'ready' : 'not-ready', service: this.service, checks: results }));
          return;
        }
        res.writeHead(404).end();
      })();
    });
    await new Promise<void>((resolve) => this.server?.listen(port, host, resolve));
    return (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
