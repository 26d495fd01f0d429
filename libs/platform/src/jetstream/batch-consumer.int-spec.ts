import { randomBytes } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { IsInt, IsString } from 'class-validator';
import { SubjectResolver } from '../nats/subject-resolver';
import { type BatchConsumerOptions, type BatchedEvent, JetStreamBatchConsumer } from './batch-consumer';
import { deleteStreams, ensureStreams } from './ensure-streams';

class Tick {
  @IsString() id!: string;
  @IsInt() n!: number;
}

const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const PATTERN = 'evt.test.Tick';

/** Against the real JetStream: a unique prefix (own streams) per test. */
describe('JetStreamBatchConsumer (real JetStream)', () => {
  let nc: NatsConnection;
  let resolver: SubjectResolver;

  beforeEach(async () => {
    nc = await connect({ servers: NATS_URL, name: 'batch-consumer-spec' });
    resolver = new SubjectResolver(`t${randomBytes(5).toString('hex')}.`);
    await ensureStreams(nc, resolver, 1);
  });
  afterEach(async () => {
    await deleteStreams(nc, resolver);
    await nc.drain();
  });

  const publish = async (from: number, count: number) => {
    const js = jetstream(nc);
    const acks: Promise<unknown>[] = [];
    for (let n = from; n < from + count; n += 1) acks.push(js.publish(resolver.subject(PATTERN), JSON.stringify({ id: `e${n}`, n })));
    await Promise.all(acks);
  };

  const tickConsumer = (o: Pick<BatchConsumerOptions<Tick>, 'handle' | 'maxDeliver' | 'maxBatch' | 'backoffMs'>) =>
    new JetStreamBatchConsumer({ nc, resolver, service: 'spec', pattern: PATTERN, eventClass: Tick, ...o });

  const waitFor = async (done: () => boolean, ms: number) => {
    const until = Date.now() + ms;
    while (!done() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  };

  it('hands over the tail of a burst at once: every event handled on its first delivery, none waiting for redelivery', async () => {
    const seen: BatchedEvent<Tick>[] = [];
    const batchSizes: number[] = [];
    const consumer = tickConsumer({
      maxDeliver: 3,
      maxBatch: 50,
      handle: async (events) => {
        batchSizes.push(events.length);
        await new Promise((r) => setTimeout(r, 5)); // a transaction's worth of work
        seen.push(...events);
        return events.map(() => undefined);
      },
    });
    await consumer.start();
    try {
      // Bursts of odd sizes, so the pull refills (nats.js callbacks in the same queue) land mid-stream
      // and the last batch of each burst is partial.
      let sent = 0;
      for (const size of [777, 333, 1, 91]) {
        await publish(sent, size);
        sent += size;
        // The burst is handled long before ack_wait (30 s) could redeliver anything.
        await waitFor(() => seen.length >= sent, 15_000);
        expect(seen.length).toBe(sent);
      }
      expect(new Set(seen.map((s) => s.event.id)).size).toBe(sent);
      expect(seen.every((s) => s.delivery.deliveryCount === 1)).toBe(true);
      expect(Math.max(...batchSizes)).toBeLessThanOrEqual(50);
      expect(batchSizes.some((n) => n > 1)).toBe(true); // batches, not one event at a time
    } finally {
      await consumer.close();
    }
  }, 90_000);

  it('a failed event is retried alone and the rest of its batch is acked once', async () => {
    const attempts = new Map<string, number>();
    const consumer = tickConsumer({
      maxDeliver: 5,
      backoffMs: () => 50,
      handle: async (events) =>
        events.map(({ event }) => {
          const k = (attempts.get(event.id) ?? 0) + 1;
          attempts.set(event.id, k);
          return event.n === 7 && k < 3 ? new Error('transient') : undefined;
        }),
    });
    await consumer.start();
    try {
      await publish(0, 20);
      await waitFor(() => attempts.size === 20 && attempts.get('e7') === 3, 15_000);
      expect(attempts.get('e7')).toBe(3);
      expect([...attempts].filter(([id]) => id !== 'e7').every(([, k]) => k === 1)).toBe(true);
    } finally {
      await consumer.close();
    }
  }, 60_000);
});
