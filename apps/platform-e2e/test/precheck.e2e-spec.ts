import type { Client } from 'pg';
import { SAMPLE_CODES } from '@mi/rules';
import { anInstitutionRegistration, HisTestClient, startTestPlatform, type TestPlatform } from '@mi/testing';

/**
 * 事前事中审核 through the built processes: a hospital HIS sends 3101/3102 with the national
 * payload, the gateway authenticates it, claims-review evaluates the published rule set of the
 * patient's city (loaded from monitoring-kb-service, compiled in memory) and answers NHSA
 * `result[]`; the doctor's 3103 feedback joins back by jr_id.
 */
describe('HIS pre-settlement review (3101/3102/3103)', () => {
  let platform: TestPlatform;
  let pg: Client;
  let his: HisTestClient;
  const code = 'H43010200001';
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

  function encounter(mdtrtId: string, orders: Record<string, unknown>[], over: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      mdtrt_id: mdtrtId,
      medins_id: code,
      medins_name: '长沙市第一人民医院',
      medins_admdvs: '430102',
      medins_type: 'A1',
      medins_lv: '01',
      adm_date: `${today} 09:10:00`,
      dscg_date: null,
      dscg_main_dise_codg: 'J06.900',
      dscg_main_dise_name: '急性上呼吸道感染',
      fsi_diagnose_dtos: [
        {
          dise_id: 1,
          inout_dise_type: '1',
          maindise_flag: '1',
          dias_srt_no: '1',
          dise_codg: 'J06.900',
          dise_name: '急性上呼吸道感染',
          dise_date: `${today} 09:10:00`,
        },
      ],
      dr_codg: 'D001',
      adm_dept_codg: 'K01',
      adm_dept_name: '内科',
      dscg_dept_codg: 'K01',
      dscg_dept_name: '内科',
      med_mdtrt_type: '1',
      med_type: '11',
      matn_stas: '0',
      medfee_sumamt: 100,
      ownpay_amt: 0,
      selfpay_amt: 0,
      setl_totlnum: 0,
      insutype: '310',
      reim_flag: '0',
      out_setl_flag: '0',
      fsi_order_dtos: orders,
      ...over,
    };
  }

  function order(rxId: string, hilistCode: string, name: string, over: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      rx_id: rxId,
      rxno: `RX${rxId}`,
      long_drord_flag: '0',
      hilist_type: '101',
      chrg_type: '09',
      drord_bhvr: '0',
      hilist_code: hilistCode,
      hilist_name: name,
      hilist_lv: '01',
      hilist_pric: '12.50',
      hosplist_code: `H-${hilistCode}`,
      hosplist_name: name,
      cnt: '2',
      pric: 12.5,
      sumamt: '25.00',
      ownpay_amt: 0,
      selfpay_amt: 0,
      spec: '支',
      spec_unt: '支',
      drord_begn_date: `${today} 09:20:00`,
      drord_dept_codg: 'K01',
      drord_dept_name: '内科',
      drord_dr_codg: 'D001',
      drord_dr_name: '王医生',
      drord_dr_profttl: '233',
      curr_drord_flag: '1',
      ...over,
    };
  }

  function request(gend: string, orders: Record<string, unknown>[], extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      syscode: 'HIS01',
      task_id: `T-${Math.random().toString(36).slice(2, 10)}`,
      trig_scen: '2',
      rule_ids: [],
      patient_dtos: [
        {
          patn_id: 'P430102000001',
          patn_name: '张三',
          gend,
          brdy: '1980-05-06',
          poolarea: '430100',
          curr_mdtrt_id: 'M1',
          fsi_encounter_dtos: [encounter('M1', orders)],
          fsi_his_data_dto: '',
          ...extra,
        },
      ],
    };
  }

  beforeAll(async () => {
    platform = await startTestPlatform(['agreement-service', 'monitoring-kb-service', 'claims-review-service'], {
      perApp: { gateway: { PRECHECK_DEADLINE_MS: 5000 } },
    });
    pg = platform.pg;
    expect((await platform.admin.post('/api/v1/institutions', anInstitutionRegistration({ code }))).status).toBe(201);
    const cred = await platform.admin.post('/api/v1/his-clients', { institutionCode: code, mode: 'compatible' });
    his = new HisTestClient(platform.base, code, { paasId: String(cred.body.paasId), paasToken: String(cred.body.paasToken), mode: 'compatible' });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('answers an empty result for a compliant prescription', async () => {
    const res = await his.call(his.envelope('3101', { data: request('1', [order('R1', SAMPLE_CODES.paracetamol, '对乙酰氨基酚片')]) }));
    expect(res.body).toMatchObject({ infcode: 0, err_msg: null, output: { result: [] } });
  });

  it('flags a female-only drug for a male patient with every NHSA result field, and stores it', async () => {
    const envelope = his.envelope('3101', {
      data: request('1', [order('R1', SAMPLE_CODES.paracetamol, '对乙酰氨基酚片'), order('R2', SAMPLE_CODES.progesterone, '黄体酮注射液')]),
    });
    const res = await his.call(envelope);
    expect(res.body.infcode).toBe(0);
    const result = (res.body.output as { result: Record<string, unknown>[] }).result;
    expect(result).toHaveLength(1);
    const r = result[0];
    for (const field of [
      'jr_id',
      'rule_id',
      'rule_name',
      'vola_cont',
      'patn_id',
      'mdtrt_id',
      'vola_amt',
      'vola_amt_stas',
      'sev_deg',
      'vola_evid',
      'vola_bhvr_type',
      'task_id',
      'judge_result_detail_dtos',
    ]) {
      expect(r).toHaveProperty(field);
    }
    expect(r).toMatchObject({ rule_id: 'GZ10000301004000', patn_id: 'P430102000001', mdtrt_id: 'M1', vola_amt: '25.00', sev_deg: '1' });
    expect(r.judge_result_detail_dtos).toEqual([expect.objectContaining({ rx_id: 'R2', vola_item_type: '1', vola_amt: '25.00' })]);
    const stored = await pg.query('select rule_id, vola_amt_fen from review.precheck_result where jr_id = $1', [r.jr_id]);
    expect(stored.rows).toEqual([{ rule_id: 'GZ10000301004000', vola_amt_fen: '2500' }]);

    // 3103: the doctor goes back and changes the order.
    const fb = await his.call(his.envelope('3103', { data: { warn_type: '1', warns: [{ warn_rslt_id: r.jr_id, dspo_way: '2' }] } }));
    expect(fb.body).toMatchObject({ infcode: 0, output: {} });
    const noReason = await his.call(his.envelope('3103', { data: { warn_type: '1', warns: { warn_rslt_id: r.jr_id, dspo_way: '1' } } }));
    expect(String(noReason.body.err_msg)).toMatch(/dspo_way_rea/);
    const unknown = await his.call(his.envelope('3103', { data: { warn_type: '2', warns: [{ warn_rslt_id: 'nope', dspo_way: '2' }] } }));
    expect(unknown.body.infcode).toBe(-1);
    expect((await pg.query('select dspo_way from review.precheck_feedback')).rows).toEqual([{ dspo_way: '2' }]);
  });

  it('accepts lenient shapes (numbers as strings, one object instead of an array) and infno in the path (3102)', async () => {
    const data = request('1', []);
    const patient = (data.patient_dtos as Record<string, unknown>[])[0];
    patient.fsi_encounter_dtos = encounter('M1', [order('R9', SAMPLE_CODES.progesterone, '黄体酮注射液', { cnt: 1, pric: '12.5', sumamt: 12.5 })]);
    data.patient_dtos = patient;
    const res = await his.call(his.envelope('3102', { data }), { infnoInPath: true });
    expect(res.body.infcode).toBe(0);
    expect((res.body.output as { result: unknown[] }).result).toHaveLength(1);
  });

  it.each([
    ['a malformed birth date', { brdy: '1980-13-45' }, /patient_dtos\[0\]\.brdy/],
    ['an unknown gender code', { gend: '7' }, /patient_dtos\[0\]\.gend/],
    ['a current encounter that is not in the list', { curr_mdtrt_id: 'M404' }, /curr_mdtrt_id/],
  ])('refuses %s naming the NHSA path, storing nothing', async (_what, patch, message) => {
    const before = Number((await pg.query('select count(*) as n from review.precheck_request')).rows[0].n);
    const res = await his.call(his.envelope('3101', { data: request('1', [order('R1', SAMPLE_CODES.paracetamol, 'x')], patch) }));
    expect(res.body.infcode).toBe(-1);
    expect(String(res.body.err_msg)).toMatch(message);
    expect(Number((await pg.query('select count(*) as n from review.precheck_request')).rows[0].n)).toBe(before);
  });

  it('refuses an amount with more than two decimals and a missing input.data', async () => {
    const res = await his.call(his.envelope('3101', { data: request('1', [order('R1', SAMPLE_CODES.paracetamol, 'x', { pric: '1.234' })]) }));
    expect(String(res.body.err_msg)).toMatch(/fsi_order_dtos\[0\]\.pric/);
    const missing = await his.call(his.envelope('3101', {}));
    expect(String(missing.body.err_msg)).toMatch(/input\.data/);
  });

  it('tells the HIS plainly "not reviewed" when review cannot answer, instead of hanging', async () => {
    await platform.procs['claims-review-service'].stop();
    const res = await his.call(his.envelope('3101', { data: request('1', [order('R1', SAMPLE_CODES.paracetamol, 'x')]) }));
    expect(res.body.infcode).toBe(-1);
    expect(String(res.body.err_msg)).toMatch(/未审核/);
  });
});
