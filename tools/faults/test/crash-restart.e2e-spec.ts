import { admitHospital, startTestPlatform, type TestPlatform } from '@mi/testing';
import { assertBooks, assertLedger, settlementsWithViolations, uploadWithRetries } from './his-upload-faults';

/**
 * kill -9 mid-batch (issue #10 fault injection): the claims-review service dies while a HIS is
 * uploading, fund pooling dies while it posts the settlements to the ledger, the gateway dies
 * between two requests. Each is started again; the HIS retries what failed. Nothing may be lost,
 * nothing doubled: every settlement reviewed once with exactly its violations, one ledger posting
 * each, the books balanced, every outbox row published.
 */
describe('fault injection: services killed mid-batch and restarted', () => {
  let platform: TestPlatform;
  let cred: { paasId: string; paasToken: string };
  const code = 'H43010200071';

  beforeAll(async () => {
    // A request caught by the crash fails after this timeout rather than the default minute.
    platform = await startTestPlatform(['agreement-service', 'credit-service', 'monitoring-kb-service', 'claims-review-service', 'fund-pooling-service'], {
      perApp: { gateway: { HIS_UPLOAD_TIMEOUT_MS: 10_000 } },
    });
    const maker = await platform.user('f.maker', ['city-officer'], '430100');
    const checker = await platform.user('f.checker', ['city-officer'], '430100');
    cred = await admitHospital(maker, checker, platform.admin, code);
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('loses and doubles nothing when claims review, fund pooling and the gateway are killed (SIGKILL) during the upload', async () => {
    const { batch, violating } = settlementsWithViolations('KIL', code, 700);
    const killed: string[] = [];
    let crash: Promise<void> = Promise.resolve();
    const attempts = await uploadWithRetries(platform, cred, batch, {
      per: 100,
      onAccepted: async (no) => {
        // After the 2nd request: crash claims review while the 3rd is already on its way.
        if (no === 1) {
          crash = (async () => {
            await new Promise((r) => setTimeout(r, 150));
            await platform.restart('claims-review-service', 'SIGKILL');
            killed.push('claims-review-service');
          })();
        }
        // Fund pooling is posting the first requests' ClaimSettled events by now.
        if (no === 3) {
          await crash;
          await platform.restart('fund-pooling-service', 'SIGKILL');
          killed.push('fund-pooling-service');
        }
        // The HIS-facing process itself; it keeps no state of its own.
        if (no === 5) {
          await platform.restart('gateway', 'SIGKILL');
          killed.push('gateway');
        }
      },
    });
    expect(killed).toEqual(['claims-review-service', 'fund-pooling-service', 'gateway']);
    expect(attempts).toHaveLength(7);
    // The crash really struck: the third request failed at least once and was sent again.
    expect(attempts[2]).toBeGreaterThan(1);
    await assertBooks(platform, code, 'KIL', batch, violating);
    await assertLedger(platform, code, 'KIL', batch.length);
  });
});
