import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
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
 * Runs `work` for each item inside one transaction, each in its own savepoint, so a failing item
 * is undone alone; returns one outcome per item (`undefined` = done, else the error).
 */
async function eachInSavepoint<T>(em: EntityManager, items: T[], work: (em: EntityManager, item: T) => Promise<void>): Promise<unknown[]> {
  const outcomes: unknown[] = [];
  for (const item of items) {
    await em.execute('savepoint anomaly_item');
    const error = await outcomeOf(work(em, item));
    await em.execute(error === undefined ? 'release savepoint anomaly_item' : 'rollback to savepoint anomaly_item');
    outcomes.push(error);
  }
  return outcomes;
}

/**
 * Durable JetStream consumer of `evt.review.ClaimSettled` (restart-safe: the stream keeps what
 * was not acknowledged): each event stores its settlement fact and runs the detectors, the alerts
 * with their audit rows and events in the same transaction, idempotent through the inbox. When a
 * batch's commit fails, every event is retried in a transaction of its own.
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
    const one = (em: EntityManager, b: BatchedEvent<ClaimSettledEvent>): Promise<void> => this.anomalies.ingest(em, b.delivery.consumer, b.event);
    try {
      return await this.orm.em.fork().transactional((em) => eachInSavepoint(em, events, one));
    } catch (e) {
      // The batch's commit failed: each event alone, so one bad event does not hold the others back.
      if (events.length === 1) return [e];
      const outcomes: unknown[] = [];
      for (const b of events) outcomes.push(await outcomeOf(this.orm.em.fork().transactional((em) => one(em, b))));
      return outcomes;
    }
  }
}
