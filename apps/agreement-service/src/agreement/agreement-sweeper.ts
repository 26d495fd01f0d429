import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { type Clock } from '@mi/domain';
import { AuditService, CLOCK, SERVICE_CONFIG } from '@mi/platform';
import type { AgreementConfig } from '../config';
import { EligibilityCache } from '../eligibility/eligibility-cache';
import { PractitionerEntity } from '../registry/registry.entities';
import { AgreementEntity, SuspensionEntity } from './agreement.entities';
import { AgreementTransitions } from './agreement-transitions';

export interface SweepResult {
  started: number;
  resumed: number;
  terminated: number;
  expired: number;
  practitionersReinstated: number;
}

/** AGR-09: a voluntary suspension that lapses without a resume request ends the agreement (ground 14, 2号令 Art. 42). */
const LAPSED_VOLUNTARY = '中止期满未申请恢复，协议自动终止（2号令第四十二条）';

/**
 * 到期处理 — applies every scheduled transition whose time has passed: suspensions start and end
 * (the agreement resumes, or a lapsed voluntary suspension terminates it), agreements expire at the
 * end of the natural year, points suspensions of practitioners end. Runs at boot and every
 * `SWEEP_INTERVAL_MS`, so a transition due while the service was down happens at the next start.
 * Each item is its own transaction over a row locked with SKIP LOCKED and re-checked, so replicas
 * sweeping at once and a sweep repeated after a crash apply each transition exactly once.
 */
@Injectable()
export class AgreementSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('AgreementSweeper');
  private timer?: NodeJS.Timeout;
  private running?: Promise<SweepResult>;

  constructor(
    private readonly orm: MikroORM,
    private readonly transitions: AgreementTransitions,
    private readonly audit: AuditService,
    private readonly cache: EligibilityCache,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: AgreementConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.sweep().catch((e: unknown) => this.log.error({ msg: 'boot sweep failed', error: String(e) }));
    if (this.config.SWEEP_INTERVAL_MS > 0) {
      this.timer = setInterval(
        () => void this.sweep().catch((e: unknown) => this.log.warn({ msg: 'sweep failed; retried next tick', error: String(e) })),
        this.config.SWEEP_INTERVAL_MS,
      );
      this.timer.unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass; concurrent calls share the pass in progress. */
  sweep(): Promise<SweepResult> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<SweepResult> {
    const result: SweepResult = { started: 0, resumed: 0, terminated: 0, expired: 0, practitionersReinstated: 0 };
    const touched = new Set<string>();
    // Suspensions first (in time order), then expiry: a suspension that ended inside the term resumes before the year ends.
    for (;;) {
      const done = await this.nextSuspension(result, touched);
      if (!done) break;
    }
    for (;;) {
      const done = await this.nextScheduledTermination(result, touched);
      if (!done) break;
    }
    for (;;) {
      const done = await this.nextExpiry(result, touched);
      if (!done) break;
    }
    for (;;) {
      const done = await this.nextPractitioner(result, touched);
      if (!done) break;
    }
    for (const code of touched) await this.cache.refreshInstitution(code);
    if (touched.size > 0) this.log.log({ msg: 'due transitions applied', ...result });
    return result;
  }

  /** The earliest due suspension start or end; false when none is due. */
  private nextSuspension(result: SweepResult, touched: Set<string>): Promise<boolean> {
    const now = this.clock.now();
    return this.orm.em.fork().transactional(async (em) => {
      const [row] = await em.execute<{ id: string; due: 'start' | 'end' }[]>(
        `select s.id::text as id, case when s.status = 'SCHEDULED' then 'start' else 'end' end as due
           from agreement.suspension s
          where (s.status = 'SCHEDULED' and s.starts_at <= ?) or (s.status = 'ACTIVE' and s.ends_at <= ?)
          order by case when s.status = 'SCHEDULED' then s.starts_at else s.ends_at end, s.id
          limit 1 for update skip locked`,
        [now, now],
      );
      if (!row) return false;
      const s = await em.findOneOrFail(SuspensionEntity, { id: row.id });
      const a = await em.findOneOrFail(AgreementEntity, { id: s.agreementId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      touched.add(a.institutionCode);
      if (a.status === 'TERMINATED' || a.status === 'EXPIRED') {
        // The agreement ended first; the suspension ends with it.
        s.status = 'ENDED';
        s.endedAt = a.terminatedAt ?? a.expiresAt;
        return true;
      }
      if (row.due === 'start') {
        await this.transitions.startSuspension(em, a, s);
        result.started++;
      } else if (s.kind === 'VOLUNTARY' && !s.resumeRequested) {
        s.status = 'ENDED';
        s.endedAt = s.endsAt;
        await this.transitions.terminate(em, a, 14, LAPSED_VOLUNTARY, true, s.endsAt);
        result.terminated++;
      } else {
        await this.transitions.endSuspension(em, a, s, 'period-ended');
        result.resumed++;
      }
      return true;
    });
  }

  /** AGR-08: the institution's own termination takes effect at the start of the day it named (ground 12). */
  private nextScheduledTermination(result: SweepResult, touched: Set<string>): Promise<boolean> {
    return this.nextDueAgreement('termination_due_at', touched, async (em, a) => {
      const reason = `医药机构主动申请解除协议（2号令第四十四条，提前3个月）：${a.terminationRequestReason ?? ''}`;
      await this.transitions.terminate(em, a, 12, reason, true, a.terminationDueAt!);
      result.terminated++;
    });
  }

  private nextExpiry(result: SweepResult, touched: Set<string>): Promise<boolean> {
    return this.nextDueAgreement('expires_at', touched, async (em, a) => {
      await this.transitions.expire(em, a);
      result.expired++;
    });
  }

  /** The in-force agreement whose `column` instant passed first, locked (SKIP LOCKED), handed to `apply`; false when none. */
  private nextDueAgreement(
    column: 'expires_at' | 'termination_due_at',
    touched: Set<string>,
    apply: (em: EntityManager, a: AgreementEntity) => Promise<void>,
  ): Promise<boolean> {
    const now = this.clock.now();
    return this.orm.em.fork().transactional(async (em) => {
      const [row] = await em.execute<{ id: string }[]>(
        `select a.id::text as id from agreement.agreement a
          where a.status in ('ACTIVE', 'SUSPENDED') and a.${column} <= ?
          order by a.${column}, a.id limit 1 for update skip locked`,
        [now],
      );
      if (!row) return false;
      const a = await em.findOneOrFail(AgreementEntity, { id: row.id });
      touched.add(a.institutionCode);
      await apply(em, a);
      return true;
    });
  }

  private nextPractitioner(result: SweepResult, touched: Set<string>): Promise<boolean> {
    const now = this.clock.now();
    return this.orm.em.fork().transactional(async (em) => {
      const [row] = await em.execute<{ id: string }[]>(
        `select p.id::text as id from agreement.practitioner p where p.status = 'SUSPENDED' and p.resume_at <= ? order by p.resume_at, p.id limit 1 for update skip locked`,
        [now],
      );
      if (!row) return false;
      const p = await em.findOneOrFail(PractitionerEntity, { id: row.id });
      touched.add(p.institutionCode);
      p.status = 'ACTIVE';
      p.suspendedUntil = null;
      p.resumeAt = null;
      await this.audit.record(em, {
        action: 'practitioner.reinstate',
        targetType: 'practitioner',
        targetId: p.code,
        admdvs: p.admdvs,
        after: { status: 'ACTIVE' },
      });
      result.practitionersReinstated++;
      return true;
    });
  }
}
