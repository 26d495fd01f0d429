import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SERVICE_CONFIG } from '@mi/platform';
import type { ClaimsReviewConfig } from '../config';
import { ManualClaimService } from '../manual-claim/manual-claim.service';
import { CaseService } from './case.service';

export interface CaseSweepResult {
  appealsLapsed: number;
  overdueFlagged: number;
  manualClaimsOverdue: number;
}

/**
 * 期限处理 — moves cases whose appeal window lapsed on to 处理, emits `CaseOverdue` once per case
 * and stage past its deadline and `ManualClaimOverdue` once per working-group file past its 10 days. Runs at boot and every `CASE_SWEEP_INTERVAL_MS`; rows are taken with
 * SKIP LOCKED and each change is re-checked in its transaction, so replicas and a pass repeated
 * after a crash change each case once.
 */
@Injectable()
export class CaseSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('CaseSweeper');
  private timer?: NodeJS.Timeout;
  private running?: Promise<CaseSweepResult>;

  constructor(
    private readonly cases: CaseService,
    private readonly manualClaims: ManualClaimService,
    @Inject(SERVICE_CONFIG) private readonly config: ClaimsReviewConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.sweep().catch((e: unknown) => this.log.error({ msg: 'boot sweep failed', error: String(e) }));
    if (this.config.CASE_SWEEP_INTERVAL_MS > 0) {
      this.timer = setInterval(
        () => void this.sweep().catch((e: unknown) => this.log.warn({ msg: 'case sweep failed; retried next tick', error: String(e) })),
        this.config.CASE_SWEEP_INTERVAL_MS,
      );
      this.timer.unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass; concurrent calls share the pass in progress. */
  sweep(): Promise<CaseSweepResult> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<CaseSweepResult> {
    const result: CaseSweepResult = { appealsLapsed: 0, overdueFlagged: 0, manualClaimsOverdue: 0 };
    for (let n = await this.cases.lapseAppeals(); n > 0; n = await this.cases.lapseAppeals()) result.appealsLapsed += n;
    for (let n = await this.cases.flagOverdue(); n > 0; n = await this.cases.flagOverdue()) result.overdueFlagged += n;
    for (let n = await this.manualClaims.flagOverdue(); n > 0; n = await this.manualClaims.flagOverdue()) result.manualClaimsOverdue += n;
    if (result.appealsLapsed + result.overdueFlagged + result.manualClaimsOverdue > 0) this.log.log({ msg: 'case deadlines applied', ...result });
    return result;
  }
}
