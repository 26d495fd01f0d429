import { MikroORM } from '@mikro-orm/postgresql';
import { type AlertView, AnomalySubjects, InventorySubjects, type InventoryUploadReply, type Page, type StockLineView } from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import { type HisActor, type MiNatsClient, type RunningProcess } from '@mi/platform';
import { asActor, aUser, createTestInfra, startTestService, type TestInfra, testNatsClient } from '@mi/testing';
import { AppModule } from '../src/app.module';
import { MonitoringKbConfig } from '../src/config';
import { persistence } from '../src/persistence';

const PHARMACY = 'P43010200031';
const AMOXI = 'XA01CAA0001010103434';
const VITC = 'XA11GAA0001010100515';

/** 进销存: 35xx uploads of a pharmacy's HIS, and the detector of sales above stock (real PostgreSQL + NATS). */
describe('purchase-sale-inventory uploads (35xx) and the 进销存 detector', () => {
  let infra: TestInfra;
  let sut: RunningProcess<MonitoringKbConfig>;
  let client: MiNatsClient;
  const clock = new ManualClock('2026-11-10T02:00:00.000Z');
  const his: HisActor = { kind: 'his', id: 'his-p31', institutionCode: PHARMACY, scope: '430102' };
  const officer = aUser({ id: 'u-1', username: 'cs.officer', roles: ['city-officer'], scope: '430100' });
  const zhuzhou = aUser({ id: 'u-2', username: 'zz.officer', roles: ['city-officer'], scope: '430200' });
  let n = 0;

  const item = (code: string) => ({
    med_list_codg: code,
    fixmedins_hilist_id: `YP-${code.slice(-4)}`,
    fixmedins_hilist_name: code === AMOXI ? '阿莫西林胶囊' : '维生素C片',
    fixmedins_bchno: `B-${code.slice(-4)}`,
  });
  const stocktake = (code: string, cnt: string, invdate = '2026-11-01') => ({ ...item(code), invdate, inv_cnt: cnt, rx_flag: '1' });
  const purchase = (code: string, cnt: string, time: string) => ({ ...item(code), purc_retn_cnt: cnt, purc_retn_stoin_time: time, dynt_no: `D${++n}` });
  const sale = (code: string, cnt: string, time: string) => ({ ...item(code), sel_retn_cnt: cnt, sel_retn_time: time, rtal_docno: `R${++n}` });
  const upload = (infno: string, inputKey: string, records: Record<string, unknown>[]) =>
    asActor(his, () => client.request<InventoryUploadReply>(InventorySubjects.upload, { infno, inputKey, records }));
  const alerts = () => asActor(officer, () => client.request<Page<AlertView>>(AnomalySubjects.listAlerts, { type: 'INVENTORY_SALES_EXCEED_STOCK' }));
  const count = async (q: string) => Number((await sut.get(MikroORM).em.fork().execute<{ n: string }[]>(`select count(*)::text as n from ${q}`))[0].n);

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startTestService(infra, AppModule, MonitoringKbConfig, 'monitoring-kb-service', { clock });
    client = testNatsClient(infra);
  });

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
  });

  it('sales within stocktake plus purchases raise nothing; a retried upload is absorbed, not counted twice', async () => {
    expect(await upload('3501', 'invinfo', [stocktake(AMOXI, '100'), stocktake(VITC, '20')])).toEqual({ accepted: 2, duplicates: 0, alerts: 0 });
    const p = purchase(AMOXI, '50', '2026-11-02 08:00:00');
    expect(await upload('3503', 'purcinfo', [p])).toMatchObject({ accepted: 1, alerts: 0 });
    const sales = [sale(AMOXI, '120', '2026-11-03 10:00:00'), sale(AMOXI, '30', '2026-11-04 10:00:00')];
    expect(await upload('3505', 'selinfo', sales)).toMatchObject({ accepted: 2, alerts: 0 });
    // The same sales again (the HIS did not get the first answer): nothing new.
    expect(await upload('3505', 'selinfo', sales)).toEqual({ accepted: 0, duplicates: 2, alerts: 0 });
    expect((await alerts()).total).toBe(0);
    const stock = await asActor(officer, () => client.request<Page<StockLineView>>(InventorySubjects.stock, { institutionCode: PHARMACY }));
    expect(stock.items.find((l) => l.medListCodg === AMOXI)).toMatchObject({ stocktake: '100', purchased: '50', sold: '150', balance: '0', lowest: '0' });
  });

  it('selling what was not in stock raises one explained alert per item; a sale return does not undo it', async () => {
    const reply = await upload('3505', 'selinfo', [sale(AMOXI, '12.5', '2026-11-05 09:00:00'), sale(VITC, '5', '2026-11-05 09:05:00')]);
    expect(reply).toMatchObject({ accepted: 2, alerts: 1 });
    const [a] = (await alerts()).items;
    expect(a).toMatchObject({
      type: 'INVENTORY_SALES_EXCEED_STOCK',
      poolarea: '430100',
      institutionCode: PHARMACY,
      status: 'NEW',
      settlementIds: [],
      measured: { value: '12.5', medListCodg: AMOXI, stocktake: '100', purchased: '50', sold: '162.5', balance: '-12.5' },
      threshold: { value: '0' },
      from: '2026-10-31T16:00:00.000Z',
      to: '2026-11-05T01:00:00.000Z',
    });
    expect(a.explanation).toContain('阿莫西林胶囊（XA01CAA0001010103434）自2026-11-01 盘存 100');
    expect(a.explanation).toContain('超出可售 12.5');
    // Another shortfall of the same item in the same stocktake window: still one alert.
    expect(await upload('3506', 'selinfo', [sale(AMOXI, '2', '2026-11-06 09:00:00')])).toMatchObject({ accepted: 1 });
    expect(await upload('3505', 'selinfo', [sale(AMOXI, '3', '2026-11-06 10:00:00')])).toMatchObject({ accepted: 1 });
    expect((await alerts()).total).toBe(1);
    expect(await count(`kb.outbox where type = 'AnomalyDetected'`)).toBe(1);
    // Zhuzhou's officer sees neither the alert nor the pharmacy's stock.
    expect((await asActor(zhuzhou, () => client.request<Page<AlertView>>(AnomalySubjects.listAlerts, {}))).total).toBe(0);
    const hidden = await asActor(zhuzhou, () => client.requestReply(InventorySubjects.stock, { institutionCode: PHARMACY }));
    expect(hidden.ok ? 'ok' : hidden.error.code).toBe('NOT_FOUND');
    const short = await asActor(officer, () => client.request<Page<StockLineView>>(InventorySubjects.stock, { institutionCode: PHARMACY, shortOnly: 'true' }));
    expect(short.items.map((l) => [l.medListCodg, l.balance, l.lowest])).toEqual([[AMOXI, '-13.5', '-13.5']]);
  });

  it('refuses bad records naming the NHSA field, stores nothing of that upload, and takes uploads only from a HIS', async () => {
    const before = await count('kb.inventory_movement');
    const bad = await asActor(his, () =>
      client.requestReply(InventorySubjects.upload, {
        infno: '3505',
        inputKey: 'selinfo',
        records: [sale(VITC, '1', '2026-11-07 09:00:00'), sale(VITC, '1,5', '2026-11-07 09:00:00')],
      }),
    );
    expect(bad.ok ? null : bad.error).toMatchObject({ code: 'VALIDATION', details: { field: 'input.selinfo[1].sel_retn_cnt' } });
    const byOfficer = await asActor(officer, () =>
      client.requestReply(InventorySubjects.upload, { infno: '3505', inputKey: 'selinfo', records: [sale(VITC, '1', '2026-11-07 09:00:00')] }),
    );
    expect(byOfficer.ok ? null : byOfficer.error.code).toBe('FORBIDDEN.ROLE');
    const unknown = await asActor(his, () => client.requestReply(InventorySubjects.upload, { infno: '3502', inputKey: 'invinfo', records: [{}] }));
    expect(unknown.ok ? null : unknown.error.code).toBe('VALIDATION');
    expect(await count('kb.inventory_movement')).toBe(before);
  });

  it('a new stocktake starts a new window; the city may judge items without one from zero', async () => {
    clock.set('2026-11-20T02:00:00.000Z');
    const fresh = 'XA02BCD0001010100001';
    // No stocktake of this item: not judged by default.
    expect(await upload('3505', 'selinfo', [sale(fresh, '4', '2026-11-20 09:00:00')])).toMatchObject({ accepted: 1, alerts: 0 });
    await asActor(officer, () =>
      client.request(AnomalySubjects.setThresholds, {
        region: '430100',
        type: 'INVENTORY_SALES_EXCEED_STOCK',
        params: { requireStocktake: false, toleranceUnits: 1 },
        reason: '长沙市药店进销存全面核查',
      }),
    );
    expect(await upload('3505', 'selinfo', [sale(fresh, '1', '2026-11-20 10:00:00')])).toMatchObject({ accepted: 1, alerts: 1 });
    const a = (await alerts()).items.find((x) => x.measured.medListCodg === fresh);
    expect(a).toMatchObject({ measured: { value: '5', stocktake: '0' }, threshold: { value: '1' } });
    expect(a?.explanation).toContain('未上传盘存，按零库存计');
    // Amoxicillin counted again on 11-20: the old window's alert stays, the new window is in balance.
    expect(await upload('3501', 'invinfo', [stocktake(AMOXI, '40', '2026-11-20')])).toMatchObject({ accepted: 1, alerts: 0 });
    expect(await upload('3505', 'selinfo', [sale(AMOXI, '40', '2026-11-20 11:00:00')])).toMatchObject({ accepted: 1, alerts: 0 });
    expect((await alerts()).items.filter((x) => x.measured.medListCodg === AMOXI)).toHaveLength(1);
  });
});
