import type { ServicePersistenceOptions } from '@mi/platform';
import { Migration20261123000000Init } from './migrations/migration-20261123000000-init';
import { Migration20261123000200PlatformV2 } from './migrations/migration-20261123000200-platform-v2';
import { Migration20261123000300KnowledgeRules } from './migrations/migration-20261123000300-knowledge-rules';
import { Migration20261123000400AnomalyDetection } from './migrations/migration-20261123000400-anomaly-detection';
import { Migration20261204000000Inventory } from './migrations/migration-20261204000000-inventory';
import { Migration20261210000000CodingKnowledge } from './migrations/migration-20261210000000-coding-knowledge';
import { Migration20261213000000CodingTableImport } from './migrations/migration-20261213000000-coding-table-import';

/** What monitoring-kb-service keeps in PostgreSQL: its schema, entities and ordered migrations. */
export const persistence: ServicePersistenceOptions = {
  schema: 'kb',
  entities: [],
  migrations: [
    Migration20261123000000Init,
    Migration20261123000200PlatformV2,
    Migration20261123000300KnowledgeRules,
    Migration20261123000400AnomalyDetection,
    Migration20261204000000Inventory,
    Migration20261210000000CodingKnowledge,
    Migration20261213000000CodingTableImport,
  ],
};
