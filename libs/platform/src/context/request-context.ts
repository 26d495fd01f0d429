import { AsyncLocalStorage } from 'node:async_hooks';
import type { Actor } from '../security/actor';

/**
 * Per-request context carried across async calls and into NATS headers: request id, the verified
 * caller identity (and the signed token it arrived in, forwarded unchanged on onward calls), trace
 * context and deadline.
 */
export interface MiRequestContext {
  requestId: string;
  actor?: Actor;
  /** The signed `x-mi-actor` token this request arrived with. */
  actorToken?: string;
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
