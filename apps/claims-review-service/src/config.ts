import { ServiceConfig } from '@mi/platform';

/** Settings of claims-review-service (env variables; validated at boot). */
export class ClaimsReviewConfig extends ServiceConfig {
  override SERVICE_NAME = 'claims-review-service';
  override HEALTH_PORT = 3102;
}
