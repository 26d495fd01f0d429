import { headers as natsHeaders, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import { context as otelContext, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ErrorCodes, Headers, isReply, type ErrorBody, type Reply } from '@mi/contracts';
import { DomainError } from '@mi/domain';
import { type MiRequestContext, RequestScope } from '../context/request-context';
import type { Actor } from '../security/actor';
import type { ActorTokenCodec } from '../security/actor-token';
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
  /** Extra headers. */
  headers?: Record<string, string>;
}

const tracer = trace.getTracer('mi-nats');

/**
 * Request/reply client over core NATS. Propagates request id, caller identity, deadline and
 * trace context from the current request scope; maps "no responders" to UNAVAILABLE and a
 * timeout to TIMEOUT so callers (and the gateway) can answer clearly instead of hanging.
 */
export class MiNatsClient {
  private readonly signed = new Map<string, { token: string; renewAt: number }>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly resolver: SubjectResolver,
    private readonly defaultTimeoutMs: number,
    private readonly identity: { codec: ActorTokenCodec; service: string; ttlMs: number },
  ) {}

  /**
   * The caller identity for the outgoing request: the token the current request arrived with
   * (forwarded unchanged), else the current actor signed now (the gateway after authenticating),
   * else this service itself as a system actor (events, schedules).
   */
  private actorToken(scope: MiRequestContext | undefined): string {
    if (scope?.actorToken) return scope.actorToken;
    const actor: Actor = scope?.actor ?? { kind: 'system', id: this.identity.service, scope: '' };
    // One signature serves the calls of one request (and a service's own calls) while it has at
    // least half its lifetime left: an HMAC per call was a measurable share of a call (B9).
    const nowMs = Date.now();
    const key = `${scope?.requestId ?? ''}\u0000${JSON.stringify(actor)}`;
    const kept = this.signed.get(key);
    if (kept && nowMs < kept.renewAt) return kept.token;
    const token = this.identity.codec.sign(actor, { nowMs, ttlMs: this.identity.ttlMs, requestId: scope?.requestId });
    if (this.signed.size >= 256) this.signed.clear();
    this.signed.set(key, { token, renewAt: nowMs + Math.floor(this.identity.ttlMs / 2) });
    return token;
  }

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
    const h = this.buildHeaders(opts.headers, scope?.requestId, this.actorToken(scope), Date.now() + timeout);
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

  private buildHeaders(extra: Record<string, string> | undefined, requestId: string | undefined, actorToken: string, deadline: number): MsgHdrs {
    const h = natsHeaders();
    h.set(Headers.requestId, requestId ?? newUuidV7());
    h.set(Headers.actor, actorToken);
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
