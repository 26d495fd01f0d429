import type { CaseAction, CaseOutcome, CaseStage } from '@mi/contracts';
import { DomainError, LocalDate, type WorkingDayCalendar } from '@mi/domain';

export type OpenStage = Exclude<CaseStage, 'CLOSED'>;

/** Deadline of each stage in working days, counted from the day the stage starts. */
export type StageDays = Record<OpenStage, number>;

/** What happens to a case's findings when it moves. */
export type FindingEffect = 'none' | 'overturn-all' | 'overturn-all-on-appeal' | 'confirm-selected';

export interface CaseTransition {
  to: CaseStage;
  outcome?: CaseOutcome;
  findings: FindingEffect;
  /** The actor must not be the one who took the case's previous decision (分人负责、相互制衡). */
  fourEyes?: 'escalate' | 'notify';
}

/**
 * 初审 → 复审 → 申诉 → 核实 → 处理 → 结案, as a table: for each stage, the actions a reviewer may
 * take there. The appeal itself (申诉 → 核实) comes from the institution, a lapsed appeal window
 * (申诉 → 处理) from the sweeper, and a deduction (处理 → 结案) from its approval — none of those is
 * a reviewer action.
 */
const TABLE: Record<OpenStage, Partial<Record<CaseAction, CaseTransition>>> = {
  INITIAL: {
    escalate: { to: 'RE_REVIEW', findings: 'none' },
    dismiss: { to: 'CLOSED', outcome: 'DISMISSED', findings: 'overturn-all' },
  },
  RE_REVIEW: {
    notify: { to: 'APPEAL', findings: 'none', fourEyes: 'escalate' },
    dismiss: { to: 'CLOSED', outcome: 'DISMISSED', findings: 'overturn-all', fourEyes: 'escalate' },
  },
  APPEAL: {},
  VERIFY: {
    uphold: { to: 'DISPOSAL', findings: 'none', fourEyes: 'notify' },
    overturn: { to: 'CLOSED', outcome: 'DISMISSED', findings: 'overturn-all-on-appeal', fourEyes: 'notify' },
  },
  DISPOSAL: {
    'close-without-deduction': { to: 'CLOSED', outcome: 'WARNED', findings: 'confirm-selected' },
  },
};

/** The transition `action` takes from `stage`, or a CONFLICT naming what is allowed there. */
export function transitionOf(stage: CaseStage, action: CaseAction, caseNo: string): CaseTransition {
  const allowed = stage === 'CLOSED' ? {} : TABLE[stage];
  const t = allowed[action];
  if (!t) {
    const options = Object.keys(allowed);
    throw new DomainError('REVIEW.CASE_ACTION_NOT_ALLOWED', `case ${caseNo} is at ${stage}; ${action} is not possible there`, {
      field: 'action',
      reason: options.length > 0 ? `allowed at ${stage}: ${options.join(', ')}` : `nothing a reviewer can do at ${stage}`,
      stage,
      allowed: options,
    });
  }
  return t;
}

/**
 * The deadline of a stage that starts on `from`; null when the calendar has no holiday data for
 * the year the deadline falls in (the case still moves — a deadline is never guessed).
 */
export function stageDeadline(calendar: WorkingDayCalendar, from: LocalDate, stage: CaseStage, days: StageDays): LocalDate | null {
  return stage === 'CLOSED' ? null : deadlineAfter(calendar, from, days[stage]);
}

/** `n` working days after `from`, or null when the calendar lacks the year (never guessed). */
export function deadlineAfter(calendar: WorkingDayCalendar, from: LocalDate, n: number): LocalDate | null {
  try {
    return calendar.addWorkingDays(from, n);
  } catch (e) {
    if (e instanceof DomainError && e.code === 'CALENDAR.YEAR_NOT_CONFIGURED') return null;
    throw e;
  }
}

/** Working days from `today` to `due` (negative when overdue); null when the calendar cannot tell. */
export function workingDaysLeft(calendar: WorkingDayCalendar, today: LocalDate, due: LocalDate | null): number | null {
  if (due === null) return null;
  try {
    return calendar.workingDaysBetween(today, due);
  } catch (e) {
    if (e instanceof DomainError && e.code === 'CALENDAR.YEAR_NOT_CONFIGURED') return null;
    throw e;
  }
}
