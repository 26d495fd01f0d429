import { ServiceConfig } from '@mi/platform';

/** Settings of agreement-service (env variables; validated at boot). */
export class AgreementConfig extends ServiceConfig {
  override SERVICE_NAME = 'agreement-service';
  override HEALTH_PORT = 3101;
}
