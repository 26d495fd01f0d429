import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import {
  type CreateInspectionPlanRequest,
  CreditInspectionEventSubjects,
  CreditInspectionSubjects,
  type CreditLevel,
  type DrawInspectionsRequest,
  type InspectionPlanView,
  type InspectorView,
  type RecordInspectionResultsRequest,
  type UpsertInspectorRequest,
} from '@mi/contracts';
import { type Clock, ConflictError, NotFoundError, ValidationError } from '@mi/domain';
import { AuditService, canSee, CLOCK, currentActor, newUuidV7, OutboxService } from '@mi/platform';
import { CreditFileEntity } from '../credit-file/credit-file.entity';
import { requireOfficer } from '../officer';
import { policyFor } from '../scoring/credit-policy';
import { CreditScoringService } from '../scoring/credit-scoring.service';
import { drawPlan } from './draw';
import { InspectionEntity, InspectionPlanEntity, InspectionResultEntity, InspectorEntity } from './inspection.entity';

const cityOf = (admdvs: string) => `${admdvs.slice(0, 4)}00`;

/**
 * 双随机、一公开 — the inspector pool, yearly plans, the seeded draw and the results. Every change
 * writes its audit row and event in its transaction; results become INSPECTION entries of the
 * targets' credit files (source: the inspection, evidence: plan, seed, penalties).
 */
@Injectable()
export class InspectionService {
  constructor(
    private readonly orm: MikroORM,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly scoring: CreditScoringService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async upsertInspector(req: UpsertInspectorRequest): Promise<InspectorView> {
    const city = cityOf(req.admdvs);
    requireOfficer(city, 'manage the inspector pool');
    return this.orm.em.fork().transactional(async (em) => {
      const code = req.code.toUpperCase();
      let p = await em.findOne(InspectorEntity, { admdvs: city, code }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const before = p ? inspectorView(p) : null;
      const linked = [...new Set(req.linkedInstitutions.map((c) => c.toUpperCase()))].sort();
      if (!p) {
        p = em.create(InspectorEntity, { id: newUuidV7(), admdvs: city, code, name: req.name, department: req.department, linkedInstitutions: linked });
        em.persist(p);
      } else {
        Object.assign(p, { name: req.name, department: req.department, linkedInstitutions: linked });
      }
      if (req.active !== undefined) p.active = req.active;
      await em.flush();
      const after = inspectorView(p);
      await this.audit.record(em, {
        action: 'inspector.upsert',
        targetType: 'inspector',
        targetId: `${city}:${code}`,
        admdvs: city,
        before,
        after: { ...after },
      });
      await this.outbox.add(em, {
        subject: CreditInspectionEventSubjects.InspectorPoolChanged,
        type: 'InspectorPoolChanged',
        admdvs: city,
        aggregateId: p.id,
        payload: after,
      });
      return after;
    });
  }

  async createPlan(req: CreateInspectionPlanRequest): Promise<InspectionPlanView> {
    requireOfficer(req.admdvs, 'plan inspections');
    const min = policyFor(req.admdvs).inspection.minJointSpecial;
    const joint = req.inspections.filter((i) => i.kind === 'joint-special');
    if (joint.length < min) {
      throw new ValidationError('inspections', `the yearly plan of ${req.admdvs} needs at least ${min} joint special inspection(s), got ${joint.length}`);
    }
    req.inspections.forEach((i, n) => {
      if (i.kind === 'joint-special' && i.departments.length === 0) {
        throw new ValidationError(`inspections[${n}].departments`, 'a joint special inspection names at least one other department');
      }
    });
    return this.orm.em.fork().transactional(async (em) => {
      const existing = await em.findOne(InspectionPlanEntity, { admdvs: req.admdvs, year: req.year });
      if (existing) throw new ConflictError('INSPECTION.PLAN_EXISTS', `${req.admdvs} already has the ${req.year} plan`, { field: 'year', planId: existing.id });
      const plan = em.create(InspectionPlanEntity, { id: newUuidV7(), admdvs: req.admdvs, year: req.year, createdAt: this.clock.now() });
      em.persist(plan);
      await em.flush();
      req.inspections.forEach((i, idx) =>
        em.persist(
          em.create(InspectionEntity, {
            id: newUuidV7(),
            planId: plan.id,
            idx,
            title: i.title,
            kind: i.kind,
            departments: [...i.departments],
            targetCount: i.targets,
            inspectorCount: i.inspectors,
          }),
        ),
      );
      await em.flush();
      const view = await this.view(em, plan);
      await this.audit.record(em, {
        action: 'inspection-plan.create',
        targetType: 'inspection-plan',
        targetId: plan.id,
        admdvs: plan.admdvs,
        after: { year: plan.year, inspections: req.inspections.length },
      });
      await this.outbox.add(em, {
        subject: CreditInspectionEventSubjects.InspectionPlanCreated,
        type: 'InspectionPlanCreated',
        admdvs: plan.admdvs,
        aggregateId: plan.id,
        payload: {
          planId: plan.id,
          admdvs: plan.admdvs,
          year: plan.year,
          inspections: view.inspections.map((i) => ({ index: i.index, title: i.title, kind: i.kind })),
        },
      });
      return view;
    });
  }

  async getPlan(planId: string): Promise<InspectionPlanView> {
    const em = this.orm.em.fork();
    return this.view(em, await visiblePlan(em, planId));
  }

  /** Draws every inspection of the plan once, with the given or a generated seed (recorded and published). */
  async draw(req: DrawInspectionsRequest): Promise<InspectionPlanView> {
    return this.orm.em.fork().transactional(async (em) => {
      const plan = await visiblePlan(em, req.planId, true);
      requireOfficer(plan.admdvs, 'draw inspections');
      if (plan.drawnAt)
        throw new ConflictError('INSPECTION.ALREADY_DRAWN', `the ${plan.year} plan was drawn with seed ${plan.seed}`, { field: 'planId', seed: plan.seed });
      const seed = req.seed ?? randomBytes(12).toString('hex');
      const policy = policyFor(plan.admdvs);
      const files = await em.find(CreditFileEntity, { subjectType: 'institution', admdvs: { $like: `${plan.admdvs.slice(0, 4)}%` } });
      if (files.length === 0) throw new ConflictError('INSPECTION.NO_TARGETS', `no institution has a credit file in ${plan.admdvs}`, { field: 'planId' });
      const pool = await em.find(InspectorEntity, { admdvs: plan.admdvs, active: true });
      const inspections = await em.find(InspectionEntity, { planId: plan.id }, { orderBy: { idx: 'asc' } });
      const drawn = drawPlan({
        seed,
        inspections: inspections.map((i) => ({ targets: i.targetCount, inspectors: i.inspectorCount })),
        targets: files.map((f) => ({ institutionCode: f.subjectCode, level: f.level, weight: policy.supervision[f.level as CreditLevel].inspectionsPerYear })),
        inspectors: pool.map((p) => ({ code: p.code, name: p.name, department: p.department, linkedInstitutions: p.linkedInstitutions })),
      });
      drawn.forEach((d, n) => {
        if (d.shortOfInspectors) {
          throw new ConflictError(
            'INSPECTION.NOT_ENOUGH_INSPECTORS',
            `inspection ${n} (${inspections[n].title}) needs ${inspections[n].inspectorCount} inspectors; only ${d.inspectors.length} of the pool have no conflict of interest with its targets`,
            { field: 'planId', index: n, excluded: d.excluded },
          );
        }
        Object.assign(inspections[n], { targets: d.targets, inspectors: d.inspectors, excluded: d.excluded });
      });
      plan.seed = seed;
      plan.drawnAt = this.clock.now();
      plan.candidates = { targets: files.length, inspectors: pool.length };
      await em.flush();
      await this.audit.record(em, {
        action: 'inspection-plan.draw',
        targetType: 'inspection-plan',
        targetId: plan.id,
        admdvs: plan.admdvs,
        after: { seed, candidates: plan.candidates },
      });
      await this.outbox.add(em, {
        subject: CreditInspectionEventSubjects.InspectionDrawn,
        type: 'InspectionDrawn',
        admdvs: plan.admdvs,
        aggregateId: plan.id,
        payload: {
          planId: plan.id,
          year: plan.year,
          seed,
          inspections: inspections.map((i) => ({
            index: i.idx,
            targets: i.targets.map((t) => t.institutionCode),
            inspectors: i.inspectors.map((p) => p.code),
          })),
        },
      });
      return this.view(em, plan);
    });
  }

  /** Results of one inspection; each becomes an INSPECTION entry of the target's credit file. */
  async recordResults(req: RecordInspectionResultsRequest): Promise<InspectionPlanView> {
    return this.orm.em.fork().transactional(async (em) => {
      const plan = await visiblePlan(em, req.planId, true);
      requireOfficer(plan.admdvs, 'record inspection results');
      const inspection = await em.findOne(InspectionEntity, { planId: plan.id, idx: req.index });
      if (!inspection) throw new NotFoundError('inspection', `${plan.id}#${req.index}`);
      if (!plan.drawnAt) throw new ConflictError('INSPECTION.NOT_DRAWN', `the ${plan.year} plan has not been drawn yet`, { field: 'planId' });
      const drawn = new Set(inspection.targets.map((t) => t.institutionCode));
      const seen = new Set<string>();
      req.results.forEach((r, n) => {
        const code = r.institutionCode.toUpperCase();
        if (!drawn.has(code)) throw new ValidationError(`results[${n}].institutionCode`, `${code} was not drawn for inspection ${req.index}`);
        if (seen.has(code)) throw new ValidationError(`results[${n}].institutionCode`, `${code} appears twice`);
        seen.add(code);
      });
      const existing = await em.find(InspectionResultEntity, { inspectionId: inspection.id, institutionCode: { $in: [...seen] } });
      if (existing.length > 0) {
        throw new ConflictError('INSPECTION.RESULT_EXISTS', `results already entered for ${existing.map((e) => e.institutionCode).join(', ')}`, {
          field: 'results',
          institutionCodes: existing.map((e) => e.institutionCode),
        });
      }
      const deltas = policyFor(plan.admdvs).inspection.outcomeDeltas;
      const actor = currentActor();
      const by = actor?.kind === 'user' ? actor.username : (actor?.kind ?? 'system');
      for (const r of req.results) {
        const code = r.institutionCode.toUpperCase();
        const penalties = (r.penalties ?? []).map((p) => ({ department: p.department, decisionNo: p.decisionNo }));
        em.persist(
          em.create(InspectionResultEntity, {
            id: newUuidV7(),
            inspectionId: inspection.id,
            institutionCode: code,
            outcome: r.outcome,
            findings: r.findings,
            penalties,
            recordedAt: this.clock.now(),
            recordedBy: by,
          }),
        );
        await em.flush();
        const penaltyText = penalties.length ? `；处罚 ${penalties.map((p) => `${p.department} ${p.decisionNo}`).join('、')}` : '';
        await this.scoring.apply(em, {
          eventId: inspection.id,
          occurredAt: this.clock.now().toISOString(),
          subjectCode: code,
          admdvs: plan.admdvs,
          kind: 'INSPECTION',
          delta: deltas[r.outcome],
          summary: `双随机抽查「${inspection.title}」（${plan.year}年计划）：${r.outcome}，${r.findings}${penaltyText}`.slice(0, 2000),
          source: 'credit',
          sourceSubject: CreditInspectionSubjects.recordResults,
          evidence: {
            planId: plan.id,
            inspectionId: inspection.id,
            seed: plan.seed ?? '',
            outcome: r.outcome,
            ...(penalties.length ? { decisionNos: penalties.map((p) => p.decisionNo).join(',') } : {}),
          },
          byOfficer: true,
          openIfMissing: false,
        });
      }
      await this.audit.record(em, {
        action: 'inspection.results',
        targetType: 'inspection',
        targetId: inspection.id,
        admdvs: plan.admdvs,
        after: { results: req.results.map((r) => ({ institutionCode: r.institutionCode.toUpperCase(), outcome: r.outcome })) },
      });
      await this.outbox.add(em, {
        subject: CreditInspectionEventSubjects.InspectionResultsRecorded,
        type: 'InspectionResultsRecorded',
        admdvs: plan.admdvs,
        aggregateId: plan.id,
        payload: {
          planId: plan.id,
          index: inspection.idx,
          results: req.results.map((r) => ({ institutionCode: r.institutionCode.toUpperCase(), outcome: r.outcome, penalties: r.penalties ?? [] })),
        },
      });
      return this.view(em, plan);
    });
  }

  private async view(em: EntityManager, plan: InspectionPlanEntity): Promise<InspectionPlanView> {
    const inspections = await em.find(InspectionEntity, { planId: plan.id }, { orderBy: { idx: 'asc' } });
    const results = inspections.length ? await em.find(InspectionResultEntity, { inspectionId: { $in: inspections.map((i) => i.id) } }) : [];
    return {
      id: plan.id,
      admdvs: plan.admdvs,
      year: plan.year,
      status: plan.drawnAt ? 'DRAWN' : 'PLANNED',
      seed: plan.seed ?? null,
      drawnAt: plan.drawnAt?.toISOString() ?? null,
      candidates: plan.candidates ?? null,
      inspections: inspections.map((i) => ({
        index: i.idx,
        title: i.title,
        kind: i.kind,
        departments: i.departments,
        targetCount: i.targetCount,
        inspectorCount: i.inspectorCount,
        targets: i.targets.map((t) => {
          const r = results.find((x) => x.inspectionId === i.id && x.institutionCode === t.institutionCode);
          return { ...t, result: r ? { outcome: r.outcome, findings: r.findings, penalties: r.penalties, recordedAt: r.recordedAt.toISOString() } : null };
        }),
        inspectors: i.inspectors,
        excluded: i.excluded,
      })),
    };
  }
}

async function visiblePlan(em: EntityManager, id: string, lock = false): Promise<InspectionPlanEntity> {
  const plan = await em.findOne(InspectionPlanEntity, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  if (!plan || !canSee(currentActor(), plan.admdvs)) throw new NotFoundError('inspection plan', id);
  return plan;
}

function inspectorView(p: InspectorEntity): InspectorView {
  return { code: p.code, name: p.name, department: p.department, admdvs: p.admdvs, linkedInstitutions: [...p.linkedInstitutions], active: p.active };
}
