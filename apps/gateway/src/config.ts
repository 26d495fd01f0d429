import { IsInt, Max, Min } from 'class-validator';
import { ServiceConfig } from '@mi/platform';

/** Settings of the gateway (env variables; validated at boot). */
export class GatewayConfig extends ServiceConfig {
  override SERVICE_NAME = 'gateway';
  override HEALTH_PORT = 3100;

  /** Port of the HTTP API (`/api/v1`, `/fsi/api/...`); 0 picks a free port (tests). */
  @IsInt()
  @Min(0)
  @Max(65535)
  HTTP_PORT = 3000;
}
