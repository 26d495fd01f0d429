import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CreditListEventSubjects, SubjectDelistedEvent, SubjectListedEvent } from '@mi/contracts';
import { InboxService, type MiRpcContext } from '@mi/platform';
import type { EntityManager } from '@mikro-orm/postgresql';
import { EligibilityCache } from '../eligibility/eligibility-cache';
import { CreditListingService } from './credit-listing.service';

@Controller()
export class CreditListingHandlers {
  constructor(
    private readonly listings: CreditListingService,
    private readonly inbox: InboxService,
    private readonly cache: EligibilityCache,
  ) {}

  /** 列入黑名单 → the practitioner may not settle for the period, once per event (inbox). */
  @EventPattern<string>(CreditListEventSubjects.SubjectListed)
  onListed(@Payload() e: SubjectListedEvent, @Ctx() ctx: MiRpcContext): Promise<void> {
    return this.once(ctx, e.id, (em) => this.listings.onListed(em, e));
  }

  /** 移出黑名单 → settlement allowed again from then. */
  @EventPattern<string>(CreditListEventSubjects.SubjectDelisted)
  onDelisted(@Payload() e: SubjectDelistedEvent, @Ctx() ctx: MiRpcContext): Promise<void> {
    return this.once(ctx, e.id, (em) => this.listings.onDelisted(em, e));
  }

  private async once(ctx: MiRpcContext, eventId: string, work: (em: EntityManager) => Promise<string | undefined>): Promise<void> {
    let touched: string | undefined;
    await this.inbox.runOnce(ctx.getDelivery()?.consumer ?? 'agreement-service', eventId, async (em) => {
      touched = await work(em);
    });
    // This replica answers from the new state at once; the others refresh on RegistryChanged.
    if (touched) await this.cache.refreshPractitioner(touched);
  }
}
