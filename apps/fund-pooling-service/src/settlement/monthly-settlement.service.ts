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
import { LedgerService, type PostingLine } from '../ledger/ledger.service';

/** Figures of one institution and insurance type for a month, in fen. */
export interface StatementFigures {
  institutionCode: string;
  insutype: string;
  settledCount: number;
  settledFen: bigint;
  reversedCount: number;
  reversedFen: bigint;
  deductedCount: number;
  deductedFen: bigint;
  /** Balance of the institution's prepayment account (预付) still to be offset. */
  prepaidFen: bigint;
}

/** One payable account's month, as the SQL returns it (bigints as text). */
interface FiguresRow {
  institution_code: string;
  insutype: string;
  settled_count: number;
  settled_fen: string;
  reversed_count: number;
  reversed_fen: string;
  deducted_count: number;
  deducted_fen: string;
}

interface SettledRow extends FiguresRow {
  id: string;
  prepayment_offset_fen: string;
  entry_id: string | null;
}

const toFigures = (r: FiguresRow, prepaidFen: string): StatementFigures => ({
  institutionCode: r.institution_code,
  insutype: r.insutype,
  settledCount: r.settled_count,
  settledFen: BigInt(r.settled_fen),
  reversedCount: r.reversed_count,
  reversedFen: BigInt(r.reversed_fen),
  deductedCount: r.deducted_count,
  deductedFen: BigInt(r.deducted_fen),
  prepaidFen: BigInt(prepaidFen),
});

const payableAccount = (city: string, insutype: string, institution: string) => `${city}-${insutype}-PAYABLE-${institution}`;
/** 预付 — an asset: the month's prepayment debits it (credit the fund); settlement offsets it. */
const prepaidAccount = (city: string, insutype: string, institution: string) => `${city}-${insutype}-PREPAID-${institution}`;
/** The fund's bank / fiscal special account the payment leaves from. */
const fundAccount = (city: string, insutype: string) => `${city}-${insutype}-FUND`;

const yuan = (fen: bigint): string => Money.fromFen(fen).toYuanString();
const neg = (fen: bigint): string => yuan(-fen);

/**
 * The explained statement of one institution and insurance type: settlements, reversals and
 * deductions give the amount due; a prepayment already made is offset against it (never more than
 * is due); what remains is paid. Pure: the same figures always give the same lines.
 */
export function statementItem(f: StatementFigures): StatementItemView {
  const due = f.settledFen - f.reversedFen - f.deductedFen;
  const offset = f.prepaidFen > 0n && due > 0n ? (f.prepaidFen < due ? f.prepaidFen : due) : 0n;
  const net = (due > 0n ? due : 0n) - offset;
  const lines: StatementLineView[] = [
    { code: 'SETTLEMENTS', label: `本月结算 ${f.settledCount} 笔 统筹基金支付`, count: f.settledCount, amount: yuan(f.settledFen) },
  ];
  if (f.reversedCount > 0) lines.push({ code: 'REVERSALS', label: `本月冲正 ${f.reversedCount} 笔`, count: f.reversedCount, amount: neg(f.reversedFen) });
  lines.push({ code: 'DEDUCTIONS', label: `本月确认扣款 ${f.deductedCount} 笔`, count: f.deductedCount, amount: neg(f.deductedFen) });
  lines.push({ code: 'AMOUNT_DUE', label: due < 0n ? '本月应付（为负，结转下月）' : '本月应付', amount: yuan(due) });
  lines.push({ code: 'PREPAYMENT_OFFSET', label: '抵扣已拨付预付金', amount: neg(offset) });
  lines.push({ code: 'NET_PAYABLE', label: '本月实际拨付', amount: yuan(net) });
  return {
    institutionCode: f.institutionCode,
    insutype: f.insutype,
    dueFen: due.toString(),
    prepaymentOffsetFen: offset.toString(),
    netFen: net.toString(),
    lines,
  };
}

/**
 * 月度结算/拨付 — per pooling region (city) and ended month: every institution's amount due from
 * the ledger, explained line by line, proposed by one officer and approved by another (maker-checker
 * through the platform's approvals). Approval re-computes the figures (a statement that changed
 * since the proposal is refused: the approver approves what was shown), then in its one
 * transaction posts one payment entry per institution and insurance type (debit payable, credit
 * prepaid and the fund account), stores the run and its statements (unique per region and month,
 * so a month is settled once) and emits `MonthlySettlementApproved`.
 */
@Injectable()
export class MonthlySettlementService implements OnModuleInit {
  constructor(
    private readonly orm: MikroORM,
    private readonly approvals: ApprovalService,
    private readonly ledger: LedgerService,
    private readonly outbox: OutboxService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.approvals.register<MonthlySettlementProposal, { settlementId: string; totalNetFen: string }>(MONTHLY_SETTLEMENT_ACTION, {
      requiredRoles: ['city-officer'],
      describe: (p) => `monthly settlement ${p.admdvs} ${p.period}: ${p.items.length} item(s), net ${Money.fromFen(BigInt(p.totalNetFen)).format()}`,
      apply: (em, p, approval) => this.apply(em, p, approval),
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
    const items = await this.compute(em, city, req.period);
    return this.approvals.propose<MonthlySettlementProposal>({
      action: MONTHLY_SETTLEMENT_ACTION,
      targetType: 'monthly-settlement',
      targetId: `${city}/${req.period}`,
      admdvs: city,
      payload: { admdvs: city, period: req.period, items, totalNetFen: total(items).toString() },
      reason: req.reason,
    });
  }

  /** One institution's statement: as settled, or provisional (computed now) before the run. */
  async statement(admdvs: string, period: string, institutionCode: string): Promise<InstitutionStatementView> {
    const city = this.city(admdvs);
    if (!canSee(currentActor(), city)) throw new NotFoundError('pooling region', city);
    const em = this.orm.em.fork();
    const rows = await em.execute<SettledRow[]>(
      `select m.id::text as id, s.institution_code, s.insutype, s.settled_count, s.settled_fen::text as settled_fen, s.reversed_count,
              s.reversed_fen::text as reversed_fen, s.deducted_count, s.deducted_fen::text as deducted_fen,
              s.prepayment_offset_fen::text as prepayment_offset_fen, s.entry_id::text as entry_id
       from fund.monthly_settlement m left join fund.settlement_statement s on s.settlement_id = m.id and s.institution_code = ?
       where m.admdvs = ? and m.period = ? order by s.insutype`,
      [institutionCode, city, period],
    );
    if (rows.length > 0) {
      const items = rows
        .filter((r) => r.institution_code !== null)
        .map((r) => ({
          // The stored offset is what was taken; replaying it gives the same lines.
          ...statementItem(toFigures(r, r.prepayment_offset_fen)),
          entryId: r.entry_id,
        }));
      return { admdvs: city, period, institutionCode, status: 'SETTLED', settlementId: rows[0].id, items, totalNet: yuan(total(items)) };
    }
    const items = await this.compute(em, city, period, institutionCode);
    return { admdvs: city, period, institutionCode, status: 'PROVISIONAL', settlementId: null, items, totalNet: yuan(total(items)) };
  }

  /** Runs inside the approval's transaction, as the approver. */
  private async apply(em: EntityManager, p: MonthlySettlementProposal, approval: ApprovalView<MonthlySettlementProposal>) {
    this.assertEnded(p.period);
    await this.assertNotSettled(em, p.admdvs, p.period);
    // Serialise runs of one region and month with postings' readers: figures read below stay put.
    await em.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`fund.monthly-settlement/${p.admdvs}/${p.period}`]);
    const figures = await this.figures(em, p.admdvs, p.period);
    const items = figures.map(statementItem);
    if (fingerprint(items) !== fingerprint(p.items)) {
      throw new ConflictError('FUND.SETTLEMENT_CHANGED', `the figures of ${p.admdvs} ${p.period} changed since the proposal: withdraw it and propose again`, {
        field: 'period',
        reason: 'postings arrived after the proposal',
      });
    }
    const settlementId = newUuidV7();
    const now = this.clock.now();
    const paymentPeriod = LocalDate.fromInstant(now, 'now').toString().slice(0, 7);
    const totalNet = total(items);
    await em.execute(
      `insert into fund.monthly_settlement (id, admdvs, period, approval_id, total_net_fen, proposed_by, approved_by, approved_at) values (?, ?, ?, ?, ?, ?, ?, ?)`,
      [settlementId, p.admdvs, p.period, approval.id, totalNet.toString(), approval.proposedBy.id, approval.decidedBy?.id ?? '', now],
    );
    for (const [i, item] of items.entries()) {
      const f = figures[i];
      const offset = BigInt(item.prepaymentOffsetFen);
      const net = BigInt(item.netFen);
      let entryId: string | null = null;
      if (offset + net > 0n) {
        const { insutype, institutionCode } = item;
        await this.ledger.openAccount(em, {
          code: fundAccount(p.admdvs, insutype),
          name: `${p.admdvs} ${insutype} 统筹基金财政专户`,
          kind: 'asset',
          admdvs: p.admdvs,
          insutype,
        });
        const lines: PostingLine[] = [{ account: payableAccount(p.admdvs, insutype, institutionCode), debit: Money.fromFen(offset + net) }];
        if (offset > 0n) lines.push({ account: prepaidAccount(p.admdvs, insutype, institutionCode), credit: Money.fromFen(offset) });
        if (net > 0n) lines.push({ account: fundAccount(p.admdvs, insutype), credit: Money.fromFen(net) });
        ({ entryId } = await this.ledger.post(em, {
          admdvs: p.admdvs,
          period: paymentPeriod,
          cause: { type: 'monthly-settlement', id: `${settlementId}/${institutionCode}/${insutype}` },
          memo: `${p.period} 月度结算拨付 ${institutionCode}（${insutype}）${Money.fromFen(net).format()}`,
          lines,
        }));
      }
      await em.execute(
        `insert into fund.settlement_statement (settlement_id, institution_code, insutype, settled_count, settled_fen, reversed_count, reversed_fen,
           deducted_count, deducted_fen, due_fen, prepayment_offset_fen, net_fen, entry_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          settlementId,
          item.institutionCode,
          item.insutype,
          f.settledCount,
          f.settledFen.toString(),
          f.reversedCount,
          f.reversedFen.toString(),
          f.deductedCount,
          f.deductedFen.toString(),
          item.dueFen,
          item.prepaymentOffsetFen,
          item.netFen,
          entryId,
        ],
      );
    }
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
        approvedBy: approval.decidedBy?.id ?? '',
      },
    });
    return { settlementId, totalNetFen: totalNet.toString() };
  }

  private async compute(em: EntityManager, city: string, period: string, institutionCode?: string): Promise<StatementItemView[]> {
    return (await this.figures(em, city, period, institutionCode)).map(statementItem);
  }

  /**
   * Set-based, from the ledger: per payable account, the month's settlement postings (forward =
   * credits, reversals = debits) and deductions (debits), and the prepayment still open (through
   * the month) on the matching prepaid account.
   */
  private async figures(em: EntityManager, city: string, period: string, institutionCode?: string): Promise<StatementFigures[]> {
    const rows = await em.execute<(FiguresRow & { prepaid_fen: string })[]>(
      `with m as (
         select a.institution_code, a.insutype,
           count(*) filter (where e.cause_type = 'claim-settled' and l.credit_fen > 0)::int as settled_count,
           coalesce(sum(l.credit_fen) filter (where e.cause_type = 'claim-settled'), 0) as settled_fen,
           count(*) filter (where e.cause_type = 'claim-settled' and l.debit_fen > 0)::int as reversed_count,
           coalesce(sum(l.debit_fen) filter (where e.cause_type = 'claim-settled'), 0) as reversed_fen,
           count(*) filter (where e.cause_type = 'deduction')::int as deducted_count,
           coalesce(sum(l.debit_fen - l.credit_fen) filter (where e.cause_type = 'deduction'), 0) as deducted_fen
         from fund.journal_line l
         join fund.journal_entry e on e.id = l.entry_id
         join fund.account a on a.code = l.account_code
         where e.admdvs = ? and e.period = ? and e.cause_type in ('claim-settled', 'deduction') and a.kind = 'liability'
           and a.institution_code is not null ${institutionCode ? 'and a.institution_code = ?' : ''}
         group by a.institution_code, a.insutype
       )
       select m.institution_code, m.insutype, m.settled_count, m.settled_fen::text as settled_fen, m.reversed_count, m.reversed_fen::text as reversed_fen,
         m.deducted_count, m.deducted_fen::text as deducted_fen,
         coalesce((select sum(pl.debit_fen - pl.credit_fen) from fund.journal_line pl join fund.journal_entry pe on pe.id = pl.entry_id
                   where pl.account_code = ? || '-' || m.insutype || '-PREPAID-' || m.institution_code and pe.period <= ?), 0)::text as prepaid_fen
       from m order by m.institution_code, m.insutype`,
      institutionCode ? [city, period, institutionCode, city, period] : [city, period, city, period],
    );
    return rows.map((r) => toFigures(r, r.prepaid_fen));
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

  private async assertNotSettled(em: EntityManager, city: string, period: string): Promise<void> {
    const [done] = await em.execute<{ id: string; approved_at: Date }[]>(
      `select id::text as id, approved_at from fund.monthly_settlement where admdvs = ? and period = ?`,
      [city, period],
    );
    if (done) {
      throw new ConflictError('FUND.MONTH_ALREADY_SETTLED', `${city} ${period} was already settled (run ${done.id}): a month is settled once`, {
        field: 'period',
        reason: 'already settled',
        settlementId: done.id,
      });
    }
  }
}

/** The figures of a statement in a fixed order (the stored payload is JSONB: its key order is not kept). */
function fingerprint(items: StatementItemView[]): string {
  return items
    .map((i) =>
      [i.institutionCode, i.insutype, i.dueFen, i.prepaymentOffsetFen, i.netFen, ...i.lines.map((l) => `${l.code}:${l.count ?? ''}:${l.amount}`)].join('|'),
    )
    .join('\n');
}

function total(items: StatementItemView[]): bigint {
  return items.reduce((s, i) => s + BigInt(i.netFen), 0n);
}
