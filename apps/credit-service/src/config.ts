import { IsInt, Max, Min } from 'class-validator';
import { ServiceConfig } from '@mi/platform';

/** Settings of credit-service (env variables; validated at boot). */
export class CreditConfig extends ServiceConfig {
  override SERVICE_NAME = 'credit-service';
  override HEALTH_PORT = 3105;

  /** How often referral deadlines are checked for ReferralOverdue (0 = only at boot; tests sweep by hand). */
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  REFERRAL_SWEEP_INTERVAL_MS = 600_000;
}
