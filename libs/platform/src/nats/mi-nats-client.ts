import { headers as natsHeaders, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import { context as otelContext, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ErrorCodes, Headers, isReply, type ErrorBody, type Reply } from '@mi/contracts';
import { DomainError } from '@mi/domain';
import { RequestScope } from '../context/request-context';
import { newUuidV7 } from '../ids';
import { injectTrace } from '../otel/nats-propagation';
import type { SubjectResolver } from './subject-resolver';

/** An `{ ok: false }` reply from another service, re-thrown with the callee's code. */
export class RemoteError extends DomainError {
  constructor(
    readonly subject: string,
    body: ErrorBody,
  ) {
    super(body.code, body.message, { ...(body.details ?? {}), subject });
    this.name = 'RemoteError';
  }
}

export interface RequestOptions {
  timeoutMs?: number;
  /** Extra headers (e.g. a signed actor for a system call). */
  headers?: Record<string, string>;
}

const tracer = trace.getTracer('mi-nats');

/**
 * Request/reply client over core NATS. Propagates request id, caller identity, deadline and
 * trace context from the current request scope; maps "no responders" to UNAVAILABLE and a
 * timeout to TIMEOUT so callers (and the gateway) can answer clearly instead of hanging.
 */
export class MiNatsClient {
  constructor(
    private readonly nc: NatsConnection,
    private readonly resolver: SubjectResolver,
    private readonly defaultTimeoutMs: number,
  ) {}

  /** Returns `data` of an ok reply; throws {@link RemoteError} for an error reply. */
  async request<T>(subject: string, data: unknown, opts: RequestOptions = {}): Promise<T> {
    const reply = await this.requestReply<T>(subject, data, opts);
    if (reply.ok) return reply.data;
    throw new RemoteError(subject, reply.error);
  }

  /** Returns the reply envelope as is (ok or error); transport failures become error replies. */
  async requestReply<T>(subject: string, data: unknown, opts: RequestOptions = {}): Promise<Reply<T>> {
    const scope = RequestScope.current();
    const timeout = this.effectiveTimeout(opts.timeoutMs, scope?.deadline);
    const span = tracer.startSpan(`send ${subject}`, {
      kind: SpanKind.PRODUCER,
      attributes: { 'messaging.system': 'nats', 'messaging.destination.name': subject },
    });
    const h = this.buildHeaders(opts.headers, scope?.requestId, scope?.actor, Date.now() + timeout);
    injectTrace(h, trace.setSpan(otelContext.active(), span));
    try {
      const msg = await this.nc.request(this.resolver.subject(subject), JSON.stringify(data ?? {}), { timeout, headers: h });
      const body: unknown = msg.json();
      if (!isReply(body)) return { ok: false, error: { code: ErrorCodes.INTERNAL, message: `malformed reply from ${subject}` } };
      return body as Reply<T>;
    } catch (e) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      return { ok: false, error: transportError(subject, e, timeout) };
    } finally {
      span.end();
    }
  }

  private effectiveTimeout(requested: number | undefined, deadline: number | undefined): number {
    const base = requested ?? this.defaultTimeoutMs;
    if (deadline === undefined) return base;
    return Math.max(1, Math.min(base, deadline - Date.now()));
  }

  private buildHeaders(extra: Record<string, string> | undefined, requestId: string | undefined, actor: string | undefined, deadline: number): MsgHdrs {
    const h = natsHeaders();
    h.set(Headers.requestId, requestId ?? newUuidV7());
    if (actor) h.set(Headers.actor, actor);
    h.set(Headers.deadline, String(deadline));
    for (const [k, v] of Object.entries(extra ?? {})) h.set(k, v);
    return h;
  }
}

function transportError(subject: string, e: unknown, timeout: number): ErrorBody {
  const chain: string[] = [];
  for (let cur: unknown = e; cur instanceof Error && chain.length < 5; cur = (cur as Error & { cause?: unknown }).cause) {
    chain.push(`${cur.name}:${cur.message}`);
  }
  const text = chain.join(' ').toLowerCase();
  if (text.includes('no responders') || text.includes('norespond') || text.includes('503')) {
    return { code: ErrorCodes.UNAVAILABLE, message: `no service answers ${subject}`, details: { subject } };
  }
  if (text.includes('timeout')) {
    return { code: ErrorCodes.TIMEOUT, message: `${subject} did not answer within ${timeout} ms`, details: { subject, timeoutMs: timeout } };
  }
  return { code: ErrorCodes.UNAVAILABLE, message: `request to ${subject} failed: ${chain[0] ?? String(e)}`, details: { subject } };
}
