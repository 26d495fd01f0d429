import { MikroORM } from '@mikro-orm/postgresql';
import type { Subscription } from '@nats-io/transport-node';
import { AgreementSubjects, KbEventSubjects, KbSubjects, ReviewIntakeSubjects, type SettlementIntakeReply, Subjects } from '@mi/contracts';
import type { HisActor, RunningProcess } from '@mi/platform';
import { DEFAULT_RULES, SAMPLE_CODES, SAMPLE_KNOWLEDGE_DATA } from '@mi/rules';
import { anIdCardNumber, asActor, createTestInfra, startTestService, type TestInfra, testNatsClient, waitFor } from '@mi/testing';
import { AppModule } from '../src/app.module';
import { assertProductionPiiKeys, ClaimsReviewConfig } from '../src/config';
import { persistence } from '../src/persistence';

const CODE = 'H43010200001';
const HIS: HisActor = { kind: 'his', id: 'his-1', institutionCode: CODE, scope: '430102' };
const UNBOUND_PSAM = 'DEADBEEF00000000';

function beijingDate(offsetDays = 0): string {
  return new Date(Date.now() + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}
const TODAY = beijingDate();
const TOMORROW = beijingDate(1);

let seq = 0;
/** A settlement record in the shape tools/datagen writes (NHSA setl_d + fee_list). */
function aSettlement(
  o: { gender?: '1' | '2'; day?: string; code?: string; psnNo?: string; setlId?: string } = {},
  over: Record<string, unknown> = {},
): Record<string, unknown> {
  seq += 1;
  const day = o.day ?? TODAY;
  const setlId = o.setlId ?? `S${String(seq).padStart(10, '0')}`;
  const code = o.code ?? SAMPLE_CODES.outpatientConsultation;
  return {
    setl_id: setlId,
    mdtrt_id: `M${setlId.slice(1)}`,
    psn_no: o.psnNo ?? `P4301000000${String(seq).padStart(4, '0')}`,
    psn_name: '张三',
    psn_cert_type: '01',
    certno: anIdCardNumber({ gender: o.gender ?? '1', birthDate: '1980-03-04' }),
    gend: o.gender ?? '1',
    brdy: '1980-03-04',
    insutype: '310',
    insu_admdvs: '430102',
    med_type: '11',
    med_mdtrt_type: '1',
    setl_time: `${day} 10:20:30`,
    begndate: day,
    enddate: day,
    fixmedins_code: CODE,
    medins_admdvs: '430102',
    poolarea: '430100',
    dscg_maindiag_code: 'J06.900',
    diseinfo: [{ diag_code: 'J06.900', diag_name: '急性上呼吸道感染', maindiag_flag: '1' }],
    adm_dept_codg: 'A03',
    atddr_no: 'D430102000001',
    medfee_sumamt: '60.00',
    hifp_pay: 40,
    acct_pay: '10.00',
    psn_cash_pay: '10',
    refd_setl_flag: '0',
    unknown_key: 'ignored',
    fee_list: [
      {
        feedetl_sn: '1',
        fee_ocur_time: `${day} 09:00:00`,
        hilist_code: code,
        hilist_name: '项目',
        list_type: code.startsWith('X') ? '101' : '201',
        cnt: '2',
        pric: '30.00',
        det_item_fee_sumamt: '60.00',
        bilg_dr_codg: 'D430102000001',
      },
    ],
    ...over,
  };
}

/** The reversal (冲正) of a default settlement `orig` (60.00, two of `code`), as a HIS sends it. */
function aReversalOf(
  orig: Record<string, unknown>,
  code: string = SAMPLE_CODES.outpatientConsultation,
  o: { gender?: '1' | '2' } = {},
): Record<string, unknown> {
  return aSettlement(o, {
    refd_setl_flag: '1',
    init_setl_id: orig.setl_id,
    medfee_sumamt: '-60.00',
    hifp_pay: '-40.00',
    acct_pay: '-10.00',
    psn_cash_pay: '-10.00',
    fee_list: [
      {
        feedetl_sn: '1',
        fee_ocur_time: `${TODAY} 11:00:00`,
        hilist_code: code,
        list_type: code.startsWith('X') ? '101' : '201',
        cnt: '-2',
        pric: '30.00',
        det_item_fee_sumamt: '-60.00',
      },
    ],
  });
}

describe('settlement intake and 100 % initial review (mi.v1.review.intake)', () => {
  let infra: TestInfra;
  let sut: RunningProcess<ClaimsReviewConfig>;
  const subs: Subscription[] = [];
  let tomorrowPublished = false;

  const respond = (subject: string, answer: (body: Record<string, unknown>) => unknown): void => {
    subs.push(
      infra.nats.nc.subscribe(infra.nats.resolver.subject(subject), {
        callback: (_e, msg) => {
          msg.respond(JSON.stringify({ ok: true, data: answer(msg.json()) }));
        },
      }),
    );
  };

  const send = (settlements: unknown[]): Promise<SettlementIntakeReply> =>
    asActor(HIS, () => testNatsClient(infra, 20_000).request<SettlementIntakeReply>(ReviewIntakeSubjects.intake, { settlements }, { timeoutMs: 20_000 }));
  const sql = <T>(q: string, params: unknown[] = []): Promise<T[]> => sut.get(MikroORM).em.fork().execute<T[]>(q, params);

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    // The other services, answered on this file's prefix: registry, eligibility, rule sets, knowledge.
    respond(Subjects.agreement.getInstitution, () => ({
      code: CODE,
      name: '测试医院',
      type: 'hospital',
      level: '3',
      admdvs: '430102',
      poolarea: '430100',
      uscc: 'x',
      registeredAt: '2020-01-01',
      id: 'i',
    }));
    respond(AgreementSubjects.settlementEligibility, (b) => {
      if (b.psamNo === UNBOUND_PSAM) return { eligible: false, reasons: ['TERMINAL_NOT_BOUND'] };
      if (String(b.at) < '2026-01-01') return { eligible: false, reasons: ['AGREEMENT_SUSPENDED'] };
      return { eligible: true, reasons: [], agreementId: 'a-1' };
    });
    respond(KbSubjects.ruleSetInForce, (b) => {
      const v2 = tomorrowPublished && String(b.date) >= TOMORROW;
      return {
        region: '430100',
        version: v2 ? 2 : 1,
        effectiveFrom: v2 ? TOMORROW : '2026-01-01',
        publishedAt: '2026-01-01T00:00:00Z',
        rules: DEFAULT_RULES,
        overrides: [],
      };
    });
    respond(KbSubjects.knowledgeSnapshot, () => ({
      ...SAMPLE_KNOWLEDGE_DATA,
      items: (SAMPLE_KNOWLEDGE_DATA.items ?? []).map((i) => ({
        ...i,
        priceCaps: i.priceCaps ? Object.fromEntries(Object.entries(i.priceCaps).map(([k, m]) => [k, m.fenBigInt.toString()])) : undefined,
      })),
    }));
    await infra.nats.nc.flush();
    sut = await startTestService(infra, AppModule, ClaimsReviewConfig, 'claims-review-service');
    await sut.nc.flush();
  });

  afterAll(async () => {
    for (const s of subs) s.unsubscribe();
    await sut?.close();
    await infra?.close();
  });

  it('stores, reviews and answers a batch; a female-only drug for a male patient is a finding', async () => {
    const ok = aSettlement();
    const violating = aSettlement({ gender: '1', code: SAMPLE_CODES.progesterone });
    const reply = await send([ok, violating]);
    expect(reply.results.map((r) => r.status)).toEqual(['ACCEPTED', 'ACCEPTED']);
    expect(reply.results[0].rule_set).toBe('430100#1');
    expect(reply.results[1].findings?.length).toBeGreaterThan(0);

    const rows = await sql<{
      setl_id: string;
      review_status: string;
      certno_enc: string;
      certno_hash: string;
      medfee_sumamt_fen: string;
      setl_date: string;
      findings: number;
    }>(
      `select setl_id, review_status, certno_enc, certno_hash, medfee_sumamt_fen::text, setl_date::text, findings from review.settlement where setl_id in (?) order by setl_id`,
      [[ok.setl_id, violating.setl_id]],
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ review_status: 'REVIEWED', medfee_sumamt_fen: '6000', setl_date: TODAY });
    expect(rows[0].certno_enc).not.toContain(String(ok.certno));
    expect(rows[0].certno_enc.startsWith('v1.')).toBe(true);
    expect(rows[0].certno_hash).toMatch(/\S{20,}/);
    const lines = await sql<{ amount_fen: string; pric_fen: string }>(
      `select l.amount_fen::text, l.pric_fen::text from review.settlement_line l join review.settlement s on s.id = l.settlement_id where s.setl_id = ?`,
      [ok.setl_id],
    );
    expect(lines).toEqual([{ amount_fen: '6000', pric_fen: '3000' }]);
    const findings = await sql<{ rule_id: string; rule_set: string; lines: unknown[]; vola_cont: string }>(
      `select rule_id, rule_set, lines, vola_cont from review.finding where setl_id = ?`,
      [violating.setl_id],
    );
    expect(findings.length).toBe(reply.results[1].findings?.length);
    expect(findings[0].rule_set).toBe('430100#1');
    expect(findings[0].vola_cont).toBeTruthy();
    const events = await sql<{ n: string }>(
      `select count(*)::text as n from review.outbox where subject = 'evt.review.ClaimSettled' and envelope->'payload'->>'setlId' in (?)`,
      [[ok.setl_id, violating.setl_id]],
    );
    expect(events[0].n).toBe('2');
    // The event carries the visit for the anomaly detectors: sex and age, not the identity.
    const [visit] = await sql<{ v: Record<string, unknown> }>(
      `select envelope->'payload'->'visit' as v from review.outbox where subject = 'evt.review.ClaimSettled' and envelope->'payload'->>'setlId' = ?`,
      [ok.setl_id],
    );
    expect(visit.v).toMatchObject({
      gend: expect.stringMatching(/^[12]$/),
      treatmentMode: expect.stringMatching(/^[1-4]$/),
      setlTime: expect.stringMatching(/Z$/),
    });
    expect(visit.v.ageYears).toEqual(expect.any(Number));
    expect(JSON.stringify(visit.v)).not.toMatch(/certno|psn_name/);
    // The flagged settlement opened a review case at 初审 in the same transaction; the clean one did not.
    const cases = await sql<{ setl_id: string; stage: string; origin: string; amount_fen: string; due_on: string | null }>(
      `select setl_id, stage, origin, amount_fen::text, due_on::text from review.review_case where setl_id in (?)`,
      [[ok.setl_id, violating.setl_id]],
    );
    expect(cases).toEqual([
      {
        setl_id: violating.setl_id,
        stage: 'INITIAL',
        origin: 'FINDING',
        amount_fen: String(reply.results[1].findings?.reduce((n, f) => n + Math.round(Number(f.vola_amt) * 100), 0)),
        due_on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) as unknown as string,
      },
    ]);
    const audit = await sql<{ n: string }>(`select count(*)::text as n from review.audit_log where action = 'review.intake'`);
    expect(Number(audit[0].n)).toBeGreaterThanOrEqual(1);

    // A retry of the same batch answers the first outcome and stores nothing new.
    const retry = await send([ok, violating]);
    expect(retry.results.map((r) => r.status)).toEqual(['DUPLICATE', 'DUPLICATE']);
    expect(retry.results[1].findings).toEqual(reply.results[1].findings);
    const count = await sql<{ n: string }>(`select count(*)::text as n from review.settlement where setl_id in (?)`, [[ok.setl_id, violating.setl_id]]);
    expect(count[0].n).toBe('2');

    // The same setl_id with different content is refused, naming it.
    const changed = await send([{ ...ok, psn_cash_pay: '5.00', acct_pay: '15.00' }]);
    expect(changed.results[0]).toMatchObject({ setl_id: ok.setl_id, status: 'REFUSED' });
    expect(changed.results[0].reasons?.[0].code).toBe('REVIEW.DUPLICATE_SETTLEMENT');
    expect(changed.results[0].reasons?.[0].message).toContain(String(ok.setl_id));
  });

  it('refuses bad records with NHSA paths and stores the good ones of the same batch', async () => {
    const good = aSettlement();
    const bad: unknown[] = [
      aSettlement({}, { hifp_pay: '41.00' }),
      aSettlement(
        {},
        {
          fee_list: [
            {
              feedetl_sn: '1',
              fee_ocur_time: `${TODAY} 09:00:00`,
              hilist_code: SAMPLE_CODES.alt,
              list_type: '201',
              cnt: '2',
              pric: '30.00',
              det_item_fee_sumamt: '50.00',
            },
          ],
        },
      ),
      aSettlement({}, { medfee_sumamt: '60.001' }),
      aSettlement({}, { certno: '430102198003041234' }),
      aSettlement({}, { setl_time: '2026-02-30 10:00:00' }),
      aSettlement({}, { medins_admdvs: '999999' }),
      aSettlement({}, { fixmedins_code: 'H43010200002' }),
      aSettlement(
        {},
        {
          fee_list: [
            {
              feedetl_sn: '1',
              fee_ocur_time: `${TODAY} 09:00:00`,
              hilist_code: SAMPLE_CODES.alt,
              list_type: '201',
              cnt: '2',
              pric: 'abc',
              det_item_fee_sumamt: '60.00',
            },
          ],
        },
      ),
      aSettlement({ day: '2025-12-01' }),
      aSettlement({}, { psam_no: UNBOUND_PSAM }),
      'not an object',
    ];
    const reply = await send([good, ...bad]);
    expect(reply.results[0].status).toBe('ACCEPTED');
    const fields = reply.results.slice(1).map((r) => [r.status, r.reasons?.[0].field]);
    expect(fields).toEqual([
      ['REFUSED', 'settlements[1].medfee_sumamt'],
      ['REFUSED', 'settlements[2].fee_list[0].det_item_fee_sumamt'],
      ['REFUSED', 'settlements[3].medfee_sumamt'],
      ['REFUSED', 'settlements[4].certno'],
      ['REFUSED', 'settlements[5].setl_time'],
      ['REFUSED', 'settlements[6].medins_admdvs'],
      ['REFUSED', 'settlements[7].fixmedins_code'],
      ['REFUSED', 'settlements[8].fee_list[0].pric'],
      ['REFUSED', 'settlements[9].setl_time'],
      ['REFUSED', 'settlements[10].psam_no'],
      ['REFUSED', 'settlements[11]'],
    ]);
    expect(reply.results[9].reasons?.[0].code).toBe('AGREEMENT.AGREEMENT_SUSPENDED');
    expect(reply.results[10].reasons?.[0].code).toBe('AGREEMENT.TERMINAL_NOT_BOUND');
    const stored = await sql<{ setl_id: string }>(`select setl_id from review.settlement where setl_id in (?)`, [
      [good.setl_id, ...(bad.slice(0, -1) as { setl_id: string }[]).map((b) => b.setl_id)],
    ]);
    expect(stored.map((s) => s.setl_id)).toEqual([good.setl_id]);
    const orphanLines = await sql<{ n: string }>(
      `select count(*)::text as n from review.settlement_line l where not exists (select 1 from review.settlement s where s.id = l.settlement_id)`,
    );
    expect(orphanLines[0].n).toBe('0');
  });

  it('records how the person settling was identified (就诊凭证, 实名核验) and refuses unknown ways naming the field', async () => {
    const verified = aSettlement({}, { mdtrt_cert_type: '01', real_name_vrf_way: 'face' });
    const plain = aSettlement();
    const reply = await send([verified, plain, aSettlement({}, { mdtrt_cert_type: '09' }), aSettlement({}, { real_name_vrf_way: 'iris' })]);
    expect(reply.results.map((r) => [r.status, r.reasons?.[0].field])).toEqual([
      ['ACCEPTED', undefined],
      ['ACCEPTED', undefined],
      ['REFUSED', 'settlements[2].mdtrt_cert_type'],
      ['REFUSED', 'settlements[3].real_name_vrf_way'],
    ]);
    const rows = await sql<{ setl_id: string; mdtrt_cert_type: string | null; real_name_vrf_way: string | null }>(
      `select setl_id, mdtrt_cert_type, real_name_vrf_way from review.settlement where setl_id in (?) order by setl_id`,
      [[verified.setl_id, plain.setl_id]],
    );
    expect(rows.map((r) => [r.setl_id, r.mdtrt_cert_type, r.real_name_vrf_way])).toEqual(
      [
        [verified.setl_id, '01', 'face'],
        [plain.setl_id, null, null],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
  });

  it('stores the settlement list’s operations (oprninfo) and reviews them: a man’s uterine operation is 手术操作编码与性别不符', async () => {
    const oprninfo = [
      { oprn_oprt_code: '51.2300', oprn_oprt_name: '腹腔镜下胆囊切除术', main_oprn_flag: '1', oprn_oprt_date: TODAY },
      { oprn_oprt_code: '68.4100', oprn_oprt_name: '腹腔镜下全子宫切除术', main_oprn_flag: '0', oprn_oprt_date: TODAY },
    ];
    const coded = aSettlement({ gender: '1' }, { oprninfo });
    const reply = await send([coded, aSettlement({}, { oprninfo: [{ oprn_oprt_code: '子宫切除' }] })]);
    expect(reply.results.map((r) => [r.status, r.reasons?.[0].field])).toEqual([
      ['ACCEPTED', undefined],
      ['REFUSED', 'settlements[1].oprninfo[0].oprn_oprt_code'],
    ]);
    expect(reply.results[0].findings?.map((f) => f.rule_id)).toContain('GZ10000201005000');
    const [row] = await sql<{ operations: unknown }>(`select operations from review.settlement where setl_id = ?`, [coded.setl_id]);
    expect(row.operations).toEqual([
      { code: '51.2300', name: '腹腔镜下胆囊切除术', isMain: true, date: TODAY },
      { code: '68.4100', name: '腹腔镜下全子宫切除术', isMain: false, date: TODAY },
    ]);
  });

  it('rejects an empty or oversized batch as a whole', async () => {
    const client = testNatsClient(infra, 20_000);
    const empty = await asActor(HIS, () => client.requestReply(ReviewIntakeSubjects.intake, { settlements: [] }));
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.error.code).toBe('VALIDATION');
    const big = await asActor(HIS, () => client.requestReply(ReviewIntakeSubjects.intake, { settlements: Array.from({ length: 5001 }, () => ({})) }));
    expect(big.ok).toBe(false);
    const notHis = await client.requestReply(ReviewIntakeSubjects.intake, { settlements: [aSettlement()] });
    expect(notHis.ok).toBe(false);
  });

  it('reverses an earlier settlement (冲正) without deleting it', async () => {
    const orig = aSettlement();
    await send([orig]);
    const reversal = aReversalOf(orig);
    const reply = await send([reversal]);
    expect(reply.results[0].status).toBe('ACCEPTED');
    const rows = await sql<{ setl_id: string; reversed_by: string | null; review_status: string }>(
      `select setl_id, reversed_by, review_status from review.settlement where setl_id in (?) order by setl_id`,
      [[orig.setl_id, reversal.setl_id]],
    );
    expect(rows).toEqual([
      { setl_id: orig.setl_id, reversed_by: reversal.setl_id, review_status: 'REVIEWED' },
      { setl_id: reversal.setl_id, reversed_by: null, review_status: 'REVERSAL' },
    ]);
    const again = await send([{ ...reversal, setl_id: 'S9999999999', mdtrt_id: 'M9999999999' }]);
    expect(again.results[0].reasons?.[0].code).toBe('REVIEW.ALREADY_REVERSED');
    const unknown = await send([{ ...reversal, setl_id: 'S9999999998', init_setl_id: 'S0000000000' }]);
    expect(unknown.results[0].reasons?.[0]).toMatchObject({ code: 'REVIEW.ORIGINAL_NOT_FOUND', field: 'settlements[0].init_setl_id' });
  });

  it('carries a one-stop settlement’s other fund parts (一站式结算) in ClaimSettled, and a reversal’s negated', async () => {
    const oneStop = aSettlement({}, { hifp_pay: '30.00', hifmi_pay: '10.00', maf_pay: '5.00', hifob_pay: '0', psn_cash_pay: '5.00', fund_pay_sumamt: '45.00' });
    const plain = aSettlement();
    expect((await send([oneStop, plain])).results.map((r) => r.status)).toEqual(['ACCEPTED', 'ACCEPTED']);
    const reversal = aSettlement({}, { ...aReversalOf(oneStop), hifp_pay: '-30.00', hifmi_pay: '-10.00', maf_pay: '-5.00', psn_cash_pay: '-5.00' });
    expect((await send([reversal])).results[0].status).toBe('ACCEPTED');
    const payloads = await sql<{ setl_id: string; hifp: string; parts: Record<string, string> | null }>(
      `select envelope->'payload'->>'setlId' as setl_id, envelope->'payload'->>'hifpPayFen' as hifp, envelope->'payload'->'fundPartsFen' as parts
       from review.outbox where subject = 'evt.review.ClaimSettled' and envelope->'payload'->>'setlId' in (?) order by 1`,
      [[oneStop.setl_id, plain.setl_id, reversal.setl_id]],
    );
    expect(payloads).toEqual(
      [
        { setl_id: oneStop.setl_id, hifp: '3000', parts: { hifmiPay: '1000', mafPay: '500' } },
        { setl_id: plain.setl_id, hifp: '4000', parts: null },
        { setl_id: reversal.setl_id, hifp: '-3000', parts: { hifmiPay: '-1000', mafPay: '-500' } },
      ].sort((a, b) => String(a.setl_id).localeCompare(String(b.setl_id))),
    );
  });

  it('closes the open review case of a settlement that is reversed', async () => {
    const flagged = aSettlement({ gender: '1', code: SAMPLE_CODES.progesterone });
    const first = await send([flagged]);
    expect(first.results[0].findings?.length).toBeGreaterThan(0);
    const reversal = aReversalOf(flagged, SAMPLE_CODES.progesterone, { gender: '1' });
    const reply = await send([reversal]);
    expect(reply.results[0]).toMatchObject({ status: 'ACCEPTED' });
    const [c] = await sql<{ stage: string; outcome: string; events: string[] }>(
      `select c.stage, c.outcome, (select jsonb_agg(e.action order by e.seq) from review.case_event e where e.case_id = c.id) as events
         from review.review_case c where c.setl_id = ?`,
      [flagged.setl_id],
    );
    expect(c).toEqual({ stage: 'CLOSED', outcome: 'DISMISSED', events: ['open', 'close'] });
  });

  it('reviews with the rule set in force on the settlement date, as pre-check does', async () => {
    const before = await send([aSettlement({ day: TODAY })]);
    expect(before.results[0].rule_set).toBe('430100#1');
    // A new rule set is published, effective tomorrow; every replica drops its cache.
    tomorrowPublished = true;
    infra.nats.nc.publish(infra.nats.resolver.subject(KbEventSubjects.RuleSetPublished), JSON.stringify({}));
    await infra.nats.nc.flush();
    await new Promise((r) => setTimeout(r, 200));
    const today = aSettlement({ day: TODAY, code: SAMPLE_CODES.progesterone, gender: '1' });
    const tomorrow = aSettlement({ day: TOMORROW, code: SAMPLE_CODES.progesterone, gender: '1' });
    const reply = await send([today, tomorrow]);
    expect(reply.results.map((r) => r.rule_set)).toEqual(['430100#1', '430100#2']);
    await waitFor(async () => (await sql(`select 1 from review.finding where setl_id = ?`, [tomorrow.setl_id])).length > 0, 2000, 'findings');
    const sets = await sql<{ setl_id: string; rule_set: string }>(
      `select distinct setl_id, rule_set from review.finding where setl_id in (?) order by setl_id`,
      [[today.setl_id, tomorrow.setl_id]],
    );
    expect(sets).toEqual([
      { setl_id: today.setl_id, rule_set: '430100#1' },
      { setl_id: tomorrow.setl_id, rule_set: '430100#2' },
    ]);
  });

  it('answers a setl_id repeated in one batch like a retry, and two concurrent uploads store it once', async () => {
    const a = aSettlement();
    const reply = await send([a, a, { ...a, psn_cash_pay: '9.00', acct_pay: '11.00' }]);
    expect(reply.results.map((r) => r.status)).toEqual(['ACCEPTED', 'DUPLICATE', 'REFUSED']);
    expect(reply.results[2].reasons?.[0]).toMatchObject({ code: 'REVIEW.DUPLICATE_SETTLEMENT', field: 'settlements[2].setl_id' });

    const b = aSettlement();
    const both = await Promise.all([send([b]), send([b])]);
    expect(both.map((r) => r.results[0].status).sort()).toEqual(['ACCEPTED', 'DUPLICATE']);
    const rows = await sql<{ n: string }>(`select count(*)::text as n from review.settlement where setl_id = ?`, [b.setl_id]);
    expect(rows[0].n).toBe('1');
    const events = await sql<{ n: string }>(`select count(*)::text as n from review.outbox where envelope->'payload'->>'setlId' = ?`, [b.setl_id]);
    expect(events[0].n).toBe('1');
  });

  it('stores a large batch with multi-row inserts (more rows than one insert chunk)', async () => {
    const batch = Array.from({ length: 620 }, () => aSettlement());
    const started = Date.now();
    const reply = await send(batch);
    expect(reply.results.filter((r) => r.status === 'ACCEPTED')).toHaveLength(620);
    const ids = batch.map((b) => b.setl_id);
    const rows = await sql<{ n: string }>(`select count(*)::text as n from review.settlement where setl_id in (?) and review_status = 'REVIEWED'`, [ids]);
    expect(rows[0].n).toBe('620');
    const lines = await sql<{ n: string }>(
      `select count(*)::text as n from review.settlement_line l join review.settlement s on s.id = l.settlement_id where s.setl_id in (?)`,
      [ids],
    );
    expect(lines[0].n).toBe('620');
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('sees the person’s earlier stored settlements as history (频繁门诊 on the 11th visit in 30 days)', async () => {
    const psnNo = 'P430100HIST0001';
    const earlier = Array.from({ length: 10 }, (_, i) => aSettlement({ psnNo, day: beijingDate(i - 10) }));
    const first = await send(earlier);
    expect(first.results.map((r) => r.status)).toEqual(Array(10).fill('ACCEPTED'));
    expect(first.results.flatMap((r) => r.findings ?? []).filter((f) => f.rule_id === 'GZ10000204002000')).toEqual([]);
    const eleventh = await send([aSettlement({ psnNo, day: TODAY })]);
    expect(eleventh.results[0].findings?.map((f) => f.rule_id)).toContain('GZ10000204002000');
    // Another person with the same visits in the same batch is not affected.
    const other = await send([aSettlement({ day: TODAY })]);
    expect(other.results[0].findings?.map((f) => f.rule_id)).not.toContain('GZ10000204002000');
  });
});

describe('claims-review PII configuration', () => {
  it('refuses the development PII keys in production', () => {
    const config = Object.assign(new ClaimsReviewConfig(), { ENVIRONMENT: 'production' as const });
    expect(() => assertProductionPiiKeys(config)).toThrow(/PII_KEYS, PII_HASH_KEY/);
    expect(() => assertProductionPiiKeys(Object.assign(new ClaimsReviewConfig(), { ENVIRONMENT: 'development' as const }))).not.toThrow();
  });
});
