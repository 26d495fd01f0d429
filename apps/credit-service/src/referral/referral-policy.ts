import {
  REFERRAL_DEADLINES,
  REFERRAL_PARTIES,
  REFERRAL_REASONS,
  type ReferralDepartment,
  type ReferralDirection,
  type ReferralReason,
  type ReferralStatus,
} from '@mi/contracts';
import { DomainError, LocalDate, ValidationError, type WorkingDayCalendar } from '@mi/domain';

/** Roles that act for the medical-insurance bureau in referrals (经办). */
export const BUREAU_ROLES = ['province-admin', 'city-officer', 'county-officer'] as const;
/** Roles that act for the health commission (卫健委联络员). */
export const COMMISSION_ROLES = ['health-liaison'] as const;
/** Roles that may read referrals and the ledger. */
export const REFERRAL_READER_ROLES = [...BUREAU_ROLES, ...COMMISSION_ROLES, 'reviewer', 'auditor'] as const;

export const DEPARTMENT_LABEL: Record<ReferralDepartment, string> = { BUREAU: '医保局', COMMISSION: '卫健委' };

/**
 * The department a portal user acts for: the health commission iff they hold `health-liaison`,
 * the bureau iff they hold an officer role; null for read-only roles. Holding both is refused, so
 * one person can never sign both sides of a referral.
 */
export function departmentOfRoles(roles: readonly string[]): ReferralDepartment | null {
  const commission = roles.some((r) => (COMMISSION_ROLES as readonly string[]).includes(r));
  const bureau = roles.some((r) => (BUREAU_ROLES as readonly string[]).includes(r));
  if (commission && bureau) {
    throw new DomainError('FORBIDDEN.DEPARTMENT', 'a user holding roles of both the bureau and the health commission may not act on referrals', {
      field: 'roles',
      reason: 'ambiguous department',
    });
  }
  return commission ? 'COMMISSION' : bureau ? 'BUREAU' : null;
}

/** Refuses unless `actual` is the department `needed` for this step, saying which department must act. */
export function assertDepartment(actual: ReferralDepartment | null, needed: ReferralDepartment, step: string, direction: ReferralDirection): void {
  if (actual === needed) return;
  const { issuer, receiver } = REFERRAL_PARTIES[direction];
  throw new DomainError(
    'FORBIDDEN.DEPARTMENT',
    `${step} of a referral from ${DEPARTMENT_LABEL[issuer]} to ${DEPARTMENT_LABEL[receiver]} must be done by ${DEPARTMENT_LABEL[needed]}; you act for ${actual ? DEPARTMENT_LABEL[actual] : 'neither department'}`,
    { field: 'actor', reason: `only the ${needed === receiver ? 'receiving' : 'issuing'} department may do this`, needed, actual },
  );
}

/** The reasons of a direction's list; a code of the other list is refused. */
export function reasonsFor(direction: ReferralDirection, codes: readonly string[]): ReferralReason[] {
  return codes.map((code, i) => {
    const reason = REFERRAL_REASONS.find((r) => r.code === code);
    if (!reason || reason.direction !== direction) {
      throw new ValidationError(`reasonCodes[${i}]`, `${code} is not a reason of the ${direction} list`);
    }
    return reason;
  });
}

/** 7个工作日内: the last day to refer, counted on the working-day calendar (holidays and 调休). */
export function referralDueOn(trigger: LocalDate, calendar: WorkingDayCalendar): LocalDate {
  return calendar.addWorkingDays(trigger, REFERRAL_DEADLINES.referWithinWorkingDays);
}

/** 3日内补正 (calendar days). */
export function completionDueOn(requestedOn: LocalDate): LocalDate {
  return requestedOn.plusDays(REFERRAL_DEADLINES.completionWithinDays);
}

/** ×局(委)案移字〔YYYY〕N号 — `short` is the issuing authority's short name (×). */
export function documentNumber(short: string, issuer: ReferralDepartment, year: number, seq: number): string {
  return `${short}${issuer === 'BUREAU' ? '局' : '委'}案移字〔${year}〕${seq}号`;
}

export interface DeadlineState {
  status: ReferralStatus;
  dueOn: string;
  issuedOn?: string | null;
  completionDueOn?: string | null;
  completedOn?: string | null;
}

/** The 7-working-day deadline was missed: still a draft after it, or issued after it. */
export function isReferralOverdue(r: DeadlineState, today: LocalDate): boolean {
  const due = LocalDate.parse(r.dueOn);
  if (r.issuedOn) return LocalDate.parse(r.issuedOn).isAfter(due);
  return r.status === 'DRAFT' && today.isAfter(due);
}

/** Missing materials were not handed in within 3 days. */
export function isCompletionOverdue(r: DeadlineState, today: LocalDate): boolean {
  if (!r.completionDueOn) return false;
  const due = LocalDate.parse(r.completionDueOn);
  return r.completedOn ? LocalDate.parse(r.completedOn).isAfter(due) : today.isAfter(due);
}
