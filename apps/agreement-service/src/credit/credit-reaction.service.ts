import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { CreditLevelChangedEvent } from '@mi/contracts';
import { type Clock, DomainError, LocalDate } from '@mi/domain';
import { ApprovalService, AuditService, CLOCK } from '@mi/platform';
import { addMonths, checkSuspensionPeriod } from '../agreement/agreement-policy';
import { AgreementActions } from '../agreement/agreement.service';
import { AgreementEntity, SuspensionEntity } from '../agreement/agreement.entities';
import { AgreementTransitions, lockCurrentAgreement } from '../agreement/agreement-transitions';
import { InstitutionEntity } from '../institution/institution.entity';
import { creditReaction } from './credit-reaction-policy';

/**
 * 信用联动 — an institution whose credit level drops to D gets a suspension: proposed for an
 * officer to approve, or recorded at once, as its city configures. Runs in the inbox transaction of
 * the event; answers the institution whose eligibility may have changed.
 */
@Injectable()
export class CreditReactionService {
  constructor(
    private readonly approvals: ApprovalService,
    private readonly transitions: AgreementTransitions,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onLevelChanged(em: EntityManager, e: CreditLevelChangedEvent): Promise<string | undefined> {
    const p = e.payload;
    if (p.subjectType !== 'institution' || p.to !== 'D' || p.from === 'D') return undefined;
    const institution = await em.findOne(InstitutionEntity, { code: p.subjectCode });
    if (!institution) return undefined;
    const policy = creditReaction(institution.poolarea);
    const skip = async (reason: string, extra: Record<string, unknown> = {}) => {
      await this.audit.record(em, {
        action: 'agreement.credit-d.skipped',
        targetType: 'institution',
        targetId: institution.code,
        admdvs: institution.admdvs,
        detail: { eventId: e.id, from: p.from, to: p.to, score: p.score, reason, ...extra },
      });
      return undefined;
    };
    if (policy.onLevelD === 'none') return skip(`city ${institution.poolarea} takes no action on level D`);
    const today = LocalDate.fromInstant(this.clock.now());
    const agreement =
      policy.onLevelD === 'suspend'
        ? await lockCurrentAgreement(em, institution.code, today)
        : await em.findOne(AgreementEntity, { institutionCode: institution.code, validFrom: { $lte: today.toString() } }, { orderBy: { validFrom: 'desc' } });
    if (!agreement || (agreement.status !== 'ACTIVE' && agreement.status !== 'SUSPENDED')) return skip('no agreement in force');
    // Proposed: from tomorrow (the approval takes time); automatic: from today.
    const startsOn = policy.onLevelD === 'suspend' ? today : today.plusDays(1);
    const lastDay = addMonths(startsOn, policy.suspensionMonths).minusDays(1);
    const validTo = LocalDate.parse(agreement.validTo);
    const period = { startsOn, endsOn: lastDay.isAfter(validTo) ? validTo : lastDay };
    const reason = `信用等级由${p.from}级降为D级（信用分${p.score}），依城市配置${policy.onLevelD === 'suspend' ? '自动中止协议' : '提请中止协议'}`;
    const suspensions = await em.find(SuspensionEntity, { agreementId: agreement.id, status: { $ne: 'ENDED' } });
    try {
      checkSuspensionPeriod(period, agreement, suspensions);
    } catch (err) {
      if (err instanceof DomainError) return skip(err.message, { code: err.code });
      throw err;
    }
    if (policy.onLevelD === 'suspend') {
      await this.transitions.suspend(em, agreement, { kind: 'MANDATORY', reason, legalBasis: policy.legalBasis, ...period });
      return institution.code;
    }
    return this.propose(em, e, institution, agreement, { reason, legalBasis: policy.legalBasis, ...period }, skip);
  }

  /**
   * The proposal is its own transaction (ApprovalService); it carries the event id, so a
   * redelivery after a crash between that commit and the inbox's finds it and proposes nothing.
   * Nothing is written in the inbox transaction before it (the audit chain lock would wait on it).
   */
  private async propose(
    em: EntityManager,
    e: CreditLevelChangedEvent,
    institution: InstitutionEntity,
    agreement: AgreementEntity,
    s: { reason: string; legalBasis: string; startsOn: LocalDate; endsOn: LocalDate },
    skip: (reason: string, extra?: Record<string, unknown>) => Promise<undefined>,
  ): Promise<undefined> {
    const [earlier] = await em.execute<{ id: string }[]>(
      `select a.id::text as id from agreement.approval a where a.action = ? and a.payload->>'sourceEventId' = ?`,
      [AgreementActions.suspend, e.id],
    );
    if (earlier) return undefined;
    try {
      await this.approvals.propose({
        action: AgreementActions.suspend,
        targetType: 'agreement',
        targetId: agreement.id,
        admdvs: agreement.admdvs,
        payload: {
          institutionCode: institution.code,
          reason: s.reason,
          legalBasis: s.legalBasis,
          startsOn: s.startsOn.toString(),
          endsOn: s.endsOn.toString(),
          sourceEventId: e.id,
        },
        reason: s.reason,
      });
    } catch (err) {
      if (err instanceof DomainError && err.code === 'APPROVAL.ALREADY_PENDING') return skip('a suspension is already awaiting approval', { ...err.details });
      throw err;
    }
    return undefined;
  }
}
