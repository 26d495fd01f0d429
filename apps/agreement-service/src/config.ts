import { IsIn, IsInt, Max, Min } from 'class-validator';
import { ServiceConfig } from '@mi/platform';

/** Settings of agreement-service (env variables; validated at boot). */
export class AgreementConfig extends ServiceConfig {
  override SERVICE_NAME = 'agreement-service';
  override HEALTH_PORT = 3101;

  /** How often the due-transition sweeper runs (ms); 0 = only at boot (tests call `sweep()`). */
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  SWEEP_INTERVAL_MS = 5000;

  /** Where admission asks about dishonesty lists: credit-service over NATS, or `none` (no lists; tests). */
  @IsIn(['credit-service', 'none'])
  BLACKLIST_SOURCE: 'credit-service' | 'none' = 'credit-service';
}
