import { MikroORM } from '@mikro-orm/postgresql';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import {
  type AlertDetailView,
  type AlertView,
  AnomalyEventSubjects,
  AnomalySubjects,
  type ClaimSettledPayload,
  type ClaimSettledVisit,
  type Page,
  ReviewEventSubjects,
  type ThresholdsView,
} from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import { type MiNatsClient, newUuidV7, type RunningProcess } from '@mi/platform';
import { asActor, aUser, createTestInfra, prng, startTestService, type TestInfra, testNatsClient, waitFor } from '@mi/testing';
import { AnomalyService } from '../src/anomaly/anomaly.service';
import { BatchFacts, FactStore } from '../src/anomaly/fact-store';
import { AppModule } from '../src/app.module';
import { MonitoringKbConfig } from '../src/config';
import { persistence } from '../src/persistence';

describe('anomaly detectors fed by ClaimSettled (real PostgreSQL + NATS JetStream)', () => {
  let infra: TestInfra;
  let sut: RunningProcess<MonitoringKbConfig>;
  let client: MiNatsClient;
  const clock = new ManualClock('2026-04-20T02:00:00.000Z');
  const officer = aUser({ id: 'u-1', username: 'cs.officer', roles: ['city-officer'], scope: '430100' });
  const zhuzhou = aUser({ id: 'u-3', username: 'zz.officer', roles: ['city-officer'], scope: '430200' });
  const reviewer = aUser({ id: 'u-4', username: 'cs.reviewer', roles: ['reviewer'], scope: '430100' });
  let n = 0;

  const sql = async <T>(q: string, params: unknown[] = []): Promise<T[]> => sut.get<MikroORM>(MikroORM).em.fork().execute<T[]>(q, params);
  const count = async (from: string): Promise<number> => Number((await sql<{ n: string }>(`select count(*)::text as n from ${from}`))[0].n);

  /** A ClaimSettled event; `visit: null` leaves the visit out (an event published before it existed). */
  function settled(o: Partial<Omit<ClaimSettledPayload, 'visit'>> & { visit?: Partial<ClaimSettledVisit> | null; id?: string; admdvs?: string } = {}): {
    id: string;
    type: string;
    version: number;
    occurredAt: string;
    admdvs: string;
    aggregateId: string;
    payload: ClaimSettledPayload;
  } {
    n += 1;
    const settlementId = o.settlementId ?? newUuidV7();
    const setlDate = o.setlDate ?? '2026-04-10';
    const { visit, id, admdvs, ...rest } = o;
    const payload: ClaimSettledPayload = {
      settlementId,
      setlId: `S${n}`,
      mdtrtId: `M${n}`,
      psnNo: `P${n}`,
      institutionCode: 'H43010200001',
      poolarea: '430100',
      insutype: '310',
      setlDate,
      medfeeSumamtFen: '12000',
      hifpPayFen: '6000',
      acctPayFen: '0',
      psnCashPayFen: '6000',
      reversal: false,
      ruleSet: '430000#1',
      findings: 0,
      ...rest,
    };
    if (visit !== null)
      payload.visit = {
        setlTime: `${setlDate}T02:00:00.000Z`,
        gend: '1',
        ageYears: 60,
        treatmentMode: '1',
        medType: '11',
        begndate: setlDate,
        enddate: setlDate,
        department: null,
        doctor: null,
        ...visit,
      };
    return {
      id: id ?? newUuidV7(),
      type: 'ClaimSettled',
      version: 1,
      occurredAt: '2026-04-20T02:00:00.000Z',
      admdvs: admdvs ?? '430102',
      aggregateId: settlementId,
      payload,
    };
  }

  async function publish(...events: ReturnType<typeof settled>[]): Promise<void> {
    const js = jetstream(infra.nats.nc);
    for (const e of events) await js.publish(infra.nats.resolver.subject(ReviewEventSubjects.ClaimSettled), JSON.stringify(e));
  }

  const alerts = (q: Record<string, unknown> = {}) => asActor(officer, () => client.request<Page<AlertView>>(AnomalySubjects.listAlerts, q));
  const facts = () => count('kb.settlement_fact');

  async function lastEvent(subject: string): Promise<{ type: string; admdvs: string; payload: Record<string, unknown> } | undefined> {
    const jsm = await jetstreamManager(infra.nats.nc);
    const msg = await jsm.streams.getMessage(infra.nats.resolver.eventsStream, { last_by_subj: infra.nats.resolver.subject(subject) }).catch(() => null);
    return msg?.json();
  }

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startTestService(infra, AppModule, MonitoringKbConfig, 'monitoring-kb-service', { clock });
    client = testNatsClient(infra);
  });

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
  });

  it('a large settlement raises one alert, even redelivered, republished or without the visit', async () => {
    const big = settled({ medfeeSumamtFen: '5000000', psnNo: 'PBIG', visit: null, setlDate: '2026-04-01' });
    const small = settled({ medfeeSumamtFen: '4999999', psnNo: 'PSMALL', setlDate: '2026-04-01' });
    await publish(big, big, small, { ...big, id: newUuidV7() });
    await waitFor(async () => (await facts()) === 2, 10_000, 'two facts');
    await waitFor(async () => (await alerts({ type: 'LARGE_EXPENDITURE' })).total === 1, 10_000, 'large-expenditure alert');
    const page = await alerts({ type: 'LARGE_EXPENDITURE' });
    expect(page.items[0]).toMatchObject({
      type: 'LARGE_EXPENDITURE',
      status: 'NEW',
      institutionCode: 'H43010200001',
      psnNo: 'PBIG',
      admdvs: '430102',
      poolarea: '430100',
      settlementIds: [big.payload.settlementId],
      measured: { value: '50000.00' },
      threshold: { value: '50000.00' },
      from: '2026-03-31T16:00:00.000Z',
      to: '2026-04-01T15:59:59.999Z',
    });
    expect(page.items[0].explanation).toContain('单次结算医疗费用50000.00元');
    expect(await count(`kb.audit_log where action = 'kb.anomaly-detected'`)).toBe(1);
    await waitFor(
      async () => (await lastEvent(AnomalyEventSubjects.AnomalyDetected))?.payload.alertId === page.items[0].id,
      10_000,
      'AnomalyDetected published',
    );
    // A visit-less event is stored but the detectors needing the visit skip it.
    const [row] = await sql<{ treatment_mode: string | null }>(`select treatment_mode from kb.settlement_fact where settlement_id = ?`, [
      big.payload.settlementId,
    ]);
    expect(row.treatment_mode).toBeNull();
  });

  it('one person settling five times a day: one alert that grows with a sixth purchase', async () => {
    const buy = (i: number) =>
      settled({
        psnNo: 'PMANY',
        institutionCode: i % 2 ? 'P43010200002' : 'P43010200003',
        setlDate: '2026-04-02',
        visit: { treatmentMode: '3', setlTime: `2026-04-02T0${i}:00:00.000Z` },
      });
    const four = [1, 2, 3, 4].map(buy);
    await publish(...four);
    await waitFor(async () => (await sql(`select 1 from kb.settlement_fact where psn_no = 'PMANY'`)).length === 4, 10_000, 'four purchases');
    expect((await alerts({ type: 'PERSON_MANY_SETTLEMENTS' })).total).toBe(0);
    const fifth = buy(5);
    await publish(fifth);
    await waitFor(async () => (await alerts({ type: 'PERSON_MANY_SETTLEMENTS' })).total === 1, 10_000, 'person alert');
    const [alert] = (await alerts({ type: 'PERSON_MANY_SETTLEMENTS' })).items;
    expect(alert).toMatchObject({ psnNo: 'PMANY', institutionCode: null, measured: { value: 5, institutions: 2 }, threshold: { value: 5, windowDays: 1 } });
    expect(alert.settlementIds).toHaveLength(5);
    const sixth = buy(6);
    await publish(sixth, sixth);
    await waitFor(async () => (await alerts({ type: 'PERSON_MANY_SETTLEMENTS' })).items[0]?.settlementIds.length === 6, 10_000, 'alert extended');
    const extended = (await alerts({ type: 'PERSON_MANY_SETTLEMENTS' })).items;
    expect(extended).toHaveLength(1);
    expect(extended[0]).toMatchObject({ id: alert.id, measured: { value: 6 } });
    await waitFor(async () => (await lastEvent(AnomalyEventSubjects.AnomalyExtended))?.payload.alertId === alert.id, 10_000, 'AnomalyExtended published');
    expect(await count(`kb.audit_log where action = 'kb.anomaly-extended' and target_id = '${alert.id}'`)).toBe(1);
  });

  it('an outpatient purchase inside an inpatient stay, reported by the stay that arrives later', async () => {
    const visit = settled({ psnNo: 'PSTAY', institutionCode: 'P43010200002', setlDate: '2026-04-06', visit: { treatmentMode: '3' } });
    const onAdmission = settled({ psnNo: 'PSTAY', institutionCode: 'P43010200002', setlDate: '2026-04-03', visit: { treatmentMode: '3' } });
    await publish(visit, onAdmission);
    await waitFor(async () => (await sql(`select 1 from kb.settlement_fact where psn_no = 'PSTAY'`)).length === 2, 10_000, 'visits');
    const stay = settled({
      psnNo: 'PSTAY',
      setlDate: '2026-04-12',
      medfeeSumamtFen: '900000',
      visit: { treatmentMode: '2', medType: '21', begndate: '2026-04-03', enddate: '2026-04-12', setlTime: '2026-04-12T02:00:00.000Z' },
    });
    await publish(stay);
    await waitFor(async () => (await alerts({ type: 'OUTPATIENT_DURING_STAY' })).total === 1, 10_000, 'stay alert');
    const [alert] = (await alerts({ type: 'OUTPATIENT_DURING_STAY' })).items;
    expect(alert).toMatchObject({
      psnNo: 'PSTAY',
      institutionCode: 'H43010200001',
      settlementIds: [stay.payload.settlementId, visit.payload.settlementId],
      from: '2026-04-02T16:00:00.000Z',
      to: '2026-04-12T15:59:59.999Z',
    });
    const detail = await asActor(officer, () => client.request<AlertDetailView>(AnomalySubjects.getAlert, { id: alert.id }));
    expect(detail.settlements.map((s) => [s.setlId, s.treatmentMode, s.begndate, s.enddate, s.reversed])).toEqual([
      [visit.payload.setlId, '3', '2026-04-06', '2026-04-06', false],
      [stay.payload.setlId, '2', '2026-04-03', '2026-04-12', false],
    ]);
    // A reversal marks its original in the fact store; the alert keeps the link and shows it reversed.
    const reversal = settled({
      ...visit.payload,
      setlId: `${visit.payload.setlId}-R`,
      settlementId: newUuidV7(),
      medfeeSumamtFen: '-12000',
      hifpPayFen: '-6000',
      psnCashPayFen: '-6000',
      reversal: true,
      visit: { treatmentMode: '3' },
    });
    await publish(reversal);
    await waitFor(
      async () => (await asActor(officer, () => client.request<AlertDetailView>(AnomalySubjects.getAlert, { id: alert.id }))).settlements[0].reversed,
      10_000,
      'original reversed',
    );
    expect(await count(`kb.settlement_fact where setl_id = '${reversal.payload.setlId}'`)).toBe(0);
    // Raised by a pharmacy visit in another county arriving after the stay: the alert is the hospital's region.
    const stay2 = settled({
      psnNo: 'PSTAY2',
      setlDate: '2026-04-12',
      visit: { treatmentMode: '2', medType: '21', begndate: '2026-04-03', enddate: '2026-04-12', setlTime: '2026-04-12T03:00:00.000Z' },
    });
    await publish(stay2);
    await waitFor(async () => (await sql(`select 1 from kb.settlement_fact where psn_no = 'PSTAY2'`)).length === 1, 10_000, 'second stay');
    await publish(settled({ psnNo: 'PSTAY2', institutionCode: 'P43010300001', admdvs: '430103', setlDate: '2026-04-05', visit: { treatmentMode: '3' } }));
    await waitFor(async () => (await alerts({ type: 'OUTPATIENT_DURING_STAY' })).total === 2, 10_000, 'second stay alert');
    expect((await alerts({ type: 'OUTPATIENT_DURING_STAY' })).items.find((a) => a.psnNo === 'PSTAY2')).toMatchObject({
      institutionCode: 'H43010200001',
      admdvs: '430102',
    });
  });

  it('thresholds are data per city: validated field by field, audited, and used by the detectors', async () => {
    const bad = await asActor(officer, () =>
      client.requestReply(AnomalySubjects.setThresholds, { region: '430100', type: 'SETTLEMENT_BURST', params: { minPersons: 1 }, reason: '本市试点' }),
    );
    expect(bad.ok || bad.error.details?.field).toBe('params.minPersons');
    expect(await count('kb.anomaly_threshold')).toBe(0);
    const other = await asActor(zhuzhou, () =>
      client.requestReply(AnomalySubjects.setThresholds, { region: '430100', type: 'SETTLEMENT_BURST', params: { minPersons: 3 }, reason: '本市试点' }),
    );
    expect(other.ok || other.error.code).toBe('FORBIDDEN.REGION');
    const set = await asActor(officer, () =>
      client.request<ThresholdsView>(AnomalySubjects.setThresholds, {
        region: '430100',
        type: 'SETTLEMENT_BURST',
        params: { minPersons: 3, windowMinutes: 10 },
        reason: '本市诊所规模小，按10分钟3人预警',
      }),
    );
    expect(set.detectors.find((d) => d.type === 'SETTLEMENT_BURST')).toEqual({
      type: 'SETTLEMENT_BURST',
      params: { minPersons: 3, windowMinutes: 10, treatmentModes: ['1', '3'] },
      source: '430100',
    });
    expect(set.detectors.find((d) => d.type === 'LARGE_EXPENDITURE')?.source).toBe('default');
    expect(await count(`kb.audit_log where action = 'kb.set-anomaly-thresholds'`)).toBe(1);

    const at = (minute: number, psnNo: string) =>
      settled({
        psnNo,
        institutionCode: 'H43010200005',
        setlDate: '2026-04-08',
        visit: { setlTime: `2026-04-08T12:${String(minute).padStart(2, '0')}:00.000Z` },
      });
    await publish(at(0, 'PB1'), at(5, 'PB2'), at(11, 'PB3'));
    await waitFor(async () => (await sql(`select 1 from kb.settlement_fact where institution_code = 'H43010200005'`)).length === 3, 10_000, 'three visits');
    expect((await alerts({ type: 'SETTLEMENT_BURST' })).total).toBe(0); // 11 minutes apart: not within 10
    await publish(at(9, 'PB4'));
    await waitFor(async () => (await alerts({ type: 'SETTLEMENT_BURST' })).total === 1, 10_000, 'burst alert');
    const [burst] = (await alerts({ type: 'SETTLEMENT_BURST', institutionCode: 'H43010200005' })).items;
    expect(burst).toMatchObject({
      measured: { value: 3 },
      threshold: { value: 3, windowMinutes: 10 },
      from: '2026-04-08T12:00:00.000Z',
      to: '2026-04-08T12:09:00.000Z',
    });
  });

  it('young/middle-aged share at an institution far above the rest of the city', async () => {
    await asActor(officer, () =>
      client.request(AnomalySubjects.setThresholds, {
        region: '430100',
        type: 'YOUNG_ADULT_INPATIENT_SPIKE',
        params: { minSettlements: 4, minYoung: 3, minRatio: 2 },
        reason: '试点：小样本',
      }),
    );
    const stay = (institutionCode: string, age: number) =>
      settled({ institutionCode, setlDate: '2026-04-15', visit: { treatmentMode: '2', ageYears: age, begndate: '2026-04-10', enddate: '2026-04-15' } });
    await publish(stay('H43010200007', 70), stay('H43010200007', 30), stay('H43010200007', 65), stay('H43010200007', 80), stay('H43010200007', 75));
    await publish(stay('H43010200008', 25), stay('H43010200008', 33), stay('H43010200008', 70));
    await waitFor(
      async () => (await sql(`select 1 from kb.settlement_fact where institution_code in ('H43010200007', 'H43010200008')`)).length === 8,
      10_000,
      'stays',
    );
    expect((await alerts({ type: 'YOUNG_ADULT_INPATIENT_SPIKE' })).total).toBe(0); // 3 settlements < minSettlements 4
    await publish(stay('H43010200008', 40));
    await waitFor(async () => (await alerts({ type: 'YOUNG_ADULT_INPATIENT_SPIKE' })).total === 1, 10_000, 'spike alert');
    const [spike] = (await alerts({ type: 'YOUNG_ADULT_INPATIENT_SPIKE' })).items;
    // 3 of 4 (75 %) against 1 of 7 elsewhere (H…07's five and the earlier test's two 60-year-old stays): 5.25×.
    expect(spike).toMatchObject({ institutionCode: 'H43010200008', measured: { value: '5.25', settlements: 4, young: 3, share: '75.0%', cityShare: '14.3%' } });
    expect(spike.settlementIds).toHaveLength(3);
    // The window is the 14 days up to the admission day (2026-04-10), Beijing time.
    expect(spike).toMatchObject({ from: '2026-03-27T16:00:00.000Z', to: '2026-04-10T15:59:59.999Z' });
  });

  it('officers confirm or dismiss alerts of their region with a note; confirmation is published for credit', async () => {
    const [large] = (await alerts({ type: 'LARGE_EXPENDITURE' })).items;
    const [burst] = (await alerts({ type: 'SETTLEMENT_BURST' })).items;
    const noNote = await asActor(officer, () => client.requestReply(AnomalySubjects.decideAlert, { id: large.id, decision: 'CONFIRM', note: '' }));
    expect(noNote.ok || noNote.error.details?.field).toBe('note');
    const byReviewer = await asActor(reviewer, () => client.requestReply(AnomalySubjects.decideAlert, { id: large.id, decision: 'CONFIRM', note: '核实' }));
    expect(byReviewer.ok || byReviewer.error.code).toBe('FORBIDDEN.ROLE');
    const elsewhere = await asActor(zhuzhou, () => client.requestReply(AnomalySubjects.decideAlert, { id: large.id, decision: 'CONFIRM', note: '核实' }));
    expect(elsewhere.ok || elsewhere.error.code).toBe('NOT_FOUND');
    const hidden = await asActor(zhuzhou, () => client.requestReply(AnomalySubjects.getAlert, { id: large.id }));
    expect(hidden.ok || hidden.error.code).toBe('NOT_FOUND');
    expect((await asActor(zhuzhou, () => client.request<Page<AlertView>>(AnomalySubjects.listAlerts, {}))).total).toBe(0);
    expect(await count(`kb.anomaly_alert where status <> 'NEW'`)).toBe(0);

    const confirmed = await asActor(officer, () =>
      client.request<AlertView>(AnomalySubjects.decideAlert, { id: large.id, decision: 'CONFIRM', note: '核实病历，费用与诊疗不符' }),
    );
    expect(confirmed).toMatchObject({ status: 'CONFIRMED', note: '核实病历，费用与诊疗不符', decidedBy: 'cs.officer' });
    const again = await asActor(officer, () => client.requestReply(AnomalySubjects.decideAlert, { id: large.id, decision: 'DISMISS', note: '重复' }));
    expect(again.ok || again.error.code).toBe('KB.ALERT_ALREADY_DECIDED');
    await asActor(officer, () => client.request<AlertView>(AnomalySubjects.decideAlert, { id: burst.id, decision: 'DISMISS', note: '义诊活动，已报备' }));
    await waitFor(async () => (await lastEvent(AnomalyEventSubjects.AnomalyConfirmed))?.payload.alertId === large.id, 10_000, 'AnomalyConfirmed');
    expect(await lastEvent(AnomalyEventSubjects.AnomalyConfirmed)).toMatchObject({
      type: 'AnomalyConfirmed',
      admdvs: '430102',
      payload: { type: 'LARGE_EXPENDITURE', institutionCode: 'H43010200001', status: 'CONFIRMED', decidedBy: 'cs.officer', settlementIds: large.settlementIds },
    });
    await waitFor(async () => (await lastEvent(AnomalyEventSubjects.AnomalyDismissed))?.payload.alertId === burst.id, 10_000, 'AnomalyDismissed');
    expect(await count(`kb.audit_log where action in ('kb.anomaly-confirmed', 'kb.anomaly-dismissed')`)).toBe(2);

    // Filters.
    expect((await alerts({ status: 'CONFIRMED' })).items.map((a) => a.id)).toEqual([large.id]);
    expect((await alerts({ from: '2026-04-09', to: '2026-04-30', type: 'SETTLEMENT_BURST' })).total).toBe(0);
    expect((await alerts({ from: '2026-04-01', to: '2026-04-01' })).items.map((a) => a.type)).toEqual(['LARGE_EXPENDITURE', 'YOUNG_ADULT_INPATIENT_SPIKE']);
    expect((await alerts({ from: '2026-03-20', to: '2026-03-27' })).total).toBe(0);
    expect((await alerts({ from: '2026-04-08', to: '2026-04-08' })).items.map((a) => a.type).sort()).toEqual([
      'OUTPATIENT_DURING_STAY',
      'OUTPATIENT_DURING_STAY',
      'SETTLEMENT_BURST',
      'YOUNG_ADULT_INPATIENT_SPIKE',
    ]);
    const all = await alerts({ poolarea: '430100', limit: 2, offset: 1 });
    expect(all).toMatchObject({ total: 6, limit: 2, offset: 1 });
    expect(all.items).toHaveLength(2);
    const badType = await asActor(officer, () => client.requestReply(AnomalySubjects.listAlerts, { type: 'NOPE' }));
    expect(badType.ok || badType.error.code).toBe('VALIDATION');
    const badCity = await asActor(officer, () => client.requestReply(AnomalySubjects.listAlerts, { poolarea: '430200' }));
    expect(badCity.ok || badCity.error.code).toBe('FORBIDDEN.REGION');
  });

  it('a readmission within 7 days of discharge at the same hospital, whichever stay arrives last', async () => {
    const stay = (begndate: string, enddate: string) =>
      settled({
        psnNo: 'PREADM',
        institutionCode: 'H43010200009',
        setlDate: enddate,
        visit: { treatmentMode: '2', medType: '21', begndate, enddate, setlTime: `${enddate}T03:00:00.000Z` },
      });
    const second = stay('2026-04-20', '2026-04-24');
    await publish(second);
    await waitFor(async () => (await sql(`select 1 from kb.settlement_fact where psn_no = 'PREADM'`)).length === 1, 10_000, 'second stay');
    expect((await alerts({ type: 'READMISSION_7D' })).total).toBe(0);
    const first = stay('2026-04-10', '2026-04-13');
    await publish(first, first);
    await waitFor(async () => (await alerts({ type: 'READMISSION_7D' })).total === 1, 10_000, 'readmission alert');
    const [alert] = (await alerts({ type: 'READMISSION_7D' })).items;
    expect(alert).toMatchObject({
      psnNo: 'PREADM',
      institutionCode: 'H43010200009',
      settlementIds: [first.payload.settlementId, second.payload.settlementId],
      measured: { value: 7 },
      threshold: { value: 7 },
      from: '2026-04-09T16:00:00.000Z',
      to: '2026-04-24T15:59:59.999Z',
    });
    expect(await count(`kb.audit_log where action = 'kb.anomaly-detected' and target_id = '${alert.id}'`)).toBe(1);
  });

  it('a batch of events (duplicates, reversals, out of order) ends exactly as the same events ingested one by one', async () => {
    // A city of its own (株洲 430200 → 430300 湘潭) so the other tests' facts do not mix in.
    const rnd = prng(20261205);
    const int = (min: number, max: number): number => min + Math.floor(rnd() * (max - min + 1));
    const hospital = (i: number) => `H4303020000${i}`;
    const pharmacy = (i: number) => `P4303020000${i}`;
    const day = (d: number) => `2026-05-${String(d).padStart(2, '0')}`;
    const at = (d: number, minutes: number) => new Date(Date.parse(`${day(d)}T00:00:00.000Z`) + minutes * 60_000).toISOString();
    const base = { poolarea: '430300', admdvs: '430302' };
    const events: ReturnType<typeof settled>[] = [];
    const outpatient = (psnNo: string, institutionCode: string, d: number, minutes: number, fen = int(1_000, 40_000), ageYears = int(1, 90)) =>
      events.push(
        settled({
          ...base,
          psnNo,
          institutionCode,
          setlDate: day(d),
          medfeeSumamtFen: String(fen),
          visit: { setlTime: at(d, minutes), ageYears, gend: rnd() < 0.5 ? '1' : '2', treatmentMode: institutionCode.startsWith('P') ? '3' : '1' },
        }),
      );
    const stay = (psnNo: string, institutionCode: string, from: number, to: number, ageYears: number) =>
      events.push(
        settled({
          ...base,
          psnNo,
          institutionCode,
          setlDate: day(to),
          medfeeSumamtFen: String(int(200_000, 900_000)),
          visit: { setlTime: at(to, 120), ageYears, treatmentMode: '2', medType: '21', begndate: day(from), enddate: day(to) },
        }),
      );
    for (let k = 0; k < 300; k += 1) outpatient(`PX${int(1, 40)}`, rnd() < 0.3 ? pharmacy(int(1, 2)) : hospital(int(1, 4)), int(1, 12), int(0, 1439));
    for (let k = 0; k < 6; k += 1) outpatient('PXMANY', pharmacy(1 + (k % 2)), 6, 60 * (k + 1)); // five a day or more
    for (let k = 0; k < 16; k += 1) outpatient(`PXCROWD${k}`, hospital(3), 8, 600 + k); // a crowd within 40 minutes
    outpatient('PXBIG', hospital(2), 9, 300, 5_600_000); // ≥ 50,000 yuan
    stay('PXSTAY', hospital(1), 3, 9, 70);
    outpatient('PXSTAY', pharmacy(2), 5, 500); // a purchase during the stay
    stay('PXSTAY', hospital(1), 12, 14, 70); // readmitted 3 days after discharge
    // Out of order, then reversals of some, repeats of some, and a settlement again under another event id.
    for (let i = events.length - 1; i > 0; i -= 1) {
      const j = int(0, i);
      [events[i], events[j]] = [events[j], events[i]];
    }
    // Latest admission first: each stay also completes the young-adult windows after its admission day.
    for (let k = 11; k >= 0; k -= 1) stay(`PXYOUNG${k}`, hospital(4), 2 + k, 4 + k, int(20, 40)); // young patients at one hospital…
    for (let k = 0; k < 9; k += 1) stay(`PXOLD${k}`, hospital(k % 2 === 0 ? 1 : 2), 2 + k, 4 + k, int(60, 85)); // …old ones elsewhere
    for (let k = 0; k < 6; k += 1) {
      const original = events[int(0, events.length - 1)];
      const p = original.payload;
      const reversal = settled({ ...base, psnNo: p.psnNo, institutionCode: p.institutionCode, mdtrtId: p.mdtrtId, setlDate: p.setlDate, reversal: true });
      reversal.payload.medfeeSumamtFen = String(-BigInt(p.medfeeSumamtFen));
      events.splice(int(events.indexOf(original), events.length), 0, reversal);
    }
    for (let k = 0; k < 5; k += 1) events.splice(int(0, events.length), 0, events[int(0, events.length - 1)]);
    for (let k = 0; k < 3; k += 1) {
      const again = events[int(0, events.length - 1)];
      events.splice(int(0, events.length), 0, { ...again, id: newUuidV7() });
    }

    const service = sut.get(AnomalyService);
    class Rollback extends Error {}
    const outcome = async (ingest: (em: import('@mikro-orm/postgresql').EntityManager) => Promise<void>) => {
      let seen: unknown;
      await sut
        .get<MikroORM>(MikroORM)
        .em.fork()
        .transactional(async (em) => {
          await ingest(em);
          seen = {
            alerts: await em.execute(
              `select type, subject_key, admdvs, institution_code, psn_no, window_from, window_to, settlement_ids::text[] as settlement_ids, measured,
                 threshold, explanation, status from kb.anomaly_alert where poolarea = '430300' order by type, subject_key, window_from`,
            ),
            published: await em.execute(`select type, count(*)::int as n from kb.outbox where envelope->>'admdvs' like '4303%' group by type order by type`),
            audited: await em.execute(`select action, count(*)::int as n from kb.audit_log where admdvs like '4303%' group by action order by action`),
            facts: await em.execute(`select count(*)::int as n, count(reversed_by)::int as reversed from kb.settlement_fact where poolarea = '430300'`),
          };
          throw new Rollback();
        })
        .catch((e: unknown) => {
          if (!(e instanceof Rollback)) throw e;
        });
      return seen as { alerts: { type: string }[]; facts: { n: number; reversed: number }[] };
    };
    const asEvent = (e: ReturnType<typeof settled>) => e as unknown as Parameters<AnomalyService['ingest']>[2];
    const oneByOne = await outcome(async (em) => {
      for (const e of events) await service.ingest(em, 'equivalence', asEvent(e));
    });
    const batched = await outcome(async (em) => {
      for (let i = 0; i < events.length; i += 200) await service.ingestAll(em, 'equivalence', events.slice(i, i + 200).map(asEvent));
    });
    expect(batched).toEqual(oneByOne);
    // The workload reaches every detector, so the equality above covers each of them.
    expect(new Set(oneByOne.alerts.map((a) => a.type))).toEqual(
      new Set(['LARGE_EXPENDITURE', 'PERSON_MANY_SETTLEMENTS', 'SETTLEMENT_BURST', 'OUTPATIENT_DURING_STAY', 'READMISSION_7D', 'YOUNG_ADULT_INPATIENT_SPIKE']),
    );
    expect(oneByOne.facts[0].reversed).toBeGreaterThan(0);
  });

  it('counts the rest of the city per admission day once per batch, as the query per settlement does', async () => {
    const rnd = prng(7);
    const int = (min: number, max: number): number => min + Math.floor(rnd() * (max - min + 1));
    const day = (d: number) => `2026-06-${String(d).padStart(2, '0')}`;
    const events = Array.from({ length: 60 }, (_, k) => {
      const from = int(1, 20);
      return settled({
        poolarea: '430500',
        admdvs: '430502',
        psnNo: `PCOUNT${k}`,
        institutionCode: `H4305020000${int(1, 4)}`,
        setlDate: day(from + 3),
        visit: {
          treatmentMode: rnd() < 0.8 ? '2' : '1',
          ageYears: rnd() < 0.1 ? undefined : int(10, 80),
          begndate: day(from),
          enddate: day(from + 3),
          setlTime: `${day(from + 3)}T03:00:00.000Z`,
        },
      });
    });
    class Rollback extends Error {}
    await sut
      .get<MikroORM>(MikroORM)
      .em.fork()
      .transactional(async (em) => {
        const store = new FactStore(em);
        const stored = await store.recordAll(events as unknown as Parameters<FactStore['recordAll']>[0]);
        // Some of the city's admissions as one run, in an order of their own.
        const run = stored
          .map((s) => s.fact)
          .filter((f) => f.treatmentMode === '2' && f.ageYears !== null)
          .filter((_, i) => i % 2 === 0)
          .reverse();
        expect(run.length).toBeGreaterThan(15);
        const plus = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
        const window = (f: (typeof run)[number]) => ({ from: plus(f.begndate as string, -13), to: plus(f.begndate as string, 13) });
        const batch = await BatchFacts.load(em, run, (f) => ({ person: null, institution: null, visits: { modes: ['2'], ...window(f) } }));
        for (const [i, f] of run.entries()) {
          const { from, to } = window(f);
          const got = await batch.viewFor(f).restOfCityByDay('430500', f.institutionCode, ['2'], from, to, 18, 44);
          const later = run.slice(i + 1).map((x) => x.settlementId);
          const want = await store.countByDay('430500', ['2'], from, to, 18, 44, f.institutionCode, later);
          const dense = (m: Map<number, { total: number; young: number }>) => [...m].filter(([, c]) => c.total > 0).sort(([a], [b]) => a - b);
          expect(dense(got)).toEqual(dense(want));
        }
        throw new Rollback();
      })
      .catch((e: unknown) => {
        if (!(e instanceof Rollback)) throw e;
      });
  });
});
