import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  AgreementEventSubjects,
  AgreementSuspendedEvent,
  AgreementTerminatedEvent,
  CreditSubjects,
  PointsDeductedEvent,
  SupervisionProfileRequest,
  type SupervisionProfileView,
} from '@mi/contracts';
import { InboxService, type MiRpcContext } from '@mi/platform';
import { CreditScoringService } from './credit-scoring.service';
import { PractitionerPointsService } from './practitioner-points.service';

/** Credit events from agreement decisions (一户一档): each changes the institution's score once. */
@Controller()
export class CreditScoringHandlers {
  constructor(
    private readonly scoring: CreditScoringService,
    private readonly practitioners: PractitionerPointsService,
    private readonly inbox: InboxService,
  ) {}

  @EventPattern<string>(AgreementEventSubjects.AgreementSuspended)
  async onSuspended(@Payload() e: AgreementSuspendedEvent, @Ctx() ctx: MiRpcContext): Promise<void> {
    const p = e.payload;
    const delta = this.scoring.deltaFor(e.admdvs, p.kind);
    await this.inbox.runOnce(ctx.getDelivery()?.consumer ?? 'credit-service', e.id, (em) =>
      this.scoring.apply(em, {
        eventId: e.id,
        occurredAt: e.occurredAt,
        subjectCode: p.institutionCode,
        admdvs: e.admdvs,
        kind: 'SUSPENDED',
        sourceSubject: AgreementEventSubjects.AgreementSuspended,
        evidence: { agreementId: p.agreementId, suspensionId: p.suspensionId },
        delta,
        summary: `协议暂停 (${p.kind}) ${p.startsOn}–${p.endsOn}: ${p.reason}; 依据 ${p.legalBasis}`,
      }),
    );
  }

  @EventPattern<string>(AgreementEventSubjects.AgreementTerminated)
  async onTerminated(@Payload() e: AgreementTerminatedEvent, @Ctx() ctx: MiRpcContext): Promise<void> {
    const p = e.payload;
    await this.inbox.runOnce(ctx.getDelivery()?.consumer ?? 'credit-service', e.id, (em) =>
      this.scoring.apply(em, {
        eventId: e.id,
        occurredAt: e.occurredAt,
        subjectCode: p.institutionCode,
        admdvs: e.admdvs,
        kind: 'TERMINATED',
        sourceSubject: AgreementEventSubjects.AgreementTerminated,
        evidence: { agreementId: p.agreementId, ground: String(p.ground) },
        delta: this.scoring.deltaFor(e.admdvs, 'TERMINATION'),
        summary: `协议解除 (第${p.ground}项${p.automatic ? '，自动' : ''}): ${p.reason}`,
      }),
    );
  }

  @EventPattern<string>(AgreementEventSubjects.PointsDeducted)
  async onPoints(@Payload() e: PointsDeductedEvent, @Ctx() ctx: MiRpcContext): Promise<void> {
    const p = e.payload;
    const consumer = ctx.getDelivery()?.consumer ?? 'credit-service';
    if (p.subjectType === 'practitioner') {
      await this.inbox.runOnce(consumer, e.id, (em) => this.practitioners.onPoints(em, e));
      return;
    }
    await this.inbox.runOnce(consumer, e.id, (em) =>
      this.scoring.apply(em, {
        eventId: e.id,
        occurredAt: e.occurredAt,
        subjectCode: p.subjectCode,
        admdvs: e.admdvs,
        kind: 'POINTS',
        sourceSubject: AgreementEventSubjects.PointsDeducted,
        evidence: { item: p.item, year: String(p.year) },
        delta: this.scoring.deltaFor(e.admdvs, 'PER_POINT') * p.points,
        summary: `12分制记分 ${p.points} 分（${p.item}），${p.year}年累计 ${p.total} 分${p.consequence ? `，${p.consequence}` : ''}`,
      }),
    );
  }

  @MessagePattern(CreditSubjects.supervisionProfile)
  profile(@Payload() req: SupervisionProfileRequest): Promise<SupervisionProfileView> {
    return this.scoring.profile(req.subjectCode);
  }
}
