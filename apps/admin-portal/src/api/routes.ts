import type {
  AgreementView,
  AnnualBudgetProposal,
  AnnualBudgetView,
  CaseGroupingReply,
  CasePaymentSchemeProposal,
  CasePaymentSchemeView,
  CodingTableImportReport,
  ClearingStatementView,
  ClearingWhatIfView,
  CountyIncomePlanView,
  CountyIncomeRecordedView,
  CountyShortfallPostingProposal,
  CountyShortfallView,
  DipSettlementProposal,
  DipSettlementView,
  DisbursementRequestProposal,
  FundUsePlanMonthView,
  FundUsePlanView,
  GroupedCasePage,
  PaymentDeadlineListView,
  TerminatedHoldDecisionProposal,
  FundReportView,
  MonthlyPrepaymentProposal,
  MonthlyPrepaymentView,
  SimulationJobPageView,
  SimulationJobView,
  TotalControlIndicatorListView,
  TotalControlIndicatorsProposal,
  YearEndClearingProposal,
  AlertDetailView,
  AlertView,
  ImportReport,
  RuleSetView,
  RuleVersionView,
  ThresholdsView,
  AuditRecordView,
  AuditVerification,
  ApprovalItemPage,
  ApprovalPage,
  CaseActionReply,
  CaseDetailView,
  CasePageView,
  CaseSummaryView,
  ApprovalView,
  CreditFileView,
  CreditRankingItemView,
  InstitutionStatementView,
  InstitutionListItem,
  InstitutionView,
  ListDecisionView,
  ListingProposalReply,
  ManualClaimPageView,
  ManualClaimView,
  MonthlySettlementProposal,
  Page,
  PenaltyView,
  ProposalReply,
  ReferralAnnualReport,
  ReferralView,
  StockLineView,
} from '@mi/contracts';
import type { PathOf } from './client';
import type { components } from './openapi';
import type { SessionUser } from './session';

export interface TokenPair {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
  user: SessionUser;
}

/** `GET /api/v1/credit/reference`: the data behind the referral and listing forms (documented in the OpenAPI document). */
export type CreditReference = components['schemas']['CreditReferenceDto'];

/** What each GET route the portal calls answers. Keys must be routes of the gateway's OpenAPI document. */
export interface GetRoutes {
  '/api/v1/auth/me': SessionUser;
  '/api/v1/agreements': Page<AgreementView>;
  '/api/v1/agreements/{code}': AgreementView;
  '/api/v1/institutions': Page<InstitutionListItem>;
  '/api/v1/institutions/{code}': InstitutionView;
  '/api/v1/approvals/{context}': ApprovalPage;
  '/api/v1/approvals/{context}/{id}': ApprovalView;
  '/api/v1/approvals/{context}/{id}/items': ApprovalItemPage;
  '/api/v1/credit-files/ranking': Page<CreditRankingItemView>;
  '/api/v1/audit/{context}': AuditRecordView[];
  '/api/v1/audit/{context}/verify': AuditVerification;
  '/api/v1/credit-files/{subjectType}/{subjectCode}': CreditFileView;
  '/api/v1/review/cases': CasePageView;
  '/api/v1/review/cases/{id}': CaseDetailView;
  '/api/v1/review/manual-claims': ManualClaimPageView;
  '/api/v1/review/manual-claims/{id}': ManualClaimView;
  '/api/v1/credit/referrals': Page<ReferralView>;
  '/api/v1/credit/referrals/{id}': ReferralView;
  '/api/v1/credit/reference': CreditReference;
  '/api/v1/credit/list-decisions': Page<ListDecisionView>;
  '/api/v1/credit/penalties': Page<PenaltyView>;
  '/api/v1/credit/referrals/annual-report': ReferralAnnualReport;
  '/api/v1/fund/monthly-settlements/{admdvs}/{period}/statements/{institutionCode}': InstitutionStatementView;
  '/api/v1/fund/budgets/{admdvs}/{year}/{insutype}': AnnualBudgetView;
  '/api/v1/fund/budgets/{admdvs}/{year}/{insutype}/indicators': TotalControlIndicatorListView;
  '/api/v1/fund/monthly-prepayments/{admdvs}/{period}': MonthlyPrepaymentView;
  '/api/v1/fund/year-end-clearings/{admdvs}/{year}/{insutype}/statements/{institutionCode}': ClearingStatementView;
  '/api/v1/fund/reports/{admdvs}/{year}': FundReportView;
  '/api/v1/fund/fund-use-plans': FundUsePlanMonthView;
  '/api/v1/fund/fund-use-plans/{county}/{period}/{insutype}': FundUsePlanView;
  '/api/v1/fund/payment-deadlines': PaymentDeadlineListView;
  '/api/v1/fund/county-shortfall/{county}/{year}/{insutype}': CountyShortfallView;
  '/api/v1/fund/case-payment/schemes/{admdvs}/{year}/{method}': CasePaymentSchemeView;
  '/api/v1/fund/case-payment/cases': GroupedCasePage;
  '/api/v1/fund/case-payment/dip-settlements/{admdvs}/{year}': DipSettlementView;
  '/api/v1/review/simulations': SimulationJobPageView;
  '/api/v1/review/simulations/{id}': SimulationJobView;
  '/api/v1/kb/alerts': Page<AlertView>;
  '/api/v1/kb/alerts/{id}': AlertDetailView;
  '/api/v1/kb/inventory/{institutionCode}': Page<StockLineView>;
  '/api/v1/kb/anomaly-thresholds/{region}': ThresholdsView;
  '/api/v1/kb/rules/{region}': RuleVersionView[];
  '/api/v1/kb/rule-sets/in-force': RuleSetView;
  '/api/v1/kb/rule-sets/{region}': Omit<RuleSetView, 'rules'>[];
}

export interface PostRoutes {
  '/api/v1/auth/login': TokenPair;
  '/api/v1/auth/logout': void;
  '/api/v1/auth/change-password': void;
  '/api/v1/agreements/{code}/suspensions': ProposalReply;
  '/api/v1/agreements/{code}/termination': ProposalReply;
  '/api/v1/agreements/{code}/resumption': AgreementView;
  '/api/v1/approvals/{context}/{id}/decide': ApprovalView;
  '/api/v1/review/cases/actions': CaseActionReply;
  '/api/v1/review/cases/assign': CaseActionReply;
  '/api/v1/review/cases/{id}/appeal': CaseSummaryView;
  '/api/v1/review/deductions': ApprovalView;
  '/api/v1/review/manual-claims': ManualClaimView;
  '/api/v1/review/manual-claims/{id}/refer': ManualClaimView;
  '/api/v1/review/manual-claims/{id}/records': ManualClaimView;
  '/api/v1/review/manual-claims/{id}/conclusion': ApprovalView;
  '/api/v1/credit/referrals': ReferralView;
  '/api/v1/credit/referrals/{id}/issue': ReferralView;
  '/api/v1/credit/referrals/{id}/receipt': ReferralView;
  '/api/v1/credit/referrals/{id}/completion-request': ReferralView;
  '/api/v1/credit/list-decisions': ListingProposalReply;
  '/api/v1/credit/penalties': PenaltyView;
  '/api/v1/credit/referrals/annual-report/submissions': ReferralAnnualReport;
  '/api/v1/fund/monthly-settlements': ApprovalView<MonthlySettlementProposal>;
  '/api/v1/fund/budgets': ApprovalView<AnnualBudgetProposal>;
  '/api/v1/fund/total-control-indicators': ApprovalView<TotalControlIndicatorsProposal>;
  '/api/v1/fund/monthly-prepayments': ApprovalView<MonthlyPrepaymentProposal>;
  '/api/v1/fund/year-end-clearings': ApprovalView<YearEndClearingProposal>;
  '/api/v1/fund/year-end-clearings/what-if': ClearingWhatIfView;
  '/api/v1/fund/fund-use-plans': FundUsePlanView;
  '/api/v1/fund/fund-use-plans/{county}/{period}/{insutype}/review': FundUsePlanView;
  '/api/v1/fund/disbursement-requests': ApprovalView<DisbursementRequestProposal>;
  '/api/v1/fund/county-income': CountyIncomeRecordedView;
  '/api/v1/fund/county-shortfall-postings': ApprovalView<CountyShortfallPostingProposal>;
  '/api/v1/fund/terminated-hold-decisions': ApprovalView<TerminatedHoldDecisionProposal>;
  '/api/v1/fund/case-payment/schemes': ApprovalView<CasePaymentSchemeProposal>;
  '/api/v1/fund/case-payment/groupings': CaseGroupingReply;
  '/api/v1/fund/case-payment/dip-settlements': ApprovalView<DipSettlementProposal>;
  '/api/v1/review/simulations': SimulationJobView;
  '/api/v1/kb/alerts/{id}/decision': AlertView;
  '/api/v1/kb/rules/{region}/drafts': RuleVersionView;
  '/api/v1/kb/rule-sets': ApprovalView;
  '/api/v1/kb/catalogue/import': ImportReport;
  '/api/v1/kb/coding-tables/import': CodingTableImportReport;
}

export interface PutRoutes {
  '/api/v1/kb/anomaly-thresholds/{region}/{type}': ThresholdsView;
  '/api/v1/fund/county-plans': CountyIncomePlanView;
}

// Compile-time link to the OpenAPI document: a route above that the gateway no longer has fails here.
type MissingFrom<R, P> = Exclude<keyof R, P>;
const routesExist: [MissingFrom<GetRoutes, PathOf<'get'>>, MissingFrom<PostRoutes, PathOf<'post'>>, MissingFrom<PutRoutes, PathOf<'put'>>] extends [
  never,
  never,
  never,
]
  ? true
  : never = true;
export const ROUTES_CHECKED = routesExist;
