import { MikroORM } from '@mikro-orm/postgresql';
import {
  AgreementEventSubjects,
  AgreementSubjects,
  type LicenceView,
  type Page,
  type PractitionerView,
  TerminalBoundEvent,
  TerminalUnboundEvent,
  type TerminalView,
} from '@mi/contracts';
import { FixedClock } from '@mi/domain';
import { type MiNatsClient, type RunningProcess } from '@mi/platform';
import { asActor, aUser, createTestInfra, type TestInfra, testNatsClient } from '@mi/testing';
import { AgreementConfig } from '../src/config';
import { persistence } from '../src/persistence';
import { changsha, eventErrors, maker, publishedEvents, registerInstitution, startAgreementService } from './agreement-fixtures';

describe('registry: licences, practitioners, terminals', () => {
  let infra: TestInfra;
  let sut: RunningProcess<AgreementConfig>;
  let client: MiNatsClient;
  const as = <T>(subject: string, body: unknown, actor = maker) => asActor(actor, () => client.requestReply<T>(subject, body));
  const terminal = { institutionCode: 'P35010200007', ip: '10.1.2.3', psamNo: '0123456789ABCDEF', cashier: 'cashier01' };

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startAgreementService(infra, new FixedClock('2026-03-02T01:00:00.000Z'));
    client = testNatsClient(infra);
    await registerInstitution(client, 'P35010200007');
    await registerInstitution(client, 'H35010300001', 'hospital', '350103');
  });

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
  });

  it('records licences with expiry and lists those expiring soon', async () => {
    for (const [kind, number, expiresOn] of [
      ['drug-trade', '闽AA5910001', '2026-05-31'],
      ['business', '91350102MA2Y00001X', '2030-12-31'],
      ['gsp', 'FJ-GSP-2021-0007', '2026-04-15'],
    ]) {
      const r = await as<LicenceView>(AgreementSubjects.addLicence, { institutionCode: 'P35010200007', kind, number, issuedOn: '2021-06-01', expiresOn });
      expect(r.ok).toBe(true);
    }
    const soon = await as<Page<LicenceView>>(AgreementSubjects.listLicences, { expiringWithinDays: 90 });
    expect(soon.ok && soon.data.items.map((l) => l.kind)).toEqual(['gsp', 'drug-trade']);
    const all = await as<Page<LicenceView>>(AgreementSubjects.listLicences, { institutionCode: 'P35010200007', limit: 2 });
    // 3 added here + the 3 the fixture registers with the pharmacy.
    expect(all.ok && [all.data.total, all.data.items.length]).toEqual([6, 2]);
    const dup = await as(AgreementSubjects.addLicence, {
      institutionCode: 'P35010200007',
      kind: 'gsp',
      number: 'FJ-GSP-2021-0007',
      issuedOn: '2021-06-01',
      expiresOn: '2026-04-15',
    });
    expect(dup.ok || dup.error.code).toBe('AGREEMENT.LICENCE_EXISTS');
    const backwards = await as(AgreementSubjects.addLicence, {
      institutionCode: 'P35010200007',
      kind: 'other',
      number: 'x',
      issuedOn: '2026-06-01',
      expiresOn: '2026-05-01',
    });
    expect(backwards.ok || backwards.error.details).toMatchObject({ field: 'expiresOn' });
    const bad = await as(AgreementSubjects.addLicence, { institutionCode: 'P35010200007', kind: 'spa', number: '', issuedOn: '2026-02-30', expiresOn: 'soon' });
    expect(bad.ok || (bad.error.details?.fields as { field: string }[]).map((f) => f.field).sort()).toEqual(['expiresOn', 'issuedOn', 'kind', 'number']);
    const stranger = await as<Page<LicenceView>>(AgreementSubjects.listLicences, { expiringWithinDays: 90 }, changsha);
    expect(stranger.ok && stranger.data.total).toBe(0);
  });

  it('registers practitioners and lists them filtered by institution, type and status', async () => {
    const r = await as<PractitionerView>(AgreementSubjects.registerPractitioner, {
      code: 'Y350102000001',
      name: '张药师',
      institutionCode: 'P35010200007',
      type: 'pharmacist',
    });
    expect(r.ok && r.data).toMatchObject({ status: 'ACTIVE', poolarea: '350100', admdvs: '350102' });
    await as(AgreementSubjects.registerPractitioner, { code: 'D350103000001', name: '李医师', institutionCode: 'H35010300001', type: 'physician' });
    const dup = await as(AgreementSubjects.registerPractitioner, {
      code: 'Y350102000001',
      name: '张药师',
      institutionCode: 'P35010200007',
      type: 'pharmacist',
    });
    expect(dup.ok || dup.error.code).toBe('AGREEMENT.PRACTITIONER_EXISTS');
    const bad = await as(AgreementSubjects.registerPractitioner, { code: 'y1', name: '', institutionCode: 'P35010200007', type: 'nurse', extra: 1 });
    expect(bad.ok || (bad.error.details?.fields as { field: string }[]).map((f) => f.field).sort()).toEqual(['code', 'extra', 'name', 'type']);
    const pharmacists = await as<Page<PractitionerView>>(AgreementSubjects.listPractitioners, { type: 'pharmacist' });
    expect(pharmacists.ok && pharmacists.data.items.map((p) => p.code)).toEqual(['Y350102000001']);
    const county = aUser({ id: 'u-c3', scope: '350103', roles: ['county-officer'] });
    const own = await as<Page<PractitionerView>>(AgreementSubjects.listPractitioners, {}, county);
    expect(own.ok && own.data.items.map((p) => p.code)).toEqual(['D350103000001']);
    const foreign = await as(
      AgreementSubjects.registerPractitioner,
      { code: 'Y350102000002', name: '王', institutionCode: 'P35010200007', type: 'pharmacist' },
      county,
    );
    expect(foreign.ok || foreign.error.code).toBe('NOT_FOUND');
  });

  it('binds a terminal to institution + IP + PSAM + cashier, refuses a second binding of the card, unbinds', async () => {
    const bound = await as<TerminalView>(AgreementSubjects.bindTerminal, terminal);
    expect(bound.ok && bound.data).toMatchObject({ status: 'BOUND', psamNo: '0123456789ABCDEF', boundAt: '2026-03-02T01:00:00.000Z' });
    const again = await as(AgreementSubjects.bindTerminal, { ...terminal, ip: '10.1.2.4' });
    expect(again.ok || again.error).toMatchObject({ code: 'AGREEMENT.PSAM_BOUND', details: { field: 'psamNo' } });
    const bad = await as(AgreementSubjects.bindTerminal, { ...terminal, ip: '10.1.2.300', psamNo: 'xyz', cashier: '' });
    expect(bad.ok || (bad.error.details?.fields as { field: string }[]).map((f) => f.field).sort()).toEqual(['cashier', 'ip', 'psamNo']);
    const id = bound.ok ? bound.data.id : '';
    const foreign = await as(AgreementSubjects.unbindTerminal, { id, reason: '设备更换' }, changsha);
    expect(foreign.ok || foreign.error.code).toBe('NOT_FOUND');
    const unbound = await as<TerminalView>(AgreementSubjects.unbindTerminal, { id, reason: '设备更换' });
    expect(unbound.ok && unbound.data.status).toBe('UNBOUND');
    const twice = await as(AgreementSubjects.unbindTerminal, { id, reason: '设备更换' });
    expect(twice.ok || twice.error.code).toBe('AGREEMENT.TERMINAL_NOT_BOUND');
    const rebound = await as<TerminalView>(AgreementSubjects.bindTerminal, terminal);
    expect(rebound.ok).toBe(true);
    const list = await as<Page<TerminalView>>(AgreementSubjects.listTerminals, { status: 'BOUND' });
    expect(list.ok && list.data.total).toBe(1);
    const [{ n }] = await sut.get(MikroORM).em.fork().execute<{ n: string }[]>('select count(*)::text as n from agreement.terminal');
    expect(n).toBe('2');

    // One event per committed change (the refused ones published nothing), each as its consumers validate it.
    const boundEvents = await publishedEvents(sut, infra, AgreementEventSubjects.TerminalBound);
    const unboundEvents = await publishedEvents(sut, infra, AgreementEventSubjects.TerminalUnbound);
    expect(boundEvents.map((e) => e.aggregateId)).toEqual([id, rebound.ok && rebound.data.id]);
    expect(boundEvents[0]).toMatchObject({
      type: 'TerminalBound',
      admdvs: '350102',
      payload: {
        terminalId: id,
        institutionCode: 'P35010200007',
        psamNo: '0123456789ABCDEF',
        ip: '10.1.2.3',
        cashier: 'cashier01',
        boundAt: '2026-03-02T01:00:00.000Z',
      },
    });
    expect(unboundEvents).toEqual([
      expect.objectContaining({
        type: 'TerminalUnbound',
        aggregateId: id,
        payload: { terminalId: id, institutionCode: 'P35010200007', psamNo: '0123456789ABCDEF', unboundAt: '2026-03-02T01:00:00.000Z', reason: '设备更换' },
      }),
    ]);
    for (const e of boundEvents) expect(eventErrors(TerminalBoundEvent, e)).toEqual([]);
    expect(eventErrors(TerminalUnboundEvent, unboundEvents[0])).toEqual([]);
    // Terminals no longer travel as the generic RegistryChanged.
    const generic = await publishedEvents(sut, infra, AgreementEventSubjects.RegistryChanged);
    expect(generic.filter((e) => e.payload.kind === 'terminal')).toEqual([]);
    // Each event was written with its audit row, in the same transaction.
    const audits = await sut
      .get(MikroORM)
      .em.fork()
      .execute<{ action: string }[]>(`select action from agreement.audit_log where target_type = 'terminal' order by seq`);
    expect(audits.map((a) => a.action)).toEqual(['terminal.bind', 'terminal.unbind', 'terminal.bind']);
  });
});
