import { ServiceConfig } from '@mi/platform';

/** Settings of fund-pooling-service (env variables; validated at boot). */
export class FundPoolingConfig extends ServiceConfig {
  override SERVICE_NAME = 'fund-pooling-service';
  override HEALTH_PORT = 3104;
}
