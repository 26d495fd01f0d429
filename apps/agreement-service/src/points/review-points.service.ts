import { Inject, Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { DecidePointsProposalRequest, ListPointsProposalsRequest, Page, PointsProposalView, ViolationConfirmedEvent } from '@mi/contracts';
import { type Clock, ConflictError, LocalDate, NotFoundError } from '@mi/domain';
import { AuditService, canSee, CLOCK, currentActor, newUuidV7 } from '@mi/platform';
import { EligibilityCache } from '../eligibility/eligibility-cache';
import { PractitionerEntity } from '../registry/registry.entities';
import { page, requireOfficer, scopePrefix } from '../shared/access';
import { PointsProposalEntity } from './points-deduction.entity';
import { deductionTable, violationPoints } from './points-policy';
import { PointsService } from './points.service';

/**
 * 违规记分 — a violation confirmed by claims review scores the 12 points of each practitioner it
 * names, per the points policy (`violationPoints`): at once, or as a proposal (记分建议) an officer
 * of the region confirms or dismisses. Practitioners not in the registry are skipped (audited).
 */
@Injectable()
export class ReviewPointsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly points: PointsService,
    private readonly audit: AuditService,
    private readonly cache: EligibilityCache,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Runs in the inbox transaction of the event; answers the institutions whose eligibility may have changed. */
  async onViolationConfirmed(em: EntityManager, e: ViolationConfirmedEvent): Promise<string[]> {
    const p = e.payload;
    const now = this.clock.now();
    const rule = violationPoints(p.poolarea, p.outcome, p.severity);
    const occurredOn = LocalDate.parse(p.confirmedOn, 'confirmedOn');
    const evidence = { caseId: p.caseId, caseNo: p.caseNo, settlementId: p.settlementId, setlId: p.setlId, institutionCode: p.institutionCode };
    const what = `审核违规确认 ${p.caseNo}（结算 ${p.setlId}，规则 ${p.ruleIds.join('、') || '—'}，严重程度 ${p.severity}，${p.outcome === 'DEDUCTED' ? '已扣款' : '警示未扣款'}）`;
    const touched: string[] = [];
    for (const code of [...new Set(p.practitionerCodes)].sort()) {
      const practitioner = await em.findOne(PractitionerEntity, { code });
      if (!practitioner) {
        await this.audit.record(em, {
          action: 'points.review-violation-skipped',
          targetType: 'practitioner',
          targetId: code,
          admdvs: e.admdvs,
          detail: { eventId: e.id, reason: 'practitioner not in the registry', ...evidence },
        });
        continue;
      }
      const subject = { admdvs: practitioner.admdvs, poolarea: practitioner.poolarea, institutionCode: practitioner.institutionCode, practitioner };
      if (rule.mode === 'auto') {
        await this.points.record(em, {
          subjectType: 'practitioner',
          subjectCode: code,
          subject,
          item: rule.item,
          occurredOn,
          note: what,
          now,
          sourceEventId: e.id,
          evidence,
        });
        touched.push(practitioner.institutionCode);
      } else {
        const proposal = em.create(PointsProposalEntity, {
          id: newUuidV7(),
          sourceEventId: e.id,
          subjectType: 'practitioner',
          subjectCode: code,
          item: rule.item,
          occurredOn: occurredOn.toString(),
          reason: `${what}：不属于自动记分情形，待经办人确认`,
          evidence,
          admdvs: practitioner.admdvs,
          proposedAt: now,
        });
        em.persist(proposal);
        await em.flush();
        await this.audit.record(em, {
          action: 'points.propose',
          targetType: 'practitioner',
          targetId: code,
          admdvs: practitioner.admdvs,
          after: { proposalId: proposal.id, item: rule.item, ...evidence },
        });
      }
    }
    return touched;
  }

  async list(req: ListPointsProposalsRequest): Promise<Page<PointsProposalView>> {
    const { limit, offset } = page(req.limit, req.offset);
    const prefix = scopePrefix();
    if (prefix === null) return { items: [], total: 0, limit, offset };
    const em = this.orm.em.fork();
    const where = { admdvs: { $like: `${prefix}%` }, ...(req.status ? { status: req.status } : {}) };
    const [rows, total] = await em.findAndCount(PointsProposalEntity, where, { orderBy: { proposedAt: 'desc', id: 'desc' }, limit, offset });
    return { items: rows.map((r) => this.view(r)), total, limit, offset };
  }

  async decide(req: DecidePointsProposalRequest): Promise<PointsProposalView> {
    const now = this.clock.now();
    const result = await this.orm.em.fork().transactional(async (em) => {
      const proposal = await em.findOne(PointsProposalEntity, { id: req.proposalId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!proposal || !canSee(currentActor(), proposal.admdvs)) throw new NotFoundError('points proposal', req.proposalId);
      const actor = requireOfficer(proposal.admdvs, `points proposal ${proposal.id}`);
      if (proposal.status !== 'PENDING') {
        throw new ConflictError('AGREEMENT.PROPOSAL_DECIDED', `the proposal was already ${proposal.status.toLowerCase()}`, { status: proposal.status });
      }
      let institutionCode: string | undefined;
      if (req.decision === 'confirm') {
        const subject = await this.points.subject(em, proposal.subjectType, proposal.subjectCode);
        const done = await this.points.record(em, {
          subjectType: proposal.subjectType,
          subjectCode: proposal.subjectCode,
          subject,
          item: proposal.item,
          occurredOn: LocalDate.parse(proposal.occurredOn),
          note: `${proposal.reason}；确认：${req.note}`,
          now,
          sourceEventId: proposal.sourceEventId,
          evidence: proposal.evidence,
        });
        proposal.deductionId = done.deductionId;
        institutionCode = done.institutionCode;
      }
      proposal.status = req.decision === 'confirm' ? 'CONFIRMED' : 'DISMISSED';
      proposal.decidedBy = actor.kind === 'user' ? actor.username : actor.id;
      proposal.decidedAt = now;
      proposal.decisionNote = req.note;
      await em.flush();
      await this.audit.record(em, {
        action: `points.proposal-${req.decision}`,
        targetType: proposal.subjectType,
        targetId: proposal.subjectCode,
        admdvs: proposal.admdvs,
        before: { status: 'PENDING' },
        after: { status: proposal.status, deductionId: proposal.deductionId ?? null },
      });
      return { view: this.view(proposal), institutionCode };
    });
    if (result.institutionCode) await this.cache.refreshInstitution(result.institutionCode);
    return result.view;
  }

  private view(r: PointsProposalEntity): PointsProposalView {
    const item = deductionTable(r.admdvs.slice(0, 4) + '00')[r.item];
    return {
      id: r.id,
      subjectType: r.subjectType,
      subjectCode: r.subjectCode,
      item: r.item,
      label: item?.label ?? r.item,
      points: item?.points ?? 0,
      occurredOn: r.occurredOn,
      reason: r.reason,
      evidence: r.evidence,
      status: r.status,
      proposedAt: r.proposedAt.toISOString(),
      decidedBy: r.decidedBy ?? null,
      decidedAt: r.decidedAt?.toISOString() ?? null,
      decisionNote: r.decisionNote ?? null,
      deductionId: r.deductionId ?? null,
    };
  }
}
