import { admitHospital, startTestPlatform, type TestPlatform } from '@mi/testing';
import { assertBooks, assertLedger, settlementsWithViolations, uploadWithRetries } from './his-upload-faults';

const SERVICES = ['agreement-service', 'credit-service', 'monitoring-kb-service', 'claims-review-service', 'fund-pooling-service'];

/**
 * Scale-out (issue #10): two processes of every service and two gateways on the same database and
 * subjects — request/reply shared through queue groups, events through shared durable consumers,
 * outboxes relayed by both — and one claims-review replica killed mid-traffic for good. Two HIS
 * clients upload at once, each through both gateways. The books must be exactly those of one process.
 */
describe('scale-out: two replicas of every service', () => {
  let platform: TestPlatform;
  let cred: { paasId: string; paasToken: string };
  let secondGateway: string;
  const code = 'H43010200074';

  beforeAll(async () => {
    platform = await startTestPlatform(SERVICES, { perApp: { gateway: { HIS_UPLOAD_TIMEOUT_MS: 10_000 } } });
    const maker = await platform.user('r.maker', ['city-officer'], '430100');
    const checker = await platform.user('r.checker', ['city-officer'], '430100');
    cred = await admitHospital(maker, checker, platform.admin, code);
    const replicas = await Promise.all([...SERVICES, 'gateway'].map((app) => platform.addReplica(app)));
    secondGateway = replicas[replicas.length - 1].ready.url ?? '';
    expect(secondGateway).not.toBe(platform.base);
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('books every settlement once with two of everything, and keeps going when one claims-review replica dies', async () => {
    const { batch, violating } = settlementsWithViolations('REP', code, 800);
    let killed = false;
    const bases = [platform.base, secondGateway];
    await Promise.all([
      uploadWithRetries(platform, cred, batch.slice(0, 400), {
        per: 100,
        bases,
        onAccepted: async (no) => {
          if (no !== 0) return;
          await platform.procs['claims-review-service'].stop('SIGKILL');
          killed = true;
        },
      }),
      uploadWithRetries(platform, cred, batch.slice(400), { per: 100, bases: [...bases].reverse() }),
    ]);
    expect(killed).toBe(true);
    await assertBooks(platform, code, 'REP', batch, violating);
    await assertLedger(platform, code, 'REP', batch.length);
  });
});
