import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  type ApprovalView,
  type InstitutionStatementView,
  MONTHLY_SETTLEMENT_ACTION,
  MONTHLY_SETTLEMENT_APPROVED_SUBJECT,
  type MonthlySettlementApprovedPayload,
  type MonthlySettlementProposal,
  type ProposeMonthlySettlementRequest,
  type StatementItemView,
  type StatementLineView,
} from '@mi/contracts';
import { Admdvs, type Clock, ConflictError, DomainError, LocalDate, Money, NotFoundError } from '@mi/domain';
import { ApprovalService, canSee, CLOCK, currentActor, newUuidV7, OutboxService, requireRole } from '@mi/platform';
import { PaymentHoldService } from '../holds/payment-hold.service';
import { clearingReceivableAccount, fundAccount, fundAccountName, fundName, heldAccount, payableAccount, prepaidAccount } from '../ledger/accounts';
import { oneStopFund } from '../ledger/funds';
import { LedgerService, type PostingLine } from '../ledger/ledger.service';

/** Figures of one institution and insurance type for a run, in fen. */
export interface StatementFigures {
  institutionCode: string;
  insutype: string;
  /** The month's own settlements (forward postings), reversals and deductions. */
  settledCount: number;
  settledFen: bigint;
  reversedCount: number;
  reversedFen: bigint;
  deductedCount: number;
  deductedFen: bigint;
  /** Postings of earlier months made after their month's run: settlements net of reversals (signed), deductions. */
  lateSettledCount: number;
  lateSettledFen: bigint;
  lateDeductedCount: number;
  lateDeductedFen: bigint;
  /** The service months of the late items, comma-separated (empty when none). */
  latePeriods: string;
  /** 指标性扣款 taken by the run (of its month or earlier) and their service months. */
  indicatorCount: number;
  indicatorFen: bigint;
  indicatorPeriods: string;
  /** 按病种付费 (DRG/DIP) adjustments taken by the run (signed: + owed more), and the months they were posted in. */
  caseCount: number;
  caseFen: bigint;
  casePeriods: string;
  /** The negative amount due the institution's previous statement carried out. */
  carriedInFen: bigint;
  /** Balance of the institution's prepayment account (预付) still to be offset. */
  prepaidFen: bigint;
  /** Balance of the institution's year-end clearing receivable (年终清算应追回) still to be recovered. */
  receivableFen: bigint;
  /** The institution's agreement is suspended or terminated: what would be paid is held (暂缓拨付). */
  onHold: boolean;
}

/** One payable account's figures, as the SQL returns them (bigints as text). */
interface FiguresRow {
  institution_code: string;
  insutype: string;
  settled_count: number;
  settled_fen: string;
  reversed_count: number;
  reversed_fen: string;
  deducted_count: number;
  deducted_fen: string;
  late_settled_count: number;
  late_settled_fen: string;
  late_deducted_count: number;
  late_deducted_fen: string;
  late_periods: string;
  indicator_deducted_count: number;
  indicator_deducted_fen: string;
  indicator_periods: string;
  case_count: number;
  case_fen: string;
  case_periods: string;
  carried_in_fen: string;
  on_hold: boolean;
}

interface SettledRow extends FiguresRow {
  id: string;
  prepayment_offset_fen: string;
  clearing_recovered_fen: string;
  entry_id: string | null;
}

const toFigures = (r: FiguresRow, prepaidFen: string, receivableFen = '0'): StatementFigures => ({
  institutionCode: r.institution_code,
  insutype: r.insutype,
  settledCount: r.settled_count,
  settledFen: BigInt(r.settled_fen),
  reversedCount: r.reversed_count,
  reversedFen: BigInt(r.reversed_fen),
  deductedCount: r.deducted_count,
  deductedFen: BigInt(r.deducted_fen),
  lateSettledCount: r.late_settled_count,
  lateSettledFen: BigInt(r.late_settled_fen),
  lateDeductedCount: r.late_deducted_count,
  lateDeductedFen: BigInt(r.late_deducted_fen),
  latePeriods: r.late_periods,
  indicatorCount: r.indicator_deducted_count,
  indicatorFen: BigInt(r.indicator_deducted_fen),
  indicatorPeriods: r.indicator_periods,
  caseCount: r.case_count ?? 0,
  caseFen: BigInt(r.case_fen ?? '0'),
  casePeriods: r.case_periods ?? '',
  carriedInFen: BigInt(r.carried_in_fen),
  prepaidFen: BigInt(prepaidFen),
  receivableFen: BigInt(receivableFen),
  onHold: r.on_hold,
});

const yuan = (fen: bigint): string => Money.fromFen(fen).toYuanString();

/**
 * The explained statement of one institution and insurance type: the month's settlements, reversals
 * and deductions, late items of earlier months and a negative amount carried in give the amount
 * due; a prepayment already made is offset against it (never more than is due); what remains is
 * paid — or held, while the institution's agreement is suspended or terminated. A negative amount
 * due is paid as nothing and carried out to the next statement. Pure: the same figures always give
 * the same lines.
 *
 * A one-stop fund's statement (一站式结算: 大病保险, 医疗救助 … — `insutype` is the fund's code) has
 * the same lines, naming the fund and the NHSA field its settlements sum; it never has a deduction
 * or a prepayment, so those lines appear only when not zero (the database refuses them anyway).
 */
export function statementItem(f: StatementFigures): StatementItemView {
  const part = oneStopFund(f.insutype);
  const due = f.settledFen - f.reversedFen - f.deductedFen + f.lateSettledFen - f.lateDeductedFen - f.indicatorFen + f.caseFen - f.carriedInFen;
  const offset = f.prepaidFen > 0n && due > 0n ? (f.prepaidFen < due ? f.prepaidFen : due) : 0n;
  const afterOffset = (due > 0n ? due : 0n) - offset;
  // An overspend the institution bears at year-end clearing is recovered from what it is due next.
  const recovered = f.receivableFen > 0n ? (f.receivableFen < afterOffset ? f.receivableFen : afterOffset) : 0n;
  const payable = afterOffset - recovered;
  const held = f.onHold ? payable : 0n;
  const net = payable - held;
  const carriedOut = due < 0n ? -due : 0n;
  const lines: StatementLineView[] = [];
  /** A line signed as it enters the net (`fen`); `count` for lines that sum postings. */
  const line = (code: StatementLineView['code'], label: string, fen: bigint, count?: number) =>
    lines.push({ code, label, ...(count === undefined ? {} : { count }), amount: yuan(fen), amountFen: fen.toString() });
  line(
    'SETTLEMENTS',
    part ? `本月结算 ${f.settledCount} 笔 ${part.name}支付（${part.nhsaField}）` : `本月结算 ${f.settledCount} 笔 统筹基金支付`,
    f.settledFen,
    f.settledCount,
  );
  if (f.reversedCount > 0) line('REVERSALS', `本月冲正 ${f.reversedCount} 笔`, -f.reversedFen, f.reversedCount);
  if (!part || f.deductedCount > 0) line('DEDUCTIONS', `本月确认扣款 ${f.deductedCount} 笔`, -f.deductedFen, f.deductedCount);
  const months = f.latePeriods ? `（所属月份 ${f.latePeriods}）` : '';
  if (f.lateSettledCount > 0) line('LATE_SETTLEMENTS', `往月结算后补报结算/冲正 ${f.lateSettledCount} 笔${months}`, f.lateSettledFen, f.lateSettledCount);
  if (f.lateDeductedCount > 0) line('LATE_DEDUCTIONS', `往月结算后确认扣款 ${f.lateDeductedCount} 笔${months}`, -f.lateDeductedFen, f.lateDeductedCount);
  if (f.indicatorCount > 0)
    line('INDICATOR_DEDUCTIONS', `指标性扣款（次均费用超标）${f.indicatorCount} 笔（所属月份 ${f.indicatorPeriods}）`, -f.indicatorFen, f.indicatorCount);
  if (f.caseCount > 0) line('CASE_PAYMENT', `按病种付费（DRG/DIP）与按项目结算之差 ${f.caseCount} 例（入账月份 ${f.casePeriods}）`, f.caseFen, f.caseCount);
  if (f.carriedInFen > 0n) line('CARRIED_IN', '上期应付为负结转本期抵扣', -f.carriedInFen);
  line('AMOUNT_DUE', due < 0n ? '本期应付（为负，结转下期）' : '本期应付', due);
  if (!part || offset > 0n) line('PREPAYMENT_OFFSET', '抵扣已拨付预付金', -offset);
  if (recovered > 0n) line('CLEARING_RECOVERY', '抵扣年终清算应追回款（超支由机构承担部分）', -recovered);
  if (held > 0n) line('HELD', '协议中止/解除期间暂缓拨付（挂账，恢复后拨付）', -held);
  line('NET_PAYABLE', part ? `本期实际拨付（${part.name}基金）` : '本期实际拨付', net);
  if (carriedOut > 0n) line('CARRIED_OUT', '结转下期抵扣（不拨付）', -carriedOut);
  return {
    institutionCode: f.institutionCode,
    insutype: f.insutype,
    fund: fundName(f.insutype),
    payer: part?.nhsaField ?? 'hifp_pay',
    dueFen: due.toString(),
    carriedInFen: f.carriedInFen.toString(),
    carriedOutFen: carriedOut.toString(),
    prepaymentOffsetFen: offset.toString(),
    ...(recovered > 0n ? { clearingRecoveredFen: recovered.toString() } : {}),
    heldFen: held.toString(),
    netFen: net.toString(),
    lines,
  };
}

/** Postings a run takes: claim settlements, deductions and indicator deductions on institution payables. */
const TAKEN_CAUSES = `('claim-settled', 'deduction', 'indicator-deduction', 'case-payment')`;

/**
 * 月度结算/拨付 — per pooling region (city) and ended month: every institution's amount due from
 * the ledger, explained line by line, proposed by one officer and approved by another (maker-checker
 * through the platform's approvals).
 *
 * A run takes every claim settlement and deduction of its month or earlier that no run has taken
 * yet and that was posted by the proposal's cut-off instant; what an earlier month's run could not
 * see (posted after it) is shown as late, with its service month. Each taken entry is recorded in
 * `settlement_item` (keyed by entry: taken once, ever). A negative amount due is paid as nothing
 * and carried into the institution's next statement. Runs of a region go forward in time.
 *
 * Approval takes the entries, re-computes the figures from exactly those (a statement that changed
 * since the proposal is refused: the approver approves what was shown), then in its one transaction
 * posts one payment entry per institution and insurance type (debit payable, credit prepaid and the
 * fund account), stores the run and its statements (unique per region and month) and emits
 * `MonthlySettlementApproved`.
 */
@Injectable()
export class MonthlySettlementService implements OnModuleInit {
  constructor(
    private readonly orm: MikroORM,
    private readonly approvals: ApprovalService,
    private readonly ledger: LedgerService,
    private readonly outbox: OutboxService,
    private readonly holds: PaymentHoldService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.approvals.register<MonthlySettlementProposal, { settlementId: string; totalNetFen: string }>(MONTHLY_SETTLEMENT_ACTION, {
      requiredRoles: ['city-officer'],
      describe: (p) =>
        `月度结算 ${p.admdvs} ${p.period}：${p.institutions} 家机构 ${p.statements} 张结算单，实付 ${Money.fromFen(BigInt(p.totalNetFen)).format()}`,
      apply: (em, p, approval) => this.apply(em, p, approval),
      hasItems: true,
    });
  }

  async propose(req: ProposeMonthlySettlementRequest): Promise<ApprovalView<MonthlySettlementProposal>> {
    const actor = currentActor();
    requireRole(actor, ['city-officer'], 'propose a monthly settlement');
    const city = this.city(req.admdvs);
    // Another region's run is answered like one that does not exist.
    if (!canSee(actor, city)) throw new NotFoundError('pooling region', city);
    this.assertEnded(req.period);
    const em = this.orm.em.fork();
    await this.assertNotSettled(em, city, req.period);
    const cutoff = this.clock.now();
    const items = (await this.figures(em, city, req.period, { cutoff })).map(statementItem);
    return this.approvals.propose<MonthlySettlementProposal>({
      action: MONTHLY_SETTLEMENT_ACTION,
      targetType: 'monthly-settlement',
      targetId: `${city}/${req.period}`,
      admdvs: city,
      payload: proposalOf(city, req.period, cutoff.toISOString(), items),
      reason: req.reason,
      items: items.map((item) => ({ key: `${item.institutionCode}/${item.insutype}`, item })),
    });
  }

  /** One institution's statement: as settled, or provisional (what a run proposed now would take) before the run. */
  async statement(admdvs: string, period: string, institutionCode: string): Promise<InstitutionStatementView> {
    const city = this.city(admdvs);
    if (!canSee(currentActor(), city)) throw new NotFoundError('pooling region', city);
    const em = this.orm.em.fork();
    const rows = await em.execute<SettledRow[]>(
      `select m.id::text as id, s.institution_code, s.insutype, s.settled_count, s.settled_fen::text as settled_fen, s.reversed_count,
              s.reversed_fen::text as reversed_fen, s.deducted_count, s.deducted_fen::text as deducted_fen,
              s.late_settled_count, s.late_settled_fen::text as late_settled_fen, s.late_deducted_count, s.late_deducted_fen::text as late_deducted_fen,
              s.late_periods, s.indicator_deducted_count, s.indicator_deducted_fen::text as indicator_deducted_fen, s.indicator_periods,
              s.case_count, s.case_fen::text as case_fen, s.case_periods, s.carried_in_fen::text as carried_in_fen,
              s.prepayment_offset_fen::text as prepayment_offset_fen, s.clearing_recovered_fen::text as clearing_recovered_fen,
              s.held_fen > 0 as on_hold, s.entry_id::text as entry_id
       from fund.monthly_settlement m left join fund.settlement_statement s on s.settlement_id = m.id and s.institution_code = ?
       where m.admdvs = ? and m.period = ? order by s.insutype`,
      [institutionCode, city, period],
    );
    if (rows.length > 0) {
      const items = rows
        .filter((r) => r.institution_code !== null)
        .map((r) => ({
          // The stored offset is what was taken; replaying it gives the same lines.
          ...statementItem(toFigures(r, r.prepayment_offset_fen, r.clearing_recovered_fen)),
          entryId: r.entry_id,
        }));
      return { admdvs: city, period, institutionCode, status: 'SETTLED', settlementId: rows[0].id, items, totalNet: yuan(total(items)) };
    }
    const items = (await this.figures(em, city, period, { cutoff: this.clock.now(), institutionCode })).map(statementItem);
    return { admdvs: city, period, institutionCode, status: 'PROVISIONAL', settlementId: null, items, totalNet: yuan(total(items)) };
  }

  /** Runs inside the approval's transaction, as the approver. */
  private async apply(em: EntityManager, p: MonthlySettlementProposal, approval: ApprovalView<MonthlySettlementProposal>) {
    this.assertEnded(p.period);
    // One region's runs one at a time: two months' runs must never take the same entries.
    await em.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`fund.monthly-settlement/${p.admdvs}`]);
    await this.assertNotSettled(em, p.admdvs, p.period);
    if (!p.cutoff || !p.digest) {
      throw new ConflictError(
        'FUND.SETTLEMENT_CHANGED',
        `the proposal of ${p.admdvs} ${p.period} has no cut-off or digest (made by an earlier version): withdraw it and propose again`,
        {
          field: 'period',
          reason: 'proposal of an earlier version',
        },
      );
    }
    // Hold states stay put until this run commits: a resumption waits, then releases what this run held.
    await em.execute(`select 1 from fund.payment_hold where admdvs = ? for share`, [p.admdvs]);
    const settlementId = newUuidV7();
    const now = this.clock.now();
    const totalNet = BigInt(p.totalNetFen);
    await em.execute(
      `insert into fund.monthly_settlement (id, admdvs, period, approval_id, total_net_fen, proposed_by, approved_by, approved_at, cutoff) values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [settlementId, p.admdvs, p.period, approval.id, totalNet.toString(), approval.proposedBy.id, approval.decidedBy?.id ?? '', now, p.cutoff],
    );
    // Take the entries (each at most once, by its key), then explain exactly what was taken.
    await em.execute(
      `insert into fund.settlement_item (entry_id, settlement_id, service_period, late)
       select e.id, ?, e.period, e.period < ? from fund.journal_entry e
       where ${UNTAKEN} and exists (
         select 1 from fund.journal_line l join fund.account a on a.code = l.account_code
         where l.entry_id = e.id and a.kind = 'liability' and a.institution_code is not null)`,
      [settlementId, p.period, p.admdvs, p.period, p.cutoff],
    );
    const figures = await this.figures(em, p.admdvs, p.period, { settlementId });
    const items = figures.map(statementItem);
    if (digest(items) !== p.digest) {
      throw new ConflictError('FUND.SETTLEMENT_CHANGED', `the figures of ${p.admdvs} ${p.period} changed since the proposal: withdraw it and propose again`, {
        field: 'period',
        reason: 'postings, prepayments or an earlier run changed what this run takes',
      });
    }
    const paymentPeriod = LocalDate.fromInstant(now, 'now').toString().slice(0, 7);
    // One payment entry per institution and insurance type, posted in one set-based batch (5,000 institutions in one run).
    const recoveredOf = (item: StatementItemView) => BigInt(item.clearingRecoveredFen ?? '0');
    const paying = items.filter((item) => BigInt(item.prepaymentOffsetFen) + recoveredOf(item) + BigInt(item.heldFen) + BigInt(item.netFen) > 0n);
    await this.ledger.openAccounts(em, [
      ...[...new Set(paying.filter((i) => BigInt(i.netFen) > 0n).map((i) => i.insutype))].map((t) => ({
        code: fundAccount(p.admdvs, t),
        name: fundAccountName(p.admdvs, t),
        kind: 'asset' as const,
        admdvs: p.admdvs,
        insutype: t,
      })),
      ...paying
        .filter((i) => BigInt(i.heldFen) > 0n)
        .map((i) => ({
          code: heldAccount(p.admdvs, i.insutype, i.institutionCode),
          name: `${p.admdvs} ${i.insutype} 暂缓拨付 ${i.institutionCode}`,
          kind: 'liability' as const,
          admdvs: p.admdvs,
          insutype: i.insutype,
          institutionCode: i.institutionCode,
        })),
    ]);
    const posted = await this.ledger.postMany(
      em,
      paying.map((item) => {
        const { insutype, institutionCode } = item;
        const [offset, recovered, held, net] = [BigInt(item.prepaymentOffsetFen), recoveredOf(item), BigInt(item.heldFen), BigInt(item.netFen)];
        const lines: PostingLine[] = [{ account: payableAccount(p.admdvs, insutype, institutionCode), debit: Money.fromFen(offset + recovered + held + net) }];
        if (offset > 0n) lines.push({ account: prepaidAccount(p.admdvs, insutype, institutionCode), credit: Money.fromFen(offset) });
        if (recovered > 0n) lines.push({ account: clearingReceivableAccount(p.admdvs, insutype, institutionCode), credit: Money.fromFen(recovered) });
        if (held > 0n) lines.push({ account: heldAccount(p.admdvs, insutype, institutionCode), credit: Money.fromFen(held) });
        if (net > 0n) lines.push({ account: fundAccount(p.admdvs, insutype), credit: Money.fromFen(net) });
        return {
          admdvs: p.admdvs,
          period: paymentPeriod,
          cause: { type: 'monthly-settlement', id: `${settlementId}/${institutionCode}/${insutype}` },
          memo: `${p.period} 月度结算拨付 ${institutionCode}（${insutype}${oneStopFund(insutype) ? ` ${fundName(insutype)}` : ''}）${Money.fromFen(net).format()}${held > 0n ? `，暂缓拨付 ${Money.fromFen(held).format()}` : ''}`,
          lines,
        };
      }),
      { targetType: 'monthly-settlement', targetId: settlementId, admdvs: p.admdvs },
    );
    const entryOf = new Map(paying.map((item, k) => [`${item.institutionCode}/${item.insutype}`, posted[k].entryId]));
    for (const item of paying) {
      if (BigInt(item.heldFen) === 0n) continue;
      const { insutype, institutionCode } = item;
      const state = (await this.holds.state(em, p.admdvs, institutionCode)) ?? 'SUSPENDED';
      const entryId = entryOf.get(`${institutionCode}/${insutype}`) ?? '';
      await this.holds.held(em, { settlementId, admdvs: p.admdvs, period: p.period, institutionCode, insutype, heldFen: item.heldFen, entryId, state });
    }
    await em.execute(
      `insert into fund.settlement_statement (settlement_id, institution_code, insutype, settled_count, settled_fen, reversed_count, reversed_fen,
         deducted_count, deducted_fen, late_settled_count, late_settled_fen, late_deducted_count, late_deducted_fen, late_periods,
         indicator_deducted_count, indicator_deducted_fen, indicator_periods, case_count, case_fen, case_periods,
         carried_in_fen, carried_out_fen, due_fen, prepayment_offset_fen, clearing_recovered_fen, held_fen, net_fen, entry_id)
       select ?, x.institution_code, x.insutype, x.settled_count, x.settled_fen, x.reversed_count, x.reversed_fen,
         x.deducted_count, x.deducted_fen, x.late_settled_count, x.late_settled_fen, x.late_deducted_count, x.late_deducted_fen, x.late_periods,
         x.indicator_deducted_count, x.indicator_deducted_fen, x.indicator_periods, x.case_count, x.case_fen, x.case_periods,
         x.carried_in_fen, x.carried_out_fen, x.due_fen, x.prepayment_offset_fen, x.clearing_recovered_fen, x.held_fen, x.net_fen, x.entry_id
       from jsonb_to_recordset(?::jsonb) as x(institution_code text, insutype text, settled_count int, settled_fen bigint, reversed_count int, reversed_fen bigint,
         deducted_count int, deducted_fen bigint, late_settled_count int, late_settled_fen bigint, late_deducted_count int, late_deducted_fen bigint, late_periods text,
         indicator_deducted_count int, indicator_deducted_fen bigint, indicator_periods text, case_count int, case_fen bigint, case_periods text,
         carried_in_fen bigint, carried_out_fen bigint, due_fen bigint, prepayment_offset_fen bigint, clearing_recovered_fen bigint, held_fen bigint, net_fen bigint, entry_id uuid)`,
      [
        settlementId,
        JSON.stringify(
          items.map((item, i) => {
            const f = figures[i];
            return {
              institution_code: item.institutionCode,
              insutype: item.insutype,
              settled_count: f.settledCount,
              settled_fen: f.settledFen.toString(),
              reversed_count: f.reversedCount,
              reversed_fen: f.reversedFen.toString(),
              deducted_count: f.deductedCount,
              deducted_fen: f.deductedFen.toString(),
              late_settled_count: f.lateSettledCount,
              late_settled_fen: f.lateSettledFen.toString(),
              late_deducted_count: f.lateDeductedCount,
              late_deducted_fen: f.lateDeductedFen.toString(),
              late_periods: f.latePeriods,
              indicator_deducted_count: f.indicatorCount,
              indicator_deducted_fen: f.indicatorFen.toString(),
              indicator_periods: f.indicatorPeriods,
              case_count: f.caseCount,
              case_fen: f.caseFen.toString(),
              case_periods: f.casePeriods,
              carried_in_fen: item.carriedInFen,
              carried_out_fen: item.carriedOutFen,
              due_fen: item.dueFen,
              prepayment_offset_fen: item.prepaymentOffsetFen,
              clearing_recovered_fen: item.clearingRecoveredFen ?? '0',
              held_fen: item.heldFen,
              net_fen: item.netFen,
              entry_id: entryOf.get(`${item.institutionCode}/${item.insutype}`) ?? null,
            };
          }),
        ),
      ],
    );
    await this.outbox.add<MonthlySettlementApprovedPayload>(em, {
      subject: MONTHLY_SETTLEMENT_APPROVED_SUBJECT,
      type: 'MonthlySettlementApproved',
      admdvs: p.admdvs,
      aggregateId: settlementId,
      payload: {
        settlementId,
        approvalId: approval.id,
        admdvs: p.admdvs,
        period: p.period,
        institutions: new Set(items.map((i) => i.institutionCode)).size,
        totalNetFen: totalNet.toString(),
        netFenByFund: netByFund(items),
        approvedBy: approval.decidedBy?.id ?? '',
      },
    });
    return { settlementId, totalNetFen: totalNet.toString() };
  }

  /**
   * Set-based, from the ledger: per payable account, the entries of the run — those a run of
   * `period` would take now (`cutoff`), or those a run took (`settlementId`) — split into the month's
   * own settlements (forward = credits, reversals = debits) and deductions (debits) and the late ones
   * of earlier months; the negative amount due the account's previous statement carried out; and
   * the prepayment still open on the matching prepaid account (prepayments of months up to the run's,
   * less every offset already taken).
   */
  private async figures(
    em: EntityManager,
    city: string,
    period: string,
    by: { cutoff: Date; institutionCode?: string } | { settlementId: string },
  ): Promise<StatementFigures[]> {
    const taken = 'settlementId' in by;
    const institutionCode = 'institutionCode' in by ? by.institutionCode : undefined;
    const source = taken
      ? `select si.entry_id as id from fund.settlement_item si where si.settlement_id = ?`
      : `select e.id from fund.journal_entry e where ${UNTAKEN}`;
    const sourceParams = taken ? [by.settlementId] : [city, period, by.cutoff];
    const only = institutionCode ? 'and a.institution_code = ?' : '';
    const onlyParams = institutionCode ? [institutionCode] : [];
    const rows = await em.execute<(FiguresRow & { prepaid_fen: string; receivable_fen: string })[]>(
      `with src as (${source}),
       m as (
         select a.institution_code, a.insutype,
           count(*) filter (where e.period = ? and e.cause_type = 'claim-settled' and l.credit_fen > 0)::int as settled_count,
           coalesce(sum(l.credit_fen) filter (where e.period = ? and e.cause_type = 'claim-settled'), 0) as settled_fen,
           count(*) filter (where e.period = ? and e.cause_type = 'claim-settled' and l.debit_fen > 0)::int as reversed_count,
           coalesce(sum(l.debit_fen) filter (where e.period = ? and e.cause_type = 'claim-settled'), 0) as reversed_fen,
           count(*) filter (where e.period = ? and e.cause_type = 'deduction')::int as deducted_count,
           coalesce(sum(l.debit_fen - l.credit_fen) filter (where e.period = ? and e.cause_type = 'deduction'), 0) as deducted_fen,
           count(*) filter (where e.period < ? and e.cause_type = 'claim-settled')::int as late_settled_count,
           coalesce(sum(l.credit_fen - l.debit_fen) filter (where e.period < ? and e.cause_type = 'claim-settled'), 0) as late_settled_fen,
           count(*) filter (where e.period < ? and e.cause_type = 'deduction')::int as late_deducted_count,
           coalesce(sum(l.debit_fen - l.credit_fen) filter (where e.period < ? and e.cause_type = 'deduction'), 0) as late_deducted_fen,
           coalesce(string_agg(distinct e.period, ',' order by e.period) filter (where e.period < ? and e.cause_type in ('claim-settled', 'deduction')), '') as late_periods,
           count(*) filter (where e.cause_type = 'indicator-deduction')::int as indicator_deducted_count,
           coalesce(sum(l.debit_fen - l.credit_fen) filter (where e.cause_type = 'indicator-deduction'), 0) as indicator_deducted_fen,
           coalesce(string_agg(distinct e.period, ',' order by e.period) filter (where e.cause_type = 'indicator-deduction'), '') as indicator_periods,
           count(*) filter (where e.cause_type = 'case-payment')::int as case_count,
           coalesce(sum(l.credit_fen - l.debit_fen) filter (where e.cause_type = 'case-payment'), 0) as case_fen,
           coalesce(string_agg(distinct e.period, ',' order by e.period) filter (where e.cause_type = 'case-payment'), '') as case_periods
         from src
         join fund.journal_entry e on e.id = src.id
         join fund.journal_line l on l.entry_id = e.id
         join fund.account a on a.code = l.account_code
         where a.kind = 'liability' and a.institution_code is not null ${only}
         group by a.institution_code, a.insutype
       ),
       carry as (
         select distinct on (s.institution_code, s.insutype) s.institution_code, s.insutype, s.carried_out_fen
         from fund.settlement_statement s join fund.monthly_settlement r on r.id = s.settlement_id
         where r.admdvs = ? and r.period < ? ${only.replace('a.', 's.')}
         order by s.institution_code, s.insutype, r.period desc
       ),
       k as (
         select institution_code, insutype from m
         union select institution_code, insutype from carry where carried_out_fen > 0
       )
       select k.institution_code, k.insutype,
         coalesce(m.settled_count, 0) as settled_count, coalesce(m.settled_fen, 0)::text as settled_fen,
         coalesce(m.reversed_count, 0) as reversed_count, coalesce(m.reversed_fen, 0)::text as reversed_fen,
         coalesce(m.deducted_count, 0) as deducted_count, coalesce(m.deducted_fen, 0)::text as deducted_fen,
         coalesce(m.late_settled_count, 0) as late_settled_count, coalesce(m.late_settled_fen, 0)::text as late_settled_fen,
         coalesce(m.late_deducted_count, 0) as late_deducted_count, coalesce(m.late_deducted_fen, 0)::text as late_deducted_fen,
         coalesce(m.late_periods, '') as late_periods,
         coalesce(m.indicator_deducted_count, 0) as indicator_deducted_count, coalesce(m.indicator_deducted_fen, 0)::text as indicator_deducted_fen,
         coalesce(m.indicator_periods, '') as indicator_periods,
         coalesce(m.case_count, 0) as case_count, coalesce(m.case_fen, 0)::text as case_fen, coalesce(m.case_periods, '') as case_periods,
         coalesce(c.carried_out_fen, 0)::text as carried_in_fen,
         exists (select 1 from fund.payment_hold h where h.admdvs = ? and h.institution_code = k.institution_code and h.state in ('SUSPENDED', 'TERMINATED')) as on_hold,
         coalesce((select coalesce(sum(pl.debit_fen) filter (where pe.period <= ?), 0) - coalesce(sum(pl.credit_fen), 0) from fund.journal_line pl join fund.journal_entry pe on pe.id = pl.entry_id
                   where pl.account_code = ? || '-' || k.insutype || '-PREPAID-' || k.institution_code), 0)::text as prepaid_fen,
         coalesce((select coalesce(sum(rl.debit_fen) filter (where re.period <= ?), 0) - coalesce(sum(rl.credit_fen), 0)
                   from fund.journal_line rl join fund.journal_entry re on re.id = rl.entry_id
                   where rl.account_code = ? || '-' || k.insutype || '-CLEARING-RECEIVABLE-' || k.institution_code), 0)::text as receivable_fen
       from k left join m using (institution_code, insutype) left join carry c using (institution_code, insutype)
       order by k.institution_code, k.insutype`,
      [...sourceParams, ...Array<string>(11).fill(period), ...onlyParams, city, period, ...onlyParams, city, period, city, period, city],
    );
    return rows.map((r) => toFigures(r, r.prepaid_fen, r.receivable_fen));
  }

  private city(admdvs: string): string {
    const a = Admdvs.parse(admdvs, 'admdvs');
    if (a.level !== 'city') throw new DomainError('VALIDATION', 'admdvs: a monthly settlement is run per pooling region (a city code)', { field: 'admdvs' });
    return a.code;
  }

  /** The month must have ended (Beijing date): its settlements may still be arriving. */
  private assertEnded(period: string): void {
    const today = LocalDate.fromInstant(this.clock.now(), 'now').toString().slice(0, 7);
    if (period >= today) {
      throw new DomainError('FUND.PERIOD_NOT_ENDED', `month ${period} has not ended yet (today is in ${today}): settle it from the 1st of the next month`, {
        field: 'period',
        reason: 'month not ended',
      });
    }
  }

  /** A month is settled once, and never after a later month (that run took this month's entries as late items). */
  private async assertNotSettled(em: EntityManager, city: string, period: string): Promise<void> {
    const [done] = await em.execute<{ id: string; period: string }[]>(
      `select id::text as id, period from fund.monthly_settlement where admdvs = ? and period >= ? order by period limit 1`,
      [city, period],
    );
    if (done?.period === period) {
      throw new ConflictError('FUND.MONTH_ALREADY_SETTLED', `${city} ${period} was already settled (run ${done.id}): a month is settled once`, {
        field: 'period',
        reason: 'already settled',
        settlementId: done.id,
      });
    }
    if (done) {
      throw new ConflictError(
        'FUND.LATER_MONTH_SETTLED',
        `${city} ${done.period} is already settled (run ${done.id}): ${period}'s postings made since then are taken by the next run, as late items`,
        { field: 'period', reason: 'a later month is settled', settlementId: done.id },
      );
    }
  }
}

/** Entries no run has taken, of a region (?), a month or earlier (?), posted by the cut-off (?). */
const UNTAKEN = `e.admdvs = ? and e.period <= ? and e.posted_at <= ? and e.cause_type in ${TAKEN_CAUSES}
  and not exists (select 1 from fund.settlement_item t where t.entry_id = e.id)`;

/** sha256 over every statement's figures and lines in a fixed order (JSONB keeps no key order). */
export function digest(items: StatementItemView[]): string {
  const hash = createHash('sha256');
  for (const i of items) {
    hash.update(
      [
        i.institutionCode,
        i.insutype,
        i.dueFen,
        i.carriedInFen,
        i.carriedOutFen,
        i.prepaymentOffsetFen,
        i.heldFen,
        i.netFen,
        ...i.lines.map((l) => `${l.code}:${l.count ?? ''}:${l.amountFen}:${l.label}`),
      ].join('|') + '\n',
    );
  }
  return hash.digest('hex');
}

/** What a proposal carries: the run's totals and the digest of its statements (the statements are its items). */
export function proposalOf(admdvs: string, period: string, cutoff: string, items: StatementItemView[]): MonthlySettlementProposal {
  const sum = (f: (i: StatementItemView) => string) => items.reduce((s, i) => s + BigInt(f(i)), 0n).toString();
  return {
    admdvs,
    period,
    cutoff,
    institutions: new Set(items.map((i) => i.institutionCode)).size,
    statements: items.length,
    heldStatements: items.filter((i) => i.heldFen !== '0').length,
    totalDueFen: sum((i) => i.dueFen),
    totalPrepaymentOffsetFen: sum((i) => i.prepaymentOffsetFen),
    totalHeldFen: sum((i) => i.heldFen),
    totalCarriedOutFen: sum((i) => i.carriedOutFen),
    totalNetFen: sum((i) => i.netFen),
    netFenByFund: netByFund(items),
    digest: digest(items),
  };
}

/** What leaves each fund's account, by insurance type or one-stop fund code (in code order). */
export function netByFund(items: StatementItemView[]): Record<string, string> {
  const by = new Map<string, bigint>();
  for (const i of items) by.set(i.insutype, (by.get(i.insutype) ?? 0n) + BigInt(i.netFen));
  return Object.fromEntries([...by].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, v.toString()]));
}

function total(items: StatementItemView[]): bigint {
  return items.reduce((s, i) => s + BigInt(i.netFen), 0n);
}
