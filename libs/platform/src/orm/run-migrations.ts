import { MikroORM } from '@mikro-orm/postgresql';

/**
 * Creates the service schema if missing and applies pending migrations. The schema is only
 * created when absent, so a production role that owns its schema but may not create schemas in
 * the database (infra/postgres/init.sql) can still migrate.
 */
export async function runMigrations(orm: MikroORM, schema: string): Promise<string[]> {
  const em = orm.em.fork();
  const exists = await em.execute<{ n: number }[]>('select 1 as n from information_schema.schemata where schema_name = ?', [schema]);
  if (exists.length === 0) await em.execute(`create schema "${schema}"`);
  const applied = await orm.migrator.up();
  return applied.map((m) => m.name);
}
