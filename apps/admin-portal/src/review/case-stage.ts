import type { CaseAction, CaseStage } from '@mi/contracts';
import type { Role } from '@mi/domain';

/** 审核案件 stages in workflow order (as @mi/contracts' CASE_STAGES). */
export const STAGES: readonly CaseStage[] = ['INITIAL', 'RE_REVIEW', 'APPEAL', 'VERIFY', 'DISPOSAL', 'CLOSED'];

/** What the portal offers at a stage: the case actions of `POST /review/cases/actions`, plus the two of their own routes. */
export type StageAction = CaseAction | 'appeal' | 'propose-deduction';

const AT_STAGE: Record<CaseStage, readonly StageAction[]> = {
  INITIAL: ['escalate', 'dismiss'],
  RE_REVIEW: ['notify', 'dismiss'],
  // The institution appeals from its HIS; a reviewer may record a paper appeal.
  APPEAL: ['appeal'],
  VERIFY: ['uphold', 'overturn'],
  DISPOSAL: ['propose-deduction', 'close-without-deduction'],
  CLOSED: [],
};

/** Roles that act on cases (the gateway allows the same); auditors and county officers only read. */
export const CASE_WORKERS: readonly Role[] = ['reviewer', 'city-officer'];

export function mayWorkCases(roles: readonly Role[]): boolean {
  return roles.some((r) => CASE_WORKERS.includes(r));
}

/** The actions a user with `roles` is offered on a case at `stage`. */
export function actionsAt(stage: CaseStage, roles: readonly Role[]): readonly StageAction[] {
  return mayWorkCases(roles) ? AT_STAGE[stage] : [];
}

/** Actions that can be taken on many cases at once from the queue (no per-case findings or amount). */
export function bulkActionsAt(stage: CaseStage, roles: readonly Role[]): CaseAction[] {
  return actionsAt(stage, roles).filter((a): a is CaseAction => a !== 'appeal' && a !== 'propose-deduction');
}

/**
 * Actions that name one case's findings and amount: notify (what the institution is told). Uphold
 * keeps what was notified, so it asks for the note only.
 */
export const FINDING_ACTIONS: readonly StageAction[] = ['notify', 'propose-deduction'];
