import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { DEDUCTION_CONFIRMED_SUBJECT, DeductionConfirmedEvent, VIOLATION_CONFIRMED_SUBJECT, ViolationConfirmedEvent } from '@mi/contracts';
import { Money } from '@mi/domain';
import { InboxService, type MiRpcContext } from '@mi/platform';
import { CreditScoringService } from './credit-scoring.service';

/**
 * Credit events from claims review (一户一档/一人一档): a confirmed violation (违规确认) lowers the
 * institution's score by its severity and is entered in the file of every named practitioner
 * (opened at the base score when the practitioner has none yet); an approved deduction (扣款) adds its own weight. Each event counts once per file (inbox
 * plus a unique (file, event) key); each entry names its source and evidence.
 */
const fromReview = (e: { id: string; occurredAt: string; admdvs: string }, sourceSubject: string) =>
  ({ eventId: e.id, occurredAt: e.occurredAt, admdvs: e.admdvs, source: 'review', sourceSubject }) as const;

@Controller()
export class ReviewCreditHandlers {
  constructor(
    private readonly scoring: CreditScoringService,
    private readonly inbox: InboxService,
  ) {}

  @EventPattern<string>(VIOLATION_CONFIRMED_SUBJECT)
  async onViolationConfirmed(@Payload() e: ViolationConfirmedEvent, @Ctx() ctx: MiRpcContext): Promise<void> {
    const p = e.payload;
    const evidence = { caseId: p.caseId, caseNo: p.caseNo, settlementId: p.settlementId, setlId: p.setlId };
    const what =
      `违规确认：案件 ${p.caseNo}（结算 ${p.setlId}，规则 ${p.ruleIds.join('、') || '—'}，严重程度 ${p.severity}，` +
      `金额 ${Money.fromFen(BigInt(p.amountFen)).format()}，${p.outcome === 'DEDUCTED' ? '已扣款' : '警示未扣款'}，${p.confirmedOn}）`;
    await this.inbox.runOnce(ctx.getDelivery()?.consumer ?? 'credit-service', e.id, async (em) => {
      await this.scoring.apply(em, {
        ...fromReview(e, VIOLATION_CONFIRMED_SUBJECT),
        subjectCode: p.institutionCode,
        kind: 'VIOLATION',
        delta: this.scoring.violationDelta(e.admdvs, 'institution', p.severity),
        summary: what,
        evidence,
      });
      for (const code of new Set(p.practitionerCodes)) {
        await this.scoring.apply(em, {
          ...fromReview(e, VIOLATION_CONFIRMED_SUBJECT),
          subjectType: 'practitioner',
          subjectCode: code,
          kind: 'VIOLATION',
          delta: this.scoring.violationDelta(e.admdvs, 'practitioner', p.severity),
          summary: `${what}；涉及机构 ${p.institutionCode}`,
          evidence: { ...evidence, institutionCode: p.institutionCode },
        });
      }
    });
  }

  @EventPattern<string>(DEDUCTION_CONFIRMED_SUBJECT)
  async onDeductionConfirmed(@Payload() e: DeductionConfirmedEvent, @Ctx() ctx: MiRpcContext): Promise<void> {
    const p = e.payload;
    await this.inbox.runOnce(ctx.getDelivery()?.consumer ?? 'credit-service', e.id, async (em) => {
      await this.scoring.apply(em, {
        ...fromReview(e, DEDUCTION_CONFIRMED_SUBJECT),
        subjectCode: p.institutionCode,
        kind: 'DEDUCTION',
        delta: this.scoring.deltaFor(e.admdvs, 'DEDUCTION'),
        summary: `扣款 ${Money.fromFen(BigInt(p.amountFen)).format()}（结算 ${p.setlId}，${p.setlDate}）：${p.reason}`.slice(0, 1000),
        evidence: { deductionId: p.deductionId, settlementId: p.settlementId, setlId: p.setlId },
      });
    });
  }
}
