import type { RunningHttp } from '@mi/platform';
import { createTestInfra, type TestInfra } from '@mi/testing';
import type { GatewayConfig } from '../src/config';
import { startGateway } from '../src/gateway';
import { persistence } from '../src/persistence';

/** The gateway alone: its HTTP edge behaviour does not depend on any service being up. */
describe('gateway HTTP edge', () => {
  let infra: TestInfra;
  let sut: RunningHttp<GatewayConfig>;
  let base: string;

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startGateway({ env: infra.env('gateway', { NATS_REQUEST_TIMEOUT_MS: 500 }), logger: false });
    base = `http://127.0.0.1:${sut.httpPort}`;
  });

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
  });

  it('validates the body before anything leaves the gateway (400 problem+json with fields)', async () => {
    const res = await fetch(`${base}/api/v1/institutions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'H4301', name: 1 }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = (await res.json()) as { code: string; details: { fields: { field: string }[] } };
    expect(body.code).toBe('VALIDATION');
    expect(new Set(body.details.fields.map((f) => f.field))).toEqual(new Set(['code', 'name', 'type', 'level', 'admdvs', 'uscc']));
  });

  it('answers 503 UNAVAILABLE at once when the service behind the route is not running', async () => {
    const res = await fetch(`${base}/api/v1/institutions/H43010200001`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ code: 'UNAVAILABLE', status: 503 });
  });

  it('echoes a sane caller request id and replaces an unsafe one', async () => {
    const mine = await fetch(`${base}/api/v1/institutions/H43010200001`, { headers: { 'x-request-id': 'his-req-0001' } });
    expect(mine.headers.get('x-request-id')).toBe('his-req-0001');
    expect(((await mine.json()) as { requestId: string }).requestId).toBe('his-req-0001');
    const unsafe = await fetch(`${base}/api/v1/institutions/H43010200001`, { headers: { 'x-request-id': 'x\u0000y'.replace('\u0000', ' ') } });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
  });

  it('answers /health on its health port', async () => {
    const res = await fetch(`http://127.0.0.1:${sut.healthPort}/health`);
    expect(await res.json()).toEqual({ status: 'ok', service: 'gateway' });
  });
});
