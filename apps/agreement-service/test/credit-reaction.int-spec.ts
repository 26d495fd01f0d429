import { MikroORM } from '@mikro-orm/postgresql';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import {
  AgreementEventSubjects,
  AgreementSubjects,
  type AgreementView,
  approvalSubjects,
  type ApprovalView,
  CreditEventSubjects,
  type Page,
} from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import { type MiNatsClient, newUuidV7, OutboxRelay, type RunningProcess } from '@mi/platform';
import { asActor, createTestInfra, type TestInfra, testNatsClient } from '@mi/testing';
import { AgreementSweeper } from '../src/agreement/agreement-sweeper';
import { AgreementConfig } from '../src/config';
import { CITY_CREDIT_REACTION } from '../src/credit/credit-reaction-policy';
import { EligibilityCache } from '../src/eligibility/eligibility-cache';
import { persistence } from '../src/persistence';
import { approve, consumed, designate, maker, startAgreementService } from './agreement-fixtures';

describe('credit level D → suspension proposed or recorded, per city (evt.credit.CreditLevelChanged)', () => {
  let infra: TestInfra;
  let sut: RunningProcess<AgreementConfig>;
  let client: MiNatsClient;
  const clock = new ManualClock('2026-03-02T01:00:00.000Z');
  const proposed = 'P35010200101';
  const automatic = 'P35010200102';
  const levelChanged = (code: string, from: string, to: string, over: Record<string, unknown> = {}) => ({
    id: newUuidV7(),
    type: 'CreditLevelChanged',
    version: 1,
    occurredAt: '2026-03-02T01:00:00.000Z',
    admdvs: '350102',
    aggregateId: code,
    payload: { subjectType: 'institution', subjectCode: code, from, to, score: to === 'D' ? 550 : 700, causeEventId: newUuidV7(), ...over },
  });
  const publish = async (body: { id: string }, withMsgId = true) =>
    jetstream(infra.nats.nc).publish(
      infra.nats.resolver.subject(CreditEventSubjects.CreditLevelChanged),
      JSON.stringify(body),
      withMsgId ? { msgID: body.id } : {},
    );
  const drained = () => consumed(infra, CreditEventSubjects.CreditLevelChanged);
  const suspensionProposals = async () =>
    (
      await asActor(maker, () =>
        client.request<Page<ApprovalView<{ institutionCode: string; sourceEventId?: string; startsOn: string; endsOn: string }>>>(
          approvalSubjects('agreement').list,
          { action: 'agreement.suspend' },
        ),
      )
    ).items;
  const get = (code: string) => asActor(maker, () => client.request<AgreementView>(AgreementSubjects.getAgreement, { institutionCode: code }));
  const count = async (sql: string, params: unknown[] = []) => Number((await sut.get(MikroORM).em.fork().execute<{ n: string }[]>(sql, params))[0].n);

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startAgreementService(infra, clock);
    client = testNatsClient(infra);
    await designate(client, proposed);
    await designate(client, automatic);
  });

  afterAll(async () => {
    delete CITY_CREDIT_REACTION['350100'];
    await sut?.close();
    await infra?.close();
  });

  it('by default a drop to D opens one suspension proposal for an officer, whatever the redeliveries; other changes do nothing', async () => {
    await publish(levelChanged(proposed, 'B', 'C'));
    await publish(levelChanged(proposed, 'C', 'C'));
    await publish(levelChanged('Y350102000001', 'C', 'D', { subjectType: 'practitioner' }));
    const drop = levelChanged(proposed, 'C', 'D');
    await publish(drop);
    await drained();
    // The same event again (publisher retry past the dedup window): the inbox lets it through once only.
    await publish(drop, false);
    await drained();
    const [proposal, ...more] = await suspensionProposals();
    expect(more).toEqual([]);
    expect(proposal).toMatchObject({
      status: 'PENDING',
      targetType: 'agreement',
      proposedBy: { kind: 'system' },
      payload: { institutionCode: proposed, sourceEventId: drop.id, startsOn: '2026-03-03', endsOn: '2026-06-02' },
    });
    expect(proposal.reason).toContain('降为D级');
    expect((await get(proposed)).status).toBe('ACTIVE');

    // An officer approves it: suspended from tomorrow, applied by the sweeper.
    await approve(client, proposal.id);
    clock.set('2026-03-02T16:00:00.000Z');
    expect(await sut.get(AgreementSweeper).sweep()).toMatchObject({ started: 1 });
    expect(await get(proposed)).toMatchObject({ status: 'SUSPENDED', suspensions: [{ kind: 'MANDATORY', startsOn: '2026-03-03', endsOn: '2026-06-02' }] });

    // A later drop while suspended: the period overlaps, so it is skipped with an audit row, not failed.
    await publish(levelChanged(proposed, 'C', 'D'));
    await drained();
    expect(await suspensionProposals()).toHaveLength(1);
    expect(await count(`select count(*)::text as n from agreement.audit_log where action = 'agreement.credit-d.skipped' and target_id = ?`, [proposed])).toBe(
      1,
    );
  });

  it('where the city says so, a drop to D suspends at once (audit, event, eligibility), once per event', async () => {
    CITY_CREDIT_REACTION['350100'] = { onLevelD: 'suspend', suspensionMonths: 6 };
    const drop = levelChanged(automatic, 'C', 'D');
    await publish(drop);
    await drained();
    await publish(drop, false);
    await drained();
    const a = await get(automatic);
    expect(a).toMatchObject({ status: 'SUSPENDED', suspensions: [{ kind: 'MANDATORY', status: 'ACTIVE', startsOn: '2026-03-03', endsOn: '2026-09-02' }] });
    expect(a.suspensions).toHaveLength(1);
    expect(sut.get(EligibilityCache).check(automatic, clock.now()).eligible).toBe(false);
    expect(await count(`select count(*)::text as n from agreement.inbox where event_id = ?`, [drop.id])).toBe(1);
    await sut.get(OutboxRelay).drain();
    const jsm = await jetstreamManager(infra.nats.nc);
    const msg = await jsm.streams.getMessage(infra.nats.resolver.eventsStream, {
      last_by_subj: infra.nats.resolver.subject(AgreementEventSubjects.AgreementSuspended),
    });
    expect(msg?.json()).toMatchObject({ payload: { institutionCode: automatic, kind: 'MANDATORY' } });
    expect((msg?.json() as { payload: { reason: string } }).payload.reason).toContain('自动中止');
  });
});
