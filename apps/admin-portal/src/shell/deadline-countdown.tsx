import { Typography } from 'antd';
import { formatDate } from '../format/format';
import { useI18n } from '../i18n/i18n';

/** A working-day deadline as the services answer it (`workingDaysLeft` from the domain calendar). */
export interface WorkingDayDeadline {
  dueOn: string | null;
  workingDaysLeft: number | null;
  overdue: boolean;
}

/** The deadline and working days left to it: red when overdue, amber within 2 days; a finished file has none. */
export function DeadlineCountdown({ d, done }: { d: WorkingDayDeadline; done?: boolean }) {
  const { t } = useI18n();
  if (done) return <Typography.Text type="secondary">—</Typography.Text>;
  if (d.dueOn === null || d.workingDaysLeft === null) {
    return (
      <Typography.Text type="secondary" data-testid="countdown">
        {t('review.noDueDate')}
      </Typography.Text>
    );
  }
  const overdue = d.overdue || d.workingDaysLeft < 0;
  return (
    <span data-testid="countdown" className={overdue ? 'mi-overdue' : undefined}>
      <Typography.Text type={overdue ? 'danger' : d.workingDaysLeft <= 2 ? 'warning' : undefined} strong={overdue}>
        {overdue ? t('review.overdueBy', { n: Math.abs(d.workingDaysLeft) }) : t('review.daysLeft', { n: d.workingDaysLeft })}
      </Typography.Text>
      <div>
        <Typography.Text type="secondary">{formatDate(d.dueOn)}</Typography.Text>
      </div>
    </span>
  );
}
