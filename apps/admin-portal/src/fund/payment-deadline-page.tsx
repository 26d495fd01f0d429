import type { PaymentDeadlineState, PaymentDeadlineView } from '@mi/contracts';
import { Alert, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { api } from '../api/client';
import { formatDate, formatDateTime, formatFen, shanghaiToday } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { ApiErrorView } from '../shell/api-error-alert';
import { useLoad } from '../shell/use-load';
import { FundKeyForm, useFundKey } from './fund-key';

/** The colour of each state: overdue red, due soon orange, paid on time green, paid late gold, nothing to pay grey. */
export const DEADLINE_COLORS: Record<PaymentDeadlineState, string> = {
  NOT_DUE: 'blue',
  DUE_SOON: 'orange',
  OVERDUE: 'red',
  PAID_ON_TIME: 'green',
  PAID_LATE: 'gold',
  NOTHING_TO_PAY: 'default',
  CALENDAR_MISSING: 'purple',
};

/** The months the sweeper watches (the last 24 up to the current one), as the query's range: what the dashboard counts overdue months in. */
export function recentPeriods(today: string = shanghaiToday()): { fromPeriod: string; toPeriod: string } {
  const [y, m] = today.split('-').map(Number);
  const first = y * 12 + (m - 1) - 23;
  const from = `${Math.floor(first / 12)}-${String((first % 12) + 1).padStart(2, '0')}`;
  return { fromPeriod: from, toPeriod: today.slice(0, 7) };
}

/** Working days left or late, in words; the server's counts, never recomputed here. */
function DaysText({ d }: { d: PaymentDeadlineView }) {
  const { t } = useI18n();
  if ((d.state === 'OVERDUE' || d.state === 'PAID_LATE') && d.workingDaysLate !== null) {
    return <Typography.Text type="danger">{t(d.state === 'OVERDUE' ? 'deadline.overdueBy' : 'deadline.paidLateBy', { n: d.workingDaysLate })}</Typography.Text>;
  }
  if ((d.state === 'NOT_DUE' || d.state === 'DUE_SOON') && d.workingDaysLeft !== null) {
    return (
      <Typography.Text type={d.state === 'DUE_SOON' ? 'warning' : undefined}>
        {d.workingDaysLeft === 0 ? t('deadline.dueToday') : t('deadline.daysLeft', { n: d.workingDaysLeft })}
      </Typography.Text>
    );
  }
  return <Typography.Text type="secondary">—</Typography.Text>;
}

/** The run that paid the month: its own, or a later one that took its postings as late items; what it held is not late payment. */
function PaidBy({ d }: { d: PaymentDeadlineView }) {
  const { t } = useI18n();
  if (!d.settlementId) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <>
      {d.settlementPeriod && d.settlementPeriod !== d.period ? t('deadline.paidByLater', { period: d.settlementPeriod }) : t('deadline.paidByOwn')}
      <div>
        <Typography.Text type="secondary">{t('deadline.paidOn', { date: formatDate(d.paidOn), at: formatDateTime(d.approvedAt) })}</Typography.Text>
      </div>
      {d.heldFen && d.heldFen !== '0' && <div>{t('deadline.held', { amount: formatFen(d.heldFen) })}</div>}
    </>
  );
}

/** 拨付时限: a pooling region's months of a year — submission deadline, due date, state, working days left or late, and the run that paid each. */
export function PaymentDeadlinePage() {
  const { t } = useI18n();
  const [key, setKey] = useFundKey();
  const list = useLoad(() => api.get('/api/v1/fund/payment-deadlines', { query: { admdvs: key.admdvs, year: key.year } }), [key.admdvs, key.year]);
  const v = list.data;
  const overdue = v?.months.filter((m) => m.state === 'OVERDUE').length ?? 0;
  const dueSoon = v?.months.filter((m) => m.state === 'DUE_SOON').length ?? 0;

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={4}>{t('nav.paymentDeadlines')}</Typography.Title>
      <FundKeyForm value={key} onChange={setKey} withInsutype={false} />
      {list.error ? (
        <ApiErrorView error={list.error} />
      ) : (
        <Card
          title={
            <Space>
              {t('deadline.title', { year: key.year })}
              {v && (
                <Tag color={overdue > 0 ? 'red' : 'green'} data-testid="overdue-count">
                  {t('deadline.overdueCount', { n: overdue })}
                </Tag>
              )}
              {dueSoon > 0 && <Tag color="orange">{t('deadline.dueSoonCount', { n: dueSoon })}</Tag>}
            </Space>
          }
          loading={list.loading && !v}
        >
          {v && (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Descriptions column={{ xs: 1, md: 4 }} size="small" bordered data-testid="deadline-policy">
                <Descriptions.Item label={t('deadline.today')}>{formatDate(v.today)}</Descriptions.Item>
                <Descriptions.Item label={t('deadline.submissionRule')}>
                  {t(v.policy.rollSubmissionDeadline ? 'deadline.submissionDayRolls' : 'deadline.submissionDay', { d: v.policy.submissionDeadlineDay })}
                </Descriptions.Item>
                <Descriptions.Item label={t('deadline.dueRule')}>{t('deadline.dueWorkingDays', { n: v.policy.dueWorkingDays })}</Descriptions.Item>
                <Descriptions.Item label={t('deadline.dueSoonRule')}>{t('deadline.dueSoonDays', { n: v.policy.dueSoonWorkingDays })}</Descriptions.Item>
              </Descriptions>
              {v.months.length === 0 && <Alert type="info" showIcon title={t('deadline.none')} />}
              <Table<PaymentDeadlineView>
                rowKey="period"
                size="small"
                pagination={false}
                dataSource={v.months}
                data-testid="deadlines-table"
                rowClassName={(d) => (d.state === 'OVERDUE' ? 'mi-flagged' : '')}
                columns={[
                  { title: t('deadline.period'), dataIndex: 'period' },
                  { title: t('deadline.submissionDeadline'), dataIndex: 'submissionDeadline', render: formatDate },
                  { title: t('deadline.dueDate'), dataIndex: 'dueDate', render: (d: string | null) => (d ? formatDate(d) : t('deadline.noDueDate')) },
                  {
                    title: t('common.status'),
                    dataIndex: 'state',
                    render: (s: PaymentDeadlineState) => (
                      <Tag color={DEADLINE_COLORS[s]} data-testid="deadline-state">
                        {t(`deadline.state.${s}`)}
                      </Tag>
                    ),
                  },
                  { title: t('deadline.days'), render: (_, d) => <DaysText d={d} /> },
                  { title: t('deadline.paidBy'), render: (_, d) => <PaidBy d={d} /> },
                  { title: t('deadline.notified'), dataIndex: 'overdueNotifiedAt', render: (at: string | null) => (at ? formatDateTime(at) : '—') },
                ]}
              />
              <Typography.Text strong>{t('report.notes')}</Typography.Text>
              <ul style={{ margin: 0 }} data-testid="deadline-notes">
                {v.notes.map((n, i) => (
                  <li key={i}>{n}</li>
                ))}
              </ul>
            </Space>
          )}
        </Card>
      )}
    </Space>
  );
}
