import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type Clock, LocalDate } from '@mi/domain';
import { CLOCK, SERVICE_CONFIG } from '@mi/platform';
import type { FundPoolingConfig } from '../config';
import { PaymentDeadlineService, type PaymentDeadlineSweepResult } from './payment-deadline.service';

/**
 * 拨付时限督办 — once per business day (Beijing date of the CLOCK, so a shifted rehearsal clock is
 * followed) reports the months past their payment due date without a paying run
 * (`PaymentDeadlineOverdue`) and those about to fall due (`PaymentDeadlineApproaching`), each once
 * per region and month. Runs at boot, so a day missed while the service was down is caught up,
 * then looks every `PAYMENT_DEADLINE_SWEEP_INTERVAL_MS` whether the date changed. A failed pass is
 * retried at the next look; replicas and repeated passes report once (unique notice per region,
 * month and kind).
 */
@Injectable()
export class PaymentDeadlineSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('PaymentDeadlineSweeper');
  private timer?: NodeJS.Timeout;
  private running?: Promise<PaymentDeadlineSweepResult>;
  /** The Beijing date of the last pass that completed. */
  private sweptOn?: string;

  constructor(
    private readonly deadlines: PaymentDeadlineService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: FundPoolingConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.sweep().catch((e: unknown) => this.log.error({ msg: 'boot payment-deadline sweep failed', error: String(e) }));
    if (this.config.PAYMENT_DEADLINE_SWEEP_INTERVAL_MS > 0) {
      this.timer = setInterval(
        () => void this.sweepOncePerDay().catch((e: unknown) => this.log.warn({ msg: 'payment-deadline sweep failed; retried next tick', error: String(e) })),
        this.config.PAYMENT_DEADLINE_SWEEP_INTERVAL_MS,
      );
      this.timer.unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass now, whatever the date; concurrent calls share the pass in progress. */
  sweep(): Promise<PaymentDeadlineSweepResult> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  /** A pass unless today's (Beijing date of the CLOCK) has completed: what the timer calls. */
  async sweepOncePerDay(): Promise<PaymentDeadlineSweepResult | undefined> {
    if (this.sweptOn === this.today()) return undefined;
    return this.sweep();
  }

  private async pass(): Promise<PaymentDeadlineSweepResult> {
    const today = this.today();
    const result = await this.deadlines.sweep();
    this.sweptOn = today;
    if (result.overdue + result.approaching > 0) this.log.log({ msg: 'payment deadlines reported', today, ...result });
    return result;
  }

  private today(): string {
    return LocalDate.fromInstant(this.clock.now(), 'now').toString();
  }
}
