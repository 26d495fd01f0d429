import { MikroORM } from '@mikro-orm/postgresql';
import { jetstreamManager } from '@nats-io/jetstream';
import {
  AgreementEventSubjects,
  AgreementSubjects,
  type AgreementView,
  approvalSubjects,
  type InfoChangeProposalView,
  type InfoChangeView,
  InstitutionInfoChangedEvent,
  type InstitutionView,
  type Page,
  type ProposalReply,
  Subjects,
} from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import { AuditService, type MiNatsClient, OutboxRelay, type RunningProcess } from '@mi/platform';
import { asActor, createTestInfra, type TestInfra, testNatsClient } from '@mi/testing';
import { AgreementConfig } from '../src/config';
import { persistence } from '../src/persistence';
import { approve, changsha, designate, eventErrors, maker, startAgreementService } from './agreement-fixtures';

describe('change of major information within 30 working days (AGR-06)', () => {
  let infra: TestInfra;
  let sut: RunningProcess<AgreementConfig>;
  let client: MiNatsClient;
  // Monday 2 March 2026, 09:00 in Fuzhou.
  const clock = new ManualClock('2026-03-02T01:00:00.000Z');
  const pharmacy = 'P35010200061';
  const hospital = 'H35010200062';
  const terminated = 'P35010200063';
  const submit = (body: Record<string, unknown>, actor = maker) =>
    asActor(actor, () => client.requestReply<InfoChangeProposalView>(AgreementSubjects.submitInfoChange, body));
  const base = { approvedBy: '福州市市场监督管理局', materials: ['变更后的营业执照', '变更核准通知书'], reason: '机构名称变更' };
  const agreement = (code: string) => asActor(maker, () => client.request<AgreementView>(AgreementSubjects.getAgreement, { institutionCode: code }));
  const changesOf = (code: string) => asActor(maker, () => client.request<Page<InfoChangeView>>(AgreementSubjects.listInfoChanges, { institutionCode: code }));
  const fields = (r: { ok: boolean; error?: { details?: Record<string, unknown> } }) =>
    ((r.error?.details?.fields as { field: string }[] | undefined) ?? [{ field: String(r.error?.details?.field) }]).map((f) => f.field).sort();

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startAgreementService(infra, clock);
    client = testNatsClient(infra);
    await designate(client, pharmacy);
    await designate(client, hospital, { type: 'hospital' });
    await designate(client, terminated);
  });

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
  });

  it('refuses unknown fields, unchanged or malformed values, a future approval, another region and a terminated institution; nothing is proposed', async () => {
    const unknown = await submit({ ...base, institutionCode: pharmacy, approvedOn: '2026-02-20', changes: [{ field: 'colour', value: '红' }] });
    expect(fields(unknown)).toEqual(['changes[0].field']);
    const name = (await client.request<InstitutionView>(Subjects.agreement.getInstitution, { code: pharmacy })).name;
    const unchanged = await submit({ ...base, institutionCode: pharmacy, approvedOn: '2026-02-20', changes: [{ field: 'name', value: name }] });
    expect(unchanged.ok || unchanged.error).toMatchObject({ code: 'VALIDATION', details: { field: 'changes[0].value' } });
    const twice = await submit({
      ...base,
      institutionCode: pharmacy,
      approvedOn: '2026-02-20',
      changes: [
        { field: 'address', value: '福州市鼓楼区五四路1号' },
        { field: 'address', value: '福州市鼓楼区五四路2号' },
      ],
    });
    expect(fields(twice)).toEqual(['changes[1].field']);
    const badGrade = await submit({ ...base, institutionCode: hospital, approvedOn: '2026-02-20', changes: [{ field: 'grade', value: '5Z' }] });
    expect(fields(badGrade)).toEqual(['changes[0].value']);
    const badAccount = await submit({ ...base, institutionCode: pharmacy, approvedOn: '2026-02-20', changes: [{ field: 'bankAccount', value: '6222-xx' }] });
    expect(fields(badAccount)).toEqual(['changes[0].value']);
    const future = await submit({
      ...base,
      institutionCode: pharmacy,
      approvedOn: '2026-03-03',
      changes: [{ field: 'address', value: '福州市鼓楼区五四路1号' }],
    });
    expect(fields(future)).toEqual(['approvedOn']);
    const foreign = await submit({ ...base, institutionCode: pharmacy, approvedOn: '2026-02-20', changes: [{ field: 'address', value: '长沙' }] }, changsha);
    expect(foreign.ok || foreign.error.code).toBe('NOT_FOUND');

    const termination = await asActor(maker, () =>
      client.request<ProposalReply>(AgreementSubjects.proposeTermination, { institutionCode: terminated, ground: 3, reason: '查实欺诈骗保' }),
    );
    await approve(client, termination.approvalId);
    const afterEnd = await submit({ ...base, institutionCode: terminated, approvedOn: '2026-02-20', changes: [{ field: 'address', value: '福州市台江区' }] });
    expect(afterEnd.ok || afterEnd.error.code).toBe('AGREEMENT.TERMINATED');

    const [{ n }] = await sut
      .get(MikroORM)
      .em.fork()
      .execute<{ n: string }[]>(`select count(*)::text as n from agreement.approval where action = 'institution.change-info'`);
    expect(n).toBe('0');
  });

  it('on time: the deadline counts working days over the Spring Festival; approval changes the registry with audit and InstitutionInfoChanged', async () => {
    // Approved elsewhere on Friday 16 January: 30 working days (Spring Festival off, 14 and 28 February worked) end on 5 March.
    const filed = await submit({
      ...base,
      institutionCode: pharmacy,
      approvedOn: '2026-01-16',
      changes: [
        { field: 'name', value: '福州鼓楼惠民大药房' },
        { field: 'legalRepresentative', value: '陈明' },
        { field: 'bankAccount', value: '6222020200112233445' },
      ],
    });
    expect(filed.ok && filed.data).toMatchObject({
      status: 'PENDING',
      deadline: '2026-03-05',
      filedOn: '2026-03-02',
      late: false,
      workingDaysLate: 0,
      changes: [
        { field: 'name', label: '名称', to: '福州鼓楼惠民大药房' },
        { field: 'legalRepresentative', from: null, to: '陈明' },
        { field: 'bankAccount', from: null, to: '6222020200112233445' },
      ],
    });
    const proposal = (filed as { data: InfoChangeProposalView }).data;
    // Nothing changes before the second officer approves.
    expect((await agreement(pharmacy)).institutionName).not.toBe('福州鼓楼惠民大药房');
    const self = await asActor(maker, () => client.requestReply(approvalSubjects('agreement').decide, { id: proposal.approvalId, decision: 'approve' }));
    expect(self.ok || self.error.code).toBe('FORBIDDEN.SAME_PERSON');
    const decided = await approve(client, proposal.approvalId);
    expect(decided).toMatchObject({ status: 'APPROVED', result: { late: false, approvalId: proposal.approvalId } });
    expect((await agreement(pharmacy)).institutionName).toBe('福州鼓楼惠民大药房');
    expect((await client.request<InstitutionView>(Subjects.agreement.getInstitution, { code: pharmacy })).name).toBe('福州鼓楼惠民大药房');
    const history = await changesOf(pharmacy);
    expect(history.total).toBe(1);
    expect(history.items[0]).toMatchObject({ approvedOn: '2026-01-16', approvedBy: '福州市市场监督管理局', materials: base.materials, late: false });
    // The same value again is "unchanged" now.
    const again = await submit({ ...base, institutionCode: pharmacy, approvedOn: '2026-02-20', changes: [{ field: 'legalRepresentative', value: '陈明' }] });
    expect(fields(again)).toEqual(['changes[0].value']);

    await sut.get(OutboxRelay).drain();
    const jsm = await jetstreamManager(infra.nats.nc);
    const msg = await jsm.streams.getMessage(infra.nats.resolver.eventsStream, {
      last_by_subj: infra.nats.resolver.subject(AgreementEventSubjects.InstitutionInfoChanged),
    });
    const event = msg?.json();
    expect(eventErrors(InstitutionInfoChangedEvent, event)).toEqual([]);
    expect(event).toMatchObject({ payload: { institutionCode: pharmacy, late: false, workingDaysLate: 0, deadline: '2026-03-05' } });
  });

  it('late: accepted, flagged with the working days over, and the agreement follows a change of nature', async () => {
    // Approved Monday 5 January: the deadline is Saturday 14 February (a worked day); 2 March is 6 working days over.
    const filed = await submit({
      ...base,
      institutionCode: hospital,
      approvedOn: '2026-01-05',
      reason: '改制为民营，等级复评',
      changes: [
        { field: 'nature', value: 'private' },
        { field: 'grade', value: '3B' },
      ],
    });
    expect(filed.ok && filed.data).toMatchObject({
      deadline: '2026-02-14',
      late: true,
      workingDaysLate: 6,
      changes: [
        { field: 'nature', from: 'public', to: 'private' },
        { field: 'grade', from: '3A', to: '3B' },
      ],
    });
    expect((await agreement(hospital)).publicHospital).toBe(true);
    const pending = await submit({ ...base, institutionCode: hospital, approvedOn: '2026-02-20', changes: [{ field: 'address', value: '福州市仓山区' }] });
    expect(pending.ok || pending.error.code).toBe('APPROVAL.ALREADY_PENDING');
    const decided = await approve(client, (filed as { data: InfoChangeProposalView }).data.approvalId);
    const a = await agreement(hospital);
    expect(a).toMatchObject({ publicHospital: false, institutionLevel: '3B' });
    expect(decided.result).toMatchObject({ late: true, workingDaysLate: 6, agreementId: a.id });
    // No longer a public hospital: it may now ask for its own termination (AGR-08).
    const exit = await asActor(maker, () =>
      client.requestReply<AgreementView>(AgreementSubjects.requestVoluntaryTermination, {
        institutionCode: hospital,
        reason: '停止医保业务',
        effectiveOn: '2026-07-01',
      }),
    );
    expect(exit.ok && exit.data.terminationScheduledOn).toBe('2026-07-01');

    const em = sut.get(MikroORM).em.fork();
    const [audit] = await em.execute<{ detail: { late: boolean; workingDaysLate: number; rule: string } }[]>(
      `select detail from agreement.audit_log where action = 'institution.info-change' and target_id = ?`,
      [hospital],
    );
    expect(audit.detail).toMatchObject({ late: true, workingDaysLate: 6, rule: 'AGR-06' });
    const [outbox] = await em.execute<{ late: boolean; days: number }[]>(
      `select (envelope->'payload'->>'late')::boolean as late, (envelope->'payload'->>'workingDaysLate')::int as days from agreement.outbox where type = 'InstitutionInfoChanged' and envelope->>'aggregateId' = ?`,
      [hospital],
    );
    expect(outbox).toEqual({ late: true, days: 6 });
    expect(await sut.get(AuditService).verify()).toMatchObject({ ok: true });
  });
});
