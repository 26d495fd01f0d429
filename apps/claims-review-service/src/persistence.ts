import type { ServicePersistenceOptions } from '@mi/platform';
import { Migration20261123000000Init } from './migrations/migration-20261123000000-init';
import { Migration20261123000200PlatformV2 } from './migrations/migration-20261123000200-platform-v2';
import { Migration20261123000300Precheck } from './migrations/migration-20261123000300-precheck';
import { Migration20261123000400Intake } from './migrations/migration-20261123000400-intake';
import { Migration20261123000500Sampling } from './migrations/migration-20261123000500-sampling';
import { Migration20261123000600Deduction } from './migrations/migration-20261123000600-deduction';
import { Migration20261123000700Case } from './migrations/migration-20261123000700-case';
import { Migration20261123000800ManualClaim } from './migrations/migration-20261123000800-manual-claim';
import { Migration20261123000900Indicator } from './migrations/migration-20261123000900-indicator';
import { Migration20261204120000Simulation } from './migrations/migration-20261204120000-simulation';
import { Migration20261204130000RealName } from './migrations/migration-20261204130000-real-name';
import { Migration20261210000000Operations } from './migrations/migration-20261210000000-operations';

/** What claims-review-service keeps in PostgreSQL: its schema, entities and ordered migrations. */
export const persistence: ServicePersistenceOptions = {
  schema: 'review',
  entities: [],
  migrations: [
    Migration20261123000000Init,
    Migration20261123000200PlatformV2,
    Migration20261123000300Precheck,
    Migration20261123000400Intake,
    Migration20261123000500Sampling,
    Migration20261123000600Deduction,
    Migration20261123000700Case,
    Migration20261123000800ManualClaim,
    Migration20261123000900Indicator,
    Migration20261204120000Simulation,
    Migration20261204130000RealName,
    Migration20261210000000Operations,
  ],
};
