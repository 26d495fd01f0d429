import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  type ApprovalView,
  MONTHLY_PREPAYMENT_ACTION,
  type MonthlyPrepaymentItemView,
  type MonthlyPrepaymentPostedPayload,
  type MonthlyPrepaymentProposal,
  type MonthlyPrepaymentQuery,
  type MonthlyPrepaymentView,
  PrepaymentEventSubjects,
  type ProposeMonthlyPrepaymentRequest,
} from '@mi/contracts';
import { type Clock, ConflictError, DomainError, LocalDate, Money, NotFoundError } from '@mi/domain';
import { ApprovalService, AuditService, canSee, CLOCK, currentActor, newUuidV7, OutboxService, requireRole } from '@mi/platform';
import { monthlyPrepayment } from '../budget/budget-rules';
import { fundAccount, prepaidAccount } from '../ledger/accounts';
import { poolingRegion } from '../ledger/pooling-region';
import { LedgerService, type Posting } from '../ledger/ledger.service';

/** A month's prepayment of one institution and insurance type from its indicator and the budget's share. Pure. */
export function prepaymentItem(r: {
  institutionCode: string;
  insutype: string;
  indicatorFen: string;
  sharePercent: string;
  held: boolean;
}): MonthlyPrepaymentItemView {
  const indicator = Money.fromFen(BigInt(r.indicatorFen));
  const amount = r.held ? Money.ZERO : monthlyPrepayment(indicator, r.sharePercent);
  return {
    institutionCode: r.institutionCode,
    insutype: r.insutype,
    indicatorFen: r.indicatorFen,
    sharePercent: r.sharePercent,
    amountFen: amount.fenBigInt.toString(),
    status: r.held ? 'HELD' : 'PREPAY',
    explanation: r.held
      ? `协议中止/解除期间暂缓拨付：本月不预付（年度指标 ${indicator.format()}）`
      : `年度总额控制指标 ${indicator.format()} ÷ 12 × 预付比例 ${r.sharePercent}% = ${amount.format()}（四舍五入到分，一次）`,
  };
}

/** sha256 over the items' figures in a fixed order (JSONB keeps no key order). */
const digest = (items: MonthlyPrepaymentItemView[]): string => {
  const hash = createHash('sha256');
  for (const i of items) hash.update([i.institutionCode, i.insutype, i.indicatorFen, i.sharePercent, i.amountFen, i.status].join('|') + '\n');
  return hash.digest('hex');
};

const total = (items: MonthlyPrepaymentItemView[]): bigint => items.reduce((s, i) => s + BigInt(i.amountFen), 0n);

/**
 * 月度预付 — per pooling region and month, by maker-checker: every institution with an indicator for
 * the month's year is prepaid its indicator ÷ 12 × the budget's prepayment share, one balanced entry
 * per institution and insurance type (cause `monthly-prepayment`, `<city>/<month>/<institution>/<insutype>`:
 * debit `…-PREPAID-<inst>`, credit `…-FUND`, in the prepaid month). The monthly settlement run offsets
 * the prepaid balance of months up to its own (its `PREPAYMENT_OFFSET` line), so this service only
 * posts; it shares the run's per-region lock, and a month already settled cannot be prepaid.
 */
@Injectable()
export class PrepaymentService implements OnModuleInit {
  constructor(
    private readonly orm: MikroORM,
    private readonly approvals: ApprovalService,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.approvals.register<MonthlyPrepaymentProposal, MonthlyPrepaymentPostedPayload>(MONTHLY_PREPAYMENT_ACTION, {
      requiredRoles: ['city-officer'],
      describe: (p) => `月度预付 ${p.admdvs} ${p.period}：${p.institutions} 家机构 ${p.itemCount} 条，合计 ${Money.fromFen(BigInt(p.totalFen)).format()}`,
      apply: (em, p, approval) => this.apply(em, p, approval),
      hasItems: true,
    });
  }

  async propose(req: ProposeMonthlyPrepaymentRequest): Promise<ApprovalView<MonthlyPrepaymentProposal>> {
    const actor = currentActor();
    requireRole(actor, ['city-officer'], 'propose a monthly prepayment');
    const city = poolingRegion(req.admdvs, 'prepayments');
    if (!canSee(actor, city)) throw new NotFoundError('pooling region', city);
    this.assertStarted(req.period);
    const em = this.orm.em.fork();
    await this.assertOpen(em, city, req.period);
    const items = await this.items(em, city, req.period);
    return this.approvals.propose<MonthlyPrepaymentProposal>({
      action: MONTHLY_PREPAYMENT_ACTION,
      targetType: 'monthly-prepayment',
      targetId: `${city}/${req.period}`,
      admdvs: city,
      payload: {
        admdvs: city,
        period: req.period,
        institutions: new Set(items.map((i) => i.institutionCode)).size,
        itemCount: items.length,
        heldItems: items.filter((i) => i.status === 'HELD').length,
        totalFen: total(items).toString(),
        digest: digest(items),
      },
      reason: req.reason,
      items: items.map((item) => ({ key: `${item.institutionCode}/${item.insutype}`, item })),
    });
  }

  /** The month's prepayment as posted, or what a proposal now would prepay. */
  async view(req: MonthlyPrepaymentQuery): Promise<MonthlyPrepaymentView> {
    const city = poolingRegion(req.admdvs, 'prepayments');
    if (!canSee(currentActor(), city)) throw new NotFoundError('pooling region', city);
    const limit = req.limit ?? 50;
    const offset = req.offset ?? 0;
    const em = this.orm.em.fork();
    const [run] = await em.execute<{ id: string; total_fen: string; item_count: number; held_items: number }[]>(
      `select r.id::text as id, r.total_fen::text as total_fen,
              (select count(*)::int from fund.prepayment_item i where i.prepayment_id = r.id) as item_count,
              (select count(*)::int from fund.prepayment_item i where i.prepayment_id = r.id and i.held) as held_items
       from fund.monthly_prepayment r where r.admdvs = ? and r.period = ?`,
      [city, req.period],
    );
    if (run) {
      const rows = await em.execute<
        { institution_code: string; insutype: string; indicator_fen: string; share_percent: string; held: boolean; entry_id: string | null }[]
      >(
        `select institution_code, insutype, indicator_fen::text as indicator_fen, share_percent::text as share_percent, held, entry_id::text as entry_id
         from fund.prepayment_item where prepayment_id = ? order by institution_code, insutype limit ? offset ?`,
        [run.id, limit, offset],
      );
      const items = rows.map((r) => ({
        ...prepaymentItem({
          institutionCode: r.institution_code,
          insutype: r.insutype,
          indicatorFen: r.indicator_fen,
          sharePercent: String(Number(r.share_percent)),
          held: r.held,
        }),
        entryId: r.entry_id,
      }));
      return {
        admdvs: city,
        period: req.period,
        status: 'POSTED',
        prepaymentId: run.id,
        totalFen: run.total_fen,
        itemCount: run.item_count,
        heldItems: run.held_items,
        items,
        limit,
        offset,
      };
    }
    const items = await this.items(em, city, req.period);
    return {
      admdvs: city,
      period: req.period,
      status: 'PROVISIONAL',
      prepaymentId: null,
      totalFen: total(items).toString(),
      itemCount: items.length,
      heldItems: items.filter((i) => i.status === 'HELD').length,
      items: items.slice(offset, offset + limit),
      limit,
      offset,
    };
  }

  /** In the approval's transaction: re-computed (refused if it changed), then posted in one set-based batch. */
  private async apply(
    em: EntityManager,
    p: MonthlyPrepaymentProposal,
    approval: ApprovalView<MonthlyPrepaymentProposal>,
  ): Promise<MonthlyPrepaymentPostedPayload> {
    // The monthly run's lock: a prepayment and a run of one region never interleave.
    await em.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`fund.monthly-settlement/${p.admdvs}`]);
    await this.assertOpen(em, p.admdvs, p.period);
    const items = await this.items(em, p.admdvs, p.period);
    if (!p.digest || digest(items) !== p.digest) {
      throw new ConflictError(
        'FUND.PREPAYMENT_CHANGED',
        `the prepayment of ${p.admdvs} ${p.period} changed since the proposal: withdraw it and propose again`,
        {
          field: 'period',
          reason: 'indicators, the prepayment share or a hold changed',
        },
      );
    }
    const id = newUuidV7();
    const decidedBy = approval.decidedBy?.id ?? '';
    const sum = total(items);
    await em.execute(
      `insert into fund.monthly_prepayment (id, admdvs, period, approval_id, total_fen, proposed_by, approved_by, approved_at) values (?, ?, ?, ?, ?, ?, ?, ?)`,
      [id, p.admdvs, p.period, approval.id, sum.toString(), approval.proposedBy.id, decidedBy, this.clock.now()],
    );
    const paid = items.filter((i) => i.status === 'PREPAY' && BigInt(i.amountFen) > 0n);
    const insutypes = [...new Set(paid.map((i) => i.insutype))];
    await this.ledger.openAccounts(em, [
      ...insutypes.map((t) => ({
        code: fundAccount(p.admdvs, t),
        name: `${p.admdvs} ${t} 统筹基金财政专户`,
        kind: 'asset' as const,
        admdvs: p.admdvs,
        insutype: t,
      })),
      ...paid.map((i) => ({
        code: prepaidAccount(p.admdvs, i.insutype, i.institutionCode),
        name: `${p.admdvs} ${i.insutype} 预付 ${i.institutionCode}`,
        kind: 'asset' as const,
        admdvs: p.admdvs,
        insutype: i.insutype,
        institutionCode: i.institutionCode,
      })),
    ]);
    const postings: Posting[] = paid.map((i) => ({
      admdvs: p.admdvs,
      period: p.period,
      cause: { type: 'monthly-prepayment', id: `${p.admdvs}/${p.period}/${i.institutionCode}/${i.insutype}` },
      memo: `${p.period} 月度预付 ${i.institutionCode}（${i.insutype}）${Money.fromFen(BigInt(i.amountFen)).format()}`,
      lines: [
        { account: prepaidAccount(p.admdvs, i.insutype, i.institutionCode), debit: Money.fromFen(BigInt(i.amountFen)) },
        { account: fundAccount(p.admdvs, i.insutype), credit: Money.fromFen(BigInt(i.amountFen)) },
      ],
    }));
    const posted = await this.ledger.postMany(em, postings, { targetType: 'monthly-prepayment', targetId: id, admdvs: p.admdvs });
    const replayed = posted.filter((r) => r.replayed).length;
    if (replayed > 0) {
      // The run row is unique per month, so a prepayment entry without it was posted by hand: stop, never pay twice.
      throw new ConflictError(
        'FUND.PREPAYMENT_ALREADY_POSTED',
        `${replayed} prepayment entr(ies) of ${p.admdvs} ${p.period} already exist outside a prepayment run`,
        {
          field: 'period',
          reason: 'already posted',
        },
      );
    }
    const entryOf = new Map(paid.map((i, k) => [`${i.institutionCode}/${i.insutype}`, posted[k].entryId]));
    await em.execute(
      `insert into fund.prepayment_item (prepayment_id, institution_code, insutype, indicator_fen, share_percent, amount_fen, held, entry_id)
       select ?, x.institution_code, x.insutype, x.indicator_fen, x.share_percent, x.amount_fen, x.held, x.entry_id
       from jsonb_to_recordset(?::jsonb) as x(institution_code text, insutype text, indicator_fen bigint, share_percent numeric, amount_fen bigint, held boolean, entry_id uuid)`,
      [
        id,
        JSON.stringify(
          items.map((i) => ({
            institution_code: i.institutionCode,
            insutype: i.insutype,
            indicator_fen: i.indicatorFen,
            share_percent: i.sharePercent,
            amount_fen: i.amountFen,
            held: i.status === 'HELD',
            entry_id: entryOf.get(`${i.institutionCode}/${i.insutype}`) ?? null,
          })),
        ),
      ],
    );
    const result: MonthlyPrepaymentPostedPayload = {
      prepaymentId: id,
      approvalId: approval.id,
      admdvs: p.admdvs,
      period: p.period,
      entries: paid.length,
      totalFen: sum.toString(),
      approvedBy: decidedBy,
    };
    await this.audit.record(em, {
      action: 'fund.monthly-prepayment.posted',
      targetType: 'monthly-prepayment',
      targetId: `${p.admdvs}/${p.period}`,
      admdvs: p.admdvs,
      after: { ...result },
      detail: { proposedBy: approval.proposedBy.id, held: items.filter((i) => i.status === 'HELD').map((i) => `${i.institutionCode}/${i.insutype}`) },
    });
    await this.outbox.add<MonthlyPrepaymentPostedPayload>(em, {
      subject: PrepaymentEventSubjects.MonthlyPrepaymentPosted,
      type: 'MonthlyPrepaymentPosted',
      admdvs: p.admdvs,
      aggregateId: id,
      payload: result,
    });
    return result;
  }

  /** Every indicator of the month's year with the budget's share and the institution's hold state, set-based. */
  private async items(em: EntityManager, city: string, period: string): Promise<MonthlyPrepaymentItemView[]> {
    const rows = await em.execute<{ institution_code: string; insutype: string; indicator_fen: string; share_percent: string; held: boolean }[]>(
      `select i.institution_code, i.insutype, i.indicator_fen::text as indicator_fen, b.prepayment_share_percent::text as share_percent,
              exists (select 1 from fund.payment_hold h where h.admdvs = i.admdvs and h.institution_code = i.institution_code
                      and h.state in ('SUSPENDED', 'TERMINATED')) as held
       from fund.total_control_indicator i join fund.annual_budget b using (admdvs, year, insutype)
       where i.admdvs = ? and i.year = ? order by i.institution_code, i.insutype`,
      [city, Number(period.slice(0, 4))],
    );
    if (rows.length === 0) {
      throw new ConflictError('FUND.NO_INDICATORS', `period: ${city} has no total control indicators for ${period.slice(0, 4)}; nothing to prepay`, {
        field: 'period',
        reason: 'no indicators',
      });
    }
    return rows.map((r) =>
      prepaymentItem({
        institutionCode: r.institution_code,
        insutype: r.insutype,
        indicatorFen: r.indicator_fen,
        sharePercent: String(Number(r.share_percent)),
        held: r.held,
      }),
    );
  }

  /** Not prepaid yet, and not settled (the run of the month, or a later one, would no longer offset it in its month). */
  private async assertOpen(em: EntityManager, city: string, period: string): Promise<void> {
    const [done] = await em.execute<{ id: string }[]>(`select id::text as id from fund.monthly_prepayment where admdvs = ? and period = ?`, [city, period]);
    if (done) {
      throw new ConflictError('FUND.PREPAYMENT_ALREADY_POSTED', `${city} ${period} was already prepaid (prepayment ${done.id}): a month is prepaid once`, {
        field: 'period',
        reason: 'already prepaid',
        prepaymentId: done.id,
      });
    }
    const [settled] = await em.execute<{ period: string }[]>(
      `select period from fund.monthly_settlement where admdvs = ? and period >= ? order by period limit 1`,
      [city, period],
    );
    if (settled) {
      throw new ConflictError('FUND.MONTH_ALREADY_SETTLED', `${city} ${settled.period} is already settled: ${period} can no longer be prepaid`, {
        field: 'period',
        reason: 'month settled',
      });
    }
  }

  private assertStarted(period: string): void {
    const month = LocalDate.fromInstant(this.clock.now(), 'now').toString().slice(0, 7);
    if (period > month) {
      throw new DomainError('FUND.PERIOD_IN_FUTURE', `period: ${period} has not started yet (this is ${month}); prepay a month from its first day`, {
        field: 'period',
        reason: 'future month',
      });
    }
  }
}
