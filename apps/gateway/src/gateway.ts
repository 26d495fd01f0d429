import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createValidationPipe, type BootOptions, startHttp, type RunningHttp } from '@mi/platform';
import { AppModule } from './app.module';
import { GatewayConfig } from './config';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { RequestContextInterceptor } from './http/request-context.interceptor';

export function configureGateway(app: NestFastifyApplication): void {
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalInterceptors(new RequestContextInterceptor());
}

/** Starts the gateway (used by main.ts and by the e2e tests). */
export async function startGateway(o: Omit<BootOptions<GatewayConfig>, 'configClass'> = {}): Promise<RunningHttp<GatewayConfig>> {
  return startHttp(AppModule, { ...o, configClass: GatewayConfig, httpPort: (c) => c.HTTP_PORT, configure: configureGateway });
}
