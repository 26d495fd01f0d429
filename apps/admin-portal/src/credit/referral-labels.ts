import type { ReferralDepartment, ReferralDirection, ReferralStatus, ReferralView } from '@mi/contracts';
import type { Role } from '@mi/domain';

/** As @mi/contracts' REFERRAL_DIRECTIONS / REFERRAL_STATUSES (the portal imports types only). */
export const REFERRAL_DIRECTIONS: readonly ReferralDirection[] = ['BUREAU_TO_COMMISSION', 'COMMISSION_TO_BUREAU'];
export const REFERRAL_STATUSES: readonly ReferralStatus[] = ['DRAFT', 'SENT', 'RECEIVED', 'TRANSFERRED', 'CONCLUDED'];

/** Roles that take referral steps (the gateway allows the same); reviewers and auditors read the ledger. */
const REFERRAL_ACTORS: readonly Role[] = ['province-admin', 'city-officer', 'county-officer', 'health-liaison'];

export function mayActOnReferrals(roles: readonly Role[]): boolean {
  return roles.some((r) => REFERRAL_ACTORS.includes(r));
}

/** A portal user acts for the health commission iff it holds `health-liaison` (as credit-service decides). */
export function departmentOf(roles: readonly Role[]): ReferralDepartment {
  return roles.includes('health-liaison') ? 'COMMISSION' : 'BUREAU';
}

export type ReferralStep = 'issue' | 'receipt' | 'completion';

/** The steps the user's department may take on a referral now: the issuer numbers and sends a draft; the receiver signs and asks for missing materials. */
export function referralStepsFor(r: ReferralView, roles: readonly Role[]): ReferralStep[] {
  if (!mayActOnReferrals(roles)) return [];
  const dept = departmentOf(roles);
  if (r.status === 'DRAFT' && dept === r.issuer) return ['issue'];
  if (r.status === 'SENT' && dept === r.receiver) return ['receipt'];
  if (r.status === 'RECEIVED' && dept === r.receiver && (!r.completionRequestedOn || r.completedOn)) return ['completion'];
  return [];
}
