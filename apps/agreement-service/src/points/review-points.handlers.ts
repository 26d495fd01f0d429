import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  AgreementSubjects,
  DecidePointsProposalRequest,
  ListPointsProposalsRequest,
  type Page,
  type PointsProposalView,
  VIOLATION_CONFIRMED_SUBJECT,
  ViolationConfirmedEvent,
} from '@mi/contracts';
import { InboxService, type MiRpcContext } from '@mi/platform';
import { EligibilityCache } from '../eligibility/eligibility-cache';
import { ReviewPointsService } from './review-points.service';

@Controller()
export class ReviewPointsHandlers {
  constructor(
    private readonly review: ReviewPointsService,
    private readonly inbox: InboxService,
    private readonly cache: EligibilityCache,
  ) {}

  /** 违规确认 → 记分 of the named practitioners, once per event (inbox + unique source key). */
  @EventPattern<string>(VIOLATION_CONFIRMED_SUBJECT)
  async onViolationConfirmed(@Payload() e: ViolationConfirmedEvent, @Ctx() ctx: MiRpcContext): Promise<void> {
    let touched: string[] = [];
    await this.inbox.runOnce(ctx.getDelivery()?.consumer ?? 'agreement-service', e.id, async (em) => {
      touched = await this.review.onViolationConfirmed(em, e);
    });
    for (const code of new Set(touched)) await this.cache.refreshInstitution(code);
  }

  @MessagePattern(AgreementSubjects.listPointsProposals)
  list(@Payload() req: ListPointsProposalsRequest): Promise<Page<PointsProposalView>> {
    return this.review.list(req);
  }

  @MessagePattern(AgreementSubjects.decidePointsProposal)
  decide(@Payload() req: DecidePointsProposalRequest): Promise<PointsProposalView> {
    return this.review.decide(req);
  }
}
