import { jetstreamManager } from '@nats-io/jetstream';
import { CountyFundEventSubjects, ReviewEventSubjects } from '@mi/contracts';
import { admitHospital, startTestPlatform, type TestPlatform, waitFor } from '@mi/testing';
import { assertBooks, assertLedger, settlementsWithViolations, uploadWithRetries } from './his-upload-faults';

/**
 * A crash exactly between a commit and its event's publish (issue #10 fault injection). The
 * platform writes a state change, its audit row and its event in one transaction (the outbox);
 * the relay publishes afterwards. Here the relay is held off (`OUTBOX_RELAY=off`) so the crash
 * cannot miss the window: the change is committed and answered, the event is not on the broker,
 * and the process is killed (SIGKILL). Restarted, it must publish the event exactly once, with the
 * event id as the broker's de-duplication id, and the consumers must act on it exactly once.
 */
describe('fault injection: killed after the commit, before the event is published', () => {
  let platform: TestPlatform;
  const code = 'H43010200079';

  beforeAll(async () => {
    platform = await startTestPlatform(['agreement-service', 'credit-service', 'monitoring-kb-service', 'claims-review-service', 'fund-pooling-service'], {
      perApp: { gateway: { HIS_UPLOAD_TIMEOUT_MS: 10_000 } },
    });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  /** Messages of `subject` on the events stream, and the de-duplication id of the last one. */
  async function onStream(subject: string): Promise<{ count: number; lastMsgId?: string }> {
    const jsm = await jetstreamManager(platform.nats.nc);
    const full = platform.nats.resolver.subject(subject);
    const info = await jsm.streams.info(platform.nats.resolver.eventsStream, { subjects_filter: full });
    const count = info.state.subjects?.[full] ?? 0;
    if (count === 0) return { count };
    const last = await jsm.streams.getMessage(platform.nats.resolver.eventsStream, { last_by_subj: full });
    return { count, lastMsgId: last?.header.get('Nats-Msg-Id') };
  }

  it('fund pooling: a county remittance posted to the ledger, then killed — published once on restart, a retry posts nothing', async () => {
    await platform.restart('fund-pooling-service', 'SIGTERM', { OUTBOX_RELAY: 'off' });
    const officer = await platform.user('p.officer', ['city-officer'], '430100');
    const body = { county: '430102', insutype: '310', period: '2026-11', amountFen: '500000000', reference: 'R-CRASH-0001' };
    const first = await officer.post('/api/v1/fund/county-income', body);
    expect(first).toMatchObject({ status: 201, body: { replayed: false } });
    const [row] = (
      await platform.pg.query<{ id: string; published: boolean }>(
        `select id::text, published_at is not null as published from fund.outbox where subject = $1`,
        [CountyFundEventSubjects.CountyIncomeRecorded],
      )
    ).rows;
    // Committed with its ledger entry and its audit row; not on the broker.
    expect(row).toMatchObject({ published: false });
    expect(await platform.count(`fund.journal_entry where cause_type = 'county-remittance'`)).toBe(1);
    expect((await onStream(CountyFundEventSubjects.CountyIncomeRecorded)).count).toBe(0);

    await platform.restart('fund-pooling-service', 'SIGKILL', { OUTBOX_RELAY: 'on' });
    await waitFor(async () => (await platform.count(`fund.outbox where published_at is null`)) === 0, 30_000, 'fund outbox drained');
    expect(await onStream(CountyFundEventSubjects.CountyIncomeRecorded)).toEqual({ count: 1, lastMsgId: row.id });

    // The officer, unsure whether the first request went through, sends it again: a replay.
    const again = await officer.post('/api/v1/fund/county-income', body);
    expect(again).toMatchObject({ status: 201, body: { replayed: true, entryId: first.body.entryId } });
    // A second restart publishes nothing again.
    await platform.restart('fund-pooling-service', 'SIGKILL');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await platform.count(`fund.journal_entry where cause_type = 'county-remittance'`)).toBe(1);
    expect((await onStream(CountyFundEventSubjects.CountyIncomeRecorded)).count).toBe(1);
  });

  it('claims review: settlements stored and answered ACCEPTED, then killed — fund pooling posts each once after the restart', async () => {
    const maker = await platform.user('c.maker', ['city-officer'], '430100');
    const checker = await platform.user('c.checker', ['city-officer'], '430100');
    const cred = await admitHospital(maker, checker, platform.admin, code);
    await platform.restart('claims-review-service', 'SIGTERM', { OUTBOX_RELAY: 'off' });
    const { batch, violating } = settlementsWithViolations('CBP', code, 60);
    await uploadWithRetries(platform, cred, batch, { per: 30 });
    // Every settlement committed with its ClaimSettled event in the outbox; none published, none posted.
    expect(await platform.count(`review.outbox where subject = '${ReviewEventSubjects.ClaimSettled}' and published_at is null`)).toBe(batch.length);
    expect(await platform.count(`fund.journal_entry where cause_type = 'claim-settled' and memo like '%CBP%'`)).toBe(0);

    await platform.restart('claims-review-service', 'SIGKILL', { OUTBOX_RELAY: 'on' });
    await assertBooks(platform, code, 'CBP', batch, violating);
    await assertLedger(platform, code, 'CBP', batch.length);
  });
});
