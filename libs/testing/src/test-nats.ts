import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { deleteStreams, ensureStreams, SubjectResolver } from '@mi/platform';

export const TEST_NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

/** A unique subject prefix (and so unique streams) per test file; streams deleted afterwards. */
export interface TestNats {
  prefix: string;
  url: string;
  nc: NatsConnection;
  resolver: SubjectResolver;
  cleanup(): Promise<void>;
}

/** `url`: another NATS than the shared one, e.g. a {@link PrivateNatsServer} a fault test restarts. */
export async function createTestNats(url = TEST_NATS_URL, replicas = 1): Promise<TestNats> {
  const prefix = `t${randomBytes(5).toString('hex')}.`;
  const nc = await connect({ servers: url.split(','), name: `test-${prefix}`, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
  const resolver = new SubjectResolver(prefix);
  await ensureStreams(nc, resolver, replicas);
  return {
    prefix,
    url,
    nc,
    resolver,
    cleanup: async () => {
      await deleteStreams(nc, resolver);
      await nc.drain();
    },
  };
}
