import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  CREDIT_RANKING_WINDOW_DAYS,
  CREDIT_SOURCE_SERVICES,
  type CreditFileDetailView,
  type CreditRankingItemView,
  type CreditRankingRequest,
  EventSubjects,
  type InstitutionRegisteredEvent,
  type Page,
  type PractitionerPointsView,
} from '@mi/contracts';
import { type Clock, LocalDate, NotFoundError } from '@mi/domain';
import { AuditService, canSee, CLOCK, currentActor, newUuidV7, SYSTEM_ACTOR } from '@mi/platform';
import { CreditFileEntity, CreditFileEntryEntity } from './credit-file.entity';
import { readerPrefix } from '../officer';
import { levelOf, policyFor } from '../scoring/credit-policy';
import { bandOf } from '../scoring/practitioner-policy';

@Injectable()
export class CreditFileService {
  constructor(
    private readonly orm: MikroORM,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Opens the institution's credit file when the registry admits it (runs inside the inbox tx). */
  async openForInstitution(em: EntityManager, event: InstitutionRegisteredEvent): Promise<void> {
    const p = event.payload;
    let file = await em.findOne(CreditFileEntity, { subjectType: 'institution', subjectCode: p.code });
    if (!file) {
      const policy = policyFor(p.admdvs);
      file = em.create(CreditFileEntity, {
        id: newUuidV7(),
        subjectType: 'institution',
        subjectCode: p.code,
        admdvs: p.admdvs,
        openedAt: new Date(event.occurredAt),
        score: policy.base,
        level: levelOf(policy.base, policy),
      });
      em.persist(file);
      await em.flush(); // the entry's foreign key needs the file row first
    }
    em.persist(
      em.create(CreditFileEntryEntity, {
        id: newUuidV7(),
        fileId: file.id,
        kind: 'REGISTERED',
        sourceEventId: event.id,
        source: 'agreement',
        sourceSubject: EventSubjects.agreement.InstitutionRegistered,
        evidence: { institutionCode: p.code },
        occurredAt: new Date(event.occurredAt),
        summary: `${p.name} 登记为定点医药机构候选 (${p.type}, ${p.level})`,
        scoreDelta: 0,
        scoreAfter: null,
      }),
    );
    await em.flush();
    await this.audit.record(em, {
      action: 'credit-file.open',
      targetType: 'institution',
      targetId: p.code,
      admdvs: p.admdvs,
      actor: SYSTEM_ACTOR,
      detail: { eventId: event.id },
    });
  }

  async get(subjectType: 'institution' | 'practitioner', subjectCode: string): Promise<CreditFileDetailView> {
    // One snapshot for the file and its entries: read apart, an entry committed in between showed
    // beside the totals from before it (3 entries, 9 points where the third had made it 10).
    const { file, entries } = await this.orm.em.fork().transactional(
      async (em) => {
        const found = await em.findOne(CreditFileEntity, { subjectType, subjectCode });
        if (!found || !canSee(currentActor(), found.admdvs)) throw new NotFoundError(`credit file of ${subjectType}`, subjectCode);
        return { file: found, entries: await em.find(CreditFileEntryEntity, { fileId: found.id }, { orderBy: { occurredAt: 'asc', id: 'asc' } }) };
      },
      { isolationLevel: 'repeatable read', readOnly: true },
    );
    return {
      subjectType: file.subjectType,
      subjectCode: file.subjectCode,
      admdvs: file.admdvs,
      openedAt: file.openedAt.toISOString(),
      score: file.score,
      level: file.level,
      entries: entries.map((e) => ({
        kind: e.kind,
        sourceEventId: e.sourceEventId,
        occurredAt: e.occurredAt.toISOString(),
        summary: e.summary,
        scoreDelta: e.scoreDelta,
        scoreAfter: e.scoreAfter ?? null,
        source: { eventId: e.sourceEventId, subject: e.sourceSubject ?? null, service: CREDIT_SOURCE_SERVICES[e.source] ?? e.source },
        evidence: e.evidence ?? null,
        points: e.points ?? null,
        pointsYear: e.pointsYear ?? null,
        pointsTotal: e.pointsTotal ?? null,
      })),
      points: file.subjectType === 'practitioner' ? this.points(file) : null,
    };
  }

  /**
   * 风险排名 — the region's files riskiest first: lowest score, then most score lost in the
   * window, then code; each with what lowered it lately. Readers only; scope by region prefix.
   */
  async ranking(req: CreditRankingRequest): Promise<Page<CreditRankingItemView>> {
    const prefix = readerPrefix('read the credit ranking');
    const limit = req.limit ?? 20;
    const offset = req.offset ?? 0;
    if (prefix === null) return { items: [], total: 0, limit, offset };
    const since = new Date(this.clock.now().getTime() - CREDIT_RANKING_WINDOW_DAYS * 86_400_000);
    const where = `f.subject_type = ? and f.admdvs like ? ${req.level ? 'and f.level = ?' : ''}`;
    const params = [req.subjectType ?? 'institution', `${prefix}%`, ...(req.level ? [req.level] : [])];
    const em = this.orm.em.fork();
    const [count] = await em.execute<{ n: number }[]>(`select count(*)::int as n from credit.credit_file f where ${where}`, params);
    const rows = await em.execute<
      {
        subject_type: 'institution' | 'practitioner';
        subject_code: string;
        admdvs: string;
        score: number;
        level: 'A' | 'B' | 'C' | 'D';
        recent_n: number;
        recent_lost: number;
        kind: string | null;
        summary: string | null;
        occurred_at: Date | null;
        score_delta: number | null;
      }[]
    >(
      `select f.subject_type, f.subject_code, f.admdvs, f.score, f.level, coalesce(r.n, 0)::int as recent_n, coalesce(r.lost, 0)::int as recent_lost,
              l.kind, l.summary, l.occurred_at, l.score_delta
       from credit.credit_file f
       left join lateral (select count(*) as n, -sum(e.score_delta) as lost from credit.credit_file_entry e
                          where e.file_id = f.id and e.score_delta < 0 and e.occurred_at >= ?) r on true
       left join lateral (select e.kind, e.summary, e.occurred_at, e.score_delta from credit.credit_file_entry e
                          where e.file_id = f.id and e.score_delta < 0 order by e.occurred_at desc, e.id desc limit 1) l on true
       where ${where}
       order by f.score asc, recent_lost desc, f.subject_code asc
       limit ? offset ?`,
      [since, ...params, limit, offset],
    );
    return {
      items: rows.map((r, k) => ({
        rank: offset + k + 1,
        subjectType: r.subject_type,
        subjectCode: r.subject_code,
        admdvs: r.admdvs,
        score: r.score,
        level: r.level,
        recentNegativeEntries: r.recent_n,
        recentScoreLost: r.recent_lost,
        lastNegative:
          r.kind === null || r.occurred_at === null
            ? null
            : { kind: r.kind, summary: r.summary ?? '', occurredAt: new Date(r.occurred_at).toISOString(), scoreDelta: r.score_delta ?? 0 },
      })),
      total: count?.n ?? 0,
      limit,
      offset,
    };
  }

  /** The 12-point standing today: a total of an earlier scoring year has cleared (yearly reset). */
  private points(file: CreditFileEntity): PractitionerPointsView {
    const today = LocalDate.fromInstant(this.clock.now());
    const year = Math.max(today.year, file.pointsYear ?? today.year);
    const total = file.pointsYear === year ? file.pointsTotal : 0;
    const band = bandOf(total);
    const inForce = file.qualification !== 'ACTIVE' && file.qualificationUntil != null && file.qualificationUntil >= today.toString();
    return {
      year,
      total,
      band: band?.band ?? null,
      bandText: band?.text ?? null,
      qualification: inForce ? file.qualification : 'ACTIVE',
      from: inForce ? (file.qualificationFrom ?? null) : null,
      until: inForce ? (file.qualificationUntil ?? null) : null,
    };
  }
}
