import { MikroORM } from '@mikro-orm/postgresql';

/** Creates the service schema if missing and applies pending migrations. */
export async function runMigrations(orm: MikroORM, schema: string): Promise<string[]> {
  await orm.em.fork().execute(`create schema if not exists "${schema}"`);
  const applied = await orm.migrator.up();
  return applied.map((m) => m.name);
}
