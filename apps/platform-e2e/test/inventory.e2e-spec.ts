import { aUscc, HisTestClient, startTestPlatform, type TestPlatform } from '@mi/testing';

/**
 * 进销存 through the built processes: a pharmacy's HIS uploads stocktaking, purchases and sales over
 * the national 35xx transactions (signed, infno in the body or the path, records under
 * invinfo/purcinfo/selinfo, one object or an array); the bureau sees the stock and, when more was
 * sold than was in stock, the 进销存 alert in the portal API.
 */
describe('pharmacy purchase-sale-inventory uploads (3501/3503/3505) and the 进销存 alert', () => {
  let platform: TestPlatform;
  let his: HisTestClient;
  const code = 'P43010200031';
  const drug = { med_list_codg: 'XA01CAA0001010103434', fixmedins_hilist_id: 'YP0001', fixmedins_hilist_name: '阿莫西林胶囊', fixmedins_bchno: 'B001' };
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    platform = await startTestPlatform(['agreement-service', 'monitoring-kb-service']);
    const registration = { code, name: '长沙市某大药房', type: 'pharmacy', level: '0', admdvs: '430102', uscc: aUscc({ region: '430102', serial: 31 }) };
    const registered = await platform.admin.post('/api/v1/institutions', registration);
    expect(registered.status).toBe(201);
    const cred = await platform.admin.post('/api/v1/his-clients', { institutionCode: code, mode: 'compatible' });
    his = new HisTestClient(platform.base, code, { paasId: String(cred.body.paasId), paasToken: String(cred.body.paasToken), mode: 'compatible' });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('takes the uploads in the national shapes and shows the stock; a bad quantity is infcode -1 naming the field', async () => {
    const st = await his.call(his.envelope('3501', { invinfo: [{ ...drug, invdate: today, inv_cnt: '10', rx_flag: '1' }] }));
    expect(st.body).toMatchObject({ infcode: 0 });
    const purc = await his.call(his.envelope('3503', { purcinfo: { ...drug, purc_retn_cnt: 5, purc_retn_stoin_time: `${today} 08:00:00`, dynt_no: 'D1' } }), {
      infnoInPath: true,
    });
    expect(purc.body).toMatchObject({ infcode: 0 });
    const sold = await his.call(his.envelope('3505', { selinfo: { ...drug, sel_retn_cnt: '15', sel_retn_time: `${today} 09:00:00`, rtal_docno: 'R1' } }));
    expect(sold.body).toMatchObject({ infcode: 0 });
    const bad = await his.call(his.envelope('3505', { selinfo: [{ ...drug, sel_retn_cnt: 'two', sel_retn_time: `${today} 09:30:00` }] }));
    expect(bad.status).toBe(200);
    expect(bad.body.infcode).toBe(-1);
    expect(String(bad.body.err_msg)).toContain('input.selinfo[0].sel_retn_cnt');
    const stock = await platform.admin.get(`/api/v1/kb/inventory/${code}`);
    expect(stock.status).toBe(200);
    expect((stock.body as unknown as { items: Record<string, string>[] }).items).toEqual([
      expect.objectContaining({ medListCodg: drug.med_list_codg, stocktake: '10', purchased: '5', sold: '15', balance: '0' }),
    ]);
    const alerts = await platform.admin.get('/api/v1/kb/alerts?type=INVENTORY_SALES_EXCEED_STOCK');
    expect((alerts.body as unknown as { total: number }).total).toBe(0);
  });

  it('selling beyond stock raises the 进销存 alert the bureau sees with its explanation', async () => {
    const over = await his.call(his.envelope('3505', { selinfo: [{ ...drug, sel_retn_cnt: '3', sel_retn_time: `${today} 10:00:00`, rtal_docno: 'R2' }] }));
    expect(over.body).toMatchObject({ infcode: 0 });
    const alerts = await platform.admin.get('/api/v1/kb/alerts?type=INVENTORY_SALES_EXCEED_STOCK');
    const page = alerts.body as unknown as { total: number; items: { institutionCode: string; measured: Record<string, string>; explanation: string }[] };
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({ institutionCode: code, measured: { value: '3', sold: '18' } });
    expect(page.items[0].explanation).toContain('进销存异常：阿莫西林胶囊');
    const unknown = await his.call(his.envelope('3502', { invinfo: [drug] }));
    expect(unknown.body).toMatchObject({ infcode: -1 });
  });
});
