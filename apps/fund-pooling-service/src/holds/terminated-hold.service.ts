import { Controller, Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  type ApprovalView,
  ProposeTerminatedHoldDecisionRequest,
  TERMINATED_HOLD_DECIDED_SUBJECT,
  TERMINATED_HOLD_DECISION_ACTION,
  type TerminatedHoldDecidedPayload,
  type TerminatedHoldDecisionProposal,
  TerminatedHoldSubjects,
} from '@mi/contracts';
import { Admdvs, type Clock, ConflictError, DomainError, LocalDate, Money, NotFoundError } from '@mi/domain';
import { ApprovalService, AuditService, canSee, CLOCK, currentActor, OutboxService, requireRole } from '@mi/platform';
import { heldAccount, openFundAccount } from '../ledger/accounts';
import { LedgerService } from '../ledger/ledger.service';
import { PaymentHoldService } from './payment-hold.service';

type Held = Record<string, string>;

/**
 * 解除协议后暂缓款处理 — the bureau's decision on what is held for a TERMINATED institution, by
 * maker-checker: pay it out (debit held, credit the fund account) or return it to the fund (debit
 * held, credit the region's `…-HELD-RETURNED` income: the fund keeps it). Refused for an institution
 * that is not terminated or has nothing held. The approval re-reads the hold under a row lock and
 * refuses if what is held changed since the proposal (a run held more meanwhile); otherwise, in its
 * one transaction: one entry per insurance type (cause `terminated-hold-decision`,
 * `<approval>/<insutype>`), the audit row `fund.terminated-hold.decided` and
 * `evt.fund.TerminatedHoldDecided`. The hold stays TERMINATED: later runs keep holding.
 */
@Injectable()
export class TerminatedHoldService implements OnModuleInit {
  constructor(
    private readonly orm: MikroORM,
    private readonly approvals: ApprovalService,
    private readonly holds: PaymentHoldService,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.approvals.register<TerminatedHoldDecisionProposal, TerminatedHoldDecidedPayload['entries']>(TERMINATED_HOLD_DECISION_ACTION, {
      requiredRoles: ['city-officer'],
      describe: (p) =>
        `解除协议机构暂缓款 ${p.institutionCode}（${p.admdvs}）：${p.outcome === 'PAY_OUT' ? '拨付' : '退回基金'} ${Money.fromFen(sumOf(p.heldFen)).format()}`,
      apply: (em, p, approval) => this.apply(em, p, approval),
    });
  }

  async propose(req: ProposeTerminatedHoldDecisionRequest): Promise<ApprovalView<TerminatedHoldDecisionProposal>> {
    const actor = currentActor();
    requireRole(actor, ['city-officer'], 'decide on money held for a terminated institution');
    const a = Admdvs.parse(req.admdvs, 'admdvs');
    if (a.level !== 'city') throw new DomainError('VALIDATION', 'admdvs: holds are kept per pooling region (a city code)', { field: 'admdvs' });
    if (!canSee(actor, a.code)) throw new NotFoundError('pooling region', a.code);
    const heldFen = await this.check(this.orm.em.fork(), a.code, req.institutionCode, false);
    return this.approvals.propose<TerminatedHoldDecisionProposal>({
      action: TERMINATED_HOLD_DECISION_ACTION,
      targetType: 'institution',
      targetId: `${a.code}/${req.institutionCode}`,
      admdvs: a.code,
      payload: { admdvs: a.code, institutionCode: req.institutionCode, outcome: req.outcome, reason: req.reason, legalBasis: req.legalBasis, heldFen },
      reason: `${req.reason}（依据：${req.legalBasis}）`.slice(0, 1000),
    });
  }

  /** What is held (positive balances per insurance type), refusing an institution that is not terminated or has nothing held. */
  private async check(em: EntityManager, city: string, institutionCode: string, lock: boolean): Promise<Held> {
    const [hold] = await em.execute<{ state: string }[]>(
      `select state from fund.payment_hold where admdvs = ? and institution_code = ?${lock ? ' for update' : ''}`,
      [city, institutionCode],
    );
    if (hold?.state !== 'TERMINATED') {
      throw new ConflictError(
        'FUND.NOT_TERMINATED',
        `${institutionCode}'s agreement in ${city} is not terminated (${hold?.state ?? 'no hold'}): held money is released on resumption, not by decision`,
        { field: 'institutionCode', reason: 'not terminated', state: hold?.state ?? null },
      );
    }
    const held = Object.fromEntries(
      [...(await this.holds.heldBalances(em, city, institutionCode))].filter(([, fen]) => fen > 0n).map(([k, v]) => [k, v.toString()]),
    );
    if (Object.keys(held).length === 0) {
      throw new ConflictError('FUND.NOTHING_HELD', `nothing is held for ${institutionCode} in ${city}`, { field: 'institutionCode', reason: 'nothing held' });
    }
    return held;
  }

  /** Runs inside the approval's transaction, as the approver. */
  private async apply(
    em: EntityManager,
    p: TerminatedHoldDecisionProposal,
    approval: ApprovalView<TerminatedHoldDecisionProposal>,
  ): Promise<TerminatedHoldDecidedPayload['entries']> {
    const held = await this.check(em, p.admdvs, p.institutionCode, true);
    if (JSON.stringify(sorted(held)) !== JSON.stringify(sorted(p.heldFen))) {
      throw new ConflictError('FUND.HOLD_CHANGED', `what is held for ${p.institutionCode} changed since the proposal: withdraw it and propose again`, {
        field: 'institutionCode',
        reason: 'held amounts changed',
        proposed: p.heldFen,
        now: held,
      });
    }
    const period = LocalDate.fromInstant(this.clock.now(), 'now').toString().slice(0, 7);
    const entries: TerminatedHoldDecidedPayload['entries'] = [];
    for (const [insutype, fen] of sorted(held)) {
      const amount = Money.fromFen(BigInt(fen));
      const to = p.outcome === 'PAY_OUT' ? await openFundAccount(this.ledger, em, p.admdvs, insutype) : await this.openReturned(em, p.admdvs, insutype);
      const { entryId } = await this.ledger.post(em, {
        admdvs: p.admdvs,
        period,
        cause: { type: 'terminated-hold-decision', id: `${approval.id}/${insutype}` },
        memo: `${p.outcome === 'PAY_OUT' ? '解除协议后拨付暂缓款' : '解除协议后暂缓款收回基金'} ${p.institutionCode}（${insutype}）${amount.format()}：${p.reason}；依据 ${p.legalBasis}`.slice(
          0,
          500,
        ),
        lines: [
          { account: heldAccount(p.admdvs, insutype, p.institutionCode), debit: amount },
          { account: to, credit: amount },
        ],
      });
      entries.push({ insutype, amountFen: fen, entryId });
    }
    const decidedBy = approval.decidedBy?.id ?? '';
    await this.audit.record(em, {
      action: 'fund.terminated-hold.decided',
      targetType: 'institution',
      targetId: `${p.admdvs}/${p.institutionCode}`,
      admdvs: p.admdvs,
      before: { heldFen: held },
      after: { heldFen: {} },
      detail: { approvalId: approval.id, outcome: p.outcome, reason: p.reason, legalBasis: p.legalBasis, entries, proposedBy: approval.proposedBy.id },
    });
    await this.outbox.add<TerminatedHoldDecidedPayload>(em, {
      subject: TERMINATED_HOLD_DECIDED_SUBJECT,
      type: 'TerminatedHoldDecided',
      admdvs: p.admdvs,
      aggregateId: p.institutionCode,
      payload: { ...p, heldFen: held, approvalId: approval.id, decidedBy, entries },
    });
    return entries;
  }

  private async openReturned(em: EntityManager, city: string, insutype: string): Promise<string> {
    const code = `${city}-${insutype}-HELD-RETURNED`;
    await this.ledger.openAccount(em, { code, name: `${city} ${insutype} 解除协议暂缓款收回`, kind: 'income', admdvs: city, insutype });
    return code;
  }
}

const sumOf = (h: Held): bigint => Object.values(h).reduce((s, v) => s + BigInt(v), 0n);
const sorted = (h: Held): [string, string][] => Object.entries(h).sort(([a], [b]) => a.localeCompare(b));

@Controller()
export class TerminatedHoldHandlers {
  constructor(private readonly decisions: TerminatedHoldService) {}

  @MessagePattern(TerminatedHoldSubjects.propose)
  propose(@Payload() req: ProposeTerminatedHoldDecisionRequest): Promise<ApprovalView<TerminatedHoldDecisionProposal>> {
    return this.decisions.propose(req);
  }
}
