import { IsIn, IsInt, Max, Min } from 'class-validator';
import { ServiceConfig } from '@mi/platform';

/** Settings of fund-pooling-service (env variables; validated at boot). */
export class FundPoolingConfig extends ServiceConfig {
  override SERVICE_NAME = 'fund-pooling-service';
  override HEALTH_PORT = 3104;

  /** 申报截止日 — day of the month after the service month by which institutions submit its claims (SET-06); 1–28. */
  @IsInt()
  @Min(1)
  @Max(28)
  PAYMENT_SUBMISSION_DEADLINE_DAY = 10;

  /** A submission deadline on a rest day moves to the next working day (民法典 第二百零三条). */
  @IsIn(['true', 'false'])
  PAYMENT_SUBMISSION_DEADLINE_ROLLS: 'true' | 'false' = 'true';

  /** 拨付时限 — working days to pay a month, counted from the day after its submission deadline (SET-06, AGR-13: at most 30). */
  @IsInt()
  @Min(1)
  @Max(30)
  PAYMENT_DUE_WORKING_DAYS = 30;

  /** A month is DUE_SOON (and `PaymentDeadlineApproaching` is sent) with this many working days left or fewer. */
  @IsInt()
  @Min(0)
  @Max(29)
  PAYMENT_DUE_SOON_WORKING_DAYS = 5;

  /** How often the payment-deadline sweeper looks whether the Beijing date changed (it sweeps once a day); 0 = only at boot (tests sweep by hand). */
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  PAYMENT_DEADLINE_SWEEP_INTERVAL_MS = 600_000;
}
