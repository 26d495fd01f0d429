import type { ManualClaimStatus, ManualClaimView } from '@mi/contracts';
import type { Role } from '@mi/domain';

/** 手工报销 statuses in the working order (as @mi/contracts' MANUAL_CLAIM_STATUSES). */
export const MANUAL_CLAIM_STATUSES: readonly ManualClaimStatus[] = ['UNDER_REVIEW', 'INVESTIGATING', 'APPROVED', 'REJECTED'];
export const INVESTIGATION_METHODS = ['letter', 'phone', 'on-site', 'documents', 'group-meeting'] as const;

/** Who registers, refers, records and proposes (the gateway allows the same); province admins and auditors read. */
export const MANUAL_CLAIM_STAFF: readonly Role[] = ['reviewer', 'city-officer', 'county-officer'];

export function mayWorkManualClaims(roles: readonly Role[]): boolean {
  return roles.some((r) => MANUAL_CLAIM_STAFF.includes(r));
}

export const MANUAL_CLAIM_STATUS_COLORS: Record<ManualClaimStatus, string> = {
  UNDER_REVIEW: 'blue',
  INVESTIGATING: 'orange',
  APPROVED: 'green',
  REJECTED: 'red',
};

export function isFinished(c: Pick<ManualClaimView, 'status'>): boolean {
  return c.status === 'APPROVED' || c.status === 'REJECTED';
}

/** 5 万元 (fen): from here a claim goes to the working group on registration (the service's default threshold). */
export const GROUP_THRESHOLD_FEN = 5_000_000n;
