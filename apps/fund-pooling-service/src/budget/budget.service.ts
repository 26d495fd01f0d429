import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  ANNUAL_BUDGET_ACTION,
  type AnnualBudgetProposal,
  type AnnualBudgetView,
  type ApprovalView,
  BudgetEventSubjects,
  type BudgetKeyRequest,
  type ClearingBandsView,
  type IndicatorListRequest,
  type ProposeAnnualBudgetRequest,
  type ProposeIndicatorsRequest,
  TOTAL_CONTROL_INDICATORS_ACTION,
  type TotalControlIndicatorListView,
  type TotalControlIndicatorsProposal,
  type TotalControlIndicatorsSetPayload,
} from '@mi/contracts';
import { Admdvs, type Clock, ConflictError, DomainError, LocalDate, Money, NotFoundError } from '@mi/domain';
import { ApprovalService, AuditService, canSee, CLOCK, currentActor, OutboxService, requireRole } from '@mi/platform';
import { poolingRegion } from '../ledger/pooling-region';
import { balanceBudget, DEFAULT_PREPAYMENT_SHARE_PERCENT, defaultBandsView, parseBands } from './budget-rules';

interface BudgetRow {
  income_fen: string;
  expenditure_fen: string;
  reserve_share_percent: string;
  prepayment_share_percent: string;
  clearing_bands: ClearingBandsView;
  approval_id: string;
  approved_by: string;
  approved_at: Date;
}

/** `<city>/<year>/<insutype>`: the key of a budget and of its indicators' proposals. */
export const budgetKey = (k: { admdvs: string; year: number; insutype: string }): string => `${k.admdvs}/${k.year}/${k.insutype}`;

/** The figures of a budget the audit detail keeps (the audit row stores only digests of before/after). */
const figures = (b: AnnualBudgetView) => ({
  incomeFen: b.incomeFen,
  expenditureFen: b.expenditureFen,
  reserveSharePercent: b.reserveSharePercent,
  reserveFen: b.reserveFen,
  prepaymentSharePercent: b.prepaymentSharePercent,
  clearingBands: b.clearingBands,
});

/** `12.50` as stored → `12.5`; `97.00` → `97`. */
const percent = (v: string): string => String(Number(v));

/**
 * 年度基金预算与总额控制指标 — the annual budget of a pooling region and insurance type and the
 * negotiated total control indicators of its institutions within it, both by maker-checker.
 * Budget and indicators of one key are changed one at a time (advisory lock on the key), so the
 * indicators never exceed the expenditure, not even under concurrent approvals.
 */
@Injectable()
export class BudgetService implements OnModuleInit {
  constructor(
    private readonly orm: MikroORM,
    private readonly approvals: ApprovalService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.approvals.register<AnnualBudgetProposal, AnnualBudgetView>(ANNUAL_BUDGET_ACTION, {
      requiredRoles: ['city-officer'],
      describe: (p) =>
        `年度预算 ${budgetKey(p.budget)}：收入 ${Money.fromFen(BigInt(p.budget.incomeFen)).format()}，支出 ${Money.fromFen(BigInt(p.budget.expenditureFen)).format()}`,
      apply: (em, p, approval) => this.applyBudget(em, p, approval),
    });
    this.approvals.register<TotalControlIndicatorsProposal, TotalControlIndicatorsSetPayload>(TOTAL_CONTROL_INDICATORS_ACTION, {
      requiredRoles: ['city-officer'],
      describe: (p) => `总额控制指标 ${budgetKey(p)}：${p.indicators.length} 家机构，指标合计 ${Money.fromFen(BigInt(p.indicatorsAfterFen)).format()}`,
      apply: (em, p, approval) => this.applyIndicators(em, p, approval),
    });
  }

  /** 编制年度预算 (maker): refused when unbalanced, or below what approved indicators already take. */
  async proposeBudget(req: ProposeAnnualBudgetRequest): Promise<ApprovalView<AnnualBudgetProposal>> {
    const actor = currentActor();
    requireRole(actor, ['city-officer'], 'propose an annual budget');
    const city = poolingRegion(req.admdvs, 'budgets and indicators');
    if (!canSee(actor, city)) throw new NotFoundError('pooling region', city);
    this.assertOpenYear(req.year);
    const bands = req.clearingBands ?? defaultBandsView();
    parseBands(bands);
    const share = req.prepaymentSharePercent ?? DEFAULT_PREPAYMENT_SHARE_PERCENT;
    const budget = this.view({
      admdvs: city,
      year: req.year,
      insutype: req.insutype,
      incomeFen: req.incomeFen,
      expenditureFen: req.expenditureFen,
      reserveSharePercent: percent(req.reserveSharePercent),
      prepaymentSharePercent: percent(share),
      clearingBands: bands,
    });
    const em = this.orm.em.fork();
    await this.assertIndicatorsFit(em, budget, BigInt(budget.expenditureFen));
    const before = await this.budget(em, budget);
    return this.approvals.propose<AnnualBudgetProposal>({
      action: ANNUAL_BUDGET_ACTION,
      targetType: 'annual-budget',
      targetId: budgetKey(budget),
      admdvs: city,
      payload: { budget, before, reason: req.reason },
      reason: req.reason,
    });
  }

  /** The budget in force with what the indicators take of it. */
  async read(req: BudgetKeyRequest): Promise<AnnualBudgetView> {
    const city = poolingRegion(req.admdvs, 'budgets and indicators');
    if (!canSee(currentActor(), city)) throw new NotFoundError('pooling region', city);
    const em = this.orm.em.fork();
    const budget = await this.budget(em, { ...req, admdvs: city });
    if (!budget) throw new NotFoundError('annual budget', budgetKey({ ...req, admdvs: city }));
    const { total, count } = await this.indicatorTotal(em, budget);
    return { ...budget, indicatorsFen: total.toString(), indicatorCount: count };
  }

  /** 下达总额控制指标 (maker): every institution of the region, within the budget's expenditure. */
  async proposeIndicators(req: ProposeIndicatorsRequest): Promise<ApprovalView<TotalControlIndicatorsProposal>> {
    const actor = currentActor();
    requireRole(actor, ['city-officer'], 'propose total control indicators');
    const city = poolingRegion(req.admdvs, 'budgets and indicators');
    if (!canSee(actor, city)) throw new NotFoundError('pooling region', city);
    this.assertOpenYear(req.year);
    const seen = new Set<string>();
    req.indicators.forEach((item, i) => {
      const field = `indicators[${i}].institutionCode`;
      if (seen.has(item.institutionCode)) throw new DomainError('VALIDATION', `${field}: ${item.institutionCode} is listed twice`, { field });
      seen.add(item.institutionCode);
      const county = Admdvs.parse(item.institutionCode.slice(1, 7), field);
      if (county.poolingRegion().code !== city)
        throw new DomainError('VALIDATION', `${field}: ${item.institutionCode} is not an institution of pooling region ${city}`, { field });
    });
    const key = { admdvs: city, year: req.year, insutype: req.insutype };
    const em = this.orm.em.fork();
    const proposal = await this.indicatorProposal(em, key, req.indicators, req.reason);
    return this.approvals.propose<TotalControlIndicatorsProposal>({
      action: TOTAL_CONTROL_INDICATORS_ACTION,
      targetType: 'total-control-indicators',
      targetId: budgetKey(key),
      admdvs: city,
      payload: proposal,
      reason: req.reason,
    });
  }

  async indicators(req: IndicatorListRequest): Promise<TotalControlIndicatorListView> {
    const city = poolingRegion(req.admdvs, 'budgets and indicators');
    if (!canSee(currentActor(), city)) throw new NotFoundError('pooling region', city);
    const rows = await this.orm.em
      .fork()
      .execute<{ institution_code: string; indicator_fen: string; approval_id: string; approved_by: string; approved_at: Date }[]>(
        `select institution_code, indicator_fen::text as indicator_fen, approval_id::text as approval_id, approved_by, approved_at
       from fund.total_control_indicator where admdvs = ? and year = ? and insutype = ? ${req.institutionCode ? 'and institution_code = ?' : ''}
       order by institution_code`,
        [city, req.year, req.insutype, ...(req.institutionCode ? [req.institutionCode] : [])],
      );
    return {
      admdvs: city,
      year: req.year,
      insutype: req.insutype,
      totalFen: rows.reduce((s, r) => s + BigInt(r.indicator_fen), 0n).toString(),
      items: rows.map((r) => ({
        institutionCode: r.institution_code,
        indicatorFen: r.indicator_fen,
        approvalId: r.approval_id,
        approvedBy: r.approved_by,
        approvedAt: new Date(r.approved_at).toISOString(),
      })),
    };
  }

  /** The approved budget of a key, or null. */
  async budget(em: EntityManager, k: { admdvs: string; year: number; insutype: string }, lock = false): Promise<AnnualBudgetView | null> {
    const [r] = await em.execute<BudgetRow[]>(
      `select income_fen::text as income_fen, expenditure_fen::text as expenditure_fen, reserve_share_percent::text as reserve_share_percent,
              prepayment_share_percent::text as prepayment_share_percent, clearing_bands, approval_id::text as approval_id, approved_by, approved_at
       from fund.annual_budget where admdvs = ? and year = ? and insutype = ? ${lock ? 'for update' : ''}`,
      [k.admdvs, k.year, k.insutype],
    );
    if (!r) return null;
    return {
      ...this.view({
        admdvs: k.admdvs,
        year: k.year,
        insutype: k.insutype,
        incomeFen: r.income_fen,
        expenditureFen: r.expenditure_fen,
        reserveSharePercent: percent(r.reserve_share_percent),
        prepaymentSharePercent: percent(r.prepayment_share_percent),
        clearingBands: r.clearing_bands,
      }),
      approvalId: r.approval_id,
      approvedBy: r.approved_by,
      approvedAt: new Date(r.approved_at).toISOString(),
    };
  }

  private async applyBudget(em: EntityManager, p: AnnualBudgetProposal, approval: ApprovalView<AnnualBudgetProposal>): Promise<AnnualBudgetView> {
    this.assertOpenYear(p.budget.year);
    await em.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`fund.budget/${budgetKey(p.budget)}`]);
    // The pure rule again (the payload is data), then against the indicators approved meanwhile.
    const budget = this.view(p.budget);
    await this.assertIndicatorsFit(em, budget, BigInt(budget.expenditureFen));
    const before = await this.budget(em, budget, true);
    const now = this.clock.now();
    const decidedBy = approval.decidedBy?.id ?? '';
    await em.execute(
      `insert into fund.annual_budget (admdvs, year, insutype, income_fen, expenditure_fen, reserve_share_percent, reserve_fen, prepayment_share_percent,
         clearing_bands, approval_id, proposed_by, approved_by, approved_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)
       on conflict (admdvs, year, insutype) do update set income_fen = excluded.income_fen, expenditure_fen = excluded.expenditure_fen,
         reserve_share_percent = excluded.reserve_share_percent, reserve_fen = excluded.reserve_fen,
         prepayment_share_percent = excluded.prepayment_share_percent, clearing_bands = excluded.clearing_bands, approval_id = excluded.approval_id,
         proposed_by = excluded.proposed_by, approved_by = excluded.approved_by, approved_at = excluded.approved_at`,
      [
        budget.admdvs,
        budget.year,
        budget.insutype,
        budget.incomeFen,
        budget.expenditureFen,
        budget.reserveSharePercent,
        budget.reserveFen,
        budget.prepaymentSharePercent,
        JSON.stringify(budget.clearingBands),
        approval.id,
        approval.proposedBy.id,
        decidedBy,
        now,
      ],
    );
    const result: AnnualBudgetView = { ...budget, approvalId: approval.id, approvedBy: decidedBy, approvedAt: now.toISOString() };
    await this.audit.record(em, {
      action: 'fund.annual-budget.set',
      targetType: 'annual-budget',
      targetId: budgetKey(budget),
      admdvs: budget.admdvs,
      before: before ? { ...before } : null,
      after: { ...result },
      detail: {
        reason: p.reason,
        proposedBy: approval.proposedBy.id,
        before: before ? figures(before) : null,
        after: figures(result),
      },
    });
    await this.outbox.add<AnnualBudgetView>(em, {
      subject: BudgetEventSubjects.AnnualBudgetSet,
      type: 'AnnualBudgetSet',
      admdvs: budget.admdvs,
      aggregateId: budgetKey(budget),
      payload: result,
    });
    return result;
  }

  private async applyIndicators(
    em: EntityManager,
    p: TotalControlIndicatorsProposal,
    approval: ApprovalView<TotalControlIndicatorsProposal>,
  ): Promise<TotalControlIndicatorsSetPayload> {
    this.assertOpenYear(p.year);
    await em.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`fund.budget/${budgetKey(p)}`]);
    // Re-checked against the budget and indicators as they are now (a budget cut or other indicators approved meanwhile).
    const now = await this.indicatorProposal(em, p, p.indicators, p.reason);
    const decidedBy = approval.decidedBy?.id ?? '';
    const at = this.clock.now();
    await em.execute(
      `insert into fund.total_control_indicator (admdvs, year, insutype, institution_code, indicator_fen, approval_id, approved_by, approved_at)
       select ?, ?, ?, x.institution_code, x.indicator_fen, ?, ?, ? from jsonb_to_recordset(?::jsonb) as x(institution_code text, indicator_fen bigint)
       on conflict (admdvs, year, insutype, institution_code) do update set indicator_fen = excluded.indicator_fen, approval_id = excluded.approval_id,
         approved_by = excluded.approved_by, approved_at = excluded.approved_at`,
      [
        p.admdvs,
        p.year,
        p.insutype,
        approval.id,
        decidedBy,
        at,
        JSON.stringify(now.indicators.map((i) => ({ institution_code: i.institutionCode, indicator_fen: i.indicatorFen }))),
      ],
    );
    const result: TotalControlIndicatorsSetPayload = {
      approvalId: approval.id,
      admdvs: p.admdvs,
      year: p.year,
      insutype: p.insutype,
      count: now.indicators.length,
      indicatorsAfterFen: now.indicatorsAfterFen,
      expenditureFen: now.expenditureFen,
      decidedBy,
    };
    await this.audit.record(em, {
      action: 'fund.total-control-indicators.set',
      targetType: 'total-control-indicators',
      targetId: budgetKey(p),
      admdvs: p.admdvs,
      before: { indicators: Object.fromEntries(now.indicators.map((i) => [i.institutionCode, i.beforeFen])) },
      after: { indicators: Object.fromEntries(now.indicators.map((i) => [i.institutionCode, i.indicatorFen])) },
      // Every indicator before → after in the detail: the audit log is the history of each institution's figure.
      detail: {
        reason: p.reason,
        proposedBy: approval.proposedBy.id,
        changes: Object.fromEntries(now.indicators.map((i) => [i.institutionCode, { beforeFen: i.beforeFen, afterFen: i.indicatorFen }])),
        indicatorsAfterFen: now.indicatorsAfterFen,
        expenditureFen: now.expenditureFen,
      },
    });
    await this.outbox.add<TotalControlIndicatorsSetPayload>(em, {
      subject: BudgetEventSubjects.TotalControlIndicatorsSet,
      type: 'TotalControlIndicatorsSet',
      admdvs: p.admdvs,
      aggregateId: budgetKey(p),
      payload: result,
    });
    return result;
  }

  /** What the indicators would be after approval, checked against the budget: none yet (`FUND.NO_BUDGET`), or above its expenditure. */
  private async indicatorProposal(
    em: EntityManager,
    key: { admdvs: string; year: number; insutype: string },
    items: { institutionCode: string; indicatorFen: string }[],
    reason: string,
  ): Promise<TotalControlIndicatorsProposal> {
    const budget = await this.budget(em, key);
    if (!budget) {
      throw new ConflictError('FUND.NO_BUDGET', `year: ${budgetKey(key)} has no approved annual budget; indicators are set within one`, {
        field: 'year',
        reason: 'no budget',
      });
    }
    const existing = new Map(
      (
        await em.execute<{ institution_code: string; indicator_fen: string }[]>(
          `select institution_code, indicator_fen::text as indicator_fen from fund.total_control_indicator where admdvs = ? and year = ? and insutype = ?`,
          [key.admdvs, key.year, key.insutype],
        )
      ).map((r) => [r.institution_code, BigInt(r.indicator_fen)]),
    );
    const proposed = new Map(items.map((i) => [i.institutionCode, BigInt(i.indicatorFen)]));
    let after = 0n;
    for (const [code, fen] of existing) if (!proposed.has(code)) after += fen;
    for (const fen of proposed.values()) after += fen;
    const expenditure = BigInt(budget.expenditureFen);
    if (after > expenditure) {
      throw new ConflictError(
        'FUND.INDICATORS_EXCEED_BUDGET',
        `indicators: all total control indicators of ${budgetKey(key)} would be ${Money.fromFen(after).format()}, above the budget's expenditure ${Money.fromFen(expenditure).format()} by ${Money.fromFen(after - expenditure).format()}`,
        { field: 'indicators', reason: 'indicators exceed the budget', indicatorsAfterFen: after.toString(), expenditureFen: expenditure.toString() },
      );
    }
    return {
      ...key,
      indicators: items.map((i) => ({
        institutionCode: i.institutionCode,
        indicatorFen: i.indicatorFen,
        beforeFen: existing.get(i.institutionCode)?.toString() ?? null,
      })),
      expenditureFen: expenditure.toString(),
      indicatorsAfterFen: after.toString(),
      reason,
    };
  }

  private async indicatorTotal(em: EntityManager, k: { admdvs: string; year: number; insutype: string }): Promise<{ total: bigint; count: number }> {
    const [r] = await em.execute<{ total: string; n: number }[]>(
      `select coalesce(sum(indicator_fen), 0)::text as total, count(*)::int as n from fund.total_control_indicator where admdvs = ? and year = ? and insutype = ?`,
      [k.admdvs, k.year, k.insutype],
    );
    return { total: BigInt(r.total), count: r.n };
  }

  /** A budget below what the approved indicators already take is refused (cut the indicators first). */
  private async assertIndicatorsFit(em: EntityManager, k: { admdvs: string; year: number; insutype: string }, expenditure: bigint): Promise<void> {
    const { total, count } = await this.indicatorTotal(em, k);
    if (total > expenditure) {
      throw new ConflictError(
        'FUND.INDICATORS_EXCEED_BUDGET',
        `expenditureFen: ${count} approved total control indicator(s) of ${budgetKey(k)} take ${Money.fromFen(total).format()}, more than the proposed expenditure ${Money.fromFen(expenditure).format()}`,
        { field: 'expenditureFen', reason: 'indicators exceed the budget', indicatorsFen: total.toString() },
      );
    }
  }

  /** The budget's derived figures (reserve, available, explanation) from its inputs; unbalanced budgets throw. */
  private view(b: Omit<AnnualBudgetView, 'reserveFen' | 'availableFen' | 'explanation'>): AnnualBudgetView {
    const { reserve, available, explanation } = balanceBudget(
      Money.fromFen(BigInt(b.incomeFen), 'incomeFen'),
      Money.fromFen(BigInt(b.expenditureFen), 'expenditureFen'),
      b.reserveSharePercent,
    );
    return {
      admdvs: b.admdvs,
      year: b.year,
      insutype: b.insutype,
      incomeFen: b.incomeFen,
      expenditureFen: b.expenditureFen,
      reserveSharePercent: b.reserveSharePercent,
      reserveFen: reserve.fenBigInt.toString(),
      availableFen: available.fenBigInt.toString(),
      prepaymentSharePercent: b.prepaymentSharePercent,
      clearingBands: b.clearingBands,
      explanation: [...explanation, `月度预付比例 ${b.prepaymentSharePercent}%（指标 ÷ 12 × 比例）`],
    };
  }

  /** A year's budget and indicators change until it ends (Beijing date): then they decide the clearing. */
  private assertOpenYear(year: number): void {
    const today = LocalDate.fromInstant(this.clock.now(), 'now').toString();
    if (year < Number(today.slice(0, 4))) {
      throw new DomainError('FUND.YEAR_ENDED', `year: ${year} has ended; its budget and indicators decide the year-end clearing and are no longer changed`, {
        field: 'year',
        reason: 'year ended',
      });
    }
  }
}
