import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AgreementEventSubjects, AgreementResumedEvent, AgreementSuspendedEvent, AgreementTerminatedEvent } from '@mi/contracts';
import { InboxService, type MiRpcContext } from '@mi/platform';
import { type HoldTransition, PaymentHoldService } from './payment-hold.service';

type AgreementTransitionEvent = AgreementSuspendedEvent | AgreementResumedEvent | AgreementTerminatedEvent;

/** Agreement transitions → the institution's payment hold, each event once (inbox). */
@Controller()
export class PaymentHoldHandlers {
  constructor(
    private readonly holds: PaymentHoldService,
    private readonly inbox: InboxService,
  ) {}

  @EventPattern<string>(AgreementEventSubjects.AgreementSuspended)
  onSuspended(@Payload() e: AgreementSuspendedEvent, @Ctx() ctx: MiRpcContext): Promise<void> {
    const p = e.payload;
    return this.apply(ctx, e, 'SUSPENDED', `协议中止（${p.kind}）${p.startsOn}–${p.endsOn}：${p.reason}；依据 ${p.legalBasis}`);
  }

  @EventPattern<string>(AgreementEventSubjects.AgreementResumed)
  onResumed(@Payload() e: AgreementResumedEvent, @Ctx() ctx: MiRpcContext): Promise<void> {
    return this.apply(ctx, e, 'RELEASED', `协议恢复（${e.payload.cause}）`);
  }

  @EventPattern<string>(AgreementEventSubjects.AgreementTerminated)
  onTerminated(@Payload() e: AgreementTerminatedEvent, @Ctx() ctx: MiRpcContext): Promise<void> {
    const p = e.payload;
    return this.apply(ctx, e, 'TERMINATED', `协议解除（第${p.ground}项${p.automatic ? '，自动' : ''}）：${p.reason}`);
  }

  private async apply(ctx: MiRpcContext, e: AgreementTransitionEvent, to: HoldTransition['to'], reason: string): Promise<void> {
    const p = e.payload;
    await this.inbox.runOnce(ctx.getDelivery()?.consumer ?? 'fund-pooling-service', e.id, (em) =>
      this.holds.transition(em, {
        eventId: e.id,
        city: p.poolarea,
        institutionCode: p.institutionCode,
        agreementId: p.agreementId,
        to,
        reason,
        effectiveAt: p.effectiveAt,
      }),
    );
  }
}
