import { IsIn, IsString, Matches } from 'class-validator';
import { ServiceConfig } from '@mi/platform';

/** Settings of monitoring-kb-service (env variables; validated at boot). */
export class MonitoringKbConfig extends ServiceConfig {
  override SERVICE_NAME = 'monitoring-kb-service';
  override HEALTH_PORT = 3103;

  /** The province whose defaults are seeded from the bundled sample on an empty database. */
  @IsString()
  @Matches(/^[1-8][0-9]0000$/, { message: 'PROVINCE_ADMDVS must be a province code such as 430000' })
  PROVINCE_ADMDVS = '430000';

  @IsIn(['true', 'false'])
  SEED_SAMPLE_KNOWLEDGE: 'true' | 'false' = 'true';
}
