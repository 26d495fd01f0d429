import {
  type AnnualBudgetProposal,
  type AnnualBudgetView,
  approvalSubjects,
  type ApprovalView,
  BudgetEventSubjects,
  BudgetSubjects,
  type TotalControlIndicatorListView,
  type TotalControlIndicatorsProposal,
} from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import type { Actor } from '@mi/platform';
import { asActor, aUser } from '@mi/testing';
import { checker, CITY, FundFixture, maker, refusal } from './fund-fixture';

const countyOfficer = aUser({ scope: '430102', id: 'u-county', roles: ['county-officer'] });
const BUDGET = {
  admdvs: CITY,
  year: 2026,
  insutype: '310',
  incomeFen: '100000000000',
  expenditureFen: '95000000000',
  reserveSharePercent: '5',
  reason: '2026 年度基金预算',
};

/** 年度预算与总额控制指标: maker-checker, balanced budgets, indicators within the expenditure. */
describe('annual budget and total control indicators (real PostgreSQL + NATS)', () => {
  let f: FundFixture;
  const clock = new ManualClock('2026-02-10T04:00:00.000Z');

  const proposeBudget = (body: Record<string, unknown>, actor: Actor = maker) =>
    asActor(actor, () => f.client.requestReply<ApprovalView<AnnualBudgetProposal>>(BudgetSubjects.proposeBudget, { ...BUDGET, ...body }));
  const proposeIndicators = (indicators: { institutionCode: string; indicatorFen: string }[], extra: Record<string, unknown> = {}) =>
    asActor(maker, () =>
      f.client.requestReply<ApprovalView<TotalControlIndicatorsProposal>>(BudgetSubjects.proposeIndicators, {
        admdvs: CITY,
        year: 2026,
        insutype: '310',
        indicators,
        reason: '2026 年总额控制指标谈判结果',
        ...extra,
      }),
    );
  const approve = async <R>(id: string, actor: Actor = checker): Promise<R> => {
    const r = await asActor(actor, () => f.client.requestReply<ApprovalView>(approvalSubjects('fund').decide, { id, decision: 'approve' }));
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.data.result as R;
  };
  const ok = async <T>(r: Promise<{ ok: true; data: T } | { ok: false; error: unknown }>): Promise<T> => {
    const reply = await r;
    if (!reply.ok) throw new Error(JSON.stringify(reply.error));
    return reply.data;
  };

  beforeAll(async () => {
    f = await FundFixture.start(['310'], clock);
  });

  afterAll(async () => {
    await f?.close();
  });

  it('refuses a budget whose expenditure exceeds income less the reserve, explaining the figures; bad input names the field', async () => {
    const unbalanced = await proposeBudget({ expenditureFen: '95000000001' });
    expect(unbalanced.ok || [unbalanced.error.code, unbalanced.error.details]).toEqual([
      'FUND.BUDGET_UNBALANCED',
      expect.objectContaining({ field: 'expenditureFen', availableFen: '95000000000', reserveFen: '5000000000' }),
    ]);
    expect(unbalanced.ok || unbalanced.error.message).toContain('以收定支、收支平衡、略有结余');
    for (const [field, value] of [
      ['reserveSharePercent', '120'],
      ['incomeFen', '-1'],
      ['admdvs', '430102'],
    ] as const) {
      const bad = await proposeBudget({ [field]: value });
      expect(bad.ok || [bad.error.code, bad.error.message]).toEqual(['VALIDATION', expect.stringContaining(field)]);
    }
    const bands = await proposeBudget({
      clearingBands: { overspend: [{ upToPercent: 5, fundSharePercent: 60 }], surplus: [{ upToPercent: null, retainedPercent: 50 }] },
    });
    expect(bands.ok || bands.error.message).toContain('clearingBands.overspend[0].upToPercent');
    expect(await refusal(proposeBudget({}, countyOfficer))).toBe('FORBIDDEN.ROLE');
    expect(await f.count(`select 1 from fund.approval`)).toBe(0);
  });

  it('sets the budget by maker-checker with audit and AnnualBudgetSet; the proposer cannot approve', async () => {
    const proposed = await ok(proposeBudget({ prepaymentSharePercent: '95.5' }));
    expect(proposed.payload).toMatchObject({ before: null, budget: { reserveFen: '5000000000', availableFen: '95000000000', prepaymentSharePercent: '95.5' } });
    expect(await refusal(asActor(maker, () => f.client.requestReply(approvalSubjects('fund').decide, { id: proposed.id, decision: 'approve' })))).not.toBe(
      'accepted',
    );
    const set = await approve<AnnualBudgetView>(proposed.id);
    expect(set).toMatchObject({
      approvedBy: checker.id,
      incomeFen: '100000000000',
      clearingBands: { overspend: [{ upToPercent: 5, fundSharePercent: 60 }, {}, {}] },
    });
    const read = await ok(
      asActor(checker, () => f.client.requestReply<AnnualBudgetView>(BudgetSubjects.budget, { admdvs: CITY, year: 2026, insutype: '310' })),
    );
    expect(read).toMatchObject({ expenditureFen: '95000000000', indicatorsFen: '0', indicatorCount: 0, prepaymentSharePercent: '95.5' });
    const [audit] = await f.orm.em
      .fork()
      .execute<{ detail: { before: unknown; after: { expenditureFen: string } } }[]>(
        `select detail from fund.audit_log where action = 'fund.annual-budget.set'`,
      );
    expect(audit.detail).toMatchObject({ before: null, after: { expenditureFen: '95000000000', reserveFen: '5000000000' } });
    expect(await f.count(`select 1 from fund.outbox where subject = ?`, [BudgetEventSubjects.AnnualBudgetSet])).toBe(1);
    // Another region's budget is answered as absent.
    const other = aUser({ scope: '430200', id: 'u-other', roles: ['city-officer'] });
    expect(await refusal(asActor(other, () => f.client.requestReply(BudgetSubjects.budget, { admdvs: CITY, year: 2026, insutype: '310' })))).toBe('NOT_FOUND');
  });

  it('sets indicators within the budget; refuses them above it, outside the region, or without a budget', async () => {
    expect(await refusal(proposeIndicators([{ institutionCode: 'H43010200001', indicatorFen: '1' }], { insutype: '390' }))).toBe('FUND.NO_BUDGET');
    const outside = await proposeIndicators([
      { institutionCode: 'H43010200001', indicatorFen: '1' },
      { institutionCode: 'H43020200001', indicatorFen: '1' },
    ]);
    expect(outside.ok || [outside.error.code, outside.error.message]).toEqual(['VALIDATION', expect.stringContaining('indicators[1].institutionCode')]);
    const over = await proposeIndicators([
      { institutionCode: 'H43010200001', indicatorFen: '60000000000' },
      { institutionCode: 'H43010300001', indicatorFen: '35000000001' },
    ]);
    expect(over.ok || [over.error.code, over.error.details?.field]).toEqual(['FUND.INDICATORS_EXCEED_BUDGET', 'indicators']);

    const first = await ok(
      proposeIndicators([
        { institutionCode: 'H43010200001', indicatorFen: '60000000000' },
        { institutionCode: 'H43010300001', indicatorFen: '30000000000' },
      ]),
    );
    expect(first.payload.indicatorsAfterFen).toBe('90000000000');
    expect(await approve(first.id)).toMatchObject({ count: 2, indicatorsAfterFen: '90000000000', expenditureFen: '95000000000' });
    // A change of one indicator counts the others as they stand.
    expect(await refusal(proposeIndicators([{ institutionCode: 'H43010300001', indicatorFen: '35000000001' }]))).toBe('FUND.INDICATORS_EXCEED_BUDGET');
    const change = await ok(proposeIndicators([{ institutionCode: 'H43010300001', indicatorFen: '32000000000' }]));
    expect(change.payload.indicators).toEqual([{ institutionCode: 'H43010300001', indicatorFen: '32000000000', beforeFen: '30000000000' }]);
    await approve(change.id);
    const list = await ok(
      asActor(checker, () => f.client.requestReply<TotalControlIndicatorListView>(BudgetSubjects.indicators, { admdvs: CITY, year: 2026, insutype: '310' })),
    );
    expect(list).toMatchObject({
      totalFen: '92000000000',
      items: [{ institutionCode: 'H43010200001', indicatorFen: '60000000000' }, { indicatorFen: '32000000000' }],
    });
    const [audit] = await f.orm.em
      .fork()
      .execute<{ detail: { changes: unknown } }[]>(
        `select detail from fund.audit_log where action = 'fund.total-control-indicators.set' order by seq desc limit 1`,
      );
    expect(audit.detail.changes).toEqual({ H43010300001: { beforeFen: '30000000000', afterFen: '32000000000' } });
    expect(await f.count(`select 1 from fund.outbox where subject = ?`, [BudgetEventSubjects.TotalControlIndicatorsSet])).toBe(2);
  });

  it('re-checks at approval: a budget cut below indicators approved meanwhile is refused, and nothing changes', async () => {
    expect(await refusal(proposeBudget({ expenditureFen: '91000000000' }))).toBe('FUND.INDICATORS_EXCEED_BUDGET');
    const cut = await ok(proposeBudget({ expenditureFen: '93000000000' }));
    await approve((await ok(proposeIndicators([{ institutionCode: 'H43010400001', indicatorFen: '2000000000' }]))).id);
    const late = await asActor(checker, () => f.client.requestReply(approvalSubjects('fund').decide, { id: cut.id, decision: 'approve' }));
    expect(late.ok || [late.error.code, late.error.details?.field]).toEqual(['FUND.INDICATORS_EXCEED_BUDGET', 'expenditureFen']);
    const [b] = await f.orm.em.fork().execute<{ e: string }[]>(`select expenditure_fen::text as e from fund.annual_budget`);
    expect(b.e).toBe('95000000000');
  });

  it('fixes budget and indicators once the year has ended', async () => {
    clock.set('2027-01-02T04:00:00.000Z');
    expect(await refusal(proposeBudget({}))).toBe('FUND.YEAR_ENDED');
    expect(await refusal(proposeIndicators([{ institutionCode: 'H43010200001', indicatorFen: '1' }]))).toBe('FUND.YEAR_ENDED');
    clock.set('2026-02-10T04:00:00.000Z');
  });
});
