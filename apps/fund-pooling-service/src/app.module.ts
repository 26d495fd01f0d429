import { Module } from '@nestjs/common';
import { PlatformModule } from '@mi/platform';
import { BudgetHandlers } from './budget/budget.handlers';
import { BudgetService } from './budget/budget.service';
import { CasePaymentHandlers } from './case-payment/case-payment.handlers';
import { CasePaymentService } from './case-payment/case-payment.service';
import { DipSettlementService } from './case-payment/dip-settlement.service';
import { CapitationService } from './case-payment/capitation.service';
import { ClearingHandlers } from './clearing/clearing.handlers';
import { ClearingService } from './clearing/clearing.service';
import { CountyFundHandlers } from './county/county-fund.handlers';
import { CountyFundService } from './county/county-fund.service';
import { FundUsePlanHandlers } from './fund-use-plan/fund-use-plan.handlers';
import { FundUsePlanService } from './fund-use-plan/fund-use-plan.service';
import { PaymentHoldHandlers } from './holds/payment-hold.handlers';
import { PaymentHoldService } from './holds/payment-hold.service';
import { TerminatedHoldHandlers, TerminatedHoldService } from './holds/terminated-hold.service';
import { LedgerHandlers } from './ledger/ledger.handlers';
import { LedgerService } from './ledger/ledger.service';
import { ClaimSettledPosting, SettlementPostingHandlers } from './ledger/settlement-posting.handlers';
import { PaymentDeadlineSweeper } from './payment-deadline/payment-deadline-sweeper';
import { PaymentDeadlineHandlers } from './payment-deadline/payment-deadline.handlers';
import { PaymentDeadlineService } from './payment-deadline/payment-deadline.service';
import { persistence } from './persistence';
import { PrepaymentHandlers } from './prepayment/prepayment.handlers';
import { PrepaymentService } from './prepayment/prepayment.service';
import { FundReportHandlers } from './report/fund-report.handlers';
import { FundReportService } from './report/fund-report.service';
import { MonthlySettlementHandlers } from './settlement/monthly-settlement.handlers';
import { MonthlySettlementService } from './settlement/monthly-settlement.service';

@Module({
  imports: [PlatformModule.forService(persistence)],
  controllers: [
    LedgerHandlers,
    SettlementPostingHandlers,
    MonthlySettlementHandlers,
    PaymentHoldHandlers,
    CountyFundHandlers,
    TerminatedHoldHandlers,
    BudgetHandlers,
    CasePaymentHandlers,
    PrepaymentHandlers,
    ClearingHandlers,
    FundReportHandlers,
    PaymentDeadlineHandlers,
    FundUsePlanHandlers,
  ],
  providers: [
    LedgerService,
    MonthlySettlementService,
    ClaimSettledPosting,
    PaymentHoldService,
    CountyFundService,
    TerminatedHoldService,
    BudgetService,
    CasePaymentService,
    DipSettlementService,
    CapitationService,
    PrepaymentService,
    ClearingService,
    FundReportService,
    PaymentDeadlineService,
    PaymentDeadlineSweeper,
    FundUsePlanService,
  ],
})
export class AppModule {}
