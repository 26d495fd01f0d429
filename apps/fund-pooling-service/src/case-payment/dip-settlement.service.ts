import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  type ApprovalView,
  CasePaymentEventSubjects,
  DIP_SETTLEMENT_ACTION,
  type DipSettlementItemView,
  type DipSettlementPostedPayload,
  type DipSettlementProposal,
  type DipSettlementQuery,
  type DipSettlementView,
  type ProposeDipSettlementRequest,
} from '@mi/contracts';
import { type Clock, ConflictError, DomainError, LocalDate, Money, NotFoundError } from '@mi/domain';
import { ApprovalService, AuditService, canSee, CLOCK, currentActor, newUuidV7, OutboxService, requireRole } from '@mi/platform';
import { openAccounts, payableLines } from '../ledger/accounts';
import { LedgerService, type Posting } from '../ledger/ledger.service';
import { poolingRegion } from '../ledger/pooling-region';
import { normal, pointsText, rateInWords, scaled, schemeRate, settlementPayment, settlementPointValueInWords, weightedPoints } from './case-payment';

interface CaseRow {
  institution_code: string;
  insutype: string;
  weight: string;
  coefficient_percent: string;
  medfee_sumamt_fen: string;
  hifp_pay_fen: string;
  case_payment_fen: string;
}

interface Computed {
  summary: Omit<DipSettlementProposal, 'reason'>;
  items: DipSettlementItemView[];
}

/** sha256 over the summary's figures and every item in order. */
function digestOf(s: Omit<DipSettlementProposal, 'reason' | 'digest'>, items: DipSettlementItemView[]): string {
  const h = createHash('sha256');
  h.update(`${s.admdvs}|${s.year}|${s.schemeVersion}|${s.availableFen}|${s.totalPoints}|${s.cases}\n`);
  for (const i of items) h.update(`${i.institutionCode}|${i.insutype}|${i.cases}|${i.points}|${i.paidFen}|${i.settledFen}|${i.adjustmentFen}\n`);
  return h.digest('hex');
}

/**
 * DIP 年度清算 (结算点值) — after the year, every grouped DIP case of a city is paid again at the
 * settlement point value and the difference to what its grouping paid (at the budget point value)
 * is posted per institution and insurance type, by maker-checker, once per city and year.
 */
@Injectable()
export class DipSettlementService implements OnModuleInit {
  constructor(
    private readonly orm: MikroORM,
    private readonly approvals: ApprovalService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly ledger: LedgerService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.approvals.register<DipSettlementProposal, DipSettlementPostedPayload>(DIP_SETTLEMENT_ACTION, {
      requiredRoles: ['city-officer'],
      describe: (p) =>
        `DIP 年度清算 ${p.admdvs} ${p.year}：${p.institutions} 家机构 ${p.cases} 例，${p.settlementPointValue}，差额合计 ${Money.fromFen(BigInt(p.totalAdjustmentFen)).format()}`,
      apply: (em, p, approval) => this.apply(em, p, approval),
      hasItems: true,
    });
  }

  async propose(req: ProposeDipSettlementRequest): Promise<ApprovalView<DipSettlementProposal>> {
    const actor = currentActor();
    requireRole(actor, ['city-officer'], 'propose a DIP year-end settlement');
    const city = this.city(req.admdvs);
    this.assertYearEnded(req.year);
    const em = this.orm.em.fork();
    await this.assertNotPosted(em, city, req.year);
    const { summary, items } = await this.compute(em, city, req.year);
    return this.approvals.propose<DipSettlementProposal>({
      action: DIP_SETTLEMENT_ACTION,
      targetType: 'dip-settlement',
      targetId: `${city}/${req.year}`,
      admdvs: city,
      payload: { ...summary, reason: req.reason },
      reason: req.reason,
      items: items.map((item) => ({ key: `${item.institutionCode}/${item.insutype}`, item })),
    });
  }

  /** As posted (its stored figures), or provisional (what a proposal now would compute). */
  async read(q: DipSettlementQuery): Promise<DipSettlementView> {
    const city = this.city(q.admdvs);
    const em = this.orm.em.fork();
    const limit = q.limit ?? 50;
    const offset = q.offset ?? 0;
    const [posted] = await em.execute<
      {
        id: string;
        approval_id: string;
        version: number;
        available_fen: string;
        total_points: string;
        cases: number;
        total_adjustment_fen: string;
        digest: string;
        dip_budget_fen: string;
        dip_reserve_fen: string;
        dip_expected_points: string;
      }[]
    >(
      `select d.id::text as id, d.approval_id::text as approval_id, s.version, d.available_fen::text as available_fen, d.total_points::text as total_points,
              d.cases, d.total_adjustment_fen::text as total_adjustment_fen, d.digest, s.dip_budget_fen::text as dip_budget_fen,
              s.dip_reserve_fen::text as dip_reserve_fen, s.dip_expected_points::text as dip_expected_points
       from fund.dip_settlement d join fund.case_payment_scheme s on s.id = d.scheme_id where d.admdvs = ? and d.year = ?`,
      [city, q.year],
    );
    if (!posted) {
      const { summary, items } = await this.compute(em, city, q.year);
      return {
        admdvs: city,
        year: q.year,
        status: 'PROVISIONAL',
        approvalId: null,
        summary,
        items: items.slice(offset, offset + limit),
        total: items.length,
        limit,
        offset,
      };
    }
    const rows = await em.execute<
      {
        institution_code: string;
        insutype: string;
        cases: number;
        points: string;
        paid_fen: string;
        settled_fen: string;
        adjustment_fen: string;
        entry_id: string | null;
      }[]
    >(
      `select institution_code, insutype, cases, points::text as points, paid_fen::text as paid_fen, settled_fen::text as settled_fen,
              adjustment_fen::text as adjustment_fen, entry_id::text as entry_id
       from fund.dip_settlement_item where settlement_id = ? order by institution_code, insutype limit ? offset ?`,
      [posted.id, limit, offset],
    );
    const [{ n, institutions }] = await em.execute<{ n: number; institutions: number }[]>(
      `select count(*)::int as n, count(distinct institution_code)::int as institutions from fund.dip_settlement_item where settlement_id = ?`,
      [posted.id],
    );
    const figures = {
      method: 'DIP' as const,
      rateFen: null,
      dipBudgetFen: posted.dip_budget_fen,
      dipReserveFen: posted.dip_reserve_fen,
      dipExpectedPoints: posted.dip_expected_points,
    };
    const totalWk = scaled(posted.total_points, 6, 'totalPoints') * 100n;
    return {
      admdvs: city,
      year: q.year,
      status: 'POSTED',
      approvalId: posted.approval_id,
      summary: {
        admdvs: city,
        year: q.year,
        schemeVersion: posted.version,
        availableFen: posted.available_fen,
        totalPoints: posted.total_points,
        budgetPointValue: rateInWords(schemeRate(figures), figures),
        settlementPointValue: settlementPointValueInWords(BigInt(posted.available_fen), totalWk),
        cases: posted.cases,
        institutions,
        totalAdjustmentFen: posted.total_adjustment_fen,
        digest: posted.digest,
      },
      items: rows.map((r) => ({
        institutionCode: r.institution_code,
        insutype: r.insutype,
        cases: r.cases,
        points: r.points,
        paidFen: r.paid_fen,
        settledFen: r.settled_fen,
        adjustmentFen: r.adjustment_fen,
        entryId: r.entry_id,
      })),
      total: n,
      limit,
      offset,
    };
  }

  /** Runs inside the approval's transaction, as the approver. */
  private async apply(em: EntityManager, p: DipSettlementProposal, approval: ApprovalView<DipSettlementProposal>): Promise<DipSettlementPostedPayload> {
    this.assertYearEnded(p.year);
    await em.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`fund.dip-settlement/${p.admdvs}/${p.year}`]);
    await this.assertNotPosted(em, p.admdvs, p.year);
    // Groupings of the year stay put until this commits.
    await em.execute(`select 1 from fund.case_grouping where admdvs = ? and year = ? for share`, [p.admdvs, p.year]);
    const { summary, items } = await this.compute(em, p.admdvs, p.year);
    if (summary.digest !== p.digest) {
      throw new ConflictError(
        'FUND.DIP_SETTLEMENT_CHANGED',
        `the DIP cases of ${p.admdvs} ${p.year} changed since the proposal: withdraw it and propose again`,
        {
          field: 'year',
          reason: 'cases changed',
        },
      );
    }
    const id = newUuidV7();
    const period = LocalDate.fromInstant(this.clock.now(), 'now').toString().slice(0, 7);
    const moving = items.filter((i) => BigInt(i.adjustmentFen) !== 0n);
    const postings: Posting[] = [];
    for (const i of moving) {
      const fen = BigInt(i.adjustmentFen);
      const { expense, payable } = await openAccounts(this.ledger, em, { poolarea: p.admdvs, insutype: i.insutype, institutionCode: i.institutionCode });
      const amount = Money.fromFen(fen < 0n ? -fen : fen);
      postings.push({
        admdvs: p.admdvs,
        period,
        cause: { type: 'case-payment', id: `${p.admdvs}/${p.year}/DIP-settlement/${i.institutionCode}/${i.insutype}` },
        memo: `${p.year} DIP 年度清算 ${i.institutionCode}（${i.insutype}）${i.cases} 例按结算点值${fen > 0n ? '补付' : '扣回'} ${amount.format()}`,
        lines: payableLines(expense, payable, amount, fen > 0n),
      });
    }
    const posted = await this.ledger.postMany(em, postings, { targetType: 'dip-settlement', targetId: id, admdvs: p.admdvs });
    const entryOf = new Map(moving.map((i, k) => [`${i.institutionCode}/${i.insutype}`, posted[k].entryId]));
    await em.execute(
      `insert into fund.dip_settlement (id, admdvs, year, scheme_id, approval_id, available_fen, total_points, cases, total_adjustment_fen, digest, proposed_by, approved_by, approved_at)
       select ?, ?, ?, s.id, ?, ?, ?::numeric, ?, ?, ?, ?, ?, ? from fund.case_payment_scheme s where s.admdvs = ? and s.year = ? and s.method = 'DIP' and s.version = ?`,
      [
        id,
        p.admdvs,
        p.year,
        approval.id,
        summary.availableFen,
        summary.totalPoints,
        summary.cases,
        summary.totalAdjustmentFen,
        summary.digest,
        approval.proposedBy.id,
        approval.decidedBy?.id ?? '',
        this.clock.now(),
        p.admdvs,
        p.year,
        summary.schemeVersion,
      ],
    );
    await em.execute(
      `insert into fund.dip_settlement_item (settlement_id, institution_code, insutype, cases, points, paid_fen, settled_fen, adjustment_fen, entry_id)
       select ?, x.institution_code, x.insutype, x.cases, x.points::numeric, x.paid_fen, x.settled_fen, x.adjustment_fen, x.entry_id
       from jsonb_to_recordset(?::jsonb) as x(institution_code text, insutype text, cases int, points text, paid_fen bigint, settled_fen bigint, adjustment_fen bigint, entry_id uuid)`,
      [
        id,
        JSON.stringify(
          items.map((i) => ({
            institution_code: i.institutionCode,
            insutype: i.insutype,
            cases: i.cases,
            points: i.points,
            paid_fen: i.paidFen,
            settled_fen: i.settledFen,
            adjustment_fen: i.adjustmentFen,
            entry_id: entryOf.get(`${i.institutionCode}/${i.insutype}`) ?? null,
          })),
        ),
      ],
    );
    const result: DipSettlementPostedPayload = {
      settlementId: id,
      approvalId: approval.id,
      admdvs: p.admdvs,
      year: p.year,
      institutions: summary.institutions,
      totalAdjustmentFen: summary.totalAdjustmentFen,
      digest: summary.digest,
    };
    await this.audit.record(em, {
      action: 'fund.dip-settlement.posted',
      targetType: 'dip-settlement',
      targetId: `${p.admdvs}/${p.year}`,
      admdvs: p.admdvs,
      before: null,
      after: { ...result },
      detail: { settlementPointValue: summary.settlementPointValue, budgetPointValue: summary.budgetPointValue, reason: p.reason },
    });
    await this.outbox.add<DipSettlementPostedPayload>(em, {
      subject: CasePaymentEventSubjects.DipSettlementPosted,
      type: 'DipSettlementPosted',
      admdvs: p.admdvs,
      aggregateId: id,
      payload: result,
    });
    return result;
  }

  /** Every grouped DIP case of the year, paid again at the settlement point value, summed per institution and insurance type. */
  private async compute(em: EntityManager, city: string, year: number): Promise<Computed> {
    const [scheme] = await em.execute<{ version: number; dip_budget_fen: string; dip_reserve_fen: string; dip_expected_points: string }[]>(
      `select version, dip_budget_fen::text as dip_budget_fen, dip_reserve_fen::text as dip_reserve_fen, dip_expected_points::text as dip_expected_points
       from fund.case_payment_scheme where admdvs = ? and year = ? and method = 'DIP' order by version desc limit 1`,
      [city, year],
    );
    if (!scheme) throw new NotFoundError('DIP scheme', `${city}/${year}/DIP`);
    const rows = await em.execute<CaseRow[]>(
      `select g.institution_code, c.insutype, pg.weight::text as weight, pi.coefficient_percent::text as coefficient_percent,
              c.medfee_sumamt_fen::text as medfee_sumamt_fen, c.hifp_pay_fen::text as hifp_pay_fen, g.case_payment_fen::text as case_payment_fen
       from fund.case_grouping g
       join fund.case_payment_scheme s on s.id = g.scheme_id and s.method = 'DIP'
       join fund.settled_case c on c.admdvs = g.admdvs and c.setl_id = g.setl_id
       join fund.case_payment_group pg on pg.scheme_id = g.scheme_id and pg.code = g.group_code
       join fund.case_payment_institution pi on pi.scheme_id = g.scheme_id and pi.institution_code = g.institution_code
       where g.admdvs = ? and g.year = ? and not g.special_case and not g.reversed
       order by g.institution_code, c.insutype, g.setl_id`,
      [city, year],
    );
    if (rows.length === 0) {
      throw new ConflictError('FUND.NO_DIP_CASES', `year: ${city} has no grouped DIP cases in ${year}; nothing to settle`, {
        field: 'year',
        reason: 'no DIP cases',
      });
    }
    const available = BigInt(scheme.dip_budget_fen) - BigInt(scheme.dip_reserve_fen);
    const cases = rows.map((r) => ({ r, wk: weightedPoints(normal(r.weight), normal(r.coefficient_percent)) }));
    const totalWk = cases.reduce((s, c) => s + c.wk, 0n);
    const by = new Map<string, DipSettlementItemView & { wk: bigint }>();
    for (const { r, wk } of cases) {
      const key = `${r.institution_code}/${r.insutype}`;
      const item = by.get(key) ?? {
        institutionCode: r.institution_code,
        insutype: r.insutype,
        cases: 0,
        points: '',
        paidFen: '0',
        settledFen: '0',
        adjustmentFen: '0',
        wk: 0n,
      };
      const settled = settlementPayment({ medfeeSumamtFen: BigInt(r.medfee_sumamt_fen), hifpPayFen: BigInt(r.hifp_pay_fen) }, available, wk, totalWk);
      item.cases += 1;
      item.wk += wk;
      item.paidFen = (BigInt(item.paidFen) + BigInt(r.case_payment_fen)).toString();
      item.settledFen = (BigInt(item.settledFen) + settled).toString();
      by.set(key, item);
    }
    const items = [...by.values()].map(({ wk, ...i }) => ({
      ...i,
      points: pointsText(wk),
      adjustmentFen: (BigInt(i.settledFen) - BigInt(i.paidFen)).toString(),
    }));
    const figures = {
      method: 'DIP' as const,
      rateFen: null,
      dipBudgetFen: scheme.dip_budget_fen,
      dipReserveFen: scheme.dip_reserve_fen,
      dipExpectedPoints: scheme.dip_expected_points,
    };
    const base = {
      admdvs: city,
      year,
      schemeVersion: scheme.version,
      availableFen: available.toString(),
      totalPoints: pointsText(totalWk),
      budgetPointValue: rateInWords(schemeRate(figures), figures),
      settlementPointValue: settlementPointValueInWords(available, totalWk),
      cases: rows.length,
      institutions: new Set(items.map((i) => i.institutionCode)).size,
      totalAdjustmentFen: items.reduce((s, i) => s + BigInt(i.adjustmentFen), 0n).toString(),
    };
    return { summary: { ...base, digest: digestOf(base, items) }, items };
  }

  private city(admdvs: string): string {
    const city = poolingRegion(admdvs, 'DIP settlements');
    if (!canSee(currentActor(), city)) throw new NotFoundError('pooling region', city);
    return city;
  }

  private async assertNotPosted(em: EntityManager, city: string, year: number): Promise<void> {
    const [done] = await em.execute<{ id: string }[]>(`select id::text as id from fund.dip_settlement where admdvs = ? and year = ?`, [city, year]);
    if (done) {
      throw new ConflictError(
        'FUND.DIP_SETTLEMENT_ALREADY_POSTED',
        `${city} ${year}'s DIP settlement was already posted (${done.id}): a year is settled once`,
        {
          field: 'year',
          reason: 'already posted',
        },
      );
    }
  }

  /** After the year (Beijing date): its cases decide the point value. */
  private assertYearEnded(year: number): void {
    const today = LocalDate.fromInstant(this.clock.now(), 'now').toString();
    if (year >= Number(today.slice(0, 4))) {
      throw new DomainError('FUND.YEAR_NOT_ENDED', `year: ${year} has not ended; its DIP settlement point value is set after its end`, {
        field: 'year',
        reason: 'year not ended',
      });
    }
  }
}
