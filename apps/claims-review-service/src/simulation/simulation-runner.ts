import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { type Clock, DomainError } from '@mi/domain';
import { CLOCK, pgArray } from '@mi/platform';
import { type CompiledRuleSet, compileRuleSet, evaluate, type RuleDefinition } from '@mi/rules';
import { historyBefore, loadHistories } from '../intake/patient-history';
import { RuleSetCache } from '../precheck/rule-set-cache';
import { type InstitutionFacts, InstitutionDirectory } from '../shared/institution-directory';
import { type HitFinding, SimulationReportBuilder } from './simulation-report';
import { nextStoredBatch, storedClaim } from './stored-claim';

/** Settlements per batch: one query for them and their lines, one for their findings, one for history. */
export const SIMULATION_BATCH = 500;
/** A RUNNING job without a heartbeat for this long belongs to a process that died. */
export const SIMULATION_STALE_MS = 120_000;
/** Runs (first + restarts) before a job that keeps being interrupted is marked FAILED. */
export const SIMULATION_MAX_ATTEMPTS = 3;
const POLL_MS = 30_000;

interface ClaimedJob {
  id: string;
  poolarea: string;
  from_date: string;
  to_date: string;
  definitions: RuleDefinition[];
  /** Enforced rule ids of the published set the candidate started from. */
  base_rules: string[];
  attempts: number;
}

class Interrupted extends Error {}

/**
 * Runs queued simulations one at a time per process, in a loop started at boot (outside any
 * request, so a job never inherits a caller's deadline or identity). A job is taken with SKIP
 * LOCKED, so replicas share the queue; it beats a heartbeat after every batch. A RUNNING job whose
 * heartbeat is older than {@link SIMULATION_STALE_MS} — its process died — is put back in the queue
 * and restarted from the beginning (at boot and every poll); after {@link SIMULATION_MAX_ATTEMPTS}
 * runs it is marked FAILED instead. A graceful shutdown puts the running job back at once.
 * Reads only: no finding, case, posting or event is written.
 */
@Injectable()
export class SimulationRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('SimulationRunner');
  private stopped = false;
  private wakeUp?: () => void;
  private loop?: Promise<void>;

  constructor(
    private readonly orm: MikroORM,
    private readonly rules: RuleSetCache,
    private readonly directory: InstitutionDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.loop;
  }

  /** Asks the loop to look at the queue now (a job was queued). */
  wake(): void {
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      await this.recover().catch((e: unknown) => this.log.warn({ msg: 'requeueing interrupted simulations failed; retried next poll', error: String(e) }));
      try {
        for (let job = await this.claim(); job && !this.stopped; job = await this.claim()) await this.execute(job);
      } catch (e) {
        this.log.warn({ msg: 'simulation queue pass failed; retried next poll', error: String(e) });
      }
      if (this.stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, POLL_MS);
        timer.unref();
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Requeues (or fails, after too many runs) RUNNING jobs whose process stopped beating. */
  async recover(): Promise<number> {
    const now = this.clock.now();
    const rows = await this.orm.em.fork().execute<{ id: string; status: string }[]>(
      `update review.simulation_job
          set status = case when attempts >= ?::int then 'FAILED' else 'QUEUED' end,
              error = case when attempts >= ?::int then ?::text else error end,
              finished_at = case when attempts >= ?::int then ?::timestamptz else null end,
              heartbeat_at = null
        where status = 'RUNNING' and (heartbeat_at is null or heartbeat_at < ?::timestamptz)
        returning id::text as id, status`,
      [
        SIMULATION_MAX_ATTEMPTS,
        SIMULATION_MAX_ATTEMPTS,
        `interrupted ${SIMULATION_MAX_ATTEMPTS} times (process stopped while running)`,
        SIMULATION_MAX_ATTEMPTS,
        now,
        new Date(now.getTime() - SIMULATION_STALE_MS),
      ],
    );
    for (const r of rows)
      this.log.warn({ msg: r.status === 'FAILED' ? 'simulation failed after repeated interruptions' : 'interrupted simulation requeued', id: r.id });
    return rows.length;
  }

  private async claim(): Promise<ClaimedJob | undefined> {
    const now = this.clock.now();
    const [job] = await this.orm.em.fork().execute<ClaimedJob[]>(
      `update review.simulation_job set status = 'RUNNING', started_at = ?, heartbeat_at = ?, attempts = attempts + 1, total = 0, done = 0, error = null
        where id = (select id from review.simulation_job where status = 'QUEUED' order by requested_at, id limit 1 for update skip locked)
        returning id::text as id, poolarea, from_date::text as from_date, to_date::text as to_date, definitions, base_rules, attempts`,
      [now, now],
    );
    return job;
  }

  private async execute(job: ClaimedJob): Promise<void> {
    const em = this.orm.em.fork();
    const started = performance.now();
    try {
      const compiled = compileRuleSet(job.definitions, { knowledge: await this.rules.knowledge(job.poolarea, job.to_date) });
      const [{ n }] = await em.execute<{ n: number }[]>(
        `select count(*)::int as n from review.settlement where poolarea = ? and setl_date between ?::date and ?::date and review_status = 'REVIEWED' and reversed_by is null`,
        [job.poolarea, job.from_date, job.to_date],
      );
      await this.beat(em, job, { total: n, done: 0 });
      const builder = new SimulationReportBuilder(
        job.definitions.map((d) => d.id),
        job.base_rules,
      );
      let after: { setlDate: string; id: string } | undefined;
      let done = 0;
      for (;;) {
        if (this.stopped) throw new Interrupted();
        const batch = await nextStoredBatch(em, { poolarea: job.poolarea, from: job.from_date, to: job.to_date, after, limit: SIMULATION_BATCH });
        if (batch.length === 0) break;
        await this.evaluateBatch(em, compiled, batch, builder);
        done += batch.length;
        const last = batch[batch.length - 1];
        after = { setlDate: last.setl_date, id: last.id };
        await this.beat(em, job, { total: Math.max(n, done), done });
      }
      const report = builder.build();
      await em.execute(
        `update review.simulation_job set status = 'DONE', finished_at = ?, done = ?, report = ?, heartbeat_at = null where id = ? and attempts = ?`,
        [this.clock.now(), done, JSON.stringify(report), job.id, job.attempts],
      );
      this.log.log({ msg: 'simulation done', id: job.id, settlements: done, ms: Math.round(performance.now() - started) });
    } catch (e) {
      if (e instanceof Interrupted) {
        await em.execute(`update review.simulation_job set status = 'QUEUED', heartbeat_at = null where id = ? and status = 'RUNNING' and attempts = ?`, [
          job.id,
          job.attempts,
        ]);
        return;
      }
      const message = e instanceof DomainError ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e);
      this.log.error({ msg: 'simulation failed', id: job.id, error: message });
      await em.execute(`update review.simulation_job set status = 'FAILED', finished_at = ?, error = ?, heartbeat_at = null where id = ? and attempts = ?`, [
        this.clock.now(),
        message.slice(0, 2000),
        job.id,
        job.attempts,
      ]);
    }
  }

  /** Progress and heartbeat; a job taken over meanwhile (requeued as stale) is left to its new run. */
  private async beat(em: EntityManager, job: ClaimedJob, p: { total: number; done: number }): Promise<void> {
    const rows = await em.execute<{ id: string }[]>(
      `update review.simulation_job set total = ?, done = ?, heartbeat_at = ? where id = ? and status = 'RUNNING' and attempts = ? returning id::text as id`,
      [p.total, p.done, this.clock.now(), job.id, job.attempts],
    );
    if (rows.length === 0) throw new Interrupted();
  }

  private async evaluateBatch(
    em: EntityManager,
    compiled: CompiledRuleSet,
    batch: Awaited<ReturnType<typeof nextStoredBatch>>,
    builder: SimulationReportBuilder,
  ): Promise<void> {
    const ids = pgArray(batch.map((s) => s.id));
    const stored = await em.execute<{ settlement_id: string; rule_id: string; amount_fen: string; lines: { lineId: string }[]; shadow: boolean }[]>(
      `select settlement_id::text as settlement_id, rule_id, amount_fen::text as amount_fen, lines, false as shadow from review.finding where settlement_id = any(?::uuid[])
       union all
       select settlement_id::text, rule_id, amount_fen::text, lines, true from review.shadow_finding where settlement_id = any(?::uuid[])`,
      [ids, ids],
    );
    const published = new Map<string, HitFinding[]>();
    const shadow = new Map<string, HitFinding[]>();
    for (const f of stored) {
      const into = f.shadow ? shadow : published;
      into.set(f.settlement_id, [
        ...(into.get(f.settlement_id) ?? []),
        { ruleId: f.rule_id, lineIds: f.lines.map((l) => l.lineId), amountFen: BigInt(f.amount_fen) },
      ]);
    }
    const institutions = new Map<string, InstitutionFacts>();
    for (const code of new Set(batch.map((s) => s.fixmedins_code))) institutions.set(code, await this.directory.get(code));
    const histories = await loadHistories(
      em,
      batch.map((s) => s.psn_no),
      batch.map((s) => s.setl_date),
    );
    for (const s of batch) {
      const claim = storedClaim(s, institutions.get(s.fixmedins_code) as InstitutionFacts);
      const found = evaluate(compiled, claim, historyBefore(histories.get(s.psn_no), s.setl_id, s.setl_date, new Date(s.setl_time)));
      builder.add({
        institutionCode: s.fixmedins_code,
        candidate: found.map((f) => ({ ruleId: f.ruleId, lineIds: f.lines.map((l) => l.lineId), amountFen: f.amount.fenBigInt })),
        published: published.get(s.id) ?? [],
        shadow: shadow.get(s.id) ?? [],
      });
    }
  }
}
