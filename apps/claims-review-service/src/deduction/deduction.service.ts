import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  type ApprovalView,
  DEDUCTION_ACTION,
  DEDUCTION_CONFIRMED_SUBJECT,
  type DeductionConfirmedPayload,
  type DeductionView,
  type ProposeDeductionRequest,
} from '@mi/contracts';
import { type Clock, ConflictError, DomainError, Money, NotFoundError } from '@mi/domain';
import { ApprovalService, AuditService, canSee, CLOCK, currentActor, newUuidV7, OutboxService, requireRole } from '@mi/platform';
import { type CaseRow, CaseService } from '../case/case.service';

interface DeductionPayload {
  settlementId: string;
  caseId?: string;
  amountFen: string;
  findingIds: string[];
  reason: string;
}

interface SettlementRow {
  id: string;
  setl_id: string;
  fixmedins_code: string;
  poolarea: string;
  admdvs: string;
  insutype: string;
  setl_date: string;
  hifp_pay_fen: string;
  review_status: string;
  reversed_by: string | null;
}

/**
 * 扣款 — withholding part of the pooled fund's share of a reviewed settlement. A reviewer (or city
 * officer) proposes with a reason; a different reviewer or city officer of the region approves
 * (maker-checker). Nothing is withheld until approval: then, in one transaction with the approval
 * row and its audit, the deduction is stored and `DeductionConfirmed` goes to the outbox. The total
 * withheld from a settlement never exceeds its 统筹基金支付 (checked at proposal and again, under a
 * row lock, at approval; the approval service keeps one proposal per settlement pending at a time).
 */
@Injectable()
export class DeductionService implements OnModuleInit {
  constructor(
    private readonly orm: MikroORM,
    private readonly approvals: ApprovalService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly cases: CaseService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.approvals.register<DeductionPayload, DeductionView>(DEDUCTION_ACTION, {
      requiredRoles: ['reviewer', 'city-officer'],
      describe: (p) => `deduct ${Money.fromFen(BigInt(p.amountFen)).format()} from settlement ${p.settlementId}`,
      apply: (em, p, approval) => this.confirm(em, p, approval),
    });
  }

  async propose(req: ProposeDeductionRequest): Promise<ApprovalView> {
    const actor = currentActor();
    requireRole(actor, ['reviewer', 'city-officer'], 'propose a deduction');
    const em = this.orm.em.fork();
    const s = await this.settlement(em, req.settlementId, false);
    // Another region's settlement is answered like one that does not exist.
    if (!canSee(actor, s.admdvs)) throw new NotFoundError('settlement', req.settlementId);
    const findingIds = [...new Set(req.findingIds ?? [])];
    if (findingIds.length > 0) {
      const found = await em.execute<{ id: string }[]>(`select id::text as id from review.finding where settlement_id = ? and id = any(?::uuid[])`, [
        s.id,
        `{${findingIds.join(',')}}`,
      ]);
      const missing = findingIds.filter((id) => !found.some((f) => f.id === id));
      if (missing.length > 0)
        throw new DomainError('VALIDATION', `findingIds: ${missing[0]} is not a finding of settlement ${s.setl_id}`, {
          field: 'findingIds',
          reason: 'not a finding of this settlement',
        });
    }
    await this.checkCase(em, s, req.caseId, false);
    await this.checkRoom(em, s, BigInt(req.amountFen));
    return this.approvals.propose<DeductionPayload>({
      action: DEDUCTION_ACTION,
      targetType: 'settlement',
      targetId: s.id,
      admdvs: s.admdvs,
      payload: { settlementId: s.id, ...(req.caseId ? { caseId: req.caseId } : {}), amountFen: req.amountFen, findingIds, reason: req.reason },
      reason: req.reason,
    });
  }

  private async confirm(em: EntityManager, p: DeductionPayload, approval: ApprovalView<DeductionPayload>): Promise<DeductionView> {
    const s = await this.settlement(em, p.settlementId, true);
    const amount = BigInt(p.amountFen);
    const reviewCase = await this.checkCase(em, s, p.caseId, true);
    await this.checkRoom(em, s, amount);
    const id = newUuidV7();
    const now = this.clock.now();
    await em.execute(
      `insert into review.deduction (id, settlement_id, setl_id, fixmedins_code, poolarea, amount_fen, finding_ids, reason, approval_id, proposed_by, approved_by, confirmed_at, case_id)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        s.id,
        s.setl_id,
        s.fixmedins_code,
        s.poolarea,
        p.amountFen,
        JSON.stringify(p.findingIds),
        p.reason,
        approval.id,
        approval.proposedBy.name,
        approval.decidedBy?.name ?? 'unknown',
        now,
        p.caseId ?? null,
      ],
    );
    if (reviewCase) await this.cases.closeDeducted(em, reviewCase, id, p.findingIds, approval.decidedBy?.name ?? 'unknown', now);
    await this.outbox.add<DeductionConfirmedPayload>(em, {
      subject: DEDUCTION_CONFIRMED_SUBJECT,
      type: 'DeductionConfirmed',
      admdvs: s.admdvs,
      aggregateId: s.id,
      payload: {
        deductionId: id,
        settlementId: s.id,
        setlId: s.setl_id,
        institutionCode: s.fixmedins_code,
        poolarea: s.poolarea,
        insutype: s.insutype,
        setlDate: s.setl_date,
        amountFen: p.amountFen,
        reason: p.reason,
        caseId: p.caseId ?? null,
      },
    });
    await this.audit.record(em, {
      action: DEDUCTION_ACTION,
      targetType: 'settlement',
      targetId: s.id,
      admdvs: s.admdvs,
      after: { deductionId: id, amountFen: p.amountFen, findingIds: p.findingIds, approvalId: approval.id },
    });
    return {
      id,
      settlementId: s.id,
      setlId: s.setl_id,
      institutionCode: s.fixmedins_code,
      poolarea: s.poolarea,
      amountFen: p.amountFen,
      findingIds: p.findingIds,
      reason: p.reason,
      caseId: p.caseId ?? null,
      approvalId: approval.id,
      confirmedAt: now.toISOString(),
    };
  }

  private async settlement(em: EntityManager, id: string, lock: boolean): Promise<SettlementRow> {
    const [s] = await em.execute<SettlementRow[]>(
      `select id::text as id, setl_id, fixmedins_code, poolarea, admdvs, insutype, setl_date::text as setl_date, hifp_pay_fen::text as hifp_pay_fen,
              review_status, reversed_by
       from review.settlement where id = ?${lock ? ' for update' : ''}`,
      [id],
    );
    if (!s) throw new NotFoundError('settlement', id);
    if (s.review_status === 'REVERSAL' || s.reversed_by)
      throw new ConflictError('REVIEW.SETTLEMENT_REVERSED', `settlement ${s.setl_id} is reversed (冲正); nothing is left to deduct`, { field: 'settlementId' });
    return s;
  }

  /** A settlement with an open case is deducted only from that case, once it has reached 处理. */
  private async checkCase(em: EntityManager, s: SettlementRow, caseId: string | undefined, lock: boolean): Promise<CaseRow | undefined> {
    if (caseId) return this.cases.requireDisposal(em, caseId, s.id, lock);
    const open = await this.cases.openCaseOf(em, s.id);
    if (open)
      throw new ConflictError(
        'REVIEW.CASE_OPEN',
        `settlement ${s.setl_id} has review case ${open.case_no} open at ${open.stage}; propose the deduction from that case`,
        {
          field: 'caseId',
          reason: 'the settlement has an open review case',
          caseId: open.id,
          stage: open.stage,
        },
      );
    return undefined;
  }

  private async checkRoom(em: EntityManager, s: SettlementRow, amount: bigint): Promise<void> {
    const [{ done }] = await em.execute<{ done: string }[]>(`select coalesce(sum(amount_fen), 0)::text as done from review.deduction where settlement_id = ?`, [
      s.id,
    ]);
    const room = BigInt(s.hifp_pay_fen) - BigInt(done);
    if (amount > room) {
      const fmt = (f: bigint): string => Money.fromFen(f).format();
      throw new DomainError(
        'VALIDATION',
        `amountFen: ${fmt(amount)} exceeds what is left to deduct from settlement ${s.setl_id} (统筹支付 ${fmt(BigInt(s.hifp_pay_fen))}, already deducted ${fmt(BigInt(done))})`,
        { field: 'amountFen', reason: 'more than the pooled fund paid' },
      );
    }
  }
}
