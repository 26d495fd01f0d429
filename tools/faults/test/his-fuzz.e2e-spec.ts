import { SAMPLE_CODES } from '@mi/rules';
import { admitHospital, aHisSettlement, HisTestClient, pick, postSignedHis, prng, startTestPlatform, type TestPlatform } from '@mi/testing';
import { GARBAGE_BODIES, mutate } from './fuzz';
import type { UploadRow } from './his-upload-faults';

/**
 * Fuzzed HIS payloads (issue #10): seeded mutations of a valid settlement (fields dropped, wrong
 * types, signs, sizes, encodings, extra fields), bodies that are not an upload at all, and broken
 * national-interface envelopes. The platform must answer every one with HTTP 200 and the NHSA
 * envelope — never a 5xx — store exactly the settlements it says it ACCEPTED, and name the field
 * of every REFUSED one. FUZZ_SEED replays a run; FUZZ_CASES scales it.
 */
describe('fault injection: fuzzed HIS payloads', () => {
  let platform: TestPlatform;
  let cred: { paasId: string; paasToken: string };
  const code = 'H43010200073';
  const seed = Number(process.env.FUZZ_SEED ?? 20261123);
  const cases = Number(process.env.FUZZ_CASES ?? 400);

  beforeAll(async () => {
    platform = await startTestPlatform(['agreement-service', 'credit-service', 'monitoring-kb-service', 'claims-review-service', 'fund-pooling-service']);
    const maker = await platform.user('z.maker', ['city-officer'], '430100');
    const checker = await platform.user('z.checker', ['city-officer'], '430100');
    cred = await admitHospital(maker, checker, platform.admin, code);
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it(`answers ${cases} mutated settlements (seed ${seed}) in the envelope, refusing with the field or storing exactly once`, async () => {
    const rnd = prng(seed);
    const accepted = new Set<string>();
    const per = 25;
    for (let start = 0; start < cases; start += per) {
      const batch = Array.from({ length: Math.min(per, cases - start) }, (_, i) => {
        const setlId = `FZ${String(start + i + 1).padStart(6, '0')}`;
        const valid = aHisSettlement({ setlId, institutionCode: code, hilistCode: rnd() < 0.5 ? SAMPLE_CODES.paracetamol : SAMPLE_CODES.progesterone });
        // A fifth stay valid so acceptance is exercised too; the rest keep their id so rows can be matched.
        return rnd() < 0.2 ? valid : { ...mutate(valid, rnd), ...(rnd() < 0.9 ? { setl_id: setlId } : {}) };
      });
      const res = await postSignedHis(platform.base, cred, '/his/v1/settlements', { settlements: batch });
      const where = `seed ${seed}, cases ${start}–${start + batch.length - 1}`;
      expect({ where, status: res.status }).toEqual({ where, status: 200 });
      // A bad settlement is refused on its own row; the request as a whole fails only when it does
      // not say which institution sends it (the first record's fixmedins_code, checked against the credential).
      if (batch[0].fixmedins_code !== code) {
        expect({ where, infcode: res.body.infcode }).toEqual({ where, infcode: -1 });
        continue;
      }
      expect({ where, infcode: res.body.infcode, err: res.body.err_msg }).toEqual({ where, infcode: 0, err: null });
      const rows = res.body.output.results as UploadRow[] & { reasons?: { field?: string; message: string }[] }[];
      expect(rows).toHaveLength(batch.length);
      for (const [i, row] of rows.entries()) {
        const r = row as UploadRow & { reasons?: { field?: string; message: string }[] };
        expect(['ACCEPTED', 'REFUSED', 'DUPLICATE']).toContain(r.status);
        if (r.status === 'REFUSED') {
          expect({ where, i, reason: (r.reasons ?? []).length > 0 }).toEqual({ where, i, reason: true });
          for (const reason of r.reasons ?? []) expect(reason.message.length).toBeGreaterThan(0);
        }
        if (r.status === 'ACCEPTED') accepted.add(String(r.setl_id));
      }
    }
    const stored = await platform.pg.query<{ setl_id: string }>(`select setl_id from review.settlement where fixmedins_code = $1`, [code]);
    expect(stored.rows.map((r) => r.setl_id).sort()).toEqual([...accepted].sort());
    // No stored settlement carries a negative amount, whatever the payload said.
    const broken = await platform.pg.query(
      `select setl_id from review.settlement where fixmedins_code = $1 and (medfee_sumamt_fen < 0 or hifp_pay_fen < 0 or acct_pay_fen < 0 or psn_cash_pay_fen < 0)`,
      [code],
    );
    expect(broken.rows).toEqual([]);
    expect(accepted.size).toBeGreaterThan(cases * 0.1);
  });

  it('answers bodies that are not an upload at all with infcode -1, never a 5xx', async () => {
    for (const g of GARBAGE_BODIES) {
      const res = await postSignedHis(platform.base, cred, '/his/v1/settlements', g.body, { raw: true, contentType: g.contentType });
      expect({ body: g.body.slice(0, 40), status: res.status, infcode: res.body.infcode }).toEqual({ body: g.body.slice(0, 40), status: 200, infcode: -1 });
      expect(typeof res.body.err_msg).toBe('string');
    }
    expect(await platform.count(`review.settlement where fixmedins_code = '${code}' and setl_id = 'A'`)).toBe(0);
  });

  it('answers broken national-interface envelopes (3101/3102/3103) with infcode -1 and HTTP 200', async () => {
    const his = new HisTestClient(platform.base, code, { ...cred, mode: 'compatible' });
    const rnd = prng(seed + 1);
    const valid = his.envelope('3101', { data: { syscode: 'HIS01', task_id: 'T1', trig_scen: '1', rule_ids: [], patient_dtos: [] } });
    for (let i = 0; i < 120; i++) {
      const env = mutate(valid, rnd);
      if (rnd() < 0.3) env.infno = pick(rnd, ['3101', '3102', '3103', '9999', '', 3101, null]);
      const res = await his.call(env);
      expect({ i, status: res.status }).toEqual({ i, status: 200 });
      expect([0, -1]).toContain(res.body.infcode);
      if (res.body.infcode === -1) expect(String(res.body.err_msg).length).toBeGreaterThan(0);
    }
    for (const raw of ['', '{', 'null', '[]', '{"infno":"3101","input":"x"}', '{"infno":"3101","input":{"data":[[[[]]]]}}']) {
      const res = await his.call({}, { rawBody: raw });
      expect({ raw, status: res.status, infcode: res.body.infcode }).toEqual({ raw, status: 200, infcode: -1 });
    }
  });
});
