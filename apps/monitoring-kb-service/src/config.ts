import { ServiceConfig } from '@mi/platform';

/** Settings of monitoring-kb-service (env variables; validated at boot). */
export class MonitoringKbConfig extends ServiceConfig {
  override SERVICE_NAME = 'monitoring-kb-service';
  override HEALTH_PORT = 3103;
}
