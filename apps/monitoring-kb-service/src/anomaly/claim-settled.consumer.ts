import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { ClaimSettledEvent, ReviewEventSubjects } from '@mi/contracts';
import { type BatchedEvent, JetStreamBatchConsumer, NATS_CONNECTION, SERVICE_CONFIG, type ServiceConfig, SubjectResolver } from '@mi/platform';
import type { NatsConnection } from '@nats-io/transport-node';
import { AnomalyService } from './anomaly.service';

/** Most ClaimSettled events handled in one transaction. */
const BATCH = 200;

/** `undefined` when the work succeeded, else its error. */
const outcomeOf = (work: Promise<unknown>): Promise<unknown> =>
  work.then(
    () => undefined,
    (e: unknown) => e,
  );

/**
 * Durable JetStream consumer of `evt.review.ClaimSettled` (restart-safe: the stream keeps what
 * was not acknowledged): a batch's events store their settlement facts and run the detectors in one
 * transaction, the alerts with their audit rows and events in it, idempotent through the inbox.
 * When the batch fails, every event is retried in a transaction of its own, so one bad event does
 * not hold the others back.
 */
@Injectable()
export class ClaimSettledDetection implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer?: JetStreamBatchConsumer<ClaimSettledEvent>;

  constructor(
    private readonly orm: MikroORM,
    private readonly anomalies: AnomalyService,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly resolver: SubjectResolver,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.consumer = new JetStreamBatchConsumer({
      nc: this.nc,
      resolver: this.resolver,
      service: this.config.SERVICE_NAME,
      pattern: ReviewEventSubjects.ClaimSettled,
      eventClass: ClaimSettledEvent,
      maxDeliver: this.config.EVENT_MAX_DELIVER,
      maxBatch: BATCH,
      handle: (events) => this.handle(events),
    });
    await this.consumer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.close();
  }

  async handle(events: BatchedEvent<ClaimSettledEvent>[]): Promise<unknown[]> {
    const consumer = events[0]?.delivery.consumer ?? '';
    const batch = await outcomeOf(
      this.orm.em.fork().transactional((em) =>
        this.anomalies.ingestAll(
          em,
          consumer,
          events.map((b) => b.event),
        ),
      ),
    );
    if (batch === undefined) return events.map(() => undefined);
    if (events.length === 1) return [batch];
    const outcomes: unknown[] = [];
    for (const b of events) outcomes.push(await outcomeOf(this.orm.em.fork().transactional((em) => this.anomalies.ingest(em, b.delivery.consumer, b.event))));
    return outcomes;
  }
}
