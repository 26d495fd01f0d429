import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { PlatformHostModule } from '@mi/platform';
import { AppModule } from '../app.module';
import { GatewayConfig } from '../config';

/** Title, description and security scheme of the `/api/v1` document (served at `/docs`). */
export function openApiConfig(): Omit<OpenAPIObject, 'paths'> {
  return new DocumentBuilder()
    .setTitle('医保基金监管平台 API')
    .setDescription('Admin API (`/api/v1`) for the portal. JWT bearer from `POST /api/v1/auth/login`; errors are `application/problem+json`.')
    .setVersion('v1')
    .addBearerAuth()
    .build();
}

/**
 * The gateway's OpenAPI document without a database or NATS: Nest's preview mode builds the
 * module graph (controllers, routes, decorators) but instantiates no provider, so nothing
 * connects. The admin portal generates its typed API client from this document at build time.
 */
export async function createOpenApiDocument(): Promise<OpenAPIObject> {
  // The host module's values are never used in preview mode; they only satisfy the injection graph.
  const host = PlatformHostModule.register({ config: new GatewayConfig(), nc: {} as never, resolver: {} as never, clock: {} as never, actors: {} as never });
  @Module({ imports: [host, AppModule] })
  class OpenApiRootModule {}
  const app = await NestFactory.create<NestFastifyApplication>(OpenApiRootModule, new FastifyAdapter(), { preview: true, logger: false, abortOnError: false });
  try {
    return SwaggerModule.createDocument(app, openApiConfig());
  } finally {
    await app.close();
  }
}
