import type { EntityManager } from '@mikro-orm/postgresql';
import { trace } from '@opentelemetry/api';
import type { EventEnvelope } from '@mi/contracts';
import type { Clock } from '@mi/domain';
import { newUuidV7 } from '../ids';

export interface NewEvent<P> {
  /** Event subject constant from @mi/contracts `EventSubjects`. */
  subject: string;
  type: string;
  version?: number;
  admdvs: string;
  aggregateId: string;
  payload: P;
}

/**
 * Writes domain events into the service's outbox table inside the caller's transaction, so an
 * event exists if and only if its state change committed. The {@link OutboxRelay} publishes it.
 */
export class OutboxService {
  constructor(
    private readonly schema: string,
    private readonly clock: Clock,
  ) {}

  async add<P>(em: EntityManager, event: NewEvent<P>): Promise<EventEnvelope<P>> {
    const [envelope] = await this.addAll(em, [event]);
    return envelope;
  }

  /**
   * Several events in one statement (bulk intake writes one per settlement): the same rows, in
   * the same order, as {@link add} once per event, without a round trip per event.
   */
  async addAll<P>(em: EntityManager, events: readonly NewEvent<P>[]): Promise<EventEnvelope<P>[]> {
    if (events.length === 0) return [];
    const spanCtx = trace.getActiveSpan()?.spanContext();
    const traceparent = spanCtx ? `00-${spanCtx.traceId}-${spanCtx.spanId}-${spanCtx.traceFlags.toString(16).padStart(2, '0')}` : undefined;
    const envelopes = events.map((event): EventEnvelope<P> => ({
      id: newUuidV7(),
      type: event.type,
      version: event.version ?? 1,
      occurredAt: this.clock.now().toISOString(),
      admdvs: event.admdvs,
      aggregateId: event.aggregateId,
      payload: event.payload,
      ...(traceparent ? { traceparent } : {}),
    }));
    for (let i = 0; i < envelopes.length; i += ADD_CHUNK) {
      const chunk = envelopes.slice(i, i + ADD_CHUNK);
      await em.execute(
        `insert into "${this.schema}".outbox (id, subject, type, envelope) values ${chunk.map(() => '(?, ?, ?, ?)').join(', ')}`,
        chunk.flatMap((envelope, j) => [envelope.id, events[i + j].subject, envelope.type, JSON.stringify(envelope)]),
      );
    }
    // Delivered to the relay's LISTEN connection when (and only if) the transaction commits.
    await em.execute(`select pg_notify(?, '')`, [outboxChannel(this.schema)]);
    return envelopes;
  }
}

/** Rows per insert statement of {@link OutboxService.addAll}. */
const ADD_CHUNK = 500;

export function outboxChannel(schema: string): string {
  return `mi_outbox_${schema}`;
}
