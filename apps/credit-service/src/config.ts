import { ServiceConfig } from '@mi/platform';

/** Settings of credit-service (env variables; validated at boot). */
export class CreditConfig extends ServiceConfig {
  override SERVICE_NAME = 'credit-service';
  override HEALTH_PORT = 3105;
}
