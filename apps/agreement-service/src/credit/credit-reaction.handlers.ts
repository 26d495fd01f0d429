import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CreditEventSubjects, CreditLevelChangedEvent } from '@mi/contracts';
import { InboxService, type MiRpcContext } from '@mi/platform';
import { EligibilityCache } from '../eligibility/eligibility-cache';
import { CreditReactionService } from './credit-reaction.service';

@Controller()
export class CreditReactionHandlers {
  constructor(
    private readonly reactions: CreditReactionService,
    private readonly inbox: InboxService,
    private readonly cache: EligibilityCache,
  ) {}

  /** 信用等级降为D → suspension proposed or recorded (per city), once per event (inbox). */
  @EventPattern<string>(CreditEventSubjects.CreditLevelChanged)
  async onCreditLevelChanged(@Payload() e: CreditLevelChangedEvent, @Ctx() ctx: MiRpcContext): Promise<void> {
    let touched: string | undefined;
    await this.inbox.runOnce(ctx.getDelivery()?.consumer ?? 'agreement-service', e.id, async (em) => {
      touched = await this.reactions.onLevelChanged(em, e);
    });
    if (touched) await this.cache.refreshInstitution(touched);
  }
}
