import { MikroORM } from '@mikro-orm/postgresql';
import type { Subscription } from '@nats-io/transport-node';
import {
  AgreementSubjects,
  KbSubjects,
  ReviewIntakeSubjects,
  type SettlementFindingsView,
  type SettlementIntakeReply,
  type SimulationJobPageView,
  type SimulationJobView,
  SimulationSubjects,
  Subjects,
} from '@mi/contracts';
import type { Actor, HisActor, RunningProcess } from '@mi/platform';
import { DEFAULT_RULES, SAMPLE_CODES, SAMPLE_KNOWLEDGE_DATA } from '@mi/rules';
import { anIdCardNumber, asActor, aUser, createTestInfra, startTestService, type TestInfra, testNatsClient, waitFor } from '@mi/testing';
import { AppModule } from '../src/app.module';
import { ClaimsReviewConfig } from '../src/config';
import { persistence } from '../src/persistence';
import { SIMULATION_STALE_MS, SimulationRunner } from '../src/simulation/simulation-runner';

const H1 = 'H43010200001';
const H2 = 'H43010200002';
/** 药品区分性别使用 — left out of the published set; the candidate adds it (or it runs in shadow). */
const SEX_DRUG = 'GZ10000301004000';
/** 药品限儿童使用 — in the published set; a candidate removes it. */
const CHILD_DRUG = 'GZ10000101007000';
const UNKNOWN_RULE = 'CITY-NO-SUCH-RULE';

function beijingDate(offsetDays = 0): string {
  return new Date(Date.now() + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}
const DAY = beijingDate(-10);
/** On this day the published set runs the sex-specific drug rule in shadow mode. */
const SHADOW_DAY = beijingDate(-5);
const TODAY = beijingDate();

let seq = 0;
function aSettlement(o: { code: string; institution: string; day: string; gender?: '1' | '2' }): Record<string, unknown> {
  seq += 1;
  const setlId = `SIM${String(seq).padStart(8, '0')}`;
  const admdvs = '430102';
  return {
    setl_id: setlId,
    mdtrt_id: `M${setlId}`,
    psn_no: `P43010000SIM${String(seq).padStart(4, '0')}`,
    certno: anIdCardNumber({ gender: o.gender ?? '1', birthDate: '1980-03-04' }),
    gend: o.gender ?? '1',
    brdy: '1980-03-04',
    insutype: '310',
    med_type: '11',
    med_mdtrt_type: '1',
    setl_time: `${o.day} 10:20:30`,
    begndate: o.day,
    enddate: o.day,
    fixmedins_code: o.institution,
    medins_admdvs: admdvs,
    poolarea: '430100',
    dscg_maindiag_code: 'J06.900',
    diseinfo: [{ diag_code: 'J06.900' }],
    adm_dept_codg: 'A03',
    atddr_no: 'D430102000001',
    medfee_sumamt: '60.00',
    hifp_pay: '40.00',
    acct_pay: '10.00',
    psn_cash_pay: '10.00',
    refd_setl_flag: '0',
    fee_list: [
      {
        feedetl_sn: '1',
        fee_ocur_time: `${o.day} 09:00:00`,
        hilist_code: o.code,
        hilist_name: '药品',
        list_type: '101',
        cnt: '2',
        pric: '30.00',
        det_item_fee_sumamt: '60.00',
      },
    ],
  };
}

describe('rule simulation before publishing, and shadow rules at intake', () => {
  let infra: TestInfra;
  let sut: RunningProcess<ClaimsReviewConfig>;
  const subs: Subscription[] = [];
  const officer = aUser({ id: 'u-1', username: 'cs.officer', roles: ['city-officer'], scope: '430100' });
  const zhuzhou = aUser({ id: 'u-2', username: 'zz.reviewer', roles: ['reviewer'], scope: '430200' });
  const kbAsked: Record<string, unknown>[] = [];

  const respond = (subject: string, answer: (body: Record<string, unknown>) => unknown): void => {
    subs.push(
      infra.nats.nc.subscribe(infra.nats.resolver.subject(subject), {
        callback: (_e, msg) => {
          try {
            msg.respond(JSON.stringify({ ok: true, data: answer(msg.json()) }));
          } catch (e) {
            msg.respond(JSON.stringify({ ok: false, error: e }));
          }
        },
      }),
    );
  };
  const client = () => testNatsClient(infra, 20_000);
  const as = <T>(actor: Actor, subject: string, body: unknown) => asActor(actor, () => client().requestReply<T>(subject, body, { timeoutMs: 20_000 }));
  const upload = (code: string, settlements: unknown[]): Promise<SettlementIntakeReply> =>
    asActor({ kind: 'his', id: `his-${code}`, institutionCode: code, scope: '430102' } satisfies HisActor, () =>
      client().request<SettlementIntakeReply>(ReviewIntakeSubjects.intake, { settlements }, { timeoutMs: 20_000 }),
    );
  const sql = <T>(q: string, params: unknown[] = []): Promise<T[]> => sut.get(MikroORM).em.fork().execute<T[]>(q, params);
  const done = async (id: string): Promise<SimulationJobView> => {
    let job: SimulationJobView | undefined;
    await waitFor(async () => {
      const r = await as<SimulationJobView>(officer, SimulationSubjects.get, { id });
      job = r.ok ? r.data : undefined;
      return job?.status === 'DONE' || job?.status === 'FAILED';
    }, 20_000);
    return job as SimulationJobView;
  };

  const published = DEFAULT_RULES.filter((r) => r.id !== SEX_DRUG);
  let h1Violation: Record<string, unknown>;
  let h2Violation: Record<string, unknown>;
  let shadowed: Record<string, unknown>;

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    respond(Subjects.agreement.getInstitution, (b) => ({
      code: b.code,
      name: '测试医院',
      type: 'hospital',
      level: '2',
      admdvs: '430102',
      poolarea: '430100',
      uscc: 'x',
      registeredAt: '2020-01-01',
      id: `i-${String(b.code)}`,
    }));
    respond(AgreementSubjects.settlementEligibility, () => ({ eligible: true, reasons: [], agreementId: 'a-1' }));
    respond(KbSubjects.ruleSetInForce, (b) =>
      String(b.date) === SHADOW_DAY
        ? {
            region: '430100',
            version: 2,
            effectiveFrom: SHADOW_DAY,
            publishedAt: '2026-01-01T00:00:00Z',
            rules: DEFAULT_RULES,
            overrides: [],
            shadow: [SEX_DRUG],
          }
        : { region: '430100', version: 1, effectiveFrom: '2026-01-01', publishedAt: '2026-01-01T00:00:00Z', rules: published, overrides: [] },
    );
    // monitoring-kb's rule-definitions (its own int-spec covers the real one): a version of the city or province, else NOT_FOUND naming rules[i].
    respond(KbSubjects.ruleDefinitions, (b) => {
      kbAsked.push(b);
      return {
        definitions: (b.rules as { ruleId: string; version: number }[]).map((r, i) => {
          const def = DEFAULT_RULES.find((d) => d.id === r.ruleId && d.version === r.version);
          if (!def) throw { code: 'NOT_FOUND', message: `rules[${i}]: rule ${r.ruleId} v${r.version} not found`, details: { field: `rules[${i}]` } };
          return def;
        }),
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

    // Stored and reviewed by the published set: a female-only drug for a man at H1 (the published set
    // has no rule for it), a child-only drug for an adult at H2 (flagged), clean settlements at both.
    h1Violation = aSettlement({ code: SAMPLE_CODES.progesterone, institution: H1, day: DAY });
    h2Violation = aSettlement({ code: SAMPLE_CODES.paediatricColdGranules, institution: H2, day: DAY });
    const r1 = await upload(H1, [h1Violation, aSettlement({ code: SAMPLE_CODES.outpatientConsultation, institution: H1, day: DAY })]);
    const r2 = await upload(H2, [h2Violation, aSettlement({ code: SAMPLE_CODES.outpatientConsultation, institution: H2, day: DAY })]);
    expect([...r1.results, ...r2.results].map((r) => r.status)).toEqual(['ACCEPTED', 'ACCEPTED', 'ACCEPTED', 'ACCEPTED']);
    expect(r1.results[0].findings).toEqual([]);
    expect(r2.results[0].findings?.map((f) => f.rule_id)).toEqual([CHILD_DRUG]);
  });

  afterAll(async () => {
    for (const s of subs) s.unsubscribe();
    await sut?.close();
    await infra?.close();
  });

  it('a candidate that adds a rule shows its new hits per rule and institution with amounts, unchanged rules reproduce the stored findings', async () => {
    const before = await sql<{ findings: string; cases: string; outbox: string }>(
      `select (select count(*) from review.finding)::text as findings, (select count(*) from review.review_case)::text as cases, (select count(*) from review.outbox)::text as outbox`,
    );
    const started = await as<SimulationJobView>(officer, SimulationSubjects.start, {
      poolarea: '430100',
      from: DAY,
      to: DAY,
      rules: [{ ruleId: SEX_DRUG, version: 1 }],
      reason: '拟启用药品区分性别使用规则',
    });
    if (!started.ok) throw new Error(JSON.stringify(started.error));
    expect(started.data).toMatchObject({
      status: 'QUEUED',
      poolarea: '430100',
      baseRuleSet: '430100#1',
      requestedBy: 'cs.officer',
      rules: [{ ruleId: SEX_DRUG, version: 1 }],
    });
    const job = await done(started.data.id);
    expect(job).toMatchObject({ status: 'DONE', progress: { total: 4, done: 4 }, attempts: 1, error: null });
    const report = job.report!;
    expect(report.settlements).toBe(4);
    const rule = (id: string) => report.byRule.find((r) => r.ruleId === id);
    expect(rule(SEX_DRUG)).toEqual({
      ruleId: SEX_DRUG,
      presence: 'candidate',
      candidate: { settlements: 1, lines: 1, amountFen: '6000' },
      published: { settlements: 0, lines: 0, amountFen: '0' },
      added: { settlements: 1, lines: 1, amountFen: '6000' },
      removed: { settlements: 0, lines: 0, amountFen: '0' },
    });
    // The rule both sets hold finds exactly what intake stored: the stored claim is rebuilt faithfully.
    expect(rule(CHILD_DRUG)).toMatchObject({
      presence: 'both',
      candidate: { settlements: 1 },
      published: { settlements: 1 },
      added: { settlements: 0 },
      removed: { settlements: 0 },
    });
    expect(rule(CHILD_DRUG)?.candidate).toEqual(rule(CHILD_DRUG)?.published);
    expect(report.byInstitution.find((i) => i.institutionCode === H1)).toMatchObject({
      added: { settlements: 1, amountFen: '6000' },
      published: { settlements: 0 },
    });
    expect(report.byInstitution.find((i) => i.institutionCode === H2)).toMatchObject({ added: { settlements: 0 }, removed: { settlements: 0 } });
    // Nothing enforced: no finding, case or event written; the request is audited.
    const after = await sql<{ findings: string; cases: string; outbox: string }>(
      `select (select count(*) from review.finding)::text as findings, (select count(*) from review.review_case)::text as cases, (select count(*) from review.outbox)::text as outbox`,
    );
    expect(after).toEqual(before);
    const audit = await sql<{ actor_id: string; detail: Record<string, unknown> }>(
      `select actor_id, detail from review.audit_log where action = 'review.simulation.start' and target_id = ?`,
      [job.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].detail).toMatchObject({ from: DAY, to: DAY, reason: '拟启用药品区分性别使用规则' });
  });

  it('a candidate without a rule shows the hits it removes; jobs are listed per city', async () => {
    const started = await as<SimulationJobView>(officer, SimulationSubjects.start, {
      poolarea: '430100',
      from: DAY,
      to: DAY,
      remove: [CHILD_DRUG],
      reason: '拟停用儿童用药规则',
    });
    if (!started.ok) throw new Error(JSON.stringify(started.error));
    const report = (await done(started.data.id)).report!;
    expect(report.byRule.find((r) => r.ruleId === CHILD_DRUG)).toEqual({
      ruleId: CHILD_DRUG,
      presence: 'published',
      candidate: { settlements: 0, lines: 0, amountFen: '0' },
      published: { settlements: 1, lines: 1, amountFen: '6000' },
      added: { settlements: 0, lines: 0, amountFen: '0' },
      removed: { settlements: 1, lines: 1, amountFen: '6000' },
    });
    expect(report.byInstitution.find((i) => i.institutionCode === H2)?.removed).toEqual({ settlements: 1, lines: 1, amountFen: '6000' });
    expect(report.totals.removed.settlements).toBe(1);

    const list = await as<SimulationJobPageView>(officer, SimulationSubjects.list, { poolarea: '430100' });
    expect(list.ok && list.data.items.map((j) => j.id)[0]).toBe(started.data.id);
    expect(list.ok && 'report' in list.data.items[0]).toBe(false);
    const other = await as<SimulationJobPageView>(zhuzhou, SimulationSubjects.list, { poolarea: '430100' });
    expect(other.ok && other.data.total).toBe(0);
    // Another city's job does not exist for its reviewers.
    const hidden = await as<SimulationJobView>(zhuzhou, SimulationSubjects.get, { id: started.data.id });
    expect(hidden.ok ? 'ok' : hidden.error.code).toBe('NOT_FOUND');
  });

  it('refuses bad input naming the field and writes nothing', async () => {
    const count = async () =>
      (
        await sql<{ jobs: string; audit: string }>(
          `select (select count(*) from review.simulation_job)::text as jobs, (select count(*) from review.audit_log)::text as audit`,
        )
      )[0];
    const before = await count();
    const base = { poolarea: '430100', from: DAY, to: DAY, reason: '模拟测试' };
    const cases: [Record<string, unknown>, Actor, string, string][] = [
      [{ ...base, from: beijingDate(-400) }, officer, 'VALIDATION', 'to'],
      [{ ...base, to: beijingDate(3) }, officer, 'VALIDATION', 'to'],
      [{ ...base, from: TODAY, to: DAY }, officer, 'VALIDATION', 'to'],
      [{ ...base, rules: [{ ruleId: UNKNOWN_RULE, version: 1 }] }, officer, 'NOT_FOUND', 'rules[0]'],
      [{ ...base, remove: [UNKNOWN_RULE] }, officer, 'NOT_FOUND', 'remove[0]'],
      [{ ...base, rules: [{ ruleId: SEX_DRUG, version: 1 }], remove: [SEX_DRUG] }, officer, 'VALIDATION', 'rules[0]'],
      [{ ...base, poolarea: '430200' }, officer, 'NOT_FOUND', 'poolarea'],
      [{ ...base, poolarea: '430102' }, officer, 'VALIDATION', 'poolarea'],
      [base, zhuzhou, 'NOT_FOUND', 'poolarea'],
    ];
    for (const [body, actor, code, field] of cases) {
      const r = await as<SimulationJobView>(actor, SimulationSubjects.start, body);
      expect(r.ok ? { body } : { body, code: r.error.code, field: r.error.details?.field }).toEqual({ body, code, field });
    }
    const tooLong = await as<SimulationJobView>(officer, SimulationSubjects.start, { ...base, from: beijingDate(-400) });
    expect(!tooLong.ok && tooLong.error.message).toMatch(/at most 366/);
    expect(await count()).toEqual(before);
  });

  it('a RUNNING job whose process died is restarted from the beginning; one interrupted too often is FAILED', async () => {
    const started = await as<SimulationJobView>(officer, SimulationSubjects.start, {
      poolarea: '430100',
      from: DAY,
      to: DAY,
      remove: [CHILD_DRUG],
      reason: '重启测试',
    });
    if (!started.ok) throw new Error(JSON.stringify(started.error));
    await done(started.data.id);
    const stale = new Date(Date.now() - SIMULATION_STALE_MS - 60_000);
    // As a crash leaves them: RUNNING, half done, the heartbeat long gone.
    await sql(`update review.simulation_job set status = 'RUNNING', done = 2, report = null, finished_at = null, heartbeat_at = ? where id = ?`, [
      stale,
      started.data.id,
    ]);
    const runner = sut.get(SimulationRunner);
    expect(await runner.recover()).toBe(1);
    runner.wake();
    const rerun = await done(started.data.id);
    expect(rerun).toMatchObject({ status: 'DONE', attempts: 2, progress: { total: 4, done: 4 } });
    expect(rerun.report?.byRule.find((r) => r.ruleId === CHILD_DRUG)?.removed.settlements).toBe(1);

    await sql(`update review.simulation_job set status = 'RUNNING', attempts = 3, heartbeat_at = ? where id = ?`, [stale, started.data.id]);
    expect(await runner.recover()).toBe(1);
    const [failed] = await sql<{ status: string; error: string }>(`select status, error from review.simulation_job where id = ?`, [started.data.id]);
    expect(failed).toEqual({ status: 'FAILED', error: expect.stringMatching(/interrupted 3 times/) });
  });

  it('a shadow rule at intake records a shadow finding: no case, not counted, not answered, not in the event; the report shows it', async () => {
    shadowed = aSettlement({ code: SAMPLE_CODES.progesterone, institution: H1, day: SHADOW_DAY });
    const reply = await upload(H1, [shadowed]);
    expect(reply.results[0]).toMatchObject({ status: 'ACCEPTED', findings: [], rule_set: '430100#2' });
    const [s] = await sql<{ id: string; findings: number }>(`select id::text as id, findings from review.settlement where setl_id = ?`, [shadowed.setl_id]);
    expect(s.findings).toBe(0);
    expect(await sql(`select 1 from review.finding where settlement_id = ?`, [s.id])).toHaveLength(0);
    expect(
      await sql<{ rule_id: string; amount_fen: string }>(`select rule_id, amount_fen::text from review.shadow_finding where settlement_id = ?`, [s.id]),
    ).toEqual([{ rule_id: SEX_DRUG, amount_fen: '6000' }]);
    expect(await sql(`select 1 from review.review_case where settlement_id = ?`, [s.id])).toHaveLength(0);
    const [event] = await sql<{ findings: number }>(
      `select (envelope->'payload'->>'findings')::int as findings from review.outbox where subject = 'evt.review.ClaimSettled' and envelope->'payload'->>'settlementId' = ?`,
      [s.id],
    );
    expect(event.findings).toBe(0);

    const view = await as<SettlementFindingsView>(officer, SimulationSubjects.settlementFindings, { settlementId: s.id });
    expect(view.ok && view.data.findings.map((f) => [f.ruleId, f.shadow, f.amountFen])).toEqual([[SEX_DRUG, true, '6000']]);
    const hidden = await as<SettlementFindingsView>(zhuzhou, SimulationSubjects.settlementFindings, { settlementId: s.id });
    expect(hidden.ok ? 'ok' : hidden.error.code).toBe('NOT_FOUND');

    const started = await as<SimulationJobView>(officer, SimulationSubjects.start, {
      poolarea: '430100',
      from: SHADOW_DAY,
      to: SHADOW_DAY,
      reason: '影子规则效果',
    });
    if (!started.ok) throw new Error(JSON.stringify(started.error));
    const job = await done(started.data.id);
    expect(job.baseRuleSet).toBe('430100#2');
    expect(job.report?.shadow).toEqual([{ ruleId: SEX_DRUG, flagged: { settlements: 1, lines: 1, amountFen: '6000' } }]);
    // The candidate keeps the shadow rule in shadow: it flags nothing new.
    expect(job.report?.totals.added.settlements).toBe(0);
  });
});
