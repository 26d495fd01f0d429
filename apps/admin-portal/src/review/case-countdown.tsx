import type { CaseSummaryView } from '@mi/contracts';
import { Typography } from 'antd';
import { formatDate } from '../format/format';
import { useI18n } from '../i18n/i18n';

type Deadline = Pick<CaseSummaryView, 'dueOn' | 'workingDaysLeft' | 'overdue' | 'stage'>;

/** The stage deadline and working days left to it: red when overdue; a closed case has none. */
export function CaseCountdown({ c }: { c: Deadline }) {
  const { t } = useI18n();
  if (c.stage === 'CLOSED') return <Typography.Text type="secondary">—</Typography.Text>;
  if (c.dueOn === null || c.workingDaysLeft === null) {
    return (
      <Typography.Text type="secondary" data-testid="countdown">
        {t('review.noDueDate')}
      </Typography.Text>
    );
  }
  const overdue = c.overdue || c.workingDaysLeft < 0;
  return (
    <span data-testid="countdown" className={overdue ? 'mi-overdue' : undefined}>
      <Typography.Text type={overdue ? 'danger' : c.workingDaysLeft <= 2 ? 'warning' : undefined} strong={overdue}>
        {overdue ? t('review.overdueBy', { n: Math.abs(c.workingDaysLeft) }) : t('review.daysLeft', { n: c.workingDaysLeft })}
      </Typography.Text>
      <div>
        <Typography.Text type="secondary">{formatDate(c.dueOn)}</Typography.Text>
      </div>
    </span>
  );
}
