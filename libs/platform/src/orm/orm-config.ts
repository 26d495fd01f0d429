import { type Options, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { Migrator } from '@mikro-orm/migrations';
import type { Migration } from '@mikro-orm/migrations';
import type { Constructor, EntityClass } from '@mikro-orm/core';

export interface ServiceOrmOptions {
  databaseUrl: string;
  /** The service's own schema: `agreement`, `review`, `kb`, `fund`, `credit`, `gateway`. */
  schema: string;
  entities: EntityClass<object>[];
  /** Ordered migrations of the service (listed, not globbed, so builds and tests agree). */
  migrations: Constructor<Migration>[];
  debug?: boolean;
  poolMax?: number;
}

/**
 * MikroORM base config for one service: PostgreSQL, schema-per-service, legacy decorators with
 * reflect-metadata (NestJS forces legacy decorators), migrations listed explicitly and tracked in
 * the service's own schema.
 */
export function serviceOrmConfig(o: ServiceOrmOptions): Options {
  return {
    driver: PostgreSqlDriver,
    clientUrl: o.databaseUrl,
    schema: o.schema,
    entities: o.entities,
    metadataProvider: ReflectMetadataProvider,
    discovery: { warnWhenNoEntities: false },
    extensions: [Migrator],
    forceUtcTimezone: true,
    debug: o.debug ?? false,
    allowGlobalContext: false,
    pool: { min: 0, max: o.poolMax ?? 10 },
    migrations: {
      tableName: 'mikro_orm_migrations',
      schema: o.schema,
      migrationsList: o.migrations.map((cls) => ({ name: cls.name, class: cls })),
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
  };
}
