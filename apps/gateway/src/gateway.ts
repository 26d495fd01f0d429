import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { type BootOptions, createValidationPipe, type RunningHttp, startHttp } from '@mi/platform';
import { AppModule } from './app.module';
import { assertProductionSecrets, GatewayConfig } from './config';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { RequestContextInterceptor } from './http/request-context.interceptor';
import { IdentityService } from './identity/identity.service';

export function configureGateway(app: NestFastifyApplication, config: GatewayConfig): void {
  assertProductionSecrets(config);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter(config.PROVINCE_ADMDVS));
  app.useGlobalInterceptors(new RequestContextInterceptor());
  if (config.SWAGGER_UI === 'true') {
    const doc = new DocumentBuilder()
      .setTitle('医保基金监管平台 API')
      .setDescription('Admin API (`/api/v1`) for the portal. JWT bearer from `POST /api/v1/auth/login`; errors are `application/problem+json`.')
      .setVersion('v1')
      .addBearerAuth()
      .build();
    SwaggerModule.setup('docs', app, SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'docs/openapi.json' });
  }
}

/** Starts the gateway (used by main.ts and by the tests). */
export async function startGateway(o: Omit<BootOptions<GatewayConfig>, 'configClass'> = {}): Promise<RunningHttp<GatewayConfig>> {
  return startHttp(AppModule, {
    ...o,
    configClass: GatewayConfig,
    httpPort: (c) => c.HTTP_PORT,
    configure: configureGateway,
    onMigrated: (app) => app.get(IdentityService).ensureBootstrapAdmin(),
  });
}
