import { Logger } from '@nestjs/common';
import type { MikroORM } from '@mikro-orm/postgresql';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { Client } from 'pg';
import { context as otelContext } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { Headers } from '@mi/contracts';
import type { SubjectResolver } from '../nats/subject-resolver';
import { outboxChannel } from './outbox.service';

interface OutboxRow {
  id: string;
  subject: string;
  /** The envelope as stored JSON text: published as is, never parsed and re-serialised. */
  body: string;
  traceparent: string | null;
}

export interface OutboxRelayOptions {
  orm: MikroORM;
  nc: NatsConnection;
  resolver: SubjectResolver;
  schema: string;
  databaseUrl: string;
  pollMs: number;
  batchSize?: number;
  /** Batches published concurrently (default 3); events of one aggregate may then overtake each other. */
  concurrency?: number;
}

/**
 * Publishes committed outbox rows to JetStream with `Nats-Msg-Id = event id` and marks them
 * published only after JetStream acknowledged them. Rows stay until published, so a crash or a
 * broker outage delays events but never loses them; several replicas share the work through
 * `FOR UPDATE SKIP LOCKED`. Woken by LISTEN/NOTIFY at commit, with polling as the fallback.
 */
export class OutboxRelay {
  private readonly log = new Logger('OutboxRelay');
  private listener?: Client;
  private timer?: NodeJS.Timeout;
  private running = false;
  private again = false;
  private stopped = false;
  private idle: Promise<void> = Promise.resolve();
  private failures = 0;

  constructor(private readonly opts: OutboxRelayOptions) {}

  async start(): Promise<void> {
    if (this.listener && !this.stopped) return; // already running
    this.stopped = false;
    try {
      this.listener = new Client({ connectionString: this.opts.databaseUrl });
      this.listener.on('error', (e) => this.log.warn({ msg: 'outbox listener error; polling continues', error: String(e) }));
      await this.listener.connect();
      this.listener.on('notification', () => this.kick());
      await this.listener.query(`listen "${outboxChannel(this.opts.schema)}"`);
    } catch (e) {
      this.log.warn({ msg: 'LISTEN unavailable; relying on polling', error: String(e) });
    }
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.idle;
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
  }

  /** Publish now (called on NOTIFY; tests may call it too). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.schedule(0);
  }

  /** Resolves when every row committed so far has been published (tests, shutdown). */
  async drain(timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      await this.idle;
      const [row] = await this.opts.orm.em
        .fork()
        .execute<{ n: string }[]>(`select count(*)::text as n from "${this.opts.schema}".outbox where published_at is null`);
      if (row?.n === '0') return;
      this.kick();
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`outbox of ${this.opts.schema} not drained within ${timeoutMs} ms`);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      // Polling is not a use case: no trace per poll (the events keep their own traceparent).
      this.idle = otelContext.with(suppressTracing(otelContext.active()), () => this.runOnce());
    }, ms);
  }

  private async runOnce(): Promise<void> {
    this.running = true;
    let published = 0;
    try {
      do {
        this.again = false;
        // Several batches in flight (SKIP LOCKED keeps them disjoint): one reads and marks rows in
        // PostgreSQL while another waits for JetStream acks.
        const counts = await Promise.all(Array.from({ length: this.opts.concurrency ?? 3 }, () => this.publishBatch()));
        published = counts.reduce((a, b) => a + b, 0);
      } while ((published > 0 || this.again) && !this.stopped);
      this.failures = 0;
    } catch (e) {
      this.failures++;
      this.log.warn({ msg: 'outbox publish failed; will retry', schema: this.opts.schema, attempt: this.failures, error: String(e) });
    } finally {
      this.running = false;
      const backoff = this.failures === 0 ? this.opts.pollMs : Math.min(10_000, this.opts.pollMs * 2 ** this.failures);
      this.schedule(backoff);
    }
  }

  private async publishBatch(): Promise<number> {
    const { orm, schema, nc, resolver } = this.opts;
    const js = jetstream(nc);
    const limit = this.opts.batchSize ?? 500;
    return orm.em.fork().transactional(async (em) => {
      const rows = await em.execute<OutboxRow[]>(
        `select id, subject, envelope::text as body, envelope->>'traceparent' as traceparent from "${schema}".outbox where published_at is null order by seq limit ${limit} for update skip locked`,
      );
      if (rows.length === 0) return 0;
      const done: string[] = [];
      try {
        // Publish concurrently (JetStream acks are pipelined), mark after all acks.
        await Promise.all(
          rows.map(async (row) => {
            const h = natsHeaders();
            if (row.traceparent) h.set(Headers.traceparent, row.traceparent);
            await js.publish(resolver.subject(row.subject), row.body, { msgID: row.id, headers: h, timeout: 5000 });
            done.push(row.id);
          }),
        );
      } finally {
        if (done.length > 0) {
          await em.execute(`update "${schema}".outbox set published_at = now(), attempts = attempts + 1 where id in (${done.map(() => '?').join(', ')})`, done);
        }
      }
      return rows.length;
    });
  }
}
