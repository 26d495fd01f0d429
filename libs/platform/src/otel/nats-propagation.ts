import { context, propagation, type Context } from '@opentelemetry/api';
import type { MsgHdrs } from '@nats-io/transport-node';

/**
 * No OpenTelemetry instrumentation exists for NATS (STACK.md §7), so trace context is carried
 * by hand: inject on publish/request, extract in the server before running the handler.
 */
export function injectTrace(h: MsgHdrs, ctx: Context = context.active()): void {
  propagation.inject(ctx, h, { set: (carrier, key, value) => carrier.set(key, value) });
}

export function extractTrace(h: MsgHdrs | undefined): Context {
  return propagation.extract(context.active(), h, {
    get: (carrier, key) => carrier?.get(key) || undefined,
    keys: (carrier) => (carrier ? carrier.keys() : []),
  });
}
