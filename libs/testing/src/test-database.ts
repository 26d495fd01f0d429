import { createHash, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Migration } from '@mikro-orm/migrations';
import { runMigrations, serviceOrmConfig, type ServicePersistenceOptions } from '@mi/platform';

/**
 * A fresh PostgreSQL database per test file, created in ~100 ms from a template that already
 * has the migrations of the services under test (immich's pattern). The template is rebuilt
 * whenever the migration list changes (its name carries a hash of it).
 */
export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** Refuses to touch a database whose name does not say it is a test database. */
export function assertTestDatabaseName(name: string): void {
  if (!/test/i.test(name)) throw new Error(`refusing to use database "${name}": test databases must have "test" in their name`);
}

function urlFor(db: string, adminUrl = ADMIN_URL): string {
  const u = new URL(adminUrl);
  u.pathname = `/${db}`;
  return u.toString();
}

async function withAdmin<T>(fn: (c: Client) => Promise<T>, adminUrl = ADMIN_URL): Promise<T> {
  const c = new Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * The template's name carries a hash of the SQL the migrations emit (each migration's `up()` is
 * run against a recorder), so editing shared DDL such as platformTablesSql rebuilds the template.
 */
async function templateName(services: ServicePersistenceOptions[]): Promise<string> {
  const h = createHash('sha256');
  for (const s of services) {
    h.update(`${s.schema}:`);
    for (const cls of s.migrations) {
      h.update(`${cls.name}:`);
      try {
        const m = new (cls as unknown as new (driver: unknown, config: unknown) => Migration)(undefined, undefined);
        await m.up();
        h.update(m.getQueries().map(String).join(';'));
      } catch {
        h.update(cls.prototype.up.toString()); // a migration that needs the database to emit its SQL
      }
    }
  }
  return `mi_test_tpl_${h.digest('hex').slice(0, 16)}`;
}

async function ensureTemplate(services: ServicePersistenceOptions[]): Promise<string> {
  const tpl = await templateName(services);
  assertTestDatabaseName(tpl);
  await withAdmin(async (c) => {
    // Serialise template creation across parallel jest processes.
    await c.query('select pg_advisory_lock(hashtext($1))', [tpl]);
    try {
      const exists = await c.query('select 1 from pg_database where datname = $1', [tpl]);
      if (exists.rowCount === 0) {
        const building = `${tpl}_build`;
        await c.query(`drop database if exists "${building}"`);
        await c.query(`create database "${building}"`);
        for (const s of services) {
          const orm = await MikroORM.init(
            serviceOrmConfig({ databaseUrl: urlFor(building), schema: s.schema, entities: s.entities, migrations: s.migrations, poolMax: 2 }),
          );
          try {
            await runMigrations(orm, s.schema);
          } finally {
            await orm.close();
          }
        }
        await c.query(`alter database "${building}" rename to "${tpl}"`);
        await c.query(`alter database "${tpl}" with is_template true`);
      }
    } finally {
      await c.query('select pg_advisory_unlock(hashtext($1))', [tpl]);
    }
  });
  return tpl;
}

/** Creates `mi_test_<random>` from the migrated template of the given services. */
export async function createTestDatabase(services: ServicePersistenceOptions[]): Promise<TestDatabase> {
  const tpl = await ensureTemplate(services);
  const name = `mi_test_${randomBytes(6).toString('hex')}`;
  assertTestDatabaseName(name);
  await withAdmin((c) => c.query(`create database "${name}" template "${tpl}"`));
  return {
    name,
    url: urlFor(name),
    drop: async () => {
      assertTestDatabaseName(name);
      await withAdmin((c) => c.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

/**
 * An empty `mi_test_<random>` database: spawned services migrate it themselves on boot.
 * `adminUrl`: another server than the shared one, e.g. a `PrivatePostgres` a fault test restarts.
 */
export async function createEmptyTestDatabase(adminUrl = ADMIN_URL): Promise<TestDatabase> {
  const name = `mi_test_${randomBytes(6).toString('hex')}`;
  assertTestDatabaseName(name);
  await withAdmin((c) => c.query(`create database "${name}"`), adminUrl);
  return {
    name,
    url: urlFor(name, adminUrl),
    drop: async () => {
      assertTestDatabaseName(name);
      await withAdmin((c) => c.query(`drop database if exists "${name}" with (force)`), adminUrl);
    },
  };
}
