import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  type ApprovalView,
  CAPITATION_ACTION,
  CapitationEventSubjects,
  type CapitationItemView,
  type CapitationPostedPayload,
  type CapitationProposal,
  type CapitationQuery,
  type CapitationView,
  type ProposeCapitationRequest,
} from '@mi/contracts';
import { Admdvs, type Clock, ConflictError, DomainError, LocalDate, Money, NotFoundError } from '@mi/domain';
import { ApprovalService, AuditService, canSee, CLOCK, currentActor, newUuidV7, OutboxService, requireRole } from '@mi/platform';
import { openAccounts, payableLines } from '../ledger/accounts';
import { LedgerService, type Posting } from '../ledger/ledger.service';
import { poolingRegion } from '../ledger/pooling-region';

/** One institution's monthly share by head: annual rate × enrolled ÷ 12, one half-up rounding. Pure. */
export function capitationShare(annualRateFen: bigint, enrolled: number): bigint {
  return Money.fromFen(annualRateFen).multiplyRatio(BigInt(enrolled), 12n, 'HALF_UP').fenBigInt;
}

/** The line of one institution, with its working in words. Pure. */
export function capitationLine(
  annualRateFen: bigint,
  e: { institutionCode: string; enrolled: number },
  outpatient: { settlements: number; itemPaidFen: bigint },
): CapitationItemView {
  const share = capitationShare(annualRateFen, e.enrolled);
  const adjustment = share - outpatient.itemPaidFen;
  const f = (fen: bigint) => Money.fromFen(fen).format();
  return {
    institutionCode: e.institutionCode,
    enrolled: e.enrolled,
    shareFen: share.toString(),
    settlements: outpatient.settlements,
    itemPaidFen: outpatient.itemPaidFen.toString(),
    adjustmentFen: adjustment.toString(),
    steps: [
      `人头标准 ${f(annualRateFen)}/人·年 × 签约 ${e.enrolled} 人 ÷ 12 = 本月人头费用 ${f(share)}（四舍五入到分）`,
      `本月门诊结算 ${outpatient.settlements} 笔，统筹基金按项目已付 ${f(outpatient.itemPaidFen)}`,
      adjustment === 0n ? '与按项目已付相同，无差额' : `与按项目已付之差 ${adjustment > 0n ? '补付' : '扣回'} ${f(adjustment > 0n ? adjustment : -adjustment)}`,
    ],
  };
}

function digestOf(s: { admdvs: string; period: string; insutype: string; annualRateFen: string }, items: readonly CapitationItemView[]): string {
  const h = createHash('sha256');
  h.update(`${s.admdvs}|${s.period}|${s.insutype}|${s.annualRateFen}\n`);
  for (const i of items) h.update(`${i.institutionCode}|${i.enrolled}|${i.shareFen}|${i.settlements}|${i.itemPaidFen}|${i.adjustmentFen}\n`);
  return h.digest('hex');
}

/**
 * 按人头付费 (门诊统筹) — a month's outpatient care of the listed institutions paid per enrolled
 * person instead of by item, by maker-checker, once per city, month and insurance type (see
 * `capitation.messages.ts`).
 */
@Injectable()
export class CapitationService implements OnModuleInit {
  constructor(
    private readonly orm: MikroORM,
    private readonly approvals: ApprovalService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly ledger: LedgerService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.approvals.register<CapitationProposal, CapitationPostedPayload>(CAPITATION_ACTION, {
      requiredRoles: ['city-officer'],
      describe: (p) =>
        `按人头付费 ${p.admdvs} ${p.period}（${p.insutype}）：${p.institutions} 家机构 ${p.enrolled} 人，人头费用 ${Money.fromFen(BigInt(p.shareFen)).format()}，` +
        `按项目已付 ${Money.fromFen(BigInt(p.itemPaidFen)).format()}，差额 ${Money.fromFen(BigInt(p.totalAdjustmentFen)).format()}`,
      apply: (em, p, approval) => this.apply(em, p, approval),
      hasItems: true,
    });
  }

  /** Refused before the month has ended, for an institution of another city or listed twice, and when the month was already posted. */
  async propose(req: ProposeCapitationRequest): Promise<ApprovalView<CapitationProposal>> {
    const actor = currentActor();
    requireRole(actor, ['city-officer'], 'propose a month’s capitation (按人头付费)');
    const city = this.city(req.admdvs);
    this.assertMonthEnded(req.period);
    const seen = new Set<string>();
    req.institutions.forEach((item, i) => {
      const field = `institutions[${i}].institutionCode`;
      if (seen.has(item.institutionCode)) throw new DomainError('VALIDATION', `${field}: ${item.institutionCode} is listed twice`, { field });
      seen.add(item.institutionCode);
      if (Admdvs.parse(item.institutionCode.slice(1, 7), field).poolingRegion().code !== city)
        throw new DomainError('VALIDATION', `${field}: ${item.institutionCode} is not an institution of pooling region ${city}`, { field });
    });
    const em = this.orm.em.fork();
    await this.assertNotPosted(em, city, req.period, req.insutype);
    const items = await this.compute(em, city, req.period, req.insutype, BigInt(req.annualRateFen), req.institutions);
    const summary = this.summary(city, req.period, req.insutype, req.annualRateFen, items);
    return this.approvals.propose<CapitationProposal>({
      action: CAPITATION_ACTION,
      targetType: 'capitation',
      targetId: `${city}/${req.period}/${req.insutype}`,
      admdvs: city,
      payload: { ...summary, reason: req.reason },
      reason: req.reason,
      items: items.map((item) => ({ key: item.institutionCode, item })),
    });
  }

  /** A posted month with a page of its institutions; 404 before it was approved. */
  async read(q: CapitationQuery): Promise<CapitationView> {
    const city = this.city(q.admdvs);
    const em = this.orm.em.fork();
    const limit = q.limit ?? 50;
    const offset = q.offset ?? 0;
    const [c] = await em.execute<
      {
        id: string;
        approval_id: string;
        annual_rate_fen: string;
        institutions: number;
        enrolled: number;
        share_fen: string;
        item_paid_fen: string;
        total_adjustment_fen: string;
        digest: string;
        approved_by: string;
        approved_at: Date;
      }[]
    >(
      `select id::text as id, approval_id::text as approval_id, annual_rate_fen::text as annual_rate_fen, institutions, enrolled, share_fen::text as share_fen,
              item_paid_fen::text as item_paid_fen, total_adjustment_fen::text as total_adjustment_fen, digest, approved_by, approved_at
       from fund.capitation where admdvs = ? and period = ? and insutype = ?`,
      [city, q.period, q.insutype],
    );
    if (!c) throw new NotFoundError('capitation', `${city}/${q.period}/${q.insutype}`);
    const rows = await em.execute<
      {
        institution_code: string;
        enrolled: number;
        share_fen: string;
        settlements: number;
        item_paid_fen: string;
        adjustment_fen: string;
        steps: string[];
        entry_id: string | null;
      }[]
    >(
      `select institution_code, enrolled, share_fen::text as share_fen, settlements, item_paid_fen::text as item_paid_fen, adjustment_fen::text as adjustment_fen,
              steps, entry_id::text as entry_id
       from fund.capitation_item where capitation_id = ? order by institution_code limit ? offset ?`,
      [c.id, limit, offset],
    );
    return {
      summary: {
        admdvs: city,
        period: q.period,
        insutype: q.insutype,
        annualRateFen: c.annual_rate_fen,
        institutions: c.institutions,
        enrolled: c.enrolled,
        shareFen: c.share_fen,
        itemPaidFen: c.item_paid_fen,
        totalAdjustmentFen: c.total_adjustment_fen,
        digest: c.digest,
      },
      approvalId: c.approval_id,
      approvedBy: c.approved_by,
      approvedAt: new Date(c.approved_at).toISOString(),
      items: rows.map((r) => ({
        institutionCode: r.institution_code,
        enrolled: r.enrolled,
        shareFen: r.share_fen,
        settlements: r.settlements,
        itemPaidFen: r.item_paid_fen,
        adjustmentFen: r.adjustment_fen,
        steps: r.steps,
        entryId: r.entry_id,
      })),
      total: c.institutions,
      limit,
      offset,
    };
  }

  /** Runs inside the approval's transaction, as the approver: the figures are computed again and must equal the proposal's. */
  private async apply(em: EntityManager, p: CapitationProposal, approval: ApprovalView<CapitationProposal>): Promise<CapitationPostedPayload> {
    await em.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`fund.capitation/${p.admdvs}/${p.period}/${p.insutype}`]);
    await this.assertNotPosted(em, p.admdvs, p.period, p.insutype);
    const enrolment = (await this.approvals.allItems<CapitationItemView>(em, approval.id)).map((i) => i.item);
    const items = await this.compute(em, p.admdvs, p.period, p.insutype, BigInt(p.annualRateFen), enrolment);
    const summary = this.summary(p.admdvs, p.period, p.insutype, p.annualRateFen, items);
    if (summary.digest !== p.digest) {
      throw new ConflictError(
        'FUND.CAPITATION_CHANGED',
        `the outpatient settlements of ${p.admdvs} ${p.period} changed since the proposal: withdraw it and propose again`,
        { field: 'period', reason: 'settlements changed' },
      );
    }
    const id = newUuidV7();
    const period = LocalDate.fromInstant(this.clock.now(), 'now').toString().slice(0, 7);
    const moving = items.filter((i) => BigInt(i.adjustmentFen) !== 0n);
    const postings: Posting[] = [];
    for (const i of moving) {
      const fen = BigInt(i.adjustmentFen);
      const { expense, payable } = await openAccounts(this.ledger, em, { poolarea: p.admdvs, insutype: p.insutype, institutionCode: i.institutionCode });
      const amount = Money.fromFen(fen < 0n ? -fen : fen);
      postings.push({
        admdvs: p.admdvs,
        period,
        cause: { type: 'case-payment', id: `${p.admdvs}/${p.period}/capitation/${i.institutionCode}/${p.insutype}` },
        memo: `${p.period} 按人头付费 ${i.institutionCode}（${p.insutype}）签约 ${i.enrolled} 人，与按项目已付之差${fen > 0n ? '补付' : '扣回'} ${amount.format()}`,
        lines: payableLines(expense, payable, amount, fen > 0n),
      });
    }
    const posted = await this.ledger.postMany(em, postings, { targetType: 'capitation', targetId: id, admdvs: p.admdvs });
    const entryOf = new Map(moving.map((i, k) => [i.institutionCode, posted[k].entryId]));
    await em.execute(
      `insert into fund.capitation (id, admdvs, period, insutype, approval_id, annual_rate_fen, institutions, enrolled, share_fen, item_paid_fen, total_adjustment_fen,
         digest, proposed_by, approved_by, approved_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        p.admdvs,
        p.period,
        p.insutype,
        approval.id,
        p.annualRateFen,
        summary.institutions,
        summary.enrolled,
        summary.shareFen,
        summary.itemPaidFen,
        summary.totalAdjustmentFen,
        summary.digest,
        approval.proposedBy.id,
        approval.decidedBy?.id ?? '',
        this.clock.now(),
      ],
    );
    await em.execute(
      `insert into fund.capitation_item (capitation_id, institution_code, enrolled, share_fen, settlements, item_paid_fen, adjustment_fen, steps, entry_id)
       select ?, x.institution_code, x.enrolled, x.share_fen, x.settlements, x.item_paid_fen, x.adjustment_fen, x.steps, x.entry_id
       from jsonb_to_recordset(?::jsonb) as x(institution_code text, enrolled int, share_fen bigint, settlements int, item_paid_fen bigint, adjustment_fen bigint, steps jsonb, entry_id uuid)`,
      [
        id,
        JSON.stringify(
          items.map((i) => ({
            institution_code: i.institutionCode,
            enrolled: i.enrolled,
            share_fen: i.shareFen,
            settlements: i.settlements,
            item_paid_fen: i.itemPaidFen,
            adjustment_fen: i.adjustmentFen,
            steps: i.steps,
            entry_id: entryOf.get(i.institutionCode) ?? null,
          })),
        ),
      ],
    );
    const result: CapitationPostedPayload = {
      capitationId: id,
      approvalId: approval.id,
      admdvs: p.admdvs,
      period: p.period,
      insutype: p.insutype,
      institutions: summary.institutions,
      totalAdjustmentFen: summary.totalAdjustmentFen,
      digest: summary.digest,
    };
    await this.audit.record(em, {
      action: 'fund.capitation.posted',
      targetType: 'capitation',
      targetId: `${p.admdvs}/${p.period}/${p.insutype}`,
      admdvs: p.admdvs,
      before: null,
      after: { ...result },
      detail: { annualRateFen: p.annualRateFen, enrolled: summary.enrolled, reason: p.reason },
    });
    await this.outbox.add<CapitationPostedPayload>(em, {
      subject: CapitationEventSubjects.CapitationPosted,
      type: 'CapitationPosted',
      admdvs: p.admdvs,
      aggregateId: id,
      payload: result,
    });
    return result;
  }

  /** Each listed institution's outpatient settlements of the month (basic fund, not reversed) against its share by head. */
  private async compute(
    em: EntityManager,
    city: string,
    period: string,
    insutype: string,
    annualRateFen: bigint,
    enrolment: readonly { institutionCode: string; enrolled: number }[],
  ): Promise<CapitationItemView[]> {
    const codes = enrolment.map((e) => e.institutionCode);
    const rows = await em.execute<{ institution_code: string; settlements: number; item_paid_fen: string }[]>(
      `select institution_code, count(*)::int as settlements, sum(hifp_pay_fen)::text as item_paid_fen
       from fund.settled_case
       where admdvs = ? and insutype = ? and institution_code = any(?::text[]) and inpatient = false and not reversed
         and setl_date >= ?::date and setl_date < (?::date + interval '1 month')
       group by institution_code`,
      [city, insutype, `{${codes.join(',')}}`, `${period}-01`, `${period}-01`],
    );
    const by = new Map(rows.map((r) => [r.institution_code, r]));
    return [...enrolment]
      .sort((a, b) => a.institutionCode.localeCompare(b.institutionCode))
      .map((e) => {
        const r = by.get(e.institutionCode);
        return capitationLine(annualRateFen, e, { settlements: r?.settlements ?? 0, itemPaidFen: BigInt(r?.item_paid_fen ?? '0') });
      });
  }

  private summary(admdvs: string, period: string, insutype: string, annualRateFen: string, items: CapitationItemView[]): Omit<CapitationProposal, 'reason'> {
    const sum = (k: 'shareFen' | 'itemPaidFen' | 'adjustmentFen') => items.reduce((s, i) => s + BigInt(i[k]), 0n).toString();
    return {
      admdvs,
      period,
      insutype,
      annualRateFen,
      institutions: items.length,
      enrolled: items.reduce((s, i) => s + i.enrolled, 0),
      shareFen: sum('shareFen'),
      itemPaidFen: sum('itemPaidFen'),
      totalAdjustmentFen: sum('adjustmentFen'),
      digest: digestOf({ admdvs, period, insutype, annualRateFen }, items),
    };
  }

  private city(admdvs: string): string {
    const city = poolingRegion(admdvs, 'capitation');
    if (!canSee(currentActor(), city)) throw new NotFoundError('pooling region', city);
    return city;
  }

  private async assertNotPosted(em: EntityManager, city: string, period: string, insutype: string): Promise<void> {
    const [done] = await em.execute<{ id: string }[]>(`select id::text as id from fund.capitation where admdvs = ? and period = ? and insutype = ?`, [
      city,
      period,
      insutype,
    ]);
    if (done) {
      throw new ConflictError(
        'FUND.CAPITATION_ALREADY_POSTED',
        `${city} ${period} (${insutype}) was already paid by head (${done.id}): a month is posted once`,
        {
          field: 'period',
          reason: 'already posted',
        },
      );
    }
  }

  /** After the month (Beijing date): its outpatient settlements are what the share replaces. */
  private assertMonthEnded(period: string): void {
    const month = LocalDate.fromInstant(this.clock.now(), 'now').toString().slice(0, 7);
    if (period >= month) {
      throw new DomainError('FUND.MONTH_NOT_ENDED', `period: ${period} has not ended; a month is paid by head after its end`, {
        field: 'period',
        reason: 'month not ended',
      });
    }
  }
}
