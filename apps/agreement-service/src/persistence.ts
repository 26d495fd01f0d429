import type { ServicePersistenceOptions } from '@mi/platform';
import { InstitutionEntity } from './institution/institution.entity';
import { Migration20261123000000Init } from './migrations/migration-20261123000000-init';
import { Migration20261123000200PlatformV2 } from './migrations/migration-20261123000200-platform-v2';
import { Migration20261123000100Institution } from './migrations/migration-20261123000100-institution';

/** What agreement-service keeps in PostgreSQL: its schema, entities and ordered migrations. */
export const persistence: ServicePersistenceOptions = {
  schema: 'agreement',
  entities: [InstitutionEntity],
  migrations: [Migration20261123000000Init, Migration20261123000100Institution, Migration20261123000200PlatformV2],
};
