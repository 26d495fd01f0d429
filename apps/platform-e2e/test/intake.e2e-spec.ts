import { randomBytes } from 'node:crypto';
import { compatibleSignature } from '@mi/platform';
import { SAMPLE_CODES } from '@mi/rules';
import { admitHospital, anIdCardNumber, startTestPlatform, type TestPlatform, waitFor } from '@mi/testing';

interface UploadResult {
  setl_id: string;
  status: 'ACCEPTED' | 'DUPLICATE' | 'REFUSED';
  reasons?: { code: string; field?: string; message: string }[];
  findings?: { rule_id: string }[];
}

/**
 * 结算数据上传 through the built processes: a hospital HIS posts settlements to the gateway
 * (`POST /his/v1/settlements`, x-tif signed), claims-review checks the institution's agreement with
 * agreement-service, stores them and reviews every one with the rule set monitoring-kb-service has
 * in force on its settlement date.
 */
describe('HIS settlement upload and 100 % initial review', () => {
  let platform: TestPlatform;
  const code = 'H43010200001';
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  let cred: { paasId: string; paasToken: string };
  let seq = 0;

  function settlement(o: { gender?: '1' | '2'; hilist?: string } = {}, over: Record<string, unknown> = {}): Record<string, unknown> {
    seq += 1;
    const setlId = `E2E${String(seq).padStart(8, '0')}`;
    const hilist = o.hilist ?? SAMPLE_CODES.paracetamol;
    return {
      setl_id: setlId,
      mdtrt_id: `MD${setlId}`,
      psn_no: `P43010200${String(seq).padStart(4, '0')}`,
      psn_name: '张三',
      psn_cert_type: '01',
      certno: anIdCardNumber({ gender: o.gender ?? '1', birthDate: '1980-05-06' }),
      gend: o.gender ?? '1',
      brdy: '1980-05-06',
      insutype: '310',
      med_type: '11',
      med_mdtrt_type: '1',
      setl_time: `${today} 10:00:00`,
      begndate: today,
      enddate: today,
      fixmedins_code: code,
      medins_admdvs: '430102',
      poolarea: '430100',
      dscg_maindiag_code: 'J06.900',
      diseinfo: [{ diag_code: 'J06.900', diag_name: '急性上呼吸道感染', maindiag_flag: '1' }],
      adm_dept_codg: 'K01',
      atddr_no: 'D001',
      medfee_sumamt: '25.00',
      hifp_pay: '15.00',
      acct_pay: 5,
      psn_cash_pay: '5.00',
      refd_setl_flag: '0',
      fee_list: [
        {
          feedetl_sn: '1',
          fee_ocur_time: `${today} 09:30:00`,
          hilist_code: hilist,
          hilist_name: '药品',
          list_type: '101',
          cnt: '2',
          pric: '12.50',
          det_item_fee_sumamt: '25.00',
          bilg_dr_codg: 'D001',
        },
      ],
      ...over,
    };
  }

  async function upload(
    body: string,
    contentType = 'application/json',
    path = '/his/v1/settlements',
  ): Promise<{ status: number; body: { infcode: number; err_msg: string | null; output: { results?: UploadResult[] } & Record<string, unknown> } }> {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(12).toString('hex');
    const res = await fetch(`${platform.base}${path}`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-tif-paasid': cred.paasId,
        'x-tif-timestamp': timestamp,
        'x-tif-nonce': nonce,
        'x-tif-signature': compatibleSignature(timestamp, cred.paasToken, nonce),
      },
      body,
    });
    return { status: res.status, body: (await res.json()) as never };
  }

  beforeAll(async () => {
    platform = await startTestPlatform(['agreement-service', 'credit-service', 'monitoring-kb-service', 'claims-review-service', 'fund-pooling-service']);
    const maker = await platform.user('cs.maker', ['city-officer'], '430100');
    const checker = await platform.user('cs.checker', ['city-officer'], '430100');
    cred = await admitHospital(maker, checker, platform.admin, code);
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('accepts three settlements, flags the violating one, answers a retry as DUPLICATE and refuses amounts that do not add up', async () => {
    const batch = [settlement(), settlement(), settlement({ gender: '1', hilist: SAMPLE_CODES.progesterone })];
    const first = await upload(JSON.stringify({ settlements: batch }));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ infcode: 0, err_msg: null });
    const results = first.body.output.results ?? [];
    expect(results.map((r) => r.status)).toEqual(['ACCEPTED', 'ACCEPTED', 'ACCEPTED']);
    expect(results[2].findings?.length).toBeGreaterThan(0);
    const stored = await platform.count(`review.settlement where fixmedins_code = '${code}'`);
    expect(stored).toBe(3);
    expect(await platform.count(`review.finding where setl_id = '${String(batch[2].setl_id)}'`)).toBe(results[2].findings?.length);

    // The same batch again, as NDJSON: nothing new is stored.
    const retry = await upload(batch.map((s) => JSON.stringify(s)).join('\n'), 'application/x-ndjson');
    expect(retry.body.infcode).toBe(0);
    expect((retry.body.output.results ?? []).map((r) => r.status)).toEqual(['DUPLICATE', 'DUPLICATE', 'DUPLICATE']);
    expect(await platform.count(`review.settlement where fixmedins_code = '${code}'`)).toBe(3);

    const wrong = await upload(JSON.stringify(settlement({}, { hifp_pay: '16.00' })));
    const [refused] = wrong.body.output.results ?? [];
    expect(refused).toMatchObject({ status: 'REFUSED' });
    expect(refused.reasons?.[0].field).toBe('settlements[0].medfee_sumamt');
    expect(await platform.count(`review.settlement where fixmedins_code = '${code}'`)).toBe(3);
  });

  it('takes thousands of settlements in one NDJSON request', async () => {
    const many = Array.from({ length: 1500 }, () => settlement());
    const res = await upload(many.map((s) => JSON.stringify(s)).join('\n'), 'application/x-ndjson');
    expect(res.body.infcode).toBe(0);
    const results = res.body.output.results ?? [];
    expect(results).toHaveLength(1500);
    expect(results.every((r) => r.status === 'ACCEPTED')).toBe(true);
    expect(results[1499].setl_id).toBe(many[1499].setl_id);
    const bad = await upload(`${JSON.stringify(settlement())}\n{not json`, 'application/x-ndjson');
    expect(bad.body).toMatchObject({ infcode: -1 });
    expect(bad.body.err_msg).toContain('2');
  });

  it('refuses an unsigned upload with the NHSA envelope (HTTP 200, infcode -1)', async () => {
    const res = await fetch(`${platform.base}/his/v1/settlements`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(settlement()),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ infcode: -1 });
  });

  it('draws a reproducible ≥ 5 % re-review sample per institution, within the reviewer’s city', async () => {
    const reviewer = await platform.user('cs.reviewer', ['reviewer'], '430100');
    const period = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const population = await platform.count(
      `review.settlement where poolarea = '430100' and review_status = 'REVIEWED' and to_char(setl_date, 'YYYY-MM') = '${period}'`,
    );
    const first = await reviewer.post('/api/v1/review/samples', { poolarea: '430100', period });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ population, drawn: Math.ceil(population * 0.05) });
    expect((first.body.strata as Record<string, { ratePermille: number; level: string }>)[code]).toMatchObject({ ratePermille: 50, level: 'B' });
    const again = await reviewer.post('/api/v1/review/samples', { poolarea: '430100', period, seed: first.body.seed });
    expect(again.body.settlementIds).toEqual(first.body.settlementIds);
    expect(await platform.count('review.sample_draw')).toBe(2);
    const zhuzhou = await platform.user('zz.reviewer', ['reviewer'], '430200');
    expect((await zhuzhou.post('/api/v1/review/samples', { poolarea: '430100', period })).status).toBe(403);
  });

  it('works a sampled settlement’s case to a deduction — notified, appealed from the HIS, upheld, approved — and the ledger owes the institution less', async () => {
    const reviewer = await platform.user('cs.auditor1', ['reviewer'], '430100');
    const checker = await platform.user('cs.auditor2', ['reviewer'], '430100');
    const period = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const drawn = await reviewer.post('/api/v1/review/samples', { poolarea: '430100', period });
    const settlementId = (drawn.body.settlementIds as string[])[0];
    const queue = await reviewer.get(`/api/v1/review/cases?institutionCode=${code}&pageSize=200`);
    expect(queue.status).toBe(200);
    const found = (queue.body.items as { id: string; settlementId: string; stage: string; dueOn: string }[]).find((c) => c.settlementId === settlementId);
    if (!found) throw new Error('the drawn settlement has no review case');
    const caseId = found.id;
    expect(['INITIAL', 'RE_REVIEW']).toContain(found.stage);
    expect(found.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    if (found.stage === 'INITIAL')
      expect(
        (await reviewer.post('/api/v1/review/cases/actions', { caseIds: [caseId], action: 'escalate', expectedStage: 'INITIAL', note: '转复审' })).status,
      ).toBe(201);
    const bad = await checker.post('/api/v1/review/cases/actions', {
      caseIds: [caseId],
      action: 'notify',
      expectedStage: 'RE_REVIEW',
      note: '告知',
      amountFen: '-1',
    });
    expect(bad.status).toBe(400);
    const notified = await checker.post('/api/v1/review/cases/actions', {
      caseIds: [caseId],
      action: 'notify',
      expectedStage: 'RE_REVIEW',
      note: '抽查发现超量开药，告知疑点',
      amountFen: '1000',
      findingIds: [],
    });
    expect(notified).toMatchObject({ status: 201, body: { cases: [{ stage: 'APPEAL', amountFen: '1000' }] } });

    // The hospital sees the case from its HIS and appeals with its evidence.
    const mine = await upload(JSON.stringify({ fixmedins_code: code, stage: 'APPEAL' }), 'application/json', '/his/v1/review-cases/query');
    expect(mine.body.infcode).toBe(0);
    expect((mine.body.output.items as { id: string }[]).map((c) => c.id)).toContain(caseId);
    const appeal = await upload(
      JSON.stringify({
        fixmedins_code: code,
        statement: '患者病情需要，附处方与病历',
        attachments: [{ fileName: '处方.txt', contentType: 'text/plain', contentBase64: Buffer.from('处方').toString('base64') }],
      }),
      'application/json',
      `/his/v1/review-cases/${caseId}/appeal`,
    );
    expect(appeal.body).toMatchObject({ infcode: 0, output: { stage: 'VERIFY' } });
    const upheld = await reviewer.post('/api/v1/review/cases/actions', {
      caseIds: [caseId],
      action: 'uphold',
      expectedStage: 'VERIFY',
      note: '申诉理由不成立',
    });
    expect(upheld.status).toBe(201);

    const tooMuch = await reviewer.post('/api/v1/review/deductions', { settlementId, caseId, amountFen: '999999999', reason: '超限价收费' });
    expect(tooMuch.status).toBe(400);
    const proposed = await reviewer.post('/api/v1/review/deductions', { settlementId, caseId, amountFen: '1000', reason: '超限价收费' });
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({ status: 'PENDING', action: 'review.deduction' });
    expect(await platform.count(`fund.journal_entry where cause_type = 'deduction'`)).toBe(0);
    const self = await reviewer.post(`/api/v1/approvals/review/${String(proposed.body.id)}/decide`, { decision: 'approve' });
    expect(self.status).toBe(403);
    const approved = await checker.post(`/api/v1/approvals/review/${String(proposed.body.id)}/decide`, { decision: 'approve', note: '核实无误' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'APPROVED', result: { amountFen: '1000', settlementId, caseId } });
    const closed = await reviewer.get(`/api/v1/review/cases/${caseId}`);
    expect(closed.body).toMatchObject({ stage: 'CLOSED', outcome: 'DEDUCTED', appeal: { statement: '患者病情需要，附处方与病历' } });
    await waitFor(async () => (await platform.count(`fund.journal_entry where cause_type = 'deduction'`)) === 1, 15_000, 'deduction posted to the ledger');
    // The payable account was debited the 10.00 withheld, and credited the fund's share of the settlements.
    const payable = `fund.journal_line l join fund.journal_entry e on e.id = l.entry_id where l.account_code like '430100-310-PAYABLE-${code}'`;
    expect(await platform.count(`${payable} and e.cause_type = 'deduction' and l.debit_fen = 1000`)).toBe(1);
    // Every accepted settlement (3 + 1,500 above) reaches the ledger as a payable, once.
    await waitFor(async () => (await platform.count(`${payable} and e.cause_type = 'claim-settled' and l.credit_fen > 0`)) === 1503, 120_000, '1503 payables');
  });
});
