import { anInstitutionRegistration, startTestPlatform, type TestPlatform, TraceCollector, waitFor } from '@mi/testing';

/**
 * OpenTelemetry end to end: with OTEL_EXPORTER_OTLP_ENDPOINT set, one trace spans the gateway's
 * HTTP request, the NATS request, the handler in agreement-service and its PostgreSQL queries;
 * the event consumed by credit-service carries the trace on.
 */
describe('one trace from HTTP through NATS to PostgreSQL and the event consumer', () => {
  const collector = new TraceCollector();
  let platform: TestPlatform;

  beforeAll(async () => {
    await collector.start();
    platform = await startTestPlatform(['agreement-service', 'credit-service'], {
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_BSP_SCHEDULE_DELAY: 100 },
    });
  });

  afterAll(async () => {
    await platform?.stop();
    await collector.stop();
  });

  it('links gateway HTTP → NATS request → handler → pg, and the event consumer', async () => {
    expect((await platform.admin.post('/api/v1/institutions', anInstitutionRegistration())).status).toBe(201);

    const consumer = await waitFor(
      () => collector.spans.find((s) => s.service === 'credit-service' && s.name === 'process evt.agreement.InstitutionRegistered'),
      20_000,
      'consumer span',
    );
    const byName = (service: string, name: RegExp) => collector.spans.find((s) => s.traceId === consumer.traceId && s.service === service && name.test(s.name));
    // Each process exports on its own schedule: wait until all three have delivered their spans.
    await waitFor(() => byName('gateway', /^POST/) && byName('agreement-service', /^process /), 10_000, 'gateway and handler spans');
    const trace = collector.spans.filter((s) => s.traceId === consumer.traceId);

    const http = byName('gateway', /^POST/);
    const send = byName('gateway', /^send mi\.v1\.agreement\.register-institution$/);
    const handle = byName('agreement-service', /^process mi\.v1\.agreement\.register-institution$/);
    expect(http).toBeDefined();
    expect(send?.parentSpanId).toBe(http?.spanId);
    expect(handle?.parentSpanId).toBe(send?.spanId);
    // pg spans of the use case hang below the handler's span.
    const pg = trace.filter((s) => s.service === 'agreement-service' && s.parentSpanId === handle?.spanId && /^pg\./.test(s.name));
    expect(pg.length).toBeGreaterThan(0);
    // The event consumer continues the same trace from the outbox row's traceparent.
    expect(consumer.parentSpanId).toBe(handle?.spanId);
    // Outbox polling and readiness probes do not flood the trace store with root spans.
    // (the relays poll every 50 ms here: 20 polls per process in a second would show up).
    const rootPg = () => collector.spans.filter((s) => s.name.startsWith('pg.') && !s.parentSpanId).length;
    const before = rootPg();
    await new Promise((r) => setTimeout(r, 1000));
    expect(rootPg() - before).toBeLessThan(3);
  });
});
