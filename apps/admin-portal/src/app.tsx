import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { Navigate, Route, Routes } from 'react-router';
import { AuthProvider } from './auth/auth';
import { ChangePasswordPage } from './auth/change-password-page';
import { LoginPage } from './auth/login-page';
import { AnnualReportPage } from './credit/annual-report-page';
import { ListDecisionsPage } from './credit/list-decisions-page';
import { PenaltiesPage } from './credit/penalties-page';
import { ReferralPage } from './credit/referral-page';
import { ReferralsPage } from './credit/referrals-page';
import { BudgetPage } from './fund/budget-page';
import { CaseGroupingPage } from './fund/case-grouping-page';
import { CaseSchemePage } from './fund/case-scheme-page';
import { ClearingPage } from './fund/clearing-page';
import { ClearingStatementPage } from './fund/clearing-statement-page';
import { CountyFundPage } from './fund/county-fund-page';
import { DipSettlementPage } from './fund/dip-settlement-page';
import { FundReportPage } from './fund/fund-report-page';
import { FundUsePlanPage } from './fund/fund-use-plan-page';
import { MonthlySettlementPage } from './fund/monthly-settlement-page';
import { PaymentDeadlinePage } from './fund/payment-deadline-page';
import { PrepaymentPage } from './fund/prepayment-page';
import { StatementPage } from './fund/statement-page';
import { TerminatedHoldPage } from './fund/terminated-hold-page';
import { useI18n } from './i18n/i18n';
import { AlertPage } from './kb/alert-page';
import { AlertsPage } from './kb/alerts-page';
import { CataloguePage } from './kb/catalogue-page';
import { CodingTablePage } from './kb/coding-table-page';
import { InventoryPage } from './kb/inventory-page';
import { RulePage } from './kb/rule-page';
import { RulesPage } from './kb/rules-page';
import { SimulationPage } from './kb/simulation-page';
import { SimulationsPage } from './kb/simulations-page';
import { ThresholdsPage } from './kb/thresholds-page';
import { AgreementDetailPage } from './pages/agreement-detail-page';
import { AgreementsPage } from './pages/agreements-page';
import { ApprovalsPage } from './pages/approvals-page';
import { AuditPage } from './pages/audit-page';
import { CreditFilePage } from './pages/credit-file-page';
import { DashboardPage } from './pages/dashboard-page';
import { InstitutionsPage } from './pages/institutions-page';
import { ManualClaimPage } from './review/manual-claim-page';
import { ManualClaimsPage } from './review/manual-claims-page';
import { ReviewCasePage } from './review/review-case-page';
import { ReviewCasesPage } from './review/review-cases-page';
import { ErrorPage } from './shell/error-page';
import { PortalLayout } from './shell/layout';

export function PortalRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/change-password" element={<ChangePasswordPage />} />
      <Route element={<PortalLayout />}>
        <Route index element={<Navigate to="/dashboard" replace />} />
        <Route path="/dashboard" element={<DashboardPage />} />
        <Route path="/institutions" element={<InstitutionsPage />} />
        <Route path="/institutions/:code" element={<InstitutionsPage />} />
        <Route path="/agreements" element={<AgreementsPage />} />
        <Route path="/agreements/:code" element={<AgreementDetailPage />} />
        <Route path="/review" element={<Navigate to="/review/cases" replace />} />
        <Route path="/review/cases" element={<ReviewCasesPage />} />
        <Route path="/review/cases/:id" element={<ReviewCasePage />} />
        <Route path="/review/manual-claims" element={<ManualClaimsPage />} />
        <Route path="/review/manual-claims/:id" element={<ManualClaimPage />} />
        <Route path="/approvals" element={<ApprovalsPage />} />
        <Route path="/credit" element={<CreditFilePage />} />
        <Route path="/credit/referrals" element={<ReferralsPage />} />
        <Route path="/credit/referrals/annual-report" element={<AnnualReportPage />} />
        <Route path="/credit/referrals/:id" element={<ReferralPage />} />
        <Route path="/credit/lists" element={<ListDecisionsPage />} />
        <Route path="/credit/penalties" element={<PenaltiesPage />} />
        <Route path="/credit/:code" element={<CreditFilePage />} />
        <Route path="/fund" element={<MonthlySettlementPage />} />
        <Route path="/fund/statements/:admdvs/:period/:code" element={<StatementPage />} />
        <Route path="/fund/budgets" element={<BudgetPage />} />
        <Route path="/fund/prepayments" element={<PrepaymentPage />} />
        <Route path="/fund/clearing" element={<ClearingPage />} />
        <Route path="/fund/clearing/:admdvs/:year/:insutype/statements/:code" element={<ClearingStatementPage />} />
        <Route path="/fund/reports" element={<FundReportPage />} />
        <Route path="/fund/use-plans" element={<FundUsePlanPage />} />
        <Route path="/fund/payment-deadlines" element={<PaymentDeadlinePage />} />
        <Route path="/fund/counties" element={<CountyFundPage />} />
        <Route path="/fund/holds" element={<TerminatedHoldPage />} />
        <Route path="/fund/case-payment" element={<Navigate to="/fund/case-payment/schemes" replace />} />
        <Route path="/fund/case-payment/schemes" element={<CaseSchemePage />} />
        <Route path="/fund/case-payment/cases" element={<CaseGroupingPage />} />
        <Route path="/fund/case-payment/dip-settlements" element={<DipSettlementPage />} />
        <Route path="/kb" element={<Navigate to="/kb/alerts" replace />} />
        <Route path="/kb/alerts" element={<AlertsPage />} />
        <Route path="/kb/alerts/:id" element={<AlertPage />} />
        <Route path="/kb/inventory" element={<InventoryPage />} />
        <Route path="/kb/inventory/:code" element={<InventoryPage />} />
        <Route path="/kb/rules" element={<RulesPage />} />
        <Route path="/kb/rules/:region/:ruleId" element={<RulePage />} />
        <Route path="/kb/simulations" element={<SimulationsPage />} />
        <Route path="/kb/simulations/:id" element={<SimulationPage />} />
        <Route path="/kb/catalogue" element={<CataloguePage />} />
        <Route path="/kb/coding-tables" element={<CodingTablePage />} />
        <Route path="/kb/thresholds" element={<ThresholdsPage />} />
        <Route path="/audit" element={<AuditPage />} />
        <Route path="/500" element={<ErrorPage status={500} />} />
        <Route path="*" element={<ErrorPage status={404} />} />
      </Route>
    </Routes>
  );
}

/** Ant Design in the user's language; dates yyyy-MM-dd everywhere. */
export function App() {
  const { lang } = useI18n();
  dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#1f5fa8' } }}>
      <AntApp>
        <AuthProvider>
          <PortalRoutes />
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}
