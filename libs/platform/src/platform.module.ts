import { type DynamicModule, Global, Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Constructor, EntityClass } from '@mikro-orm/core';
import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Migration } from '@mikro-orm/migrations';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Clock } from '@mi/domain';
import { approvalHandlers } from './approval/approval.handlers';
import { ApprovalService } from './approval/approval.service';
import { auditHandlers } from './audit/audit.handlers';
import { AuditService, purgeAudit } from './audit/audit.service';
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

/**
 * Closes the relay and the ORM on shutdown (the bootstrap starts the relay after migrations) and
 * runs the daily audit retention purge.
 */
@Injectable()
class PersistenceLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Persistence');
  private timer?: NodeJS.Timeout;
  private daily?: NodeJS.Timeout;

  constructor(
    private readonly orm: MikroORM,
    private readonly relay: OutboxRelay,
    private readonly audit: AuditService,
    @Inject(PERSISTENCE_SCHEMA) private readonly schema: string,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    const run = (): void => {
      purgeAudit(this.orm, this.schema, this.audit, this.clock, this.config.AUDIT_RETENTION_DAYS).then(
        (n) => n > 0 && this.log.log({ msg: 'audit records past retention purged', schema: this.schema, records: n }),
        (e: unknown) => this.log.warn({ msg: 'audit purge failed; retried tomorrow', error: String(e) }),
      );
    };
    this.timer = setTimeout(run, 60_000);
    this.timer.unref();
    this.daily = setInterval(run, 86_400_000);
    this.daily.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    if (this.daily) clearInterval(this.daily);
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
      // Every service answers audit search and chain verification for its own schema.
      controllers: [auditHandlers(o.schema), approvalHandlers(o.schema)],
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
        {
          // Maker-checker for the actions the service registers (context = schema name).
          provide: ApprovalService,
          inject: [MikroORM, AuditService, OutboxService, CLOCK],
          useFactory: (orm: MikroORM, audit: AuditService, outbox: OutboxService, clock: Clock) =>
            new ApprovalService(orm, o.schema, o.schema, audit, outbox, clock),
        },
        PersistenceLifecycle,
        { provide: PERSISTENCE_SCHEMA, useValue: o.schema },
      ],
      exports: [MikroORM, EntityManager, OutboxService, InboxService, AuditService, OutboxRelay, ApprovalService, PERSISTENCE_SCHEMA],
    };
  }
}

/** Re-export for `@Inject(SERVICE_CONFIG)` convenience. */
export const InjectConfig = (): ParameterDecorator => Inject(SERVICE_CONFIG);
