import { type Options, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { Migrator } from '@mikro-orm/migrations';
import type { Migration } from '@mikro-orm/migrations';
import type { Constructor, EntityClass } from '@mikro-orm/core';
import type { Pool, PoolClient } from 'pg';

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
    driverOptions: { onPoolCreated: releaseDeadConnections },
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

/**
 * Gives back the pool slot of a connection the server drops while it is checked out (PostgreSQL
 * restarted or crashed under traffic). MikroORM runs transactions as kysely controlled
 * transactions, which release their connection only after COMMIT or ROLLBACK succeeded; on a dead
 * connection both fail, so without this the client stayed checked out for ever: each outage cost
 * the pool the slots of the transactions in flight, and `pool.end()` (shutdown) never resolved.
 * Released with an error, pg-pool discards it; the holder's own later release is then a no-op.
 */
export function releaseDeadConnections(pool: Pool): void {
  const checkedOut = new Set<PoolClient>();
  pool.on('acquire', (client) => checkedOut.add(client));
  pool.on('release', (_err, client) => checkedOut.delete(client));
  pool.on('connect', (client) =>
    client.once('end', () => {
      if (!checkedOut.has(client)) return;
      client.release(new Error('PostgreSQL connection ended while checked out'));
      client.release = () => undefined;
    }),
  );
}
