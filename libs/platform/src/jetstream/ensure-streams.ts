import { jetstreamManager, RetentionPolicy, StorageType, type StreamConfig } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { nanos } from '@nats-io/transport-node';
import type { SubjectResolver } from '../nats/subject-resolver';

// The package index exports this module; the batch consumer is exported through it.

/**
 * Creates (or updates) the events stream and the dead-letter stream. Idempotent; every process
 * calls it at boot, so there is no ordering between services.
 */
export async function ensureStreams(nc: NatsConnection, resolver: SubjectResolver, replicas: number): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const wanted: (Partial<StreamConfig> & { name: string })[] = [
    {
      name: resolver.eventsStream,
      subjects: [resolver.subject('evt.>')],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      num_replicas: replicas,
      duplicate_window: nanos(2 * 60 * 1000),
      max_age: nanos(90 * 24 * 3600 * 1000),
    },
    {
      name: resolver.deadLetterStream,
      subjects: [resolver.subject('dlq.>')],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      num_replicas: replicas,
    },
  ];
  for (const cfg of wanted) {
    const name = cfg.name;
    try {
      await jsm.streams.info(name);
    } catch {
      try {
        await jsm.streams.add(cfg);
      } catch (e) {
        // Another process created it between info and add.
        await jsm.streams.info(name).catch(() => {
          throw e;
        });
      }
    }
  }
}

/** Deletes the streams of a prefix (test teardown). */
export async function deleteStreams(nc: NatsConnection, resolver: SubjectResolver): Promise<void> {
  const jsm = await jetstreamManager(nc);
  for (const name of [resolver.eventsStream, resolver.deadLetterStream]) {
    await jsm.streams.delete(name).catch(() => false);
  }
}
