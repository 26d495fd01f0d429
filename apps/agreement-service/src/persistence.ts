import type { ServicePersistenceOptions } from '@mi/platform';
import { AgreementEntity, SuspensionEntity } from './agreement/agreement.entities';
import { ApplicationEntity } from './application/application.entity';
import { InstitutionEntity } from './institution/institution.entity';
import { Migration20261123000000Init } from './migrations/migration-20261123000000-init';
import { Migration20261123000200PlatformV2 } from './migrations/migration-20261123000200-platform-v2';
import { Migration20261123000100Institution } from './migrations/migration-20261123000100-institution';
import { Migration20261123000300Agreement } from './migrations/migration-20261123000300-agreement';
import { Migration20261123000400ReviewPoints } from './migrations/migration-20261123000400-review-points';
import { Migration20261123000500ApplicationPersons } from './migrations/migration-20261123000500-application-persons';
import { Migration20261123000600VoluntaryTermination } from './migrations/migration-20261123000600-voluntary-termination';
import { Migration20261123000700InfoChange } from './migrations/migration-20261123000700-info-change';
import { InfoChangeEntity } from './institution/info-change.entity';
import { Migration20261123000800Publication } from './migrations/migration-20261123000800-publication';
import { PublicationEntity } from './publication/publication.entity';
import { Migration20261123000900PractitionerListing } from './migrations/migration-20261123000900-practitioner-listing';
import { Migration20261204000000AgreementTerms } from './migrations/migration-20261204000000-agreement-terms';
import { PractitionerListingEntity } from './credit/practitioner-listing.entity';
import { PointsDeductionEntity, PointsProposalEntity } from './points/points-deduction.entity';
import { LicenceEntity, PractitionerEntity, TerminalEntity } from './registry/registry.entities';

/** What agreement-service keeps in PostgreSQL: its schema, entities and ordered migrations. */
export const persistence: ServicePersistenceOptions = {
  schema: 'agreement',
  entities: [
    InstitutionEntity,
    LicenceEntity,
    PractitionerEntity,
    TerminalEntity,
    ApplicationEntity,
    AgreementEntity,
    SuspensionEntity,
    PointsDeductionEntity,
    PointsProposalEntity,
    InfoChangeEntity,
    PublicationEntity,
    PractitionerListingEntity,
  ],
  migrations: [
    Migration20261123000000Init,
    Migration20261123000100Institution,
    Migration20261123000200PlatformV2,
    Migration20261123000300Agreement,
    Migration20261123000400ReviewPoints,
    Migration20261123000500ApplicationPersons,
    Migration20261123000600VoluntaryTermination,
    Migration20261123000700InfoChange,
    Migration20261123000800Publication,
    Migration20261123000900PractitionerListing,
    Migration20261204000000AgreementTerms,
  ],
};
