import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AnomalyConfirmedEvent } from '@mi/contracts';
import { InboxService, type MiRpcContext } from '@mi/platform';
import { CreditScoringService } from './credit-scoring.service';

/**
 * Credit events from intelligent monitoring (智能监控): an anomaly alert an officer confirmed enters
 * the institution's file (一户一档) with its weight from the city's policy, once per event (inbox
 * plus the file's unique (file, event) key), naming the alert, its window and explanation as
 * evidence. A person-level alert without an institution has no institution file to enter.
 */
@Controller()
export class MonitoringCreditHandlers {
  constructor(
    private readonly scoring: CreditScoringService,
    private readonly inbox: InboxService,
  ) {}

  @EventPattern<string>(AnomalyConfirmedEvent.SUBJECT)
  async onAnomalyConfirmed(@Payload() e: AnomalyConfirmedEvent, @Ctx() ctx: MiRpcContext): Promise<void> {
    const p = e.payload;
    await this.inbox.runOnce(ctx.getDelivery()?.consumer ?? 'credit-service', e.id, async (em) => {
      if (!p.institutionCode) return;
      await this.scoring.apply(em, {
        eventId: e.id,
        occurredAt: e.occurredAt,
        admdvs: e.admdvs,
        source: 'monitoring',
        sourceSubject: AnomalyConfirmedEvent.SUBJECT,
        subjectCode: p.institutionCode,
        kind: 'ANOMALY',
        delta: this.scoring.deltaFor(e.admdvs, 'ANOMALY'),
        summary: `预警确认（${p.type}，${p.from.slice(0, 10)}–${p.to.slice(0, 10)}）：${p.explanation}；确认意见：${p.note}`.slice(0, 1000),
        evidence: { alertId: p.alertId, type: p.type, settlements: String(p.settlementIds.length), decidedBy: p.decidedBy },
      });
    });
  }
}
