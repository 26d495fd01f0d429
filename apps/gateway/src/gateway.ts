import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { type BootOptions, createValidationPipe, type RunningHttp, startHttp } from '@mi/platform';
import { AppModule } from './app.module';
import { assertProductionSecrets, GatewayConfig } from './config';
import { servePortal } from './http/portal-static';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { RequestContextInterceptor } from './http/request-context.interceptor';
import { IdentityService } from './identity/identity.service';
import { openApiConfig } from './openapi/openapi-document';

export async function configureGateway(app: NestFastifyApplication, config: GatewayConfig): Promise<void> {
  assertProductionSecrets(config);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter(config.PROVINCE_ADMDVS));
  app.useGlobalInterceptors(new RequestContextInterceptor());
  if (config.SWAGGER_UI === 'true') {
    SwaggerModule.setup('docs', app, SwaggerModule.createDocument(app, openApiConfig()), { jsonDocumentUrl: 'docs/openapi.json' });
  }
  await servePortal(app, config.PORTAL_DIR);
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
