import type {
  AgreementView,
  AuditRecordView,
  AuditVerification,
  ApprovalPage,
  CaseActionReply,
  CaseDetailView,
  CasePageView,
  CaseSummaryView,
  ApprovalView,
  CreditFileView,
  InstitutionView,
  Page,
  ProposalReply,
} from '@mi/contracts';
import type { PathOf } from './client';
import type { SessionUser } from './session';

export interface TokenPair {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
  user: SessionUser;
}

/** What each GET route the portal calls answers. Keys must be routes of the gateway's OpenAPI document. */
export interface GetRoutes {
  '/api/v1/auth/me': SessionUser;
  '/api/v1/agreements': Page<AgreementView>;
  '/api/v1/agreements/{code}': AgreementView;
  '/api/v1/institutions/{code}': InstitutionView;
  '/api/v1/approvals/{context}': ApprovalPage;
  '/api/v1/approvals/{context}/{id}': ApprovalView;
  '/api/v1/audit/{context}': AuditRecordView[];
  '/api/v1/audit/{context}/verify': AuditVerification;
  '/api/v1/credit-files/{subjectType}/{subjectCode}': CreditFileView;
  '/api/v1/review/cases': CasePageView;
  '/api/v1/review/cases/{id}': CaseDetailView;
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
}

// Compile-time link to the OpenAPI document: a route above that the gateway no longer has fails here.
type MissingFrom<R, P> = Exclude<keyof R, P>;
const routesExist: [MissingFrom<GetRoutes, PathOf<'get'>>, MissingFrom<PostRoutes, PathOf<'post'>>] extends [never, never] ? true : never = true;
export const ROUTES_CHECKED = routesExist;
