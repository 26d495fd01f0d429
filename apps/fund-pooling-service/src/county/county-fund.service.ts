import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  type ApprovalView,
  COUNTY_SHORTFALL_POSTING_ACTION,
  CountyFundEventSubjects,
  type CountyShortfallPostedPayload,
  type CountyShortfallPostingProposal,
  type ProposeCountyShortfallPostingRequest,
  type CountyIncomePlanView,
  type CountyIncomeRecordedView,
  type CountyShortfallView,
  type RecordCountyIncomeRequest,
  type SetCountyIncomePlanRequest,
} from '@mi/contracts';
import { Admdvs, type Clock, ConflictError, DomainError, LocalDate, Money, NotFoundError } from '@mi/domain';
import { ApprovalService, AuditService, canSee, CLOCK, currentActor, OutboxService, requireRole } from '@mi/platform';
import { openFundAccount } from '../ledger/accounts';
import { LedgerService } from '../ledger/ledger.service';
import { countyShortfall } from '../payment/year-end';

/** A county's income sub-account of the city fund (县级收入子账户). */
const countyIncomeAccount = (city: string, insutype: string, county: string) => `${city}-${insutype}-INCOME-${county}`;

/**
 * 统收统支 — county income remitted in full to the city fund account (one entry per remittance
 * reference: debit the city's fund account, credit the county's income sub-account), the annual
 * income plan per county (set by the city before the year ends, audited), and the year-end county
 * shortfall rule over the ledger: the county's income for the year's months against the fund use of
 * its institutions (an institution's county is characters 2–7 of its code).
 */
@Injectable()
export class CountyFundService implements OnModuleInit {
  constructor(
    private readonly orm: MikroORM,
    private readonly approvals: ApprovalService,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.approvals.register<CountyShortfallPostingProposal, CountyShortfallPostedPayload>(COUNTY_SHORTFALL_POSTING_ACTION, {
      requiredRoles: ['city-officer'],
      describe: (p) =>
        `县级基金缺口 ${p.shortfall.county} ${p.shortfall.year} ${p.shortfall.insutype}：${Money.fromFen(BigInt(p.shortfall.gapFen)).format()}（${p.shortfall.coveredBy === 'city' ? '市级统筹调剂补足' : '县级补足'}）`,
      apply: (em, p, approval) => this.postShortfall(em, p, approval),
    });
  }

  async recordIncome(req: RecordCountyIncomeRequest): Promise<CountyIncomeRecordedView> {
    const actor = currentActor();
    requireRole(actor, ['city-officer', 'county-officer'], 'record county income');
    const { county, city } = this.county(req.county);
    if (!canSee(actor, county)) throw new NotFoundError('county', county);
    if (req.period > this.today().slice(0, 7)) {
      throw new DomainError('FUND.PERIOD_IN_FUTURE', `period: ${req.period} has not started yet`, { field: 'period', reason: 'future month' });
    }
    const amount = Money.fromFen(BigInt(req.amountFen), 'amountFen');
    const incomeAccount = countyIncomeAccount(city, req.insutype, county);
    return this.orm.em.fork().transactional(async (em) => {
      const fund = await openFundAccount(this.ledger, em, city, req.insutype);
      await this.ledger.openAccount(em, {
        code: incomeAccount,
        name: `${county} ${req.insutype} 基金收入（上解市级）`,
        kind: 'income',
        admdvs: county,
        insutype: req.insutype,
      });
      const cause = { type: 'county-remittance', id: `${county}/${req.insutype}/${req.reference}` };
      const { entryId, replayed } = await this.ledger.post(em, {
        admdvs: city,
        period: req.period,
        cause,
        memo: `${county} ${req.period} 基金收入全额上解 ${amount.format()}（凭证 ${req.reference}）`,
        lines: [
          { account: fund, debit: amount },
          { account: incomeAccount, credit: amount },
        ],
      });
      const view: CountyIncomeRecordedView = {
        entryId,
        replayed,
        county,
        city,
        insutype: req.insutype,
        period: req.period,
        amountFen: req.amountFen,
        incomeAccount,
      };
      if (replayed) {
        const first = await this.ledger.entry(em, entryId);
        const same = first.period === req.period && first.lines.some((l) => l.account === incomeAccount && l.credit === amount.toYuanString());
        if (!same)
          throw new ConflictError('FUND.REMITTANCE_CONFLICT', `reference ${req.reference} was already recorded with other figures (entry ${entryId})`, {
            field: 'reference',
            reason: 'a remittance is recorded once',
            entryId,
          });
        return view;
      }
      await this.outbox.add(em, {
        subject: CountyFundEventSubjects.CountyIncomeRecorded,
        type: 'CountyIncomeRecorded',
        admdvs: county,
        aggregateId: entryId,
        payload: view,
      });
      return view;
    });
  }

  async setPlan(req: SetCountyIncomePlanRequest): Promise<CountyIncomePlanView> {
    const actor = currentActor();
    requireRole(actor, ['city-officer'], 'set a county income plan');
    const { county } = this.county(req.county);
    if (!canSee(actor, county)) throw new NotFoundError('county', county);
    if (req.year < Number(this.today().slice(0, 4))) {
      throw new DomainError('FUND.YEAR_ENDED', `year: ${req.year} has ended; its plan decides the year-end shortfall rule and is no longer changed`, {
        field: 'year',
        reason: 'year ended',
      });
    }
    return this.orm.em.fork().transactional(async (em) => {
      const [before] = await em.execute<{ plan_fen: string }[]>(
        `select plan_fen::text as plan_fen from fund.county_income_plan where county = ? and year = ? and insutype = ? for update`,
        [county, req.year, req.insutype],
      );
      const now = this.clock.now();
      await em.execute(
        `insert into fund.county_income_plan (county, year, insutype, plan_fen, set_by, set_at) values (?, ?, ?, ?, ?, ?)
         on conflict (county, year, insutype) do update set plan_fen = excluded.plan_fen, set_by = excluded.set_by, set_at = excluded.set_at`,
        [county, req.year, req.insutype, req.planFen, actor.id, now],
      );
      const view: CountyIncomePlanView = { county, year: req.year, insutype: req.insutype, planFen: req.planFen, setBy: actor.id, setAt: now.toISOString() };
      await this.audit.record(em, {
        action: 'fund.county-plan.set',
        targetType: 'county-income-plan',
        targetId: `${county}/${req.year}/${req.insutype}`,
        admdvs: county,
        before: before ? { planFen: before.plan_fen } : null,
        after: { planFen: req.planFen },
        detail: { reason: req.reason, planFenBefore: before?.plan_fen ?? null, planFenAfter: req.planFen },
      });
      await this.outbox.add(em, {
        subject: CountyFundEventSubjects.CountyIncomePlanSet,
        type: 'CountyIncomePlanSet',
        admdvs: county,
        aggregateId: `${county}/${req.year}/${req.insutype}`,
        payload: view,
      });
      return view;
    });
  }

  /** 县级基金缺口 — evaluated once the year has ended (Beijing date), from the plan and the ledger. */
  async shortfall(req: { county: string; year: number; insutype: string }): Promise<CountyShortfallView> {
    const { county, city } = this.county(req.county);
    if (!canSee(currentActor(), county)) throw new NotFoundError('county', county);
    if (req.year >= Number(this.today().slice(0, 4))) {
      throw new DomainError('FUND.YEAR_NOT_ENDED', `year: ${req.year} has not ended; the shortfall rule is applied at year end`, {
        field: 'year',
        reason: 'year not ended',
      });
    }
    return this.evaluate(this.orm.em.fork(), county, city, req.year, req.insutype);
  }

  /**
   * 县级缺口结果入账 — after the year-end evaluation, a city officer proposes posting its result; a
   * different city officer approves through `approvalSubjects('fund')`. Once per county, year and
   * insurance type (cause `county-shortfall`, `<county>/<year>/<insutype>`). Refused when there is
   * no gap (`FUND.NO_SHORTFALL`) or it was already posted (`FUND.SHORTFALL_ALREADY_POSTED`).
   */
  async proposeShortfallPosting(req: ProposeCountyShortfallPostingRequest): Promise<ApprovalView<CountyShortfallPostingProposal>> {
    requireRole(currentActor(), ['city-officer'], 'post a county shortfall');
    const view = await this.shortfall(req);
    const em = this.orm.em.fork();
    await this.assertPostable(em, view);
    return this.approvals.propose<CountyShortfallPostingProposal>({
      action: COUNTY_SHORTFALL_POSTING_ACTION,
      targetType: 'county-shortfall',
      targetId: shortfallKey(view),
      admdvs: view.city,
      payload: { shortfall: view, reason: req.reason },
      reason: req.reason,
    });
  }

  private async assertPostable(em: EntityManager, v: CountyShortfallView): Promise<void> {
    if (v.coveredBy === 'none') {
      throw new ConflictError('FUND.NO_SHORTFALL', `${v.county} ${v.year} (${v.insutype}) has no gap: its income covered its fund use; nothing to post`, {
        field: 'county',
        reason: 'no gap',
      });
    }
    const [done] = await em.execute<{ id: string }[]>(`select id::text as id from fund.journal_entry where cause_type = 'county-shortfall' and cause_id = ?`, [
      shortfallKey(v),
    ]);
    if (done) {
      throw new ConflictError('FUND.SHORTFALL_ALREADY_POSTED', `the ${v.year} shortfall of ${v.county} (${v.insutype}) was already posted (entry ${done.id})`, {
        field: 'county',
        reason: 'posted once',
        entryId: done.id,
      });
    }
  }

  /**
   * In the approval's transaction: re-evaluates (refused if the figures changed since the proposal),
   * then posts the gap — covered by the city: debit the city's pooled surplus (`…-SURPLUS`, equity),
   * credit the county's cover sub-account (`…-COVER-<county>`, income); made up by the county:
   * debit the county's make-up receivable (`…-RECEIVABLE-<county>`, asset), credit its make-up
   * obligation (`…-MAKEUP-<county>`, income) — with audit and `CountyShortfallPosted`.
   */
  private async postShortfall(
    em: EntityManager,
    p: CountyShortfallPostingProposal,
    approval: ApprovalView<CountyShortfallPostingProposal>,
  ): Promise<CountyShortfallPostedPayload> {
    const { county, city, year, insutype } = p.shortfall;
    await em.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`fund.county-shortfall/${shortfallKey(p.shortfall)}`]);
    const v = await this.evaluate(em, county, city, year, insutype);
    await this.assertPostable(em, v);
    const figures = (x: CountyShortfallView) => [x.planFen, x.collectedFen, x.spentFen, x.gapFen, x.coveredBy].join('|');
    if (figures(v) !== figures(p.shortfall)) {
      throw new ConflictError(
        'FUND.SHORTFALL_CHANGED',
        `the ${year} figures of ${county} (${insutype}) changed since the proposal: withdraw it and propose again`,
        {
          field: 'county',
          reason: 'figures changed',
          proposed: figures(p.shortfall),
          now: figures(v),
        },
      );
    }
    const coveredBy = v.coveredBy as 'city' | 'county';
    const gap = Money.fromFen(BigInt(v.gapFen));
    const [debit, credit] =
      coveredBy === 'city'
        ? [
            { code: `${city}-${insutype}-SURPLUS`, name: `${city} ${insutype} 市级统筹基金累计结余`, kind: 'equity' as const, admdvs: city },
            { code: `${city}-${insutype}-COVER-${county}`, name: `${county} ${insutype} 市级结余弥补缺口`, kind: 'income' as const, admdvs: county },
          ]
        : [
            { code: `${city}-${insutype}-RECEIVABLE-${county}`, name: `${county} ${insutype} 应补足基金缺口（应收）`, kind: 'asset' as const, admdvs: county },
            { code: `${city}-${insutype}-MAKEUP-${county}`, name: `${county} ${insutype} 县级补足基金缺口`, kind: 'income' as const, admdvs: county },
          ];
    for (const a of [debit, credit]) await this.ledger.openAccount(em, { ...a, insutype });
    const { entryId } = await this.ledger.post(em, {
      admdvs: city,
      period: this.today().slice(0, 7),
      cause: { type: 'county-shortfall', id: shortfallKey(v) },
      memo: `${year} 年 ${county}（${insutype}）基金缺口 ${gap.format()}：${coveredBy === 'city' ? '由市级统筹基金结余弥补' : '由县（区）补足（应收）'}；${p.reason}`.slice(
        0,
        500,
      ),
      lines: [
        { account: debit.code, debit: gap },
        { account: credit.code, credit: gap },
      ],
    });
    const result: CountyShortfallPostedPayload = {
      approvalId: approval.id,
      county,
      city,
      year,
      insutype,
      gapFen: v.gapFen,
      coveredBy,
      entryId,
      debitAccount: debit.code,
      creditAccount: credit.code,
      decidedBy: approval.decidedBy?.id ?? '',
    };
    await this.audit.record(em, {
      action: 'fund.county-shortfall.posted',
      targetType: 'county-shortfall',
      targetId: shortfallKey(v),
      admdvs: county,
      after: { ...result },
      detail: { reason: p.reason, explanation: v.explanation, proposedBy: approval.proposedBy.id },
    });
    await this.outbox.add<CountyShortfallPostedPayload>(em, {
      subject: CountyFundEventSubjects.CountyShortfallPosted,
      type: 'CountyShortfallPosted',
      admdvs: county,
      aggregateId: shortfallKey(v),
      payload: result,
    });
    return result;
  }

  /** The shortfall rule of a county, year and insurance type from its plan and the ledger. */
  private async evaluate(em: EntityManager, county: string, city: string, year: number, insutype: string): Promise<CountyShortfallView> {
    const req = { year, insutype };
    const [plan] = await em.execute<{ plan_fen: string }[]>(
      `select plan_fen::text as plan_fen from fund.county_income_plan where county = ? and year = ? and insutype = ?`,
      [county, req.year, req.insutype],
    );
    if (!plan) throw new NotFoundError('county income plan', `${county}/${req.year}/${req.insutype}`);
    const { collected, spent } = await this.yearFigures(em, city, county, req.insutype, req.year);
    const incomePlan = Money.fromFen(BigInt(plan.plan_fen));
    const r = countyShortfall({ incomePlan, incomeCollected: collected, spent });
    return {
      county,
      city,
      year: req.year,
      insutype: req.insutype,
      planFen: incomePlan.fenBigInt.toString(),
      collectedFen: collected.fenBigInt.toString(),
      spentFen: spent.fenBigInt.toString(),
      gapFen: r.gap.fenBigInt.toString(),
      coveredBy: r.coveredBy,
      explanation: [
        `${req.year} 年 ${county}（${req.insutype}）年度收入计划 ${incomePlan.format()}`,
        `当年各月全额上解市级基金收入 ${collected.format()}`,
        `当年辖区定点机构统筹基金支出（结算 − 冲正 − 扣款）${spent.format()}`,
        r.explanation,
      ],
    };
  }

  /** The county's income credited for the year's months, and its institutions' net fund use in them. */
  private async yearFigures(em: EntityManager, city: string, county: string, insutype: string, year: number): Promise<{ collected: Money; spent: Money }> {
    const [row] = await em.execute<{ collected: string; spent: string }[]>(
      `select
         coalesce((select sum(l.credit_fen - l.debit_fen) from fund.journal_line l join fund.journal_entry e on e.id = l.entry_id
                   where l.account_code = ? and e.period between ? and ?), 0)::text as collected,
         coalesce((select sum(l.credit_fen - l.debit_fen) from fund.journal_line l join fund.journal_entry e on e.id = l.entry_id
                   join fund.account a on a.code = l.account_code
                   where e.admdvs = ? and e.period between ? and ? and e.cause_type in ('claim-settled', 'deduction', 'indicator-deduction', 'case-payment')
                     and a.kind = 'liability' and a.insutype = ? and substr(a.institution_code, 2, 6) = ?), 0)::text as spent`,
      [countyIncomeAccount(city, insutype, county), `${year}-01`, `${year}-12`, city, `${year}-01`, `${year}-12`, insutype, county],
    );
    return { collected: Money.fromFen(BigInt(row.collected)), spent: Money.fromFen(BigInt(row.spent)) };
  }

  private county(code: string): { county: string; city: string } {
    const a = Admdvs.parse(code, 'county');
    if (a.level !== 'county') throw new DomainError('VALIDATION', 'county: must be a county-level region code', { field: 'county' });
    return { county: a.code, city: a.poolingRegion().code };
  }

  private today(): string {
    return LocalDate.fromInstant(this.clock.now(), 'now').toString();
  }
}

/** `<county>/<year>/<insutype>`: the one posting of a year's shortfall. */
const shortfallKey = (v: Pick<CountyShortfallView, 'county' | 'year' | 'insutype'>): string => `${v.county}/${v.year}/${v.insutype}`;
