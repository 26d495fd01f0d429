import type { CaseSummaryView } from '@mi/contracts';
import { DeadlineCountdown } from '../shell/deadline-countdown';

type Deadline = Pick<CaseSummaryView, 'dueOn' | 'workingDaysLeft' | 'overdue' | 'stage'>;

/** The stage deadline and working days left to it: red when overdue; a closed case has none. */
export function CaseCountdown({ c }: { c: Deadline }) {
  return <DeadlineCountdown d={c} done={c.stage === 'CLOSED'} />;
}
