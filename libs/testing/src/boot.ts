import type { DynamicModule, Type } from '@nestjs/common';
import {
  type Actor,
  ActorTokenCodec,
  type BootOptions,
  DEV_ACTOR_KEYS,
  MiNatsClient,
  type PortalActor,
  RequestScope,
  type RunningProcess,
  type ServiceConfig,
  type ServicePersistenceOptions,
  startService,
} from '@mi/platform';
import { createTestDatabase, type TestDatabase } from './test-database';
import { createTestNats, type TestNats } from './test-nats';

/** Shared infrastructure of one test file: its own database and its own NATS subject prefix. */
export interface TestInfra {
  db: TestDatabase;
  nats: TestNats;
  /** Env for a service under test: points it at this file's database and prefix. */
  env(service: string, extra?: Record<string, string | number>): Record<string, string | number>;
  close(): Promise<void>;
}

/**
 * Env for a platform process under test: this test file's database and subject prefix, free
 * ports, a fast outbox poll. Spawned processes (e2e) migrate on boot; in-process ones do not.
 */
export function serviceEnv(
  service: string,
  db: { url: string },
  nats: { url: string; prefix: string },
  extra: Record<string, string | number> = {},
): Record<string, string | number> {
  return {
    SERVICE_NAME: service,
    DATABASE_URL: db.url,
    NATS_URL: nats.url,
    NATS_SUBJECT_PREFIX: nats.prefix,
    HEALTH_PORT: 0,
    HTTP_PORT: 0,
    OUTBOX_POLL_MS: 50,
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

export async function createTestInfra(services: ServicePersistenceOptions[]): Promise<TestInfra> {
  const [db, nats] = await Promise.all([createTestDatabase(services), createTestNats()]);
  return {
    db,
    nats,
    // The template database is already migrated.
    env: (service, extra = {}) => serviceEnv(service, db, nats, { MIGRATE_ON_BOOT: 'false', LOG_LEVEL: 'error', ...extra }),
    close: async () => {
      await nats.cleanup();
      await db.drop();
    },
  };
}

/** Starts one service against the test infra, logs silenced unless `logger` is given. */
export function startTestService<C extends ServiceConfig>(
  infra: TestInfra,
  appModule: Type<unknown> | DynamicModule,
  configClass: new () => C,
  service: string,
  o: Partial<BootOptions<C>> & { extraEnv?: Record<string, string | number> } = {},
): Promise<RunningProcess<C>> {
  return startService(appModule, { configClass, env: infra.env(service, o.extraEnv), logger: o.logger ?? false, clock: o.clock });
}

/** The actor-token codec of the development keyring the test processes use. */
export function testActorCodec(): ActorTokenCodec {
  return new ActorTokenCodec(ActorTokenCodec.keyringFromString(DEV_ACTOR_KEYS), 'dev');
}

/** A NATS client on the test prefix; requests carry the current scope's actor, else a system actor. */
export function testNatsClient(infra: { nats: { nc: TestNats['nc']; resolver: TestNats['resolver'] } }, timeoutMs = 3000): MiNatsClient {
  return new MiNatsClient(infra.nats.nc, infra.nats.resolver, timeoutMs, { codec: testActorCodec(), service: 'test', ttlMs: 60_000 });
}

/** Runs `fn` as the given actor (its NATS requests carry that identity, signed). */
export function asActor<T>(actor: Actor, fn: () => Promise<T>): Promise<T> {
  return RequestScope.run({ requestId: `test-${Math.random().toString(36).slice(2, 10)}`, actor }, fn);
}

/** A portal user actor for tests. */
export function aUser(o: Partial<PortalActor> & Pick<PortalActor, 'scope'>): PortalActor {
  return { kind: 'user', id: o.id ?? 'u-test', username: o.username ?? 'tester', roles: o.roles ?? ['city-officer'], sessionId: o.sessionId ?? 's-test', ...o };
}
