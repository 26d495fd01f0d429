/**
 * Import first in every main.ts (`import '@mi/platform/otel'`), before Nest, pg or NATS load,
 * so instrumentation can patch them. Tracing is off unless OTEL_EXPORTER_OTLP_ENDPOINT is set;
 * this is the one place that reads the environment before the validated config exists.
 */
import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';

const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
if (endpoint) {
  const sdk = new NodeSDK({
    serviceName: process.env.SERVICE_NAME ?? process.env.OTEL_SERVICE_NAME ?? 'mi',
    traceExporter: new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` }),
    // HTTP server spans at the gateway (health probes not traced); pg spans in every service.
    instrumentations: [new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => req.url === '/health' || req.url === '/ready' }), new PgInstrumentation()],
  });
  sdk.start();
  process.once('beforeExit', () => void sdk.shutdown());
}
