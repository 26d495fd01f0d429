import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { type Clock, LocalDate } from '@mi/domain';
import { CLOCK, SERVICE_CONFIG } from '@mi/platform';
import type { CreditConfig } from '../config';
import { ReferralEntity } from './referral.entity';
import { ReferralAnnualReportService } from './annual-report.service';
import { ReferralService } from './referral.service';

export interface ReferralSweepResult {
  referralOverdue: number;
  completionOverdue: number;
  /** Annual reports of last year not submitted by 15 January (one notice per city and department). */
  annualReportOverdue: number;
}

/**
 * 逾期督办 — finds referrals whose 7-working-day deadline passed while still a draft, and completion
 * requests not met within 3 days, and marks each once (ReferralOverdue event, ledger line, audit).
 * Runs at boot and every `REFERRAL_SWEEP_INTERVAL_MS`, so a deadline passed while the service was
 * down is reported at the next start. Each referral is its own transaction over a row taken with
 * SKIP LOCKED and re-checked through its flag column, so replicas and repeated sweeps emit once.
 * After 15 January it also notices last year's annual reports not submitted ({@link ReferralAnnualReportService}).
 */
@Injectable()
export class ReferralSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('ReferralSweeper');
  private timer?: NodeJS.Timeout;
  private running?: Promise<ReferralSweepResult>;

  constructor(
    private readonly orm: MikroORM,
    private readonly referrals: ReferralService,
    private readonly reports: ReferralAnnualReportService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: CreditConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.sweep().catch((e: unknown) => this.log.error({ msg: 'boot referral sweep failed', error: String(e) }));
    if (this.config.REFERRAL_SWEEP_INTERVAL_MS > 0) {
      this.timer = setInterval(
        () => void this.sweep().catch((e: unknown) => this.log.warn({ msg: 'referral sweep failed; retried next tick', error: String(e) })),
        this.config.REFERRAL_SWEEP_INTERVAL_MS,
      );
      this.timer.unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass; concurrent calls share the pass in progress. */
  sweep(): Promise<ReferralSweepResult> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<ReferralSweepResult> {
    const result: ReferralSweepResult = { referralOverdue: 0, completionOverdue: 0, annualReportOverdue: 0 };
    while (await this.next('REFERRAL')) result.referralOverdue++;
    while (await this.next('COMPLETION')) result.completionOverdue++;
    result.annualReportOverdue = await this.reports.sweepOverdue();
    if (result.referralOverdue + result.completionOverdue + result.annualReportOverdue > 0) this.log.log({ msg: 'overdue referrals marked', ...result });
    return result;
  }

  private next(deadline: 'REFERRAL' | 'COMPLETION'): Promise<boolean> {
    const today = LocalDate.fromInstant(this.clock.now()).toString();
    const sql =
      deadline === 'REFERRAL'
        ? `select r.id::text as id from credit.referral r
            where r.status = 'DRAFT' and r.due_on < ? and r.referral_overdue_notified_at is null
            order by r.due_on, r.id limit 1 for update skip locked`
        : `select r.id::text as id from credit.referral r
            where r.completed_on is null and r.completion_due_on < ? and r.completion_overdue_notified_at is null
            order by r.completion_due_on, r.id limit 1 for update skip locked`;
    return this.orm.em.fork().transactional(async (em) => {
      const [row] = await em.execute<{ id: string }[]>(sql, [today]);
      if (!row) return false;
      const r = await em.findOneOrFail(ReferralEntity, { id: row.id });
      await this.referrals.markOverdue(em, r, deadline);
      await em.flush();
      return true;
    });
  }
}
