import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ClaimSettledEvent, DEDUCTION_CONFIRMED_SUBJECT, DeductionConfirmedEvent, ReviewEventSubjects, type SettlementRefDto } from '@mi/contracts';
import { LocalDate, Money } from '@mi/domain';
import { InboxService, type MiRpcContext } from '@mi/platform';
import { LedgerService } from './ledger.service';

/**
 * Every accepted settlement becomes a liability to the institution for what the pooled fund owes
 * (统筹基金支付): debit the city fund's expense, credit the institution's payable, one entry per
 * event (cause = event id), so a redelivered or replayed event cannot post twice. A reversal
 * (negative amounts) posts the opposite entry. Accounts are opened on first use.
 */
@Controller()
export class SettlementPostingHandlers {
  constructor(
    private readonly ledger: LedgerService,
    private readonly inbox: InboxService,
  ) {}

  @EventPattern<string>(ReviewEventSubjects.ClaimSettled)
  async onClaimSettled(@Payload() e: ClaimSettledEvent, @Ctx() ctx: MiRpcContext): Promise<void> {
    const p = e.payload;
    const fund = Money.fromFen(BigInt(p.hifpPayFen));
    if (fund.isZero()) return;
    const amount = fund.abs();
    const city = p.poolarea;
    await this.inbox.runOnce(ctx.getDelivery()?.consumer ?? 'fund-pooling-service', e.id, async (em) => {
      const { expense, payable } = await this.openAccounts(em, p);
      const forward = !fund.isNegative();
      await this.ledger.post(em, {
        admdvs: city,
        period: p.setlDate.slice(0, 7),
        cause: { type: 'claim-settled', id: e.id },
        memo: `${forward ? '结算' : '冲正'} ${p.setlId}（${p.institutionCode}）统筹支付 ${amount.format()}`,
        lines: forward
          ? [
              { account: expense, debit: amount },
              { account: payable, credit: amount },
            ]
          : [
              { account: payable, debit: amount },
              { account: expense, credit: amount },
            ],
      });
    });
  }

  /**
   * 扣款 — an approved deduction reduces what the fund owes the institution: debit the payable,
   * credit the fund's expense, one entry per event. It is posted in the period it was confirmed
   * (Beijing date), not the settlement's: that period may be closed by then.
   */
  @EventPattern<string>(DEDUCTION_CONFIRMED_SUBJECT)
  async onDeductionConfirmed(@Payload() e: DeductionConfirmedEvent, @Ctx() ctx: MiRpcContext): Promise<void> {
    const p = e.payload;
    const amount = Money.fromFen(BigInt(p.amountFen));
    const city = p.poolarea;
    await this.inbox.runOnce(ctx.getDelivery()?.consumer ?? 'fund-pooling-service', e.id, async (em) => {
      const { expense, payable } = await this.openAccounts(em, p);
      await this.ledger.post(em, {
        admdvs: city,
        period: LocalDate.fromInstant(new Date(e.occurredAt), 'occurredAt').toString().slice(0, 7),
        cause: { type: 'deduction', id: e.id },
        memo: `扣款 ${p.setlId}（${p.institutionCode}）${amount.format()}：${p.reason}`.slice(0, 500),
        lines: [
          { account: payable, debit: amount },
          { account: expense, credit: amount },
        ],
      });
    });
  }

  /** The city fund's expense and the institution's payable for the settlement's insurance type, opened on first use. */
  private async openAccounts(em: EntityManager, p: SettlementRefDto): Promise<{ expense: string; payable: string }> {
    const city = p.poolarea;
    const expense = `${city}-${p.insutype}-EXPENSE`;
    const payable = `${city}-${p.insutype}-PAYABLE-${p.institutionCode}`;
    await this.ledger.openAccount(em, { code: expense, name: `${city} ${p.insutype} 统筹基金支出`, kind: 'expense', admdvs: city, insutype: p.insutype });
    await this.ledger.openAccount(em, {
      code: payable,
      name: `${city} ${p.insutype} 应付 ${p.institutionCode}`,
      kind: 'liability',
      admdvs: city,
      insutype: p.insutype,
      institutionCode: p.institutionCode,
    });
    return { expense, payable };
  }
}
