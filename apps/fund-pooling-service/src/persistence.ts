import type { ServicePersistenceOptions } from '@mi/platform';
import { Migration20261123000000Init } from './migrations/migration-20261123000000-init';

/** What fund-pooling-service keeps in PostgreSQL: its schema, entities and ordered migrations. */
export const persistence: ServicePersistenceOptions = {
  schema: 'fund',
  entities: [],
  migrations: [Migration20261123000000Init],
};
