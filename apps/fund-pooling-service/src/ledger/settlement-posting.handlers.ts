import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ClaimSettledEvent, ReviewEventSubjects } from '@mi/contracts';
import { Money } from '@mi/domain';
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
    const city = p.poolarea;
    const expense = `${city}-${p.insutype}-EXPENSE`;
    const payable = `${city}-${p.insutype}-PAYABLE-${p.institutionCode}`;
    const amount = fund.abs();
    await this.inbox.runOnce(ctx.getDelivery()?.consumer ?? 'fund-pooling-service', e.id, async (em) => {
      await this.ledger.openAccount(em, { code: expense, name: `${city} ${p.insutype} 统筹基金支出`, kind: 'expense', admdvs: city, insutype: p.insutype });
      await this.ledger.openAccount(em, {
        code: payable,
        name: `${city} ${p.insutype} 应付 ${p.institutionCode}`,
        kind: 'liability',
        admdvs: city,
        insutype: p.insutype,
        institutionCode: p.institutionCode,
      });
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
}
