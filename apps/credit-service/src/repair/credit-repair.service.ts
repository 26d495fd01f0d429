import { Inject, Injectable } from '@nestjs/common';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import {
  type ApprovalView,
  CREDIT_REPAIR_ACTION,
  CREDIT_REPAIR_GROUNDS,
  type CreditRepairView,
  type ProposeRepairRequest,
  type RepairProposalReply,
} from '@mi/contracts';
import { type Clock, ConflictError, LocalDate, NotFoundError, ValidationError } from '@mi/domain';
import { ApprovalService, canSee, CLOCK, currentActor } from '@mi/platform';
import { BlacklistEntryEntity } from '../blacklist/blacklist-entry.entity';
import { CreditFileEntity, CreditFileEntryEntity } from '../credit-file/credit-file.entity';
import { OFFICER_ROLES, requireOfficer } from '../officer';
import { policyFor } from '../scoring/credit-policy';
import { CreditScoringService } from '../scoring/credit-scoring.service';
import { plusMonths } from '../scoring/practitioner-policy';

const MAX_EVIDENCE = 10;

/**
 * 信用修复 — maker-checker repair of a credit file (action `credit.repair-file`): the grounds are
 * checked when proposed and again when a second officer approves; the approved repair is a REPAIR
 * entry (source: the approval) restoring part of the score per the city's rule, with its audit row
 * and — if the level changes — CreditLevelChanged in the approval's transaction. A subject on the
 * black list cannot be repaired before the listing period ends.
 */
@Injectable()
export class CreditRepairService {
  constructor(
    private readonly orm: MikroORM,
    private readonly scoring: CreditScoringService,
    private readonly approvals: ApprovalService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    approvals.register<ProposeRepairRequest, CreditRepairView>(CREDIT_REPAIR_ACTION, {
      requiredRoles: [...OFFICER_ROLES],
      describe: (p) => `信用修复 ${p.subjectType === 'institution' ? '机构' : '医保医师/药师'} ${p.subjectCode}（${p.grounds.join('、')}）`,
      apply: (em, p, approval) => this.applyRepair(em, p, approval),
    });
  }

  async propose(req: ProposeRepairRequest): Promise<RepairProposalReply> {
    const em = this.orm.em.fork();
    const file = await this.visibleFile(em, req.subjectType, req.subjectCode);
    requireOfficer(file.admdvs, 'apply for a credit repair');
    const payload: ProposeRepairRequest = {
      subjectType: req.subjectType,
      subjectCode: req.subjectCode,
      grounds: [...req.grounds],
      evidence: checkedEvidence(req),
      note: req.note,
    };
    const restore = await this.check(em, file, payload);
    const a = await this.approvals.propose<ProposeRepairRequest>({
      action: CREDIT_REPAIR_ACTION,
      targetType: 'credit-file',
      targetId: `${file.subjectType}:${file.subjectCode}`,
      admdvs: file.admdvs,
      payload,
      reason: req.note,
    });
    return { approvalId: a.id, action: a.action, status: 'PENDING', restore };
  }

  /** Runs as the approver inside the approval's transaction: the conditions are checked again. */
  private async applyRepair(em: EntityManager, p: ProposeRepairRequest, approval: ApprovalView<ProposeRepairRequest>): Promise<CreditRepairView> {
    const file = await this.visibleFile(em, p.subjectType, p.subjectCode);
    const restore = await this.check(em, file, p);
    const before = { score: file.score, level: file.level };
    const texts = p.grounds.map((g) => CREDIT_REPAIR_GROUNDS.find((x) => x.code === g)?.text ?? g);
    await this.scoring.apply(em, {
      eventId: approval.id,
      occurredAt: this.clock.now().toISOString(),
      subjectType: file.subjectType,
      subjectCode: file.subjectCode,
      admdvs: file.admdvs,
      kind: 'REPAIR',
      delta: restore,
      summary: `信用修复：恢复 ${restore} 分（${texts.join('；')}）；${p.note}`.slice(0, 2000),
      source: 'credit',
      sourceSubject: CREDIT_REPAIR_ACTION,
      evidence: { approvalId: approval.id, proposedBy: approval.proposedBy.name, grounds: p.grounds.join(','), ...p.evidence },
      byOfficer: true,
    });
    return {
      subjectType: file.subjectType,
      subjectCode: file.subjectCode,
      grounds: p.grounds,
      restored: restore,
      scoreBefore: before.score,
      scoreAfter: file.score,
      levelBefore: before.level,
      levelAfter: file.level,
      approvalId: approval.id,
    };
  }

  /** The repair's conditions; returns the points it restores. */
  private async check(em: EntityManager, file: CreditFileEntity, p: ProposeRepairRequest): Promise<number> {
    const today = LocalDate.fromInstant(this.clock.now());
    const listed = await em.findOne(
      BlacklistEntryEntity,
      {
        subjectKind: file.subjectType,
        subjectCode: file.subjectCode,
        listedOn: { $lte: today.toString() },
        $or: [{ until: null }, { until: { $gte: today.toString() } }],
      },
      { orderBy: { until: 'desc' } },
    );
    if (listed) {
      throw new ConflictError(
        'CREDIT.BLACKLISTED',
        `${file.subjectType} ${file.subjectCode} is on the ${listed.list} list until ${listed.until ?? 'further notice'}; its credit cannot be repaired before the listing period ends (or the listing is removed on a legal ground)`,
        { field: 'subjectCode', until: listed.until ?? null, reason: listed.reason },
      );
    }
    for (const code of p.grounds) {
      const ground = CREDIT_REPAIR_GROUNDS.find((g) => g.code === code);
      if (!ground) throw new ValidationError('grounds', `unknown repair ground ${code}`);
      for (const key of ground.evidence ?? []) {
        if (!p.evidence[key]) throw new ValidationError(`evidence.${key}`, `is required for ground ${code} (${ground.text})`);
      }
    }
    const entries = await em.find(CreditFileEntryEntity, { fileId: file.id }, { orderBy: { occurredAt: 'asc', id: 'asc' } });
    const negative = entries.filter((e) => e.scoreDelta < 0 || (e.points ?? 0) > 0);
    const last = negative.at(-1);
    for (const code of p.grounds) {
      const months = CREDIT_REPAIR_GROUNDS.find((g) => g.code === code)?.cleanMonths;
      if (!months || !last) continue;
      const cleanFrom = plusMonths(LocalDate.fromInstant(last.occurredAt), months);
      if (today.isBefore(cleanFrom)) {
        throw new ConflictError(
          'CREDIT.REPAIR_GROUND_NOT_MET',
          `${code}: the last negative entry (${last.kind}, ${LocalDate.fromInstant(last.occurredAt).toString()}) is less than ${months} months old; repair possible from ${cleanFrom.toString()}`,
          { field: 'grounds', ground: code, possibleFrom: cleanFrom.toString() },
        );
      }
    }
    const lastRepair = entries.map((e) => e.kind).lastIndexOf('REPAIR');
    const lost = entries.slice(lastRepair + 1).reduce((s, e) => s + Math.max(0, -e.scoreDelta), 0);
    const policy = policyFor(file.admdvs);
    const restore = Math.max(0, Math.min(policy.repair.maxRestore, Math.round(lost * policy.repair.restoreShare), policy.base - file.score));
    if (restore === 0) {
      throw new ConflictError(
        'CREDIT.NOTHING_TO_REPAIR',
        `${file.subjectType} ${file.subjectCode} has lost no score since its last repair (score ${file.score})`,
        {
          field: 'subjectCode',
        },
      );
    }
    return restore;
  }

  private async visibleFile(em: EntityManager, subjectType: 'institution' | 'practitioner', subjectCode: string): Promise<CreditFileEntity> {
    const file = await em.findOne(CreditFileEntity, { subjectType, subjectCode });
    if (!file || !canSee(currentActor(), file.admdvs)) throw new NotFoundError(`credit file of ${subjectType}`, subjectCode);
    return file;
  }
}

/** Evidence is a small map of references: non-empty string values, at most {@link MAX_EVIDENCE}. */
function checkedEvidence(req: ProposeRepairRequest): Record<string, string> {
  const entries = Object.entries(req.evidence ?? {});
  if (entries.length > MAX_EVIDENCE) throw new ValidationError('evidence', `at most ${MAX_EVIDENCE} references`);
  for (const [k, v] of entries) {
    if (!/^[A-Za-z][A-Za-z0-9]{0,39}$/.test(k)) throw new ValidationError('evidence', `key ${JSON.stringify(k)} must be a short identifier`);
    if (typeof v !== 'string' || v.length < 1 || v.length > 200) throw new ValidationError(`evidence.${k}`, 'must be a reference of 1–200 characters');
  }
  return Object.fromEntries(entries);
}
