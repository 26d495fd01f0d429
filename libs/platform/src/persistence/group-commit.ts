import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';

/**
 * Group commit: callers hand in rows and wait until the transaction that wrote them committed;
 * rows arriving within `maxDelayMs` (or up to `maxBatch`) share one transaction. A busy hot path
 * (HIS pre-check records, nonces) then pays one commit per batch instead of one per request,
 * and nothing is answered before it is durable. A failing batch fails every caller in it.
 */
export class GroupCommit<T, R = void> {
  private queue: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly orm: MikroORM,
    /** Writes the batch; may return one result per item, in order (e.g. whether a nonce was new). */
    private readonly write: (em: EntityManager, items: T[]) => Promise<R[] | void>,
    private readonly opts: { maxBatch: number; maxDelayMs: number } = { maxBatch: 200, maxDelayMs: 3 },
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.flushSoon(this.queue.length >= this.opts.maxBatch ? 0 : this.opts.maxDelayMs);
    });
  }

  private flushSoon(ms: number): void {
    if (this.timer && ms > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushing = this.flushing.then(() => this.flush());
    }, ms);
  }

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    try {
      const results = await this.orm.em.fork().transactional((em) =>
        this.write(
          em,
          batch.map((b) => b.item),
        ),
      );
      batch.forEach((b, i) => b.resolve((results ? results[i] : undefined) as R));
    } catch (e) {
      for (const b of batch) b.reject(e);
    }
  }
}
