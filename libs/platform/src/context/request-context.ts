import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Per-request context carried across async calls and into NATS headers: request id, the signed
 * caller identity (opaque here; the security issue defines it), trace context and deadline.
 */
export interface MiRequestContext {
  requestId: string;
  actor?: string;
  traceparent?: string;
  tracestate?: string;
  /** Epoch ms after which the caller no longer waits. */
  deadline?: number;
}

const storage = new AsyncLocalStorage<MiRequestContext>();

export const RequestScope = {
  run<T>(ctx: MiRequestContext, fn: () => T): T {
    return storage.run(ctx, fn);
  },
  current(): MiRequestContext | undefined {
    return storage.getStore();
  },
};
