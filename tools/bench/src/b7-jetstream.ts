import { randomBytes } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { MikroORM } from '@mikro-orm/postgresql';
import { Migration } from '@mikro-orm/migrations';
import { newUuidV7, OutboxRelay, platformTablesSql, runMigrations, serviceOrmConfig } from '@mi/platform';
import { createEmptyTestDatabase, createTestNats } from '@mi/testing';
import type { BenchResult } from './report';

class Migration20260101000000Bench extends Migration {
  override async up(): Promise<void> {
    for (const sql of platformTablesSql('bench')) this.addSql(sql);
  }
}

function envelope(i: number): { id: string; body: string } {
  const id = newUuidV7();
  const body = JSON.stringify({
    id,
    type: 'ClaimSettled',
    version: 1,
    occurredAt: new Date().toISOString(),
    admdvs: '430102',
    aggregateId: `S${String(i).padStart(12, '0')}`,
    payload: {
      setlId: `S${i}`,
      fixmedinsCode: 'H43010200001',
      medfeeSumamt: '1234.56',
      lines: 12,
      psnNo: `P${i % 10_000}`,
      pad: randomBytes(64).toString('hex'),
    },
  });
  return { id, body };
}

/**
 * B7 — the platform's event publisher against the client itself: raw JetStream publishes (one at
 * a time and pipelined) versus the transactional outbox relay (rows committed in PostgreSQL →
 * published with Nats-Msg-Id → acknowledged → marked published), same events, same server.
 */
export async function b7(n: number): Promise<BenchResult> {
  const [db, nats] = await Promise.all([createEmptyTestDatabase(), createTestNats()]);
  const orm = await MikroORM.init(
    serviceOrmConfig({ databaseUrl: db.url, schema: 'bench', entities: [], migrations: [Migration20260101000000Bench], poolMax: 4 }),
  );
  try {
    await runMigrations(orm, 'bench');
    const js = jetstream(nats.nc);
    const subject = nats.resolver.subject('evt.bench.ClaimSettled');
    const events = Array.from({ length: n }, (_, i) => envelope(i));
    const measurements: BenchResult['measurements'] = [];

    // Core NATS publish (no persistence, no ack): the ceiling of the connection.
    let t = performance.now();
    for (const e of events) nats.nc.publish(nats.resolver.subject('bench.core'), e.body);
    await nats.nc.flush();
    measurements.push({ name: 'core NATS publish (no ack)', opsPerSec: n / ((performance.now() - t) / 1000), note: 'upper bound, not durable' });

    // Raw JetStream, awaiting each ack.
    const serialN = Math.min(n, 5000);
    t = performance.now();
    for (let i = 0; i < serialN; i++) await js.publish(subject, events[i].body, { msgID: `s-${events[i].id}` });
    measurements.push({ name: 'js.publish, one at a time', opsPerSec: serialN / ((performance.now() - t) / 1000), note: `${serialN} events` });

    // Raw JetStream, pipelined (256 in flight).
    t = performance.now();
    for (let i = 0; i < n; i += 256) {
      await Promise.all(events.slice(i, i + 256).map((e) => js.publish(subject, e.body, { msgID: `p-${e.id}`, headers: natsHeaders() })));
    }
    const pipelined = n / ((performance.now() - t) / 1000);
    measurements.push({ name: 'js.publish, pipelined ×256', opsPerSec: pipelined, note: 'anchor: the client at its best' });

    // The outbox relay: rows committed first (not timed), then drained to JetStream.
    const em = orm.em.fork();
    let relayRate = 0;
    for (const concurrency of [1, 3]) {
      await em.execute('truncate bench.outbox');
      for (let i = 0; i < n; i += 1000) {
        const chunk = events.slice(i, i + 1000);
        await em.execute(
          `insert into bench.outbox (id, subject, type, envelope) values ${chunk.map(() => '(?, ?, ?, ?)').join(', ')}`,
          chunk.flatMap((e) => [newUuidV7(), 'evt.bench.ClaimSettled', 'ClaimSettled', e.body]),
        );
      }
      const relay = new OutboxRelay({ orm, nc: nats.nc, resolver: nats.resolver, schema: 'bench', databaseUrl: db.url, pollMs: 50, concurrency });
      t = performance.now();
      await relay.start();
      await relay.drain(300_000);
      relayRate = n / ((performance.now() - t) / 1000);
      await relay.stop();
      measurements.push({
        name: `OutboxRelay, ${concurrency} batch${concurrency > 1 ? 'es' : ''} in flight`,
        opsPerSec: relayRate,
        note: 'durable, exactly the rows committed',
      });
    }

    const ratio = relayRate / pipelined;
    return {
      id: 'B7',
      title: `Event publishing: outbox relay vs raw JetStream (${n.toLocaleString('en-US')} events of ~${events[0].body.length} bytes)`,
      unit: 'events',
      anchor: 'js.publish, pipelined ×256',
      measurements,
      target: { text: 'the relay keeps up with the raw client within 2× (it adds a PostgreSQL read and update per batch)', met: ratio >= 0.5 },
      details: [
        'Same NATS server and stream (file storage, 1 replica, default sync) for every variant; `nats bench` (natscli) is not installable here, so the nats.js client itself is the anchor.',
        `The relay selects 500 rows FOR UPDATE SKIP LOCKED per batch, publishes them concurrently with Nats-Msg-Id, waits for every ack, then marks the batch published; with 3 batches in flight (the default) it reaches ${ratio.toFixed(2)}× the pipelined client. With several batches (or several replicas) in flight, events may overtake each other: consumers must not rely on order.`,
      ],
    };
  } finally {
    await orm.close();
    await nats.cleanup();
    await db.drop();
  }
}
