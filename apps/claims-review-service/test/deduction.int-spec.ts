import { jetstreamManager } from '@nats-io/jetstream';
import { MikroORM } from '@mikro-orm/postgresql';
import { approvalSubjects, type ApprovalView, DEDUCTION_CONFIRMED_SUBJECT, DEDUCTION_SUBJECT, type DeductionView } from '@mi/contracts';
import { type MiNatsClient, newUuidV7, type RunningProcess } from '@mi/platform';
import { asActor, aUser, createTestInfra, startTestService, type TestInfra, testNatsClient, waitFor } from '@mi/testing';
import { AppModule } from '../src/app.module';
import { ClaimsReviewConfig } from '../src/config';
import { persistence } from '../src/persistence';

describe('deductions (扣款) by maker-checker (real PostgreSQL + NATS)', () => {
  let infra: TestInfra;
  let sut: RunningProcess<ClaimsReviewConfig>;
  let client: MiNatsClient;
  const reviewer = aUser({ id: 'u-1', username: 'cs.reviewer', roles: ['reviewer'], scope: '430100' });
  const reviewer2 = aUser({ id: 'u-2', username: 'cs.reviewer2', roles: ['reviewer'], scope: '430100' });
  const zhuzhou = aUser({ id: 'u-3', username: 'zz.reviewer', roles: ['reviewer'], scope: '430200' });
  const settlementId = newUuidV7();
  const findingId = newUuidV7();
  const sql = <T>(q: string, params: unknown[] = []): Promise<T[]> => sut.get(MikroORM).em.fork().execute<T[]>(q, params);

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startTestService(infra, AppModule, ClaimsReviewConfig, 'claims-review-service');
    client = testNatsClient(infra);
    await sql(
      `insert into review.settlement (id, setl_id, fixmedins_code, mdtrt_id, psn_no, certno_enc, certno_hash, gend, brdy, insutype, med_type, treatment_mode,
         setl_time, setl_date, begndate, enddate, diagnoses, medfee_sumamt_fen, hifp_pay_fen, acct_pay_fen, psn_cash_pay_fen, amounts_fen, poolarea, admdvs,
         content_hash, review_status, rule_set, findings, received_at, reviewed_at)
       values (?, 'S0000000001', 'H43010200001', 'M1', 'P1', 'x', 'x', '1', '1980-03-04', '310', '11', 'outpatient', now(), '2026-05-03', '2026-05-03', '2026-05-03',
         '[]', 100000, 70000, 10000, 20000, '{}', '430100', '430102', 'h', 'REVIEWED', '430000#1', 1, now(), now())`,
      [settlementId],
    );
    await sql(
      `insert into review.finding (id, settlement_id, setl_id, fixmedins_code, rule_id, rule_version, rule_set, severity, amount_fen, lines, facts, vola_cont, vola_evid, created_at)
       values (?, ?, 'S0000000001', 'H43010200001', 'GZ10000101001000', 1, '430000#1', 'VIOLATION', 30000, '[]', '{}', '超限价', '单价超过限价', now())`,
      [findingId, settlementId],
    );
  });

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
  });

  const propose = (who: typeof reviewer, body: Record<string, unknown>) => asActor(who, () => client.requestReply<ApprovalView>(DEDUCTION_SUBJECT, body));
  const decide = (who: typeof reviewer, id: string, decision = 'approve') =>
    asActor(who, () => client.requestReply<ApprovalView<unknown, DeductionView>>(approvalSubjects('review').decide, { id, decision, note: '核实' }));
  const deducted = async (): Promise<string> =>
    (await sql<{ s: string }>(`select coalesce(sum(amount_fen), 0)::text as s from review.deduction where settlement_id = ?`, [settlementId]))[0].s;

  it('refuses bad proposals, naming the field, and changes nothing', async () => {
    const zero = await propose(reviewer, { settlementId, amountFen: '0', reason: '超限价收费' });
    expect(zero.ok || zero.error.details?.field).toBe('amountFen');
    const tooMuch = await propose(reviewer, { settlementId, amountFen: '70001', reason: '超限价收费' });
    expect(tooMuch.ok || [tooMuch.error.code, tooMuch.error.details?.field]).toEqual(['VALIDATION', 'amountFen']);
    const foreignFinding = await propose(reviewer, { settlementId, amountFen: '100', reason: '超限价收费', findingIds: [newUuidV7()] });
    expect(foreignFinding.ok || foreignFinding.error.details?.field).toBe('findingIds');
    const otherCity = await propose(zhuzhou, { settlementId, amountFen: '100', reason: '超限价收费' });
    expect(otherCity.ok || otherCity.error.code).toBe('NOT_FOUND');
    const institution = await asActor({ kind: 'his', id: 'his-1', institutionCode: 'H43010200001', scope: '430102' }, () =>
      client.requestReply(DEDUCTION_SUBJECT, { settlementId, amountFen: '100', reason: '超限价收费' }),
    );
    expect(institution.ok).toBe(false);
    const [{ n }] = await sql<{ n: string }>(`select count(*)::text as n from review.approval`);
    expect(n).toBe('0');
  });

  it('withholds nothing until a second reviewer approves; then stores it with its event and audit row', async () => {
    const proposed = await propose(reviewer, { settlementId, amountFen: '30000', reason: '超限价收费，按违规金额扣款', findingIds: [findingId] });
    if (!proposed.ok) throw new Error(JSON.stringify(proposed.error));
    expect(proposed.data).toMatchObject({ status: 'PENDING', action: 'review.deduction', targetId: settlementId });
    expect(await deducted()).toBe('0');
    const self = await decide(reviewer, proposed.data.id);
    expect(self.ok || self.error.code).toBe('FORBIDDEN.SAME_PERSON');
    const approved = await decide(reviewer2, proposed.data.id);
    if (!approved.ok) throw new Error(JSON.stringify(approved.error));
    expect(approved.data.status).toBe('APPROVED');
    expect(approved.data.result).toMatchObject({ amountFen: '30000', findingIds: [findingId], setlId: 'S0000000001' });
    expect(await deducted()).toBe('30000');
    const [audit] = await sql<{ n: string }>(`select count(*)::text as n from review.audit_log where action = 'review.deduction' and target_id = ?`, [
      settlementId,
    ]);
    expect(audit.n).toBe('1');
    const jsm = await jetstreamManager(infra.nats.nc);
    const event = await waitFor(
      async () =>
        (
          await jsm.streams
            .getMessage(infra.nats.resolver.eventsStream, { last_by_subj: infra.nats.resolver.subject(DEDUCTION_CONFIRMED_SUBJECT) })
            .catch(() => null)
        )?.json(),
      10_000,
      'DeductionConfirmed on the stream',
    );
    expect(event).toMatchObject({
      type: 'DeductionConfirmed',
      payload: { settlementId, amountFen: '30000', institutionCode: 'H43010200001', insutype: '310' },
    });
  });

  it('keeps one proposal per settlement pending, and never withholds more than the fund paid', async () => {
    const a = await propose(reviewer, { settlementId, amountFen: '30000', reason: '重复收费' });
    if (!a.ok) throw new Error(JSON.stringify(a.error));
    const b = await propose(reviewer2, { settlementId, amountFen: '100', reason: '串换项目' });
    expect(b.ok || b.error.code).toBe('APPROVAL.ALREADY_PENDING');
    expect((await decide(reviewer2, a.data.id)).ok).toBe(true);
    expect(await deducted()).toBe('60000');
    // 700.00 paid by the fund, 600.00 withheld: 100.01 is too much, 100.00 is the rest.
    const over = await propose(reviewer, { settlementId, amountFen: '10001', reason: '串换项目' });
    expect(over.ok || [over.error.code, over.error.details?.field]).toEqual(['VALIDATION', 'amountFen']);
    const rest = await propose(reviewer, { settlementId, amountFen: '10000', reason: '串换项目' });
    if (!rest.ok) throw new Error(JSON.stringify(rest.error));
    expect((await decide(reviewer2, rest.data.id)).ok).toBe(true);
    expect(await deducted()).toBe('70000');
  });

  it('re-checks at approval: a settlement reversed while the proposal waited is not deducted, and the proposal stays pending', async () => {
    const other = newUuidV7();
    await sql(
      `insert into review.settlement (id, setl_id, fixmedins_code, mdtrt_id, psn_no, certno_enc, certno_hash, gend, brdy, insutype, med_type, treatment_mode,
         setl_time, setl_date, begndate, enddate, diagnoses, medfee_sumamt_fen, hifp_pay_fen, acct_pay_fen, psn_cash_pay_fen, amounts_fen, poolarea, admdvs,
         content_hash, review_status, rule_set, findings, received_at, reviewed_at)
       select ?, 'S0000000002', fixmedins_code, 'M2', psn_no, certno_enc, certno_hash, gend, brdy, insutype, med_type, treatment_mode, setl_time, setl_date,
         begndate, enddate, diagnoses, medfee_sumamt_fen, hifp_pay_fen, acct_pay_fen, psn_cash_pay_fen, amounts_fen, poolarea, admdvs, content_hash,
         review_status, rule_set, 0, received_at, reviewed_at from review.settlement where id = ?`,
      [other, settlementId],
    );
    const proposed = await propose(reviewer, { settlementId: other, amountFen: '500', reason: '串换项目' });
    if (!proposed.ok) throw new Error(JSON.stringify(proposed.error));
    await sql(`update review.settlement set reversed_by = 'S0000000002-R', reversed_at = now() where id = ?`, [other]);
    const approved = await decide(reviewer2, proposed.data.id);
    expect(approved.ok || approved.error.code).toBe('REVIEW.SETTLEMENT_REVERSED');
    const [row] = await sql<{ status: string }>(`select status from review.approval where id = ?`, [proposed.data.id]);
    expect(row.status).toBe('PENDING');
    const [{ n }] = await sql<{ n: string }>(`select count(*)::text as n from review.deduction where settlement_id = ?`, [other]);
    expect(n).toBe('0');
  });
});
