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
    const spanCtx = trace.getActiveSpan()?.spanContext();
    const envelope: EventEnvelope<P> = {
      id: newUuidV7(),
      type: event.type,
      version: event.version ?? 1,
      occurredAt: this.clock.now().toISOString(),
      admdvs: event.admdvs,
      aggregateId: event.aggregateId,
      payload: event.payload,
      ...(spanCtx ? { traceparent: `00-${spanCtx.traceId}-${spanCtx.spanId}-${spanCtx.traceFlags.toString(16).padStart(2, '0')}` } : {}),
    };
    await em.execute(`insert into "${this.schema}".outbox (id, subject, type, envelope) values (?, ?, ?, ?)`, [
      envelope.id,
      event.subject,
      event.type,
      JSON.stringify(envelope),
    ]);
    // Delivered to the relay's LISTEN connection when (and only if) the transaction commits.
    await em.execute(`select pg_notify(?, '')`, [outboxChannel(this.schema)]);
    return envelope;
  }
}

export function outboxChannel(schema: string): string {
  return `mi_outbox_${schema}`;
}
