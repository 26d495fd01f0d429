import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { CreditSubjects, type SampleDrawView, type SupervisionProfileView } from '@mi/contracts';
import { Admdvs, type Clock } from '@mi/domain';
import { AuditService, CLOCK, currentActor, MiNatsClient, newUuidV7, requireRole, requireScope } from '@mi/platform';
import { CaseService } from '../case/case.service';

/** The floor of the re-review rate (000_…: ≥ 5 %). */
const BASE_RATE_PERMILLE = 50;

/**
 * 复审抽样 — draws the ≥ 5 % manual re-review sample of a city's reviewed settlements for a month,
 * stratified by institution: each institution's rate is 5 % × its credit level's sampling multiplier
 * (credit-service; 1 if it has no credit file yet), never below 5 % and at least one settlement per
 * institution. The draw orders each stratum by SHA-256(seed ‖ settlement id) and takes the first k,
 * so anyone with the recorded seed recomputes the same sample.
 */
@Injectable()
export class SamplingService {
  constructor(
    private readonly orm: MikroORM,
    private readonly nats: MiNatsClient,
    private readonly audit: AuditService,
    private readonly cases: CaseService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async draw(poolareaCode: string, period: string, seedGiven?: string): Promise<SampleDrawView> {
    const actor = currentActor();
    requireRole(actor, ['city-officer', 'reviewer', 'province-admin'], 'draw the re-review sample');
    const poolarea = Admdvs.parse(poolareaCode, 'poolarea').poolingRegion().code;
    requireScope(actor, poolarea, `settlements of ${poolarea}`);
    const seed = seedGiven ?? randomBytes(16).toString('hex');
    const em = this.orm.em.fork();
    const rows = await em.execute<{ id: string; fixmedins_code: string }[]>(
      `select id::text as id, fixmedins_code from review.settlement
       where poolarea = ? and review_status = 'REVIEWED' and to_char(setl_date, 'YYYY-MM') = ? order by fixmedins_code, id`,
      [poolarea, period],
    );
    const strata = new Map<string, string[]>();
    for (const r of rows) strata.set(r.fixmedins_code, [...(strata.get(r.fixmedins_code) ?? []), r.id]);
    const chosen: { id: string; institution: string }[] = [];
    const report: Record<string, { population: number; ratePermille: number; drawn: number; level: string | null }> = {};
    for (const [institution, ids] of strata) {
      const profile = await this.profile(institution);
      const ratePermille = Math.max(BASE_RATE_PERMILLE, BASE_RATE_PERMILLE * (profile?.samplingMultiplier ?? 1));
      const k = Math.min(ids.length, Math.max(1, Math.ceil((ids.length * ratePermille) / 1000)));
      const ordered = ids
        .map((id) => ({ id, key: createHash('sha256').update(`${seed}|${id}`).digest('hex') }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      for (const o of ordered.slice(0, k)) chosen.push({ id: o.id, institution });
      report[institution] = { population: ids.length, ratePermille, drawn: k, level: profile?.level ?? null };
    }
    const id = newUuidV7();
    const by = actor.username;
    await em.transactional(async (tx) => {
      await tx.execute(
        `insert into review.sample_draw (id, poolarea, period, seed, strata, drawn, population, created_by, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [id, poolarea, period, seed, JSON.stringify(report), chosen.length, rows.length, by, this.clock.now()],
      );
      for (let i = 0; i < chosen.length; i += 500) {
        const chunk = chosen.slice(i, i + 500);
        await tx.execute(
          `insert into review.sample_item (draw_id, settlement_id, fixmedins_code) values ${chunk.map(() => '(?, ?, ?)').join(', ')}`,
          chunk.flatMap((c) => [id, c.id, c.institution]),
        );
      }
      // Each drawn settlement goes to 复审 (one not flagged by the machine review too); a flagged one keeps its open case.
      const opened = await this.cases.openFor(
        tx,
        chosen.map((c) => c.id),
        'SAMPLE',
        this.clock.now(),
      );
      await this.audit.record(tx, {
        action: 'review.draw-sample',
        targetType: 'sample-draw',
        targetId: id,
        admdvs: poolarea,
        detail: { period, seed, drawn: chosen.length, population: rows.length, casesOpened: opened },
      });
    });
    return { id, poolarea, period, seed, population: rows.length, drawn: chosen.length, strata: report, settlementIds: chosen.map((c) => c.id).sort() };
  }

  private async profile(institution: string): Promise<SupervisionProfileView | undefined> {
    const reply = await this.nats.requestReply<SupervisionProfileView>(CreditSubjects.supervisionProfile, {
      subjectType: 'institution',
      subjectCode: institution,
    });
    if (reply.ok) return reply.data;
    if (reply.error.code === 'NOT_FOUND') return undefined;
    throw new Error(`credit-service: ${reply.error.code} ${reply.error.message}`);
  }
}
