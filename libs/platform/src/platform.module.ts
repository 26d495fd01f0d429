import { type DynamicModule, Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Constructor, EntityClass } from '@mikro-orm/core';
import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Migration } from '@mikro-orm/migrations';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Clock } from '@mi/domain';
import { AuditService } from './audit/audit.service';
import type { ServiceConfig } from './config/service-config';
import { InboxService } from './inbox/inbox.service';
import { MiNatsClient } from './nats/mi-nats-client';
import { SubjectResolver } from './nats/subject-resolver';
import { serviceOrmConfig } from './orm/orm-config';
import { OutboxRelay } from './outbox/outbox-relay';
import { OutboxService } from './outbox/outbox.service';
import { CLOCK, NATS_CONNECTION, SERVICE_CONFIG } from './tokens';
import { ActorTokenCodec } from './security/actor-token';

export interface PlatformHostOptions {
  config: ServiceConfig;
  nc: NatsConnection;
  resolver: SubjectResolver;
  clock: Clock;
  actors: ActorTokenCodec;
}

/**
 * Global values created by the bootstrap before Nest starts (config, NATS connection, subject
 * resolver, clock), so the transport and the modules share one connection.
 */
@Global()
@Module({})
export class PlatformHostModule {
  static register(o: PlatformHostOptions): DynamicModule {
    return {
      module: PlatformHostModule,
      providers: [
        { provide: SERVICE_CONFIG, useValue: o.config },
        { provide: NATS_CONNECTION, useValue: o.nc },
        { provide: SubjectResolver, useValue: o.resolver },
        { provide: CLOCK, useValue: o.clock },
        { provide: ActorTokenCodec, useValue: o.actors },
        {
          provide: MiNatsClient,
          useFactory: () =>
            new MiNatsClient(o.nc, o.resolver, o.config.NATS_REQUEST_TIMEOUT_MS, {
              codec: o.actors,
              service: o.config.SERVICE_NAME,
              ttlMs: o.config.ACTOR_TOKEN_TTL_MS,
            }),
        },
      ],
      exports: [SERVICE_CONFIG, NATS_CONNECTION, SubjectResolver, CLOCK, MiNatsClient, ActorTokenCodec],
    };
  }
}

export const PERSISTENCE_SCHEMA = Symbol('PERSISTENCE_SCHEMA');

export interface ServicePersistenceOptions {
  /** The service's own PostgreSQL schema. */
  schema: string;
  entities: EntityClass<object>[];
  migrations: Constructor<Migration>[];
}

/** Closes the relay and the ORM on shutdown; the bootstrap starts the relay after migrations. */
@Injectable()
class PersistenceLifecycle implements OnApplicationShutdown {
  constructor(
    private readonly orm: MikroORM,
    private readonly relay: OutboxRelay,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.orm.close();
  }
}

/**
 * One import gives a service its persistence and messaging plumbing: MikroORM on its own schema,
 * the transactional outbox + relay, the inbox, the audit log and the NATS client.
 */
@Module({})
export class PlatformModule {
  static forService(o: ServicePersistenceOptions): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      providers: [
        {
          provide: MikroORM,
          inject: [SERVICE_CONFIG],
          useFactory: (cfg: ServiceConfig) =>
            MikroORM.init(serviceOrmConfig({ databaseUrl: cfg.DATABASE_URL, schema: o.schema, entities: o.entities, migrations: o.migrations })),
        },
        { provide: EntityManager, inject: [MikroORM], useFactory: (orm: MikroORM) => orm.em },
        { provide: OutboxService, inject: [CLOCK], useFactory: (clock: Clock) => new OutboxService(o.schema, clock) },
        { provide: InboxService, inject: [MikroORM], useFactory: (orm: MikroORM) => new InboxService(orm, o.schema) },
        { provide: AuditService, inject: [MikroORM, CLOCK], useFactory: (orm: MikroORM, clock: Clock) => new AuditService(orm, o.schema, clock) },
        {
          provide: OutboxRelay,
          inject: [MikroORM, NATS_CONNECTION, SubjectResolver, SERVICE_CONFIG],
          useFactory: (orm: MikroORM, nc: NatsConnection, resolver: SubjectResolver, cfg: ServiceConfig) =>
            new OutboxRelay({ orm, nc, resolver, schema: o.schema, databaseUrl: cfg.DATABASE_URL, pollMs: cfg.OUTBOX_POLL_MS }),
        },
        PersistenceLifecycle,
        { provide: PERSISTENCE_SCHEMA, useValue: o.schema },
      ],
      exports: [MikroORM, EntityManager, OutboxService, InboxService, AuditService, OutboxRelay, PERSISTENCE_SCHEMA],
    };
  }
}

/** Re-export for `@Inject(SERVICE_CONFIG)` convenience. */
export const InjectConfig = (): ParameterDecorator => Inject(SERVICE_CONFIG);
