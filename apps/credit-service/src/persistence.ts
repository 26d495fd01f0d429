import type { ServicePersistenceOptions } from '@mi/platform';
import { BlacklistEntryEntity } from './blacklist/blacklist-entry.entity';
import { CreditFileEntity, CreditFileEntryEntity } from './credit-file/credit-file.entity';
import { Migration20261123000000Init } from './migrations/migration-20261123000000-init';
import { Migration20261123000200PlatformV2 } from './migrations/migration-20261123000200-platform-v2';
import { Migration20261123000100CreditFile } from './migrations/migration-20261123000100-credit-file';
import { Migration20261123000300Blacklist } from './migrations/migration-20261123000300-blacklist';
import { Migration20261123000400CreditScore } from './migrations/migration-20261123000400-credit-score';

/** What credit-service keeps in PostgreSQL: its schema, entities and ordered migrations. */
export const persistence: ServicePersistenceOptions = {
  schema: 'credit',
  entities: [CreditFileEntity, CreditFileEntryEntity, BlacklistEntryEntity],
  migrations: [
    Migration20261123000000Init,
    Migration20261123000100CreditFile,
    Migration20261123000200PlatformV2,
    Migration20261123000300Blacklist,
    Migration20261123000400CreditScore,
  ],
};
