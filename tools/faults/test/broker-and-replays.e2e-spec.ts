import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { ReviewEventSubjects } from '@mi/contracts';
import { admitHospital, postSignedHis, type PrivateNatsServer, startPrivateNatsServer, startTestPlatform, type TestPlatform, waitFor } from '@mi/testing';
import { assertBooks, assertLedger, settlementsWithViolations, type UploadRow, uploadWithRetries } from './his-upload-faults';

/**
 * The broker restarted under traffic, the same HIS request sent several times at once, and events
 * delivered again and out of order (issue #10 fault injection). The platform runs on a NATS server
 * of its own (JetStream file store) so the test can kill it without touching the machine's broker.
 */
describe('fault injection: broker restart, retried requests, replayed events', () => {
  let nats: PrivateNatsServer;
  let platform: TestPlatform;
  let cred: { paasId: string; paasToken: string };
  const code = 'H43010200072';

  beforeAll(async () => {
    nats = await startPrivateNatsServer();
    platform = await startTestPlatform(['agreement-service', 'credit-service', 'monitoring-kb-service', 'claims-review-service', 'fund-pooling-service'], {
      natsUrl: nats.url,
      perApp: { gateway: { HIS_UPLOAD_TIMEOUT_MS: 10_000 } },
    });
    const maker = await platform.user('b.maker', ['city-officer'], '430100');
    const checker = await platform.user('b.checker', ['city-officer'], '430100');
    cred = await admitHospital(maker, checker, platform.admin, code);
  });

  afterAll(async () => {
    await platform?.stop();
    await nats?.dispose();
  });

  it('loses and doubles nothing when NATS is killed (SIGKILL) and restarted during the upload', async () => {
    const { batch, violating } = settlementsWithViolations('NAT', code, 400);
    let outage = 0;
    const attempts = await uploadWithRetries(platform, cred, batch, {
      per: 100,
      onAccepted: async (no) => {
        if (no !== 0) return;
        // Events of the first request are on their way to fund pooling; requests fail meanwhile.
        await nats.stop('SIGKILL');
        const down = Date.now();
        const during = await postSignedHis(platform.base, cred, '/his/v1/settlements', { settlements: batch.slice(100, 101) });
        expect(during).toMatchObject({ status: 200, body: { infcode: -1 } });
        await new Promise((r) => setTimeout(r, 1500));
        await nats.start();
        outage = Date.now() - down;
      },
    });
    expect(outage).toBeGreaterThan(1500);
    expect(attempts).toHaveLength(4);
    await assertBooks(platform, code, 'NAT', batch, violating);
    await assertLedger(platform, code, 'NAT', batch.length);
  });

  it('stores a settlement once when the HIS sends the same request five times at once', async () => {
    const { batch, violating } = settlementsWithViolations('DUP', code, 30);
    const answers = await Promise.all(Array.from({ length: 5 }, () => postSignedHis(platform.base, cred, '/his/v1/settlements', { settlements: batch })));
    for (const a of answers) expect(a).toMatchObject({ status: 200, body: { infcode: 0 } });
    // Each settlement was ACCEPTED by exactly one of the five and DUPLICATE in the other four.
    for (const [i, s] of batch.entries()) {
      const statuses = answers.map((a) => (a.body.output.results as UploadRow[])[i].status).sort();
      expect({ setl: s.setl_id, statuses }).toEqual({ setl: s.setl_id, statuses: ['ACCEPTED', 'DUPLICATE', 'DUPLICATE', 'DUPLICATE', 'DUPLICATE'] });
    }
    await assertBooks(platform, code, 'DUP', batch, violating);
    await assertLedger(platform, code, 'DUP', batch.length);
  });

  it('posts nothing twice when settled-claim events are delivered again, in reverse order', async () => {
    const { batch, violating } = settlementsWithViolations('RPL', code, 40);
    await uploadWithRetries(platform, cred, batch, { per: 40 });
    await assertLedger(platform, code, 'RPL', batch.length);
    const events = await platform.pg.query<{ id: string; body: string }>(
      `select id, envelope::text as body from review.outbox where type = 'ClaimSettled' and envelope->'payload'->>'setlId' like 'RPL%' order by seq desc`,
    );
    expect(events.rows).toHaveLength(batch.length);
    // New message ids, so JetStream's own de-duplication does not hide them: the consumers must.
    const js = jetstream(platform.nats.nc);
    for (const e of events.rows) {
      const h = natsHeaders();
      await js.publish(platform.nats.resolver.subject(ReviewEventSubjects.ClaimSettled), e.body, { msgID: `replay-${e.id}`, headers: h });
    }
    const jsm = await jetstreamManager(platform.nats.nc);
    const durable = platform.nats.resolver.durableName('fund-pooling-service', ReviewEventSubjects.ClaimSettled);
    await waitFor(
      async () => {
        const info = await jsm.consumers.info(platform.nats.resolver.eventsStream, durable);
        return info.num_pending === 0 && info.num_ack_pending === 0;
      },
      60_000,
      'fund pooling to take the replayed events',
    );
    await assertLedger(platform, code, 'RPL', batch.length);
    await assertBooks(platform, code, 'RPL', batch, violating);
  });
});
