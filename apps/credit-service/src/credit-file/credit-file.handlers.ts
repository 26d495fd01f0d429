import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  type CreditFileDetailView,
  type CreditRankingItemView,
  CreditRankingRequest,
  EventSubjects,
  GetCreditFileRequest,
  InstitutionRegisteredEvent,
  type Page,
  Subjects,
} from '@mi/contracts';
import { InboxService, type MiRpcContext } from '@mi/platform';
import { CreditFileService } from './credit-file.service';

@Controller()
export class CreditFileHandlers {
  constructor(
    private readonly files: CreditFileService,
    private readonly inbox: InboxService,
  ) {}

  @EventPattern<string>(EventSubjects.agreement.InstitutionRegistered)
  async onInstitutionRegistered(@Payload() event: InstitutionRegisteredEvent, @Ctx() ctx: MiRpcContext): Promise<void> {
    const consumer = ctx.getDelivery()?.consumer ?? 'credit-service';
    await this.inbox.runOnce(consumer, event.id, (em) => this.files.openForInstitution(em, event));
  }

  @MessagePattern(Subjects.credit.getCreditFile)
  get(@Payload() req: GetCreditFileRequest): Promise<CreditFileDetailView> {
    return this.files.get(req.subjectType, req.subjectCode);
  }

  @MessagePattern(Subjects.credit.creditRanking)
  ranking(@Payload() req: CreditRankingRequest): Promise<Page<CreditRankingItemView>> {
    return this.files.ranking(req);
  }
}
