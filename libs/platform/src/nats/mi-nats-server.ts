import { Logger } from '@nestjs/common';
import { type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import { headers as natsHeaders, type Msg, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JsMsg, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { context as otelContext, SpanKind, trace } from '@opentelemetry/api';
import { lastValueFrom } from 'rxjs';
import { deadLetterSubject, ErrorCodes, Headers, type ErrorBody } from '@mi/contracts';
import { newUuidV7 } from '../ids';
import { RequestScope } from '../context/request-context';
import { ErrorReply } from '../errors/error-reply';
import { toErrorBody } from '../errors/to-error-body';
import { extractTrace } from '../otel/nats-propagation';
import { MiRpcContext } from './mi-rpc-context';
import type { SubjectResolver } from './subject-resolver';
import type { ActorTokenCodec } from '../security/actor-token';
import type { Actor } from '../security/actor';

export interface MiNatsServerOptions {
  nc: NatsConnection;
  /** Verifies the caller identity every request must carry (`x-mi-actor`). */
  actors: ActorTokenCodec;
  service: string;
  resolver: SubjectResolver;
  maxDeliver: number;
  /** Delay before a failed event is redelivered, per attempt (ms). */
  backoffMs?: (deliveryCount: number) => number;
}

const tracer = trace.getTracer('mi-nats');

/**
 * NestJS transport for the platform: core-NATS request/reply with queue group = service name,
 * and JetStream durable consumers for `@EventPattern` handlers (explicit ack, bounded
 * redelivery, dead-letter stream). Every handler runs inside a request scope carrying the request
 * id, caller identity and trace context from the message headers.
 */
export class MiNatsServer extends Server implements CustomTransportStrategy {
  private readonly log = new Logger('MiNatsServer');
  private readonly subscriptions: Subscription[] = [];
  private readonly consumers: ConsumerMessages[] = [];
  private readonly loops: Promise<void>[] = [];
  private closed = false;

  constructor(private readonly opts: MiNatsServerOptions) {
    super();
  }

  async listen(callback: (...optionalParams: unknown[]) => unknown): Promise<void> {
    try {
      for (const [pattern, handler] of this.messageHandlers) {
        if (handler.isEventHandler) await this.startConsumer(pattern, handler);
        else this.startResponder(pattern, handler);
      }
      callback();
    } catch (e) {
      callback(e);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const s of this.subscriptions) s.unsubscribe();
    for (const c of this.consumers) await c.close();
    await Promise.allSettled(this.loops);
  }

  on(): void {
    throw new Error('MiNatsServer does not emit events');
  }

  unwrap<T>(): T {
    return this.opts.nc as T;
  }

  private startResponder(pattern: string, handler: MessageHandler): void {
    const subject = this.opts.resolver.subject(pattern);
    const sub = this.opts.nc.subscribe(subject, {
      queue: this.opts.service,
      callback: (err, msg) => {
        if (err) {
          this.log.error({ msg: 'subscription error', subject, error: String(err) });
          return;
        }
        void this.handleRequest2(pattern, handler, msg);
      },
    });
    this.subscriptions.push(sub);
  }

  private async handleRequest2(pattern: string, handler: MessageHandler, msg: Msg): Promise<void> {
    const respond = (body: unknown): void => {
      if (msg.reply) msg.respond(JSON.stringify(body));
    };
    let data: unknown;
    try {
      data = msg.data.length === 0 ? {} : msg.json();
    } catch {
      respond({ ok: false, error: { code: ErrorCodes.VALIDATION, message: 'message body is not JSON' } });
      return;
    }
    const deadline = Number(msg.headers?.get(Headers.deadline) ?? '') || undefined;
    // No handler runs for a caller whose identity is missing, forged or expired.
    const token = msg.headers?.get(Headers.actor) || '';
    let actor: Actor;
    try {
      actor = this.opts.actors.verify(token, Date.now()).actor;
    } catch (e) {
      const { body } = toErrorBody(e);
      respond({ ok: false, error: { ...body, code: ErrorCodes.UNAUTHENTICATED } });
      return;
    }
    const result = await this.invoke(pattern, handler, data, new MiRpcContext([pattern, msg.headers, undefined]), msg.headers, deadline, {
      actor,
      actorToken: token,
    });
    if (result instanceof ErrorReply) respond({ ok: false, error: result.error });
    else respond({ ok: true, data: result ?? null });
  }

  /** Runs a handler in the request scope + a CONSUMER span; never throws. */
  private async invoke(
    pattern: string,
    handler: MessageHandler,
    data: unknown,
    ctx: MiRpcContext,
    hdrs: Msg['headers'],
    deadline?: number,
    identity?: { actor: Actor; actorToken: string },
  ): Promise<unknown> {
    const parent = extractTrace(hdrs);
    const span = tracer.startSpan(
      `process ${pattern}`,
      { kind: SpanKind.CONSUMER, attributes: { 'messaging.system': 'nats', 'messaging.destination.name': pattern } },
      parent,
    );
    const scope = {
      requestId: hdrs?.get(Headers.requestId) || newUuidV7(),
      // Events are processed by the service itself, on behalf of the platform.
      actor: identity?.actor ?? ({ kind: 'system', id: this.opts.service, scope: '' } as const),
      actorToken: identity?.actorToken,
      traceparent: hdrs?.get(Headers.traceparent) || undefined,
      deadline,
    };
    try {
      return await otelContext.with(trace.setSpan(parent, span), () =>
        RequestScope.run(scope, async () => {
          const out = await handler(data, ctx);
          return lastValueFrom(this.transformToObservable(out), { defaultValue: undefined });
        }),
      );
    } catch (e) {
      const { body, expected } = toErrorBody(e);
      if (!expected) this.log.error({ msg: 'handler failed', subject: pattern, error: String((e as Error)?.stack ?? e) });
      return new ErrorReply(body);
    } finally {
      span.end();
    }
  }

  private async startConsumer(pattern: string, handler: MessageHandler): Promise<void> {
    const { nc, resolver, service, maxDeliver } = this.opts;
    const jsm = await jetstreamManager(nc);
    const stream = resolver.eventsStream;
    const durable = resolver.durableName(service, pattern);
    const config = {
      durable_name: durable,
      filter_subject: resolver.subject(pattern),
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      // Redelivery is driven by our own nak(delay); max_deliver is one more than ours so that the
      // server never drops a message before we have dead-lettered it.
      max_deliver: maxDeliver + 1,
      ack_wait: 30_000_000_000,
    };
    try {
      await jsm.consumers.info(stream, durable);
      await jsm.consumers.update(stream, durable, { max_deliver: config.max_deliver, ack_wait: config.ack_wait });
    } catch {
      await jsm.consumers.add(stream, config);
    }
    const consumer = await jetstream(nc).consumers.get(stream, durable);
    const messages = await consumer.consume({ max_messages: 64 });
    this.consumers.push(messages);
    this.loops.push(
      (async () => {
        for await (const m of messages) {
          if (this.closed) break;
          await this.handleEventMessage(pattern, handler, m, durable);
        }
      })(),
    );
  }

  private async handleEventMessage(pattern: string, handler: MessageHandler, m: JsMsg, durable: string): Promise<void> {
    const delivery = {
      stream: m.info.stream,
      consumer: m.info.consumer,
      deliveryCount: m.info.deliveryCount,
      streamSequence: m.info.streamSequence,
    };
    let data: unknown;
    let failure: ErrorBody | undefined;
    try {
      data = m.json();
    } catch {
      failure = { code: ErrorCodes.VALIDATION, message: 'event body is not JSON' };
    }
    if (!failure) {
      const result = await this.invoke(pattern, handler, data, new MiRpcContext([pattern, m.headers, delivery]), m.headers);
      if (result instanceof ErrorReply) failure = result.error;
    }
    if (!failure) {
      m.ack();
      return;
    }
    // A validation failure will fail the same way every time: dead-letter it at once.
    const permanent = failure.code === ErrorCodes.VALIDATION;
    if (permanent || delivery.deliveryCount >= this.opts.maxDeliver) {
      await this.deadLetter(m, durable, failure, delivery.deliveryCount);
      m.term(); // no reason text: nats-server 2.9 does not parse "+TERM <reason>"
      return;
    }
    this.log.warn({ msg: 'event handler failed, will retry', subject: pattern, consumer: durable, delivery: delivery.deliveryCount, error: failure });
    const backoff = this.opts.backoffMs ?? ((n: number) => Math.min(30_000, 250 * 2 ** (n - 1)));
    m.nak(backoff(delivery.deliveryCount));
  }

  private async deadLetter(m: JsMsg, durable: string, error: ErrorBody, deliveries: number): Promise<void> {
    const h = natsHeaders();
    if (m.headers) for (const [k, v] of m.headers) for (const one of v) h.append(k, one);
    h.set('x-mi-dlq-error-code', error.code);
    h.set('x-mi-dlq-error', error.message.slice(0, 500));
    h.set('x-mi-dlq-deliveries', String(deliveries));
    h.set('x-mi-dlq-stream-seq', String(m.info.streamSequence));
    const subject = this.opts.resolver.subject(deadLetterSubject(durable, this.opts.resolver.unprefixed(m.subject)));
    await jetstream(this.opts.nc).publish(subject, m.data, { headers: h });
    this.log.error({ msg: 'event dead-lettered', subject: m.subject, consumer: durable, deliveries, error });
  }
}
