import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunningHttp } from '@mi/platform';
import { createTestInfra, type TestInfra } from '@mi/testing';
import type { GatewayConfig } from '../src/config';
import { startGateway } from '../src/gateway';
import { isPortalRoute } from '../src/http/portal-static';
import { createOpenApiDocument } from '../src/openapi/openapi-document';
import { persistence } from '../src/persistence';

/**
 * The gateway serves the admin portal's build: files, index.html for client-side routes, and
 * problem+json 404s for unknown server paths. The OpenAPI document the portal's types come from
 * (built without DB or NATS) is the one the running gateway serves.
 */
describe('gateway: the admin portal and its OpenAPI document', () => {
  let infra: TestInfra;
  let sut: RunningHttp<GatewayConfig>;
  let base: string;
  const portalDir = mkdtempSync(path.join(tmpdir(), 'portal-'));

  beforeAll(async () => {
    mkdirSync(path.join(portalDir, 'assets'));
    writeFileSync(path.join(portalDir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(path.join(portalDir, 'assets', 'index-abc123.js'), 'console.log(1)');
    infra = await createTestInfra([persistence]);
    sut = await startGateway({ env: infra.env('gateway', { PORTAL_DIR: portalDir, NATS_REQUEST_TIMEOUT_MS: 500 }), logger: false });
    base = `http://127.0.0.1:${sut.httpPort}`;
  });

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
    rmSync(portalDir, { recursive: true, force: true });
  });

  it('serves index.html at / and for client-side routes, not cached', async () => {
    for (const p of ['/', '/agreements/H43010200001', '/login']) {
      const res = await fetch(`${base}${p}`);
      expect({ p, status: res.status, type: res.headers.get('content-type') }).toEqual({ p, status: 200, type: 'text/html; charset=utf-8' });
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('<div id="root">');
    }
  });

  it('serves hashed assets with a long cache', async () => {
    const res = await fetch(`${base}/assets/index-abc123.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
  });

  it('keeps unknown API paths problem+json 404s', async () => {
    for (const p of ['/api/v1/nope', '/his/v1/nope', '/fsi/nope']) {
      const res = await fetch(`${base}${p}`);
      expect({ p, status: res.status }).toEqual({ p, status: p.startsWith('/fsi/') ? 200 : 404 });
      if (!p.startsWith('/fsi/')) expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await fetch(`${base}/api/v1/auth/me`)).status).toBe(401);
  });

  it('builds the same OpenAPI paths without a database or NATS as the running gateway serves', async () => {
    const served = (await (await fetch(`${base}/docs/openapi.json`)).json()) as { paths: Record<string, unknown> };
    const built = await createOpenApiDocument();
    expect(Object.keys(built.paths).sort()).toEqual(Object.keys(served.paths).sort());
    expect(built.paths['/api/v1/agreements/{code}/suspensions']).toEqual(served.paths['/api/v1/agreements/{code}/suspensions']);
  });

  it('tells portal routes from server paths', () => {
    expect(isPortalRoute('/approvals?status=PENDING')).toBe(true);
    expect(isPortalRoute('/docs')).toBe(false);
    expect(isPortalRoute('/api')).toBe(false);
    expect(isPortalRoute('/apiary')).toBe(true);
  });
});

describe('gateway without a portal build', () => {
  it('still starts and answers the API', async () => {
    const infra = await createTestInfra([persistence]);
    const sut = await startGateway({ env: infra.env('gateway', { PORTAL_DIR: '/nonexistent/portal' }), logger: false });
    try {
      const base = `http://127.0.0.1:${sut.httpPort}`;
      expect((await fetch(`${base}/api/v1/auth/me`)).status).toBe(401);
      expect((await fetch(`${base}/agreements`)).headers.get('content-type')).toContain('application/problem+json');
    } finally {
      await sut.close();
      await infra.close();
    }
  });
});
