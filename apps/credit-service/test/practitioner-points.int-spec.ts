import { MikroORM } from '@mikro-orm/postgresql';
import { jetstreamManager } from '@nats-io/jetstream';
import { AgreementEventSubjects, type CreditFileDetailView, type PractitionerSuspendedPayload, Subjects, VIOLATION_CONFIRMED_SUBJECT } from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import { newUuidV7 } from '@mi/platform';
import { asActor, aUser, waitFor } from '@mi/testing';
import { creditHarness } from './credit-harness';

const DOCTOR = 'D430102000101';
const FRAUD_DOCTOR = 'D430102000102';
const NAMED_DOCTOR = 'D430102000103';
const XM_DOCTOR = 'D350502000104';

const points = (subjectCode: string, p: number, total: number, over: Record<string, unknown> = {}) => ({
  id: newUuidV7(),
  type: 'PointsDeducted',
  version: 1,
  occurredAt: '2026-06-01T02:00:00.000Z',
  admdvs: '430102',
  aggregateId: subjectCode,
  payload: { subjectType: 'practitioner', subjectCode, item: 'swap-drugs', points: p, year: 2026, total },
  ...over,
});

/** 一人一档: practitioners' 12 points from agreement-service, the national bands and PractitionerSuspended. */
describe('practitioner credit files and the national 12-point bands', () => {
  const clock = new ManualClock('2026-06-02T02:00:00.000Z');
  const h = creditHarness(clock);
  const publish = (subject: string, body: unknown, msgID?: string) => h.publish(subject, body, msgID);
  const file = (code: string, scope = '430100'): Promise<CreditFileDetailView> =>
    asActor(aUser({ scope }), () => h.client.request<CreditFileDetailView>(Subjects.credit.getCreditFile, { subjectType: 'practitioner', subjectCode: code }));
  const fileWith = (code: string, n: number, scope = '430100') =>
    waitFor(
      async () => {
        const f = await file(code, scope).catch(() => undefined);
        return f && f.entries.length >= n ? f : undefined;
      },
      10_000,
      `${code} with ${n} entries`,
    );
  async function suspensions(code: string): Promise<PractitionerSuspendedPayload[]> {
    const rows = await h.sut
      .get(MikroORM)
      .em.fork()
      .execute<{ envelope: { payload: PractitionerSuspendedPayload } }[]>(
        `select envelope from credit.outbox where type = 'PractitionerSuspended' and envelope->'payload'->>'practitionerCode' = ? order by seq`,
        [code],
      );
    return rows.map((r) => r.envelope.payload);
  }
  async function drained(): Promise<void> {
    const jsm = await jetstreamManager(h.infra.nats.nc);
    await waitFor(
      async () => {
        const c = await jsm.consumers.info(
          h.infra.nats.resolver.eventsStream,
          h.infra.nats.resolver.durableName('credit-service', AgreementEventSubjects.PointsDeducted),
        );
        return c.num_pending === 0 && c.num_ack_pending === 0;
      },
      10_000,
      'points events acknowledged',
    );
  }

  it('opens the practitioner file from the first points and shows the band; below 9 nothing is published', async () => {
    const first = points(DOCTOR, 3, 3, {
      payload: { subjectType: 'practitioner', subjectCode: DOCTOR, item: 'excess-quantity', points: 3, year: 2026, total: 3 },
    });
    await publish(AgreementEventSubjects.PointsDeducted, first, first.id);
    const f = await fileWith(DOCTOR, 1);
    expect(f).toMatchObject({ subjectType: 'practitioner', admdvs: '430102', score: 850, level: 'B' });
    expect(f.points).toMatchObject({ year: 2026, total: 3, band: '1-3', qualification: 'ACTIVE', from: null, until: null });
    expect(f.entries[0]).toMatchObject({
      kind: 'POINTS',
      points: 3,
      pointsYear: 2026,
      pointsTotal: 3,
      scoreDelta: 0,
      source: { eventId: first.id, subject: AgreementEventSubjects.PointsDeducted, service: 'agreement-service' },
      evidence: { item: 'excess-quantity', year: '2026' },
    });
    expect(await suspensions(DOCTOR)).toEqual([]);
  });

  it('crossing 9 suspends for the policy months once, even when the event is delivered twice; further points in the band publish nothing', async () => {
    const ninth = points(DOCTOR, 6, 9);
    await publish(AgreementEventSubjects.PointsDeducted, ninth, ninth.id);
    await publish(AgreementEventSubjects.PointsDeducted, ninth); // redelivery past de-duplication
    await fileWith(DOCTOR, 2);
    await drained();
    const f = await file(DOCTOR);
    expect(f.entries).toHaveLength(2);
    expect(f.points).toMatchObject({ total: 9, band: '7-9', qualification: 'SUSPENDED', from: '2026-06-01', until: '2026-11-30' });
    expect(f.entries[1].evidence).toMatchObject({ consequence: 'SUSPENDED', from: '2026-06-01', until: '2026-11-30' });
    expect(f.entries[1].summary).toContain('暂停医保支付资格 6 个月');
    const published = await suspensions(DOCTOR);
    expect(published).toEqual([
      {
        practitionerCode: DOCTOR,
        consequence: 'SUSPENDED',
        months: 6,
        reRegistrationBarYears: null,
        from: '2026-06-01',
        until: '2026-11-30',
        year: 2026,
        total: 9,
        band: '7-9',
        basis: expect.stringContaining('医保发〔2024〕23号'),
        causeEventId: ninth.id,
      },
    ]);
    const tenth = points(DOCTOR, 1, 10);
    await publish(AgreementEventSubjects.PointsDeducted, tenth, tenth.id);
    expect((await fileWith(DOCTOR, 3)).points).toMatchObject({ total: 10, band: '10-12', qualification: 'SUSPENDED' });
    expect(await suspensions(DOCTOR)).toHaveLength(1);
  });

  it('reaching 12 by accumulation terminates with a 1-year bar; the total is explained by the entries and clears next year', async () => {
    const twelfth = points(DOCTOR, 2, 12);
    await publish(AgreementEventSubjects.PointsDeducted, twelfth, twelfth.id);
    await fileWith(DOCTOR, 4);
    const f = await waitFor(async () => ((await file(DOCTOR)).points?.qualification === 'TERMINATED' ? file(DOCTOR) : undefined), 10_000, 'terminated');
    expect(f.points).toMatchObject({ total: 12, band: '10-12', qualification: 'TERMINATED', from: '2026-06-01', until: '2027-05-31' });
    expect(f.entries.filter((e) => e.pointsYear === 2026).reduce((s, e) => s + (e.points ?? 0), 0)).toBe(f.points?.total);
    expect((await suspensions(DOCTOR)).map((s) => [s.consequence, s.reRegistrationBarYears, s.until])).toEqual([
      ['SUSPENDED', null, '2026-11-30'],
      ['TERMINATED', 1, '2027-05-31'],
    ]);
    clock.set(new Date('2027-01-05T02:00:00.000Z'));
    try {
      const next = await file(DOCTOR);
      // The natural-year total clears; the re-registration bar does not.
      expect(next.points).toMatchObject({ year: 2027, total: 0, band: null, qualification: 'TERMINATED', until: '2027-05-31' });
      expect(next.entries).toHaveLength(4);
    } finally {
      clock.set(new Date('2026-06-02T02:00:00.000Z'));
    }
  });

  it('a single 12-point score (fraud) terminates with the 3-year bar, without a separate suspension', async () => {
    const fraud = points(FRAUD_DOCTOR, 12, 12, {
      payload: { subjectType: 'practitioner', subjectCode: FRAUD_DOCTOR, item: 'fictitious-service', points: 12, year: 2026, total: 12 },
    });
    await publish(AgreementEventSubjects.PointsDeducted, fraud, fraud.id);
    const f = await fileWith(FRAUD_DOCTOR, 1);
    expect(f.points).toMatchObject({ total: 12, qualification: 'TERMINATED', until: '2029-05-31' });
    expect((await suspensions(FRAUD_DOCTOR)).map((s) => [s.consequence, s.reRegistrationBarYears, s.from, s.until])).toEqual([
      ['TERMINATED', 3, '2026-06-01', '2029-05-31'],
    ]);
  });

  it("a city's policy sets the suspension months (Quanzhou 3 months); the file is region-scoped", async () => {
    const xm = points(XM_DOCTOR, 9, 9, {
      admdvs: '350502',
      payload: { subjectType: 'practitioner', subjectCode: XM_DOCTOR, item: 'settled-unregistered', points: 9, year: 2026, total: 9 },
    });
    await publish(AgreementEventSubjects.PointsDeducted, xm, xm.id);
    const f = await fileWith(XM_DOCTOR, 1, '350500');
    expect(f.points).toMatchObject({ qualification: 'SUSPENDED', from: '2026-06-01', until: '2026-08-31' });
    expect((await suspensions(XM_DOCTOR)).map((s) => s.months)).toEqual([3]);
    const other = await asActor(aUser({ scope: '430100' }), () =>
      h.client.requestReply(Subjects.credit.getCreditFile, { subjectType: 'practitioner', subjectCode: XM_DOCTOR }),
    );
    expect(other.ok || other.error.code).toBe('NOT_FOUND');
  });

  it('a confirmed violation opens the file of a practitioner it names (no points of its own: agreement scores them)', async () => {
    const v = {
      id: newUuidV7(),
      type: 'ViolationConfirmed',
      version: 1,
      occurredAt: '2026-06-01T02:00:00.000Z',
      admdvs: '430102',
      aggregateId: '01a30000-0000-7000-8000-000000000011',
      payload: {
        caseId: '01a30000-0000-7000-8000-000000000011',
        caseNo: 'SH-430100-2026-000011',
        settlementId: '01a30000-0000-7000-8000-000000000012',
        setlId: 'S2026060100011',
        institutionCode: 'H43010200011',
        poolarea: '430100',
        practitionerCodes: [NAMED_DOCTOR],
        ruleIds: ['R-DUP-001'],
        severity: '2',
        amountFen: '5000',
        outcome: 'DEDUCTED',
        confirmedOn: '2026-06-01',
      },
    };
    await publish(VIOLATION_CONFIRMED_SUBJECT, v, v.id);
    const f = await fileWith(NAMED_DOCTOR, 1);
    expect(f).toMatchObject({ score: 830, points: { total: 0, band: null, qualification: 'ACTIVE' } });
    expect(f.entries[0]).toMatchObject({ kind: 'VIOLATION', scoreDelta: -20, points: null, evidence: { caseNo: 'SH-430100-2026-000011' } });
  });
});
