import 'reflect-metadata';
import { type DynamicModule, type INestApplication, type INestMicroservice, Logger, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { MikroORM } from '@mikro-orm/postgresql';
import { context as otelContext } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { type Clock, DomainError, SystemClock } from '@mi/domain';
import { loadCalendarYears, warnIfCalendarEndsSoon } from '../config/calendar-years';
import { loadConfig, type ServiceConfig } from '../config/service-config';
import { MiRpcExceptionFilter } from '../errors/rpc-exception.filter';
import { createValidationPipe } from '../errors/validation.pipe';
import { HealthServer, type ReadinessCheck } from '../health/health-server';
import { ensureStreams } from '../jetstream/ensure-streams';
import { newUuidV7 } from '../ids';
import { JsonLogger } from '../logging/json-logger';
import { MiNatsServer } from '../nats/mi-nats-server';
import { SubjectResolver } from '../nats/subject-resolver';
import { runMigrations } from '../orm/run-migrations';
import { OutboxRelay } from '../outbox/outbox-relay';
import { PERSISTENCE_SCHEMA, PlatformHostModule } from '../platform.module';
import { ActorTokenCodec } from '../security/actor-token';
import { ShiftedClock } from './shifted-clock';

export interface BootOptions<C extends ServiceConfig> {
  configClass: new () => C;
  /** Source of settings; process.env by default, an object in tests. */
  env?: Record<string, string | number | undefined>;
  clock?: Clock;
  /** Silence logs (tests). */
  logger?: false | JsonLogger;
}

export interface RunningProcess<C extends ServiceConfig> {
  config: C;
  nc: NatsConnection;
  resolver: SubjectResolver;
  healthPort: number;
  get<T>(token: Type<T> | symbol | string): T;
  close(): Promise<void>;
}

async function connectNats(config: ServiceConfig): Promise<NatsConnection> {
  return connect({
    servers: config.NATS_URL.split(',').map((s) => s.trim()),
    name: config.SERVICE_NAME,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
  });
}

function rootModule(appModule: Type<unknown> | DynamicModule, host: DynamicModule): Type<unknown> {
  @Module({ imports: [host, appModule] })
  class RootModule {}
  return RootModule;
}

/** The process's actor-token codec, from its validated config. */
export function actorCodecFor(config: ServiceConfig): ActorTokenCodec {
  return new ActorTokenCodec(ActorTokenCodec.keyringFromString(config.ACTOR_KEYS), config.ACTOR_ACTIVE_KEY);
}

async function prepare<C extends ServiceConfig>(o: BootOptions<C>) {
  const config = loadConfig(o.configClass, o.env);
  const logger = o.logger === undefined ? new JsonLogger(config.SERVICE_NAME, config.LOG_LEVEL) : o.logger;
  if (logger) Logger.overrideLogger(logger);
  const nc = await connectNats(config);
  const resolver = new SubjectResolver(config.NATS_SUBJECT_PREFIX);
  await ensureStreams(nc, resolver, config.JETSTREAM_REPLICAS);
  const clock = o.clock ?? (config.CLOCK_START !== '' ? new ShiftedClock(config.CLOCK_START) : new SystemClock());
  if (config.CLOCK_START !== '' && !o.clock) new Logger('Clock').warn({ msg: 'business clock shifted (rehearsal)', startsAt: config.CLOCK_START });
  if (config.CALENDAR_YEARS_FILE !== '') loadCalendarYears(config.CALENDAR_YEARS_FILE);
  if (o.logger !== false) warnIfCalendarEndsSoon(clock.now());
  const actors = actorCodecFor(config);
  const host = PlatformHostModule.register({ config, nc, resolver, clock, actors });
  return { config, logger, nc, resolver, host, actors };
}

/** Migrations (when configured), then the outbox relay: it must not poll a table not yet there. */
async function afterCreate(app: INestApplication | INestMicroservice, config: ServiceConfig): Promise<void> {
  let orm: MikroORM | undefined;
  let schema: string | undefined;
  let relay: OutboxRelay | undefined;
  try {
    orm = app.get(MikroORM, { strict: false });
    schema = app.get<string>(PERSISTENCE_SCHEMA, { strict: false });
    relay = app.get(OutboxRelay, { strict: false });
  } catch {
    return; // a process without persistence
  }
  if (config.MIGRATE_ON_BOOT === 'true' && orm && schema) {
    const applied = await runMigrations(orm, schema);
    if (applied.length > 0) new Logger('Migrations').log({ msg: 'migrations applied', schema, applied });
  }
  if (config.OUTBOX_RELAY === 'on') await relay?.start();
  else
    new Logger('OutboxRelay').warn({
      msg: 'outbox relay off (OUTBOX_RELAY=off): committed events wait in the outbox until a process with the relay on publishes them',
    });
}

function readiness(app: INestApplication | INestMicroservice, nc: NatsConnection): ReadinessCheck[] {
  const checks: ReadinessCheck[] = [async () => ({ name: 'nats', ok: !nc.isClosed() && nc.info !== undefined })];
  let orm: MikroORM | undefined;
  try {
    orm = app.get(MikroORM, { strict: false });
  } catch {
    orm = undefined;
  }
  if (orm) {
    const o = orm;
    // Probes run every few seconds: keep them out of the traces.
    checks.push(() =>
      otelContext.with(suppressTracing(otelContext.active()), async () => {
        await o.em.fork().execute('select 1');
        return { name: 'postgres', ok: true };
      }),
    );
  }
  return checks;
}

/**
 * Starts a NATS service: validated config, one NATS connection, JetStream streams, migrations,
 * the platform transport (request/reply + durable event consumers), health endpoints.
 */
export async function startService<C extends ServiceConfig>(appModule: Type<unknown> | DynamicModule, o: BootOptions<C>): Promise<RunningProcess<C>> {
  const { config, logger, nc, resolver, host, actors } = await prepare(o);
  try {
    const strategy = new MiNatsServer({ nc, actors, service: config.SERVICE_NAME, resolver, maxDeliver: config.EVENT_MAX_DELIVER });
    const app = await NestFactory.createMicroservice(rootModule(appModule, host), {
      strategy,
      logger: logger || false,
      bufferLogs: false,
      abortOnError: false,
    });
    app.useGlobalPipes(createValidationPipe());
    app.useGlobalFilters(new MiRpcExceptionFilter());
    app.enableShutdownHooks();
    // No app.init() here: Nest 12's NestMicroservice.init() runs the init hooks twice; listen() runs them once.

    await afterCreate(app, config);
    await app.listen();
    // The server has the subscriptions only once the client flushed them: "ready" must mean it answers.
    await nc.flush();
    const health = new HealthServer(config.SERVICE_NAME, readiness(app, nc));
    const healthPort = await health.start(config.HEALTH_PORT);
    return {
      config,
      nc,
      resolver,
      healthPort,
      get: <T>(token: Type<T> | symbol | string) => app.get<T>(token as Type<T>, { strict: false }),
      close: async () => {
        await health.stop();
        await app.close();
        await nc.drain().catch(() => undefined);
      },
    };
  } catch (e) {
    await nc.close().catch(() => undefined);
    throw e;
  }
}

/** The caller's `x-request-id` when it is sane, else a new UUIDv7; Fastify exposes it as `req.id`. */
function requestIdFor(req: { headers: Record<string, string | string[] | undefined> }): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.-]{8,64}$/.test(given) ? given : newUuidV7();
}

/**
 * JSON bodies are parsed here and their exact bytes kept as `req.rawBody` (the HIS strong
 * signature covers them). A body that is not JSON is answered 400 by the gateway's filters.
 */
function keepRawJsonBody(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'buffer' }, (req, body: Buffer, done) => {
    (req as unknown as { rawBody: Buffer }).rawBody = body;
    if (body.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(body.toString('utf8')));
    } catch (e) {
      const err = new DomainError('VALIDATION', `body is not valid JSON: ${(e as Error).message}`, { field: 'body', reason: 'not JSON' });
      done(Object.assign(err, { statusCode: 400 }), undefined);
    }
  });
}

export interface RunningHttp<C extends ServiceConfig> extends RunningProcess<C> {
  app: NestFastifyApplication;
  httpPort: number;
}

/** Starts the HTTP gateway (Fastify) with the same config, NATS and health plumbing. */
export async function startHttp<C extends ServiceConfig>(
  appModule: Type<unknown> | DynamicModule,
  o: BootOptions<C> & {
    httpPort: (config: C) => number;
    host?: string;
    configure?: (app: NestFastifyApplication, config: C) => void | Promise<void>;
    /** Runs after migrations, before the port opens (e.g. seed the first administrator). */
    onMigrated?: (app: NestFastifyApplication, config: C) => Promise<void>;
  },
): Promise<RunningHttp<C>> {
  const { config, logger, nc, resolver, host } = await prepare(o);
  try {
    const app = await NestFactory.create<NestFastifyApplication>(
      rootModule(appModule, host),
      new FastifyAdapter({ bodyLimit: 32 * 1024 * 1024, requestIdHeader: false, genReqId: requestIdFor }),
      { logger: logger || false, abortOnError: false, bodyParser: false },
    );
    keepRawJsonBody(app);
    app.enableShutdownHooks();
    if (o.configure) await o.configure(app, config);
    await app.init();
    await afterCreate(app, config);
    if (o.onMigrated) await o.onMigrated(app, config);
    await app.listen(o.httpPort(config), o.host ?? '0.0.0.0');
    const address = app.getHttpServer().address();
    const httpPort = typeof address === 'object' && address ? address.port : o.httpPort(config);
    const health = new HealthServer(config.SERVICE_NAME, readiness(app, nc));
    const healthPort = await health.start(config.HEALTH_PORT);
    return {
      app,
      config,
      nc,
      resolver,
      healthPort,
      httpPort,
      get: <T>(token: Type<T> | symbol | string) => app.get<T>(token as Type<T>, { strict: false }),
      close: async () => {
        await health.stop();
        await app.close();
        await nc.drain().catch(() => undefined);
      },
    };
  } catch (e) {
    await nc.close().catch(() => undefined);
    throw e;
  }
}
