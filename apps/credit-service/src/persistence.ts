import type { ServicePersistenceOptions } from '@mi/platform';
import { BlacklistEntryEntity } from './blacklist/blacklist-entry.entity';
import { CreditFileEntity, CreditFileEntryEntity } from './credit-file/credit-file.entity';
import { Migration20261123000000Init } from './migrations/migration-20261123000000-init';
import { Migration20261123000200PlatformV2 } from './migrations/migration-20261123000200-platform-v2';
import { Migration20261123000100CreditFile } from './migrations/migration-20261123000100-credit-file';
import { Migration20261123000300Blacklist } from './migrations/migration-20261123000300-blacklist';
import { Migration20261123000400CreditScore } from './migrations/migration-20261123000400-credit-score';
import { Migration20261123000500Referral } from './migrations/migration-20261123000500-referral';
import { Migration20261123000600ListDecision } from './migrations/migration-20261123000600-list-decision';
import { Migration20261123000700ListSubjectKey } from './migrations/migration-20261123000700-list-subject-key';
import { Migration20261123000800EntryEvidence } from './migrations/migration-20261123000800-entry-evidence';
import { Migration20261123000900EntrySource } from './migrations/migration-20261123000900-entry-source';
import { Migration20261123001000PractitionerPoints } from './migrations/migration-20261123001000-practitioner-points';
import { Migration20261123001100Inspection } from './migrations/migration-20261123001100-inspection';
import { Migration20261123001200Complaint } from './migrations/migration-20261123001200-complaint';
import { Migration20261204000000Penalty } from './migrations/migration-20261204000000-penalty';
import { ComplaintEntity } from './complaint/complaint.entity';
import { PenaltyDecisionEntity } from './penalty/penalty.entity';
import { Migration20261204000100ReferralAnnualReport } from './migrations/migration-20261204000100-referral-annual-report';
import { ReferralAnnualReportEntity } from './referral/annual-report.entity';
import { Migration20261204000200EntryAppendOnly } from './migrations/migration-20261204000200-entry-append-only';
import { InspectionEntity, InspectionPlanEntity, InspectionResultEntity, InspectorEntity } from './inspection/inspection.entity';
import { JointNoticeEntity, ListDecisionEntity } from './list-decision/list-decision.entity';
import { ReferralEntity, ReferralLedgerEntity } from './referral/referral.entity';

/** What credit-service keeps in PostgreSQL: its schema, entities and ordered migrations. */
export const persistence: ServicePersistenceOptions = {
  schema: 'credit',
  entities: [
    CreditFileEntity,
    CreditFileEntryEntity,
    BlacklistEntryEntity,
    ReferralEntity,
    ReferralLedgerEntity,
    ListDecisionEntity,
    JointNoticeEntity,
    InspectorEntity,
    InspectionPlanEntity,
    InspectionEntity,
    InspectionResultEntity,
    ComplaintEntity,
    PenaltyDecisionEntity,
    ReferralAnnualReportEntity,
  ],
  migrations: [
    Migration20261123000000Init,
    Migration20261123000100CreditFile,
    Migration20261123000200PlatformV2,
    Migration20261123000300Blacklist,
    Migration20261123000400CreditScore,
    Migration20261123000500Referral,
    Migration20261123000600ListDecision,
    Migration20261123000700ListSubjectKey,
    Migration20261123000800EntryEvidence,
    Migration20261123000900EntrySource,
    Migration20261123001000PractitionerPoints,
    Migration20261123001100Inspection,
    Migration20261123001200Complaint,
    Migration20261204000000Penalty,
    Migration20261204000100ReferralAnnualReport,
    Migration20261204000200EntryAppendOnly,
  ],
};
