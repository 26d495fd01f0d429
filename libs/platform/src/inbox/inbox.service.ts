import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';

/**
 * Idempotent event consumption: `runOnce` records (consumer, event id) and runs the effect in the
 * same transaction. A redelivered event finds its id already there and has no second effect.
 */
export class InboxService {
  constructor(
    private readonly orm: MikroORM,
    private readonly schema: string,
  ) {}

  /** Returns true if the work ran, false if this consumer had already processed the event. */
  async runOnce(consumer: string, eventId: string, work: (em: EntityManager) => Promise<void>): Promise<boolean> {
    return this.orm.em.fork().transactional(async (em) => {
      const inserted = await em.execute<{ event_id: string }[]>(
        `insert into "${this.schema}".inbox (consumer, event_id) values (?, ?) on conflict do nothing returning event_id`,
        [consumer, eventId],
      );
      if (inserted.length === 0) return false;
      await work(em);
      return true;
    });
  }
}
