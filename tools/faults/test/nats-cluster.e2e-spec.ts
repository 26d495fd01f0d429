import { jetstreamManager } from '@nats-io/jetstream';
import { admitHospital, type PrivateNatsCluster, startPrivateNatsCluster, startTestPlatform, type TestPlatform } from '@mi/testing';
import { assertBooks, assertLedger, settlementsWithViolations, uploadWithRetries } from './his-upload-faults';

/**
 * The production broker topology in miniature (infra/nats/cluster): three nats-servers in one
 * JetStream cluster on loopback, the events stream replicated 3 times, every process given all three
 * URLs. One node is killed (SIGKILL) under traffic and comes back later; the other two keep the
 * quorum. The books must be those of a quiet day: nothing lost, nothing doubled.
 */
describe('fault injection: a 3-node NATS cluster loses a node mid-traffic', () => {
  let cluster: PrivateNatsCluster;
  let platform: TestPlatform;
  let cred: { paasId: string; paasToken: string };
  const code = 'H43010200075';

  beforeAll(async () => {
    cluster = await startPrivateNatsCluster(3);
    platform = await startTestPlatform(['agreement-service', 'credit-service', 'monitoring-kb-service', 'claims-review-service', 'fund-pooling-service'], {
      natsUrl: cluster.url,
      env: { JETSTREAM_REPLICAS: 3 },
      perApp: { gateway: { HIS_UPLOAD_TIMEOUT_MS: 15_000 } },
    });
    const maker = await platform.user('c.maker', ['city-officer'], '430100');
    const checker = await platform.user('c.checker', ['city-officer'], '430100');
    cred = await admitHospital(maker, checker, platform.admin, code);
  });

  afterAll(async () => {
    await platform?.stop();
    await cluster?.dispose();
  });

  it('replicates the events stream on all three nodes', async () => {
    const info = await (await jetstreamManager(platform.nats.nc)).streams.info(platform.nats.resolver.eventsStream);
    expect(info.config.num_replicas).toBe(3);
    expect((info.cluster?.replicas ?? []).length).toBe(2); // the leader and two replicas
  });

  it('books every settlement once when a node dies during the upload and returns after it', async () => {
    const { batch, violating } = settlementsWithViolations('CLU', code, 400);
    await uploadWithRetries(platform, cred, batch, {
      per: 100,
      onAccepted: async (no) => {
        if (no === 0) await cluster.nodes[0].stop('SIGKILL');
        if (no === 2) await cluster.nodes[0].start();
      },
    });
    await assertBooks(platform, code, 'CLU', batch, violating);
    await assertLedger(platform, code, 'CLU', batch.length);
  });
});
