import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  type ApprovalView,
  type BudgetKeyRequest,
  ClearingEventSubjects,
  type ClearingBandsView,
  type ClearingStatementRequest,
  type ClearingStatementView,
  type ClearingSummaryView,
  type ClearingWhatIfRequest,
  type ClearingWhatIfView,
  type ProposeYearEndClearingRequest,
  YEAR_END_CLEARING_ACTION,
  type YearEndClearingPostedPayload,
  type YearEndClearingProposal,
} from '@mi/contracts';
import { type Clock, ConflictError, DomainError, LocalDate, Money, NotFoundError } from '@mi/domain';
import { ApprovalService, AuditService, canSee, CLOCK, currentActor, newUuidV7, OutboxService, requireRole } from '@mi/platform';
import { parseBands } from '../budget/budget-rules';
import { BudgetService, budgetKey } from '../budget/budget.service';
import { clearingReceivableAccount, fundAccount, heldAccount } from '../ledger/accounts';
import { LedgerService, type Posting } from '../ledger/ledger.service';
import { poolingRegion } from '../ledger/pooling-region';
import { type ClearingFigures, type ClearingOutcome, clearingStatement } from './clearing-statement';

type Key = { admdvs: string; year: number; insutype: string };

interface FiguresRow {
  institution_code: string;
  indicator_fen: string;
  settled_count: number;
  settled_fen: string;
  reversed_fen: string;
  deducted_fen: string;
  indicator_deducted_fen: string;
  case_payment_fen: string;
}

const toFigures = (r: FiguresRow): ClearingFigures => ({
  institutionCode: r.institution_code,
  indicatorFen: BigInt(r.indicator_fen),
  settledCount: r.settled_count,
  settledFen: BigInt(r.settled_fen),
  reversedFen: BigInt(r.reversed_fen),
  deductedFen: BigInt(r.deducted_fen),
  indicatorDeductedFen: BigInt(r.indicator_deducted_fen),
  casePaymentFen: BigInt(r.case_payment_fen ?? '0'),
});

/** 年终清算 expense of a region and insurance type: retained surpluses and the fund's share of overspends (net of what is recovered). */
const clearingAccount = (city: string, insutype: string) => `${city}-${insutype}-CLEARING`;

/**
 * 年终清算 — per pooling region, year and insurance type, once, by maker-checker. The figures are
 * set-based SQL over the ledger (every institution with an indicator: its payable account's
 * settlements, reversals, deductions and indicator deductions of the year's months, posted by the
 * proposal's cut-off), the outcome per institution the pure {@link clearingStatement} with the
 * budget's bands. Approval re-computes with the same cut-off (the ledger is immutable, so a rerun
 * after a crash gives the same digest), then posts one entry per institution with a non-zero
 * clearing amount in one batch (cause `year-end-clearing`, `<city>/<year>/<insutype>/<institution>`):
 * paid: debit `…-CLEARING`, credit `…-FUND` (or `…-HELD-<inst>` while its payments are held);
 * recovered: debit `…-CLEARING-RECEIVABLE-<inst>`, credit `…-CLEARING`.
 */
@Injectable()
export class ClearingService implements OnModuleInit {
  constructor(
    private readonly orm: MikroORM,
    private readonly approvals: ApprovalService,
    private readonly ledger: LedgerService,
    private readonly budgets: BudgetService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.approvals.register<YearEndClearingProposal, YearEndClearingPostedPayload>(YEAR_END_CLEARING_ACTION, {
      requiredRoles: ['city-officer'],
      describe: (p) =>
        `年终清算 ${budgetKey(p.summary)}：${p.summary.institutions} 家机构，拨付 ${Money.fromFen(BigInt(p.summary.paidFen)).format()}，追回 ${Money.fromFen(BigInt(p.summary.recoveredFen)).format()}`,
      apply: (em, p, approval) => this.apply(em, p, approval),
    });
  }

  async propose(req: ProposeYearEndClearingRequest): Promise<ApprovalView<YearEndClearingProposal>> {
    const actor = currentActor();
    requireRole(actor, ['city-officer'], 'propose a year-end clearing');
    const key = this.key(req);
    this.assertYearEnded(key.year);
    const em = this.orm.em.fork();
    await this.assertNotCleared(em, key);
    const cutoff = this.clock.now();
    const { summary } = await this.compute(em, key, cutoff, await this.bands(em, key));
    return this.approvals.propose<YearEndClearingProposal>({
      action: YEAR_END_CLEARING_ACTION,
      targetType: 'year-end-clearing',
      targetId: budgetKey(key),
      admdvs: key.admdvs,
      payload: { summary, cutoff: cutoff.toISOString(), reason: req.reason },
      reason: req.reason,
    });
  }

  /** An institution's clearing statement: as posted, or what a clearing proposed now would post. */
  async statement(req: ClearingStatementRequest): Promise<ClearingStatementView> {
    const key = this.key(req);
    const em = this.orm.em.fork();
    const posted = await this.posted(em, key);
    if (posted) {
      const [row] = await em.execute<(FiguresRow & { entry_id: string | null })[]>(
        `select institution_code, indicator_fen::text as indicator_fen, settled_count, settled_fen::text as settled_fen, reversed_fen::text as reversed_fen,
                deducted_fen::text as deducted_fen, indicator_deducted_fen::text as indicator_deducted_fen,
                case_payment_fen::text as case_payment_fen, entry_id::text as entry_id
         from fund.clearing_statement where clearing_id = ? and institution_code = ?`,
        [posted.id, req.institutionCode],
      );
      if (!row) throw new NotFoundError('clearing statement', `${budgetKey(key)}/${req.institutionCode}`);
      // The stored figures and the stored bands replay the same lines.
      return this.view(key, 'POSTED', toFigures(row), clearingStatement(toFigures(row), parseBands(posted.bands)), row.entry_id);
    }
    const { items } = await this.compute(em, key, this.clock.now(), await this.bands(em, key), req.institutionCode);
    if (items.length === 0) throw new NotFoundError('total control indicator', `${budgetKey(key)}/${req.institutionCode}`);
    return this.view(key, 'PROVISIONAL', items[0].figures, items[0].outcome, null);
  }

  /**
   * 模拟测算 — the same clearing with other bands (default: the budget's), posting nothing; at the
   * posted clearing's cut-off once there is one (so its own bands reproduce its digest), else now.
   */
  async whatIf(req: ClearingWhatIfRequest): Promise<ClearingWhatIfView> {
    const key = this.key(req);
    const em = this.orm.em.fork();
    const bands = req.clearingBands ?? (await this.bands(em, key));
    const posted = await this.posted(em, key);
    const { summary, items } = await this.compute(em, key, posted?.cutoff ?? this.clock.now(), bands);
    const one = req.institutionCode ? items.find((i) => i.figures.institutionCode === req.institutionCode) : undefined;
    if (req.institutionCode && !one) throw new NotFoundError('total control indicator', `${budgetKey(key)}/${req.institutionCode}`);
    return { summary, ...(one ? { statement: this.view(key, 'WHAT_IF', one.figures, one.outcome, null) } : {}) };
  }

  /** In the approval's transaction: the same cut-off and bands must give the proposal's digest; then post, store, audit, emit. */
  private async apply(em: EntityManager, p: YearEndClearingProposal, approval: ApprovalView<YearEndClearingProposal>): Promise<YearEndClearingPostedPayload> {
    const key: Key = { admdvs: p.summary.admdvs, year: p.summary.year, insutype: p.summary.insutype };
    await em.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`fund.clearing/${budgetKey(key)}`]);
    await this.assertNotCleared(em, key);
    const cutoff = new Date(p.cutoff);
    const { summary, items } = await this.compute(em, key, cutoff, await this.bands(em, key));
    if (summary.digest !== p.summary.digest) {
      throw new ConflictError('FUND.CLEARING_CHANGED', `the clearing of ${budgetKey(key)} changed since the proposal: withdraw it and propose again`, {
        field: 'year',
        reason: 'indicators, bands or postings up to the cut-off differ',
        proposed: p.summary.digest,
        now: summary.digest,
      });
    }
    const id = newUuidV7();
    const decidedBy = approval.decidedBy?.id ?? '';
    await em.execute(
      `insert into fund.year_end_clearing (id, admdvs, year, insutype, approval_id, cutoff, clearing_bands, institutions, paid_fen, recovered_fen, digest,
         proposed_by, approved_by, approved_at) values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        key.admdvs,
        key.year,
        key.insutype,
        approval.id,
        cutoff,
        JSON.stringify(summary.clearingBands),
        summary.institutions,
        summary.paidFen,
        summary.recoveredFen,
        summary.digest,
        approval.proposedBy.id,
        decidedBy,
        this.clock.now(),
      ],
    );
    const held = new Set(
      (
        await em.execute<{ institution_code: string }[]>(
          `select institution_code from fund.payment_hold where admdvs = ? and state in ('SUSPENDED', 'TERMINATED')`,
          [key.admdvs],
        )
      ).map((r) => r.institution_code),
    );
    const moving = items.filter((i) => i.outcome.clearingFen !== 0n);
    const { admdvs: city, insutype } = key;
    await this.ledger.openAccounts(em, [
      { code: fundAccount(city, insutype), name: `${city} ${insutype} 统筹基金财政专户`, kind: 'asset', admdvs: city, insutype },
      { code: clearingAccount(city, insutype), name: `${city} ${insutype} 年终清算（结余留用、超支分担）`, kind: 'expense', admdvs: city, insutype },
      ...moving.flatMap((i): Parameters<LedgerService['openAccounts']>[1] => {
        const code = i.figures.institutionCode;
        const owner = { admdvs: city, insutype, institutionCode: code };
        if (i.outcome.clearingFen < 0n)
          return [{ code: clearingReceivableAccount(city, insutype, code), name: `${city} ${insutype} 清算应追回 ${code}`, kind: 'asset', ...owner }];
        return held.has(code) ? [{ code: heldAccount(city, insutype, code), name: `${city} ${insutype} 暂缓拨付 ${code}`, kind: 'liability', ...owner }] : [];
      }),
    ]);
    const period = LocalDate.fromInstant(this.clock.now(), 'now').toString().slice(0, 7);
    const postings: Posting[] = moving.map((i) => {
      const code = i.figures.institutionCode;
      const amount = Money.fromFen(i.outcome.clearingFen < 0n ? -i.outcome.clearingFen : i.outcome.clearingFen);
      const paid = i.outcome.clearingFen > 0n;
      const payTo = held.has(code) ? heldAccount(city, insutype, code) : fundAccount(city, insutype);
      return {
        admdvs: city,
        period,
        cause: { type: 'year-end-clearing', id: `${budgetKey(key)}/${code}` },
        memo: `${key.year} 年终清算 ${code}（${insutype}）${paid ? `结余留用 拨付${held.has(code) ? '（暂缓拨付挂账）' : ''}` : '超支机构承担 追回'} ${amount.format()}`,
        lines: paid
          ? [
              { account: clearingAccount(city, insutype), debit: amount },
              { account: payTo, credit: amount },
            ]
          : [
              { account: clearingReceivableAccount(city, insutype, code), debit: amount },
              { account: clearingAccount(city, insutype), credit: amount },
            ],
      };
    });
    const posted = await this.ledger.postMany(em, postings, { targetType: 'year-end-clearing', targetId: id, admdvs: city });
    if (posted.some((r) => r.replayed)) {
      // The clearing row is unique per key, so an existing entry was posted outside a clearing: stop, never post twice.
      throw new ConflictError('FUND.CLEARING_ALREADY_POSTED', `year-end clearing entries of ${budgetKey(key)} already exist outside a clearing`, {
        field: 'year',
        reason: 'already posted',
      });
    }
    const entryOf = new Map(moving.map((i, k) => [i.figures.institutionCode, posted[k].entryId]));
    await em.execute(
      `insert into fund.clearing_statement (clearing_id, institution_code, indicator_fen, settled_count, settled_fen, reversed_fen, deducted_fen,
         indicator_deducted_fen, case_payment_fen, actual_fen, kind, adjustment_fen, clearing_fen, entry_id)
       select ?, x.institution_code, x.indicator_fen, x.settled_count, x.settled_fen, x.reversed_fen, x.deducted_fen, x.indicator_deducted_fen, x.case_payment_fen,
              x.actual_fen, x.kind, x.adjustment_fen, x.clearing_fen, x.entry_id
       from jsonb_to_recordset(?::jsonb) as x(institution_code text, indicator_fen bigint, settled_count int, settled_fen bigint, reversed_fen bigint,
         deducted_fen bigint, indicator_deducted_fen bigint, case_payment_fen bigint, actual_fen bigint, kind text, adjustment_fen bigint, clearing_fen bigint, entry_id uuid)`,
      [
        id,
        JSON.stringify(
          items.map(({ figures: f, outcome: o }) => ({
            institution_code: f.institutionCode,
            indicator_fen: f.indicatorFen.toString(),
            settled_count: f.settledCount,
            settled_fen: f.settledFen.toString(),
            reversed_fen: f.reversedFen.toString(),
            deducted_fen: f.deductedFen.toString(),
            indicator_deducted_fen: f.indicatorDeductedFen.toString(),
            case_payment_fen: f.casePaymentFen.toString(),
            actual_fen: o.actualFen.toString(),
            kind: o.kind,
            adjustment_fen: o.adjustmentFen.toString(),
            clearing_fen: o.clearingFen.toString(),
            entry_id: entryOf.get(f.institutionCode) ?? null,
          })),
        ),
      ],
    );
    const result: YearEndClearingPostedPayload = {
      clearingId: id,
      approvalId: approval.id,
      ...key,
      institutions: summary.institutions,
      entries: moving.length,
      paidFen: summary.paidFen,
      recoveredFen: summary.recoveredFen,
      digest: summary.digest,
      approvedBy: decidedBy,
    };
    await this.audit.record(em, {
      action: 'fund.year-end-clearing.posted',
      targetType: 'year-end-clearing',
      targetId: budgetKey(key),
      admdvs: city,
      after: { ...result },
      detail: { reason: p.reason, cutoff: p.cutoff, proposedBy: approval.proposedBy.id, clearingBands: summary.clearingBands, heldPaidTo: [...held] },
    });
    await this.outbox.add<YearEndClearingPostedPayload>(em, {
      subject: ClearingEventSubjects.YearEndClearingPosted,
      type: 'YearEndClearingPosted',
      admdvs: city,
      aggregateId: id,
      payload: result,
    });
    return result;
  }

  /** Every institution's figures (set-based) and outcome under `bands`, with the summary and its digest. */
  private async compute(
    em: EntityManager,
    key: Key,
    cutoff: Date,
    bandsView: ClearingBandsView,
    institutionCode?: string,
  ): Promise<{ summary: ClearingSummaryView; items: { figures: ClearingFigures; outcome: ClearingOutcome }[] }> {
    const bands = parseBands(bandsView);
    const only = institutionCode ? 'and a.institution_code = ?' : '';
    const onlyParams = institutionCode ? [institutionCode] : [];
    const rows = await em.execute<FiguresRow[]>(
      `with f as (
         select a.institution_code,
           count(*) filter (where e.cause_type = 'claim-settled' and l.credit_fen > 0)::int as settled_count,
           coalesce(sum(l.credit_fen) filter (where e.cause_type = 'claim-settled'), 0) as settled_fen,
           coalesce(sum(l.debit_fen) filter (where e.cause_type = 'claim-settled'), 0) as reversed_fen,
           coalesce(sum(l.debit_fen - l.credit_fen) filter (where e.cause_type = 'deduction'), 0) as deducted_fen,
           coalesce(sum(l.debit_fen - l.credit_fen) filter (where e.cause_type = 'indicator-deduction'), 0) as indicator_deducted_fen,
           coalesce(sum(l.credit_fen - l.debit_fen) filter (where e.cause_type = 'case-payment'), 0) as case_payment_fen
         from fund.journal_entry e
         join fund.journal_line l on l.entry_id = e.id
         join fund.account a on a.code = l.account_code
         where e.admdvs = ? and e.period between ? and ? and e.posted_at <= ? and e.cause_type in ('claim-settled', 'deduction', 'indicator-deduction', 'case-payment')
           and a.kind = 'liability' and a.institution_code is not null and a.insutype = ? ${only}
         group by a.institution_code
       )
       select i.institution_code, i.indicator_fen::text as indicator_fen, coalesce(f.settled_count, 0) as settled_count,
              coalesce(f.settled_fen, 0)::text as settled_fen, coalesce(f.reversed_fen, 0)::text as reversed_fen,
              coalesce(f.deducted_fen, 0)::text as deducted_fen, coalesce(f.indicator_deducted_fen, 0)::text as indicator_deducted_fen,
              coalesce(f.case_payment_fen, 0)::text as case_payment_fen
       from fund.total_control_indicator i left join f using (institution_code)
       where i.admdvs = ? and i.year = ? and i.insutype = ? ${only.replace('a.', 'i.')}
       order by i.institution_code`,
      [key.admdvs, `${key.year}-01`, `${key.year}-12`, cutoff, key.insutype, ...onlyParams, key.admdvs, key.year, key.insutype, ...onlyParams],
    );
    if (rows.length === 0 && !institutionCode) {
      throw new ConflictError('FUND.NO_INDICATORS', `year: ${budgetKey(key)} has no total control indicators; nothing to clear`, {
        field: 'year',
        reason: 'no indicators',
      });
    }
    const items = rows.map((r) => {
      const figures = toFigures(r);
      return { figures, outcome: clearingStatement(figures, bands) };
    });
    const hash = createHash('sha256');
    let indicators = 0n;
    let actual = 0n;
    let paid = 0n;
    let recovered = 0n;
    const kinds = { surplus: 0, overspend: 0, 'on-target': 0 };
    for (const { figures: f, outcome: o } of items) {
      hash.update(
        `${f.institutionCode}|${f.indicatorFen}|${f.settledCount}|${f.settledFen}|${f.reversedFen}|${f.deductedFen}|${f.indicatorDeductedFen}|${o.kind}|${o.adjustmentFen}|${o.clearingFen}${f.casePaymentFen !== 0n ? `|case:${f.casePaymentFen}` : ''}\n`,
      );
      indicators += f.indicatorFen;
      actual += o.actualFen;
      if (o.clearingFen > 0n) paid += o.clearingFen;
      else recovered -= o.clearingFen;
      kinds[o.kind]++;
    }
    return {
      summary: {
        ...key,
        institutions: items.length,
        surplus: kinds.surplus,
        overspend: kinds.overspend,
        onTarget: kinds['on-target'],
        indicatorsFen: indicators.toString(),
        actualFen: actual.toString(),
        paidFen: paid.toString(),
        recoveredFen: recovered.toString(),
        digest: hash.digest('hex'),
        clearingBands: bandsView,
      },
      items,
    };
  }

  private view(key: Key, status: ClearingStatementView['status'], f: ClearingFigures, o: ClearingOutcome, entryId: string | null): ClearingStatementView {
    return {
      ...key,
      institutionCode: f.institutionCode,
      status,
      indicatorFen: f.indicatorFen.toString(),
      actualFen: o.actualFen.toString(),
      kind: o.kind,
      adjustmentFen: o.adjustmentFen.toString(),
      clearingFen: o.clearingFen.toString(),
      lines: o.lines,
      entryId,
    };
  }

  private async bands(em: EntityManager, key: Key): Promise<ClearingBandsView> {
    const budget = await this.budgets.budget(em, key);
    if (!budget)
      throw new ConflictError('FUND.NO_BUDGET', `year: ${budgetKey(key)} has no approved annual budget (its bands clear the year)`, { field: 'year' });
    return budget.clearingBands;
  }

  private async posted(em: EntityManager, key: Key): Promise<{ id: string; cutoff: Date; bands: ClearingBandsView } | null> {
    const [r] = await em.execute<{ id: string; cutoff: Date; clearing_bands: ClearingBandsView }[]>(
      `select id::text as id, cutoff, clearing_bands from fund.year_end_clearing where admdvs = ? and year = ? and insutype = ?`,
      [key.admdvs, key.year, key.insutype],
    );
    return r ? { id: r.id, cutoff: new Date(r.cutoff), bands: r.clearing_bands } : null;
  }

  private async assertNotCleared(em: EntityManager, key: Key): Promise<void> {
    const done = await this.posted(em, key);
    if (done) {
      throw new ConflictError('FUND.CLEARING_ALREADY_POSTED', `${budgetKey(key)} was already cleared (clearing ${done.id}): a year is cleared once`, {
        field: 'year',
        reason: 'cleared once',
        clearingId: done.id,
      });
    }
  }

  private key(req: BudgetKeyRequest): Key {
    const admdvs = poolingRegion(req.admdvs, 'year-end clearings');
    if (!canSee(currentActor(), admdvs)) throw new NotFoundError('pooling region', admdvs);
    return { admdvs, year: req.year, insutype: req.insutype };
  }

  /** Clearing is after the year (Beijing date): its settlements decide it. */
  private assertYearEnded(year: number): void {
    const today = LocalDate.fromInstant(this.clock.now(), 'now').toString();
    if (year >= Number(today.slice(0, 4))) {
      throw new DomainError('FUND.YEAR_NOT_ENDED', `year: ${year} has not ended; it is cleared after its end (what-if works any time)`, {
        field: 'year',
        reason: 'year not ended',
      });
    }
  }
}
