import type { ServicePersistenceOptions } from '@mi/platform';
import { Migration20261123000000Init } from './migrations/migration-20261123000000-init';
import { Migration20261123000200PlatformV2 } from './migrations/migration-20261123000200-platform-v2';
import { Migration20261123000300Ledger } from './migrations/migration-20261123000300-ledger';
import { Migration20261123000400MonthlySettlement } from './migrations/migration-20261123000400-monthly-settlement';
import { Migration20261123000500SettlementItems } from './migrations/migration-20261123000500-settlement-items';
import { Migration20261123000600PaymentHolds } from './migrations/migration-20261123000600-payment-holds';
import { Migration20261123000700CountyIncomePlans } from './migrations/migration-20261123000700-county-income-plans';
import { Migration20261123000800IndicatorDeductions } from './migrations/migration-20261123000800-indicator-deductions';
import { Migration20261204000900AnnualBudgets } from './migrations/migration-20261204000900-annual-budgets';
import { Migration20261204001000MonthlyPrepayments } from './migrations/migration-20261204001000-monthly-prepayments';
import { Migration20261204001100YearEndClearing } from './migrations/migration-20261204001100-year-end-clearing';
import { Migration20261204001150ApprovalItems } from './migrations/migration-20261204001150-approval-items';
import { Migration20261204001200FundUsePlans } from './migrations/migration-20261204001200-fund-use-plans';
import { Migration20261204001300PaymentDeadlineNotices } from './migrations/migration-20261204001300-payment-deadline-notices';
import { Migration20261211001400OneStopFunds } from './migrations/migration-20261211001400-one-stop-funds';
import { Migration20261212001500CasePayment } from './migrations/migration-20261212001500-case-payment';
import { Migration20261214001600BedDayAndCapitation } from './migrations/migration-20261214001600-bed-day-and-capitation';

/** What fund-pooling-service keeps in PostgreSQL: its schema, entities and ordered migrations. */
export const persistence: ServicePersistenceOptions = {
  schema: 'fund',
  entities: [],
  migrations: [
    Migration20261123000000Init,
    Migration20261123000200PlatformV2,
    Migration20261123000300Ledger,
    Migration20261123000400MonthlySettlement,
    Migration20261123000500SettlementItems,
    Migration20261123000600PaymentHolds,
    Migration20261123000700CountyIncomePlans,
    Migration20261123000800IndicatorDeductions,
    Migration20261204000900AnnualBudgets,
    Migration20261204001000MonthlyPrepayments,
    Migration20261204001100YearEndClearing,
    Migration20261204001150ApprovalItems,
    Migration20261204001200FundUsePlans,
    Migration20261204001300PaymentDeadlineNotices,
    Migration20261211001400OneStopFunds,
    Migration20261212001500CasePayment,
    Migration20261214001600BedDayAndCapitation,
  ],
};
