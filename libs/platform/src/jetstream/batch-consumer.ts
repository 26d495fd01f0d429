import { Logger, type Type } from '@nestjs/common';
import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JsMsg, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { deadLetterSubject, type ErrorBody, ErrorCodes } from '@mi/contracts';
import { RequestScope } from '../context/request-context';
import { toErrorBody } from '../errors/to-error-body';
import { createValidationPipe } from '../errors/validation.pipe';
import { newUuidV7 } from '../ids';
import type { JetStreamDelivery } from '../nats/mi-rpc-context';
import type { SubjectResolver } from '../nats/subject-resolver';

/** One validated event of a batch and how it was delivered. */
export interface BatchedEvent<T> {
  event: T;
  delivery: JetStreamDelivery;
}

/**
 * Handles a batch; returns one outcome per event, in order: `undefined` when the event is done
 * (acked), or the error it failed with (retried with back-off, dead-lettered when permanent or
 * out of attempts). A thrown error fails every event of the batch.
 */
export type BatchHandler<T> = (events: BatchedEvent<T>[]) => Promise<(unknown | undefined)[]>;

export interface BatchConsumerOptions<T extends object> {
  nc: NatsConnection;
  resolver: SubjectResolver;
  service: string;
  /** Event subject without the deployment prefix, e.g. `evt.review.ClaimSettled`. */
  pattern: string;
  /** The event's class: each event is validated as an `@EventPattern` payload would be. */
  eventClass: Type<T>;
  handle: BatchHandler<T>;
  maxDeliver: number;
  /** Most events handed over at once (default 200). */
  maxBatch?: number;
  backoffMs?: (deliveryCount: number) => number;
}

/**
 * A JetStream durable consumer that hands events over in batches, for a hot path whose cost is
 * one transaction per event (ledger postings). Same durable name, validation, request scope,
 * explicit ack, bounded redelivery and dead-letter stream as the `@EventPattern` consumers of
 * `MiNatsServer`; a batch is whatever has arrived (up to `maxBatch`) when the previous one is
 * done, so an idle stream still answers each event at once. Exactly-once effects remain the
 * handler's job (inbox + unique cause per event).
 */
export class JetStreamBatchConsumer<T extends object> {
  private readonly log = new Logger('JetStreamBatchConsumer');
  private readonly pipe = createValidationPipe();
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  private closed = false;
  private wake?: () => void;

  constructor(private readonly o: BatchConsumerOptions<T>) {}

  async start(): Promise<void> {
    const { nc, resolver, service, pattern, maxDeliver } = this.o;
    const jsm = await jetstreamManager(nc);
    const stream = resolver.eventsStream;
    const durable = resolver.durableName(service, pattern);
    const config = {
      durable_name: durable,
      filter_subject: resolver.subject(pattern),
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
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
    const maxBatch = this.o.maxBatch ?? 200;
    const messages = await consumer.consume({ max_messages: maxBatch * 2 });
    this.messages = messages;
    // A reader moves delivered messages into `arrived`; the worker hands over whatever has arrived
    // (up to maxBatch) each time the previous batch is done. Deciding "nothing more has arrived" from
    // `messages.getPending()` instead stalled the tail of a burst: nats.js counts its own pull
    // callbacks as in flight, so getPending() stayed above 0 with no message coming and the last
    // partial batch waited for the next message or for redelivery after ack_wait (30 s).
    const arrived: JsMsg[] = [];
    let ended = false;
    let wakeWorker: (() => void) | undefined;
    let wakeReader: (() => void) | undefined;
    const reader = (async () => {
      try {
        for await (const m of messages) {
          if (this.closed) {
            m.nak();
            continue;
          }
          arrived.push(m);
          wakeWorker?.();
          // Back-pressure: at most two batches wait here, as the pull itself allows.
          while (arrived.length >= maxBatch * 2 && !this.closed) await new Promise<void>((r) => (wakeReader = r));
        }
      } finally {
        ended = true;
        wakeWorker?.();
      }
    })();
    const worker = (async () => {
      for (;;) {
        if (this.closed) break;
        if (arrived.length === 0) {
          if (ended) break;
          await new Promise<void>((r) => (wakeWorker = r));
          wakeWorker = undefined;
          continue;
        }
        const batch = arrived.splice(0, maxBatch);
        wakeReader?.();
        wakeReader = undefined;
        await this.handleBatch(batch, durable);
      }
      // Closing: what arrived but was not handled goes back at once rather than after ack_wait.
      for (const m of arrived.splice(0)) m.nak();
    })();
    this.wake = () => {
      wakeWorker?.();
      wakeReader?.();
    };
    this.loop = Promise.all([reader, worker]).then(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    await this.messages?.close();
    await this.loop?.catch(() => undefined);
  }

  private async handleBatch(msgs: JsMsg[], durable: string): Promise<void> {
    const failures = new Map<JsMsg, ErrorBody>();
    const valid: { m: JsMsg; item: BatchedEvent<T> }[] = [];
    for (const m of msgs) {
      try {
        const event = (await this.pipe.transform(m.json(), { type: 'body', metatype: this.o.eventClass })) as T;
        const { stream, consumer, deliveryCount, streamSequence } = m.info;
        valid.push({ m, item: { event, delivery: { stream, consumer, deliveryCount, streamSequence } } });
      } catch (e) {
        failures.set(m, e instanceof SyntaxError ? { code: ErrorCodes.VALIDATION, message: 'event body is not JSON' } : toErrorBody(e).body);
      }
    }
    if (valid.length > 0) {
      let outcomes: (unknown | undefined)[];
      try {
        const scope = { requestId: newUuidV7(), actor: { kind: 'system', id: this.o.service, scope: '' } as const };
        outcomes = await RequestScope.run(scope, () => this.o.handle(valid.map((v) => v.item)));
      } catch (e) {
        outcomes = valid.map(() => e);
      }
      valid.forEach((v, i) => {
        const error = outcomes[i];
        if (error === undefined) return;
        const { body, expected } = toErrorBody(error);
        if (!expected) this.log.error({ msg: 'batch handler failed', subject: this.o.pattern, error: String((error as Error)?.stack ?? error) });
        failures.set(v.m, body);
      });
    }
    for (const m of msgs) {
      const failure = failures.get(m);
      if (!failure) m.ack();
      else await this.fail(m, durable, failure);
    }
  }

  private async fail(m: JsMsg, durable: string, failure: ErrorBody): Promise<void> {
    const deliveries = m.info.deliveryCount;
    if (failure.code === ErrorCodes.VALIDATION || deliveries >= this.o.maxDeliver) {
      const h = natsHeaders();
      if (m.headers) for (const [k, v] of m.headers) for (const one of v) h.append(k, one);
      h.set('x-mi-dlq-error-code', failure.code);
      h.set('x-mi-dlq-error', failure.message.slice(0, 500));
      h.set('x-mi-dlq-deliveries', String(deliveries));
      h.set('x-mi-dlq-stream-seq', String(m.info.streamSequence));
      const subject = this.o.resolver.subject(deadLetterSubject(durable, this.o.resolver.unprefixed(m.subject)));
      await jetstream(this.o.nc).publish(subject, m.data, { headers: h });
      this.log.error({ msg: 'event dead-lettered', subject: m.subject, consumer: durable, deliveries, error: failure });
      m.term();
      return;
    }
    this.log.warn({ msg: 'event handler failed, will retry', subject: this.o.pattern, consumer: durable, delivery: deliveries, error: failure });
    const backoff = this.o.backoffMs ?? ((n: number) => Math.min(30_000, 250 * 2 ** (n - 1)));
    m.nak(backoff(deliveries));
  }
}
