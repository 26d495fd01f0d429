import { Inject, Injectable } from '@nestjs/common';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  CreditPenaltyEventSubjects,
  type ListPenaltiesRequest,
  MONEY_MEASURES,
  type Page,
  PENALTY_MEASURE_LABEL,
  type PenaltyRecordedPayload,
  type PenaltyView,
  type RecordPenaltyRequest,
} from '@mi/contracts';
import { type Clock, ConflictError, LocalDate, NotFoundError, scopeFilter, ValidationError } from '@mi/domain';
import { CLOCK, currentActor, newUuidV7, OutboxService } from '@mi/platform';
import { readerPrefix, requireOfficer } from '../officer';
import { CreditScoringService } from '../scoring/credit-scoring.service';
import { PenaltyDecisionEntity } from './penalty.entity';

/**
 * 行政处罚 — records a penalty decision of the bureau: the decision row, the subject's credit-file
 * entry (heaviest measure's weight, the decision as evidence, audited by the scoring service) and
 * PenaltyRecorded, in one transaction. A decision number is recorded once per region.
 */
@Injectable()
export class PenaltyService {
  constructor(
    private readonly orm: MikroORM,
    private readonly scoring: CreditScoringService,
    private readonly outbox: OutboxService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async record(req: RecordPenaltyRequest): Promise<PenaltyView> {
    requireOfficer(req.admdvs, 'record a penalty decision');
    const measures = checkMeasures(req);
    const today = LocalDate.fromInstant(this.clock.now());
    if (LocalDate.parse(req.decidedOn, 'decidedOn').isAfter(today)) {
      throw new ValidationError('decidedOn', `the decision date ${req.decidedOn} is after today (${today.toString()})`);
    }
    const actor = currentActor();
    const by = actor?.kind === 'user' ? actor.username : (actor?.kind ?? 'system');
    try {
      return await this.orm.em.fork().transactional(async (em) => {
        const dup = await em.findOne(PenaltyDecisionEntity, { admdvs: req.admdvs, decisionNo: req.decisionNo });
        if (dup) throw duplicate(req, dup);
        const id = newUuidV7();
        const totalFen = measures.reduce((s, m) => s + BigInt(m.amountFen ?? 0), 0n).toString();
        const delta = this.scoring.penaltyDelta(
          req.admdvs,
          measures.map((m) => m.kind),
        );
        const labels = measures.map((m) => `${PENALTY_MEASURE_LABEL[m.kind]}${m.amountFen ? ` ${yuan(m.amountFen)}元` : ''}`).join('、');
        const file = await this.scoring.record(em, {
          eventId: id,
          occurredAt: this.clock.now().toISOString(),
          subjectType: req.subjectType,
          subjectCode: req.subjectCode,
          admdvs: req.admdvs,
          kind: 'PENALTY',
          delta,
          summary: `行政处罚（${req.decisionNo}，${req.decidedOn}）：${labels}；依据${req.legalBasis}`.slice(0, 1000),
          source: 'credit',
          sourceSubject: 'credit.penalty',
          evidence: { penaltyId: id, decisionNo: req.decisionNo, totalFen, ...(req.caseRef ? { caseRef: req.caseRef } : {}) },
          // An institution is known from the registry (its file opens at registration); a
          // practitioner's file opens with its first credit event.
          openIfMissing: req.subjectType === 'practitioner',
          byOfficer: true,
        });
        if (!file) throw new NotFoundError('credit file of institution', req.subjectCode);
        if (!file.admdvs.startsWith(scopeFilter(req.admdvs).prefix)) {
          throw new ValidationError('admdvs', `${req.subjectCode} belongs to ${file.admdvs}, not ${req.admdvs}`);
        }
        const row = em.create(PenaltyDecisionEntity, {
          id,
          admdvs: req.admdvs,
          subjectType: req.subjectType,
          subjectCode: req.subjectCode,
          subjectName: req.subjectName,
          decisionNo: req.decisionNo,
          decidedOn: req.decidedOn,
          legalBasis: req.legalBasis,
          facts: req.facts,
          measures,
          totalFen,
          evidence: (req.evidence ?? []).map((e) => ({ title: e.title, ...(e.pages ? { pages: e.pages } : {}) })),
          caseRef: req.caseRef ?? null,
          scoreDelta: delta,
          scoreAfter: file.score,
          recordedBy: by,
          recordedAt: this.clock.now(),
        });
        em.persist(row);
        await em.flush();
        await this.outbox.add<PenaltyRecordedPayload>(em, {
          subject: CreditPenaltyEventSubjects.PenaltyRecorded,
          type: 'PenaltyRecorded',
          admdvs: row.admdvs,
          aggregateId: row.id,
          payload: {
            penaltyId: row.id,
            subjectType: row.subjectType,
            subjectCode: row.subjectCode,
            decisionNo: row.decisionNo,
            decidedOn: row.decidedOn,
            measures: measures.map((m) => m.kind),
            totalFen,
          },
        });
        return view(row);
      });
    } catch (e) {
      // Two officers recording the same number at once: the unique key decides, the loser is told.
      if (e instanceof UniqueConstraintViolationException) throw duplicate(req);
      throw e;
    }
  }

  async list(req: ListPenaltiesRequest): Promise<Page<PenaltyView>> {
    const limit = req.limit ?? 50;
    const offset = req.offset ?? 0;
    const prefix = readerPrefix('view penalty decisions');
    if (prefix === null) return { items: [], total: 0, limit, offset };
    const where = {
      admdvs: { $like: `${prefix}%` },
      ...(req.subjectType ? { subjectType: req.subjectType } : {}),
      ...(req.subjectCode ? { subjectCode: req.subjectCode } : {}),
    };
    const [rows, total] = await this.orm.em.fork().findAndCount(PenaltyDecisionEntity, where, { orderBy: { decidedOn: 'desc', id: 'desc' }, limit, offset });
    return { items: rows.map(view), total, limit, offset };
  }
}

function checkMeasures(req: RecordPenaltyRequest): { kind: RecordPenaltyRequest['measures'][number]['kind']; amountFen: string | null }[] {
  const seen = new Set<string>();
  return req.measures.map((m, i) => {
    if (seen.has(m.kind)) throw new ValidationError(`measures[${i}].kind`, `${m.kind} appears twice in one decision`);
    seen.add(m.kind);
    const money = MONEY_MEASURES.includes(m.kind);
    if (money && !m.amountFen) throw new ValidationError(`measures[${i}].amountFen`, `${PENALTY_MEASURE_LABEL[m.kind]} (${m.kind}) needs its amount in fen`);
    if (!money && m.amountFen) throw new ValidationError(`measures[${i}].amountFen`, `${PENALTY_MEASURE_LABEL[m.kind]} (${m.kind}) carries no amount`);
    return { kind: m.kind, amountFen: m.amountFen ?? null };
  });
}

function duplicate(req: RecordPenaltyRequest, existing?: PenaltyDecisionEntity): ConflictError {
  return new ConflictError('PENALTY.DUPLICATE', `penalty decision ${req.decisionNo} is already recorded in ${req.admdvs}`, {
    field: 'decisionNo',
    ...(existing ? { penaltyId: existing.id } : {}),
  });
}

function yuan(fen: string): string {
  const f = BigInt(fen);
  return `${f / 100n}.${(f % 100n).toString().padStart(2, '0')}`;
}

function view(r: PenaltyDecisionEntity): PenaltyView {
  return {
    id: r.id,
    subjectType: r.subjectType,
    subjectCode: r.subjectCode,
    subjectName: r.subjectName,
    admdvs: r.admdvs,
    decisionNo: r.decisionNo,
    decidedOn: r.decidedOn,
    legalBasis: r.legalBasis,
    facts: r.facts,
    measures: r.measures.map((m) => ({ kind: m.kind, label: PENALTY_MEASURE_LABEL[m.kind], amountFen: m.amountFen })),
    totalFen: String(r.totalFen),
    evidence: r.evidence,
    caseRef: r.caseRef ?? null,
    scoreDelta: r.scoreDelta,
    scoreAfter: r.scoreAfter,
    recordedBy: r.recordedBy,
    recordedAt: r.recordedAt.toISOString(),
  };
}
