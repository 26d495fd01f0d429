import type { ServicePersistenceOptions } from '@mi/platform';
import { HisClientEntity } from './his/his-client.entity';
import { PortalUserEntity, RefreshTokenEntity, SessionEntity } from './identity/identity.entities';
import { Migration20261123000000Init } from './migrations/migration-20261123000000-init';
import { Migration20261123000200PlatformV2 } from './migrations/migration-20261123000200-platform-v2';
import { Migration20261123000100Identity } from './migrations/migration-20261123000100-identity';

/** What the gateway keeps in PostgreSQL: portal identities and HIS credentials. */
export const persistence: ServicePersistenceOptions = {
  schema: 'gateway',
  entities: [PortalUserEntity, SessionEntity, RefreshTokenEntity, HisClientEntity],
  migrations: [Migration20261123000000Init, Migration20261123000100Identity, Migration20261123000200PlatformV2],
};
