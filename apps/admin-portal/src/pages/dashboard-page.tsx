import type { AgreementView, CaseStage, CreditRankingItemView } from '@mi/contracts';
import { Card, Col, Row, Statistic, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { api } from '../api/client';
import { useAuth } from '../auth/auth';
import { daysUntil, formatDate, shanghaiToday } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { fundChartOption, monthTotals } from '../fund/fund-report-page';
import { recentPeriods } from '../fund/payment-deadline-page';
import { useAlertTypeName } from '../kb/alert-labels';
import { EChart } from '../shell/echart';
import { levelOf } from '../shell/regions';
import { useLoad } from '../shell/use-load';
import { AGREEMENT_STATUS_CODES } from './labels';

const READERS = ['province-admin', 'city-officer', 'county-officer', 'reviewer', 'auditor'];
/** Who reads the fund report (the gateway's roles for it). */
const FUND_READERS = ['province-admin', 'city-officer', 'county-officer', 'auditor'];
/** Who reads a city's payment deadlines (a county's scope does not reach them). */
const DEADLINE_READERS = ['province-admin', 'city-officer', 'auditor'];
/** Case stages still waiting for someone (CLOSED left out). */
const OPEN_STAGES: CaseStage[] = ['INITIAL', 'RE_REVIEW', 'APPEAL', 'VERIFY', 'DISPOSAL'];

/** The pooling region (city) of a region code, or undefined for a province (the fund is pooled per city). */
export function cityOf(code: string | undefined): string | undefined {
  if (!code || !/^\d{6}$/.test(code) || code.endsWith('0000')) return undefined;
  return `${code.slice(0, 4)}00`;
}

/** Months of reserve: the last month's fund balance ÷ the year's average monthly expense so far (1 decimal), or undefined. */
export function reserveMonths(totals: ReturnType<typeof monthTotals>): number | undefined {
  const withBalance = totals.filter((m) => m.balanceFen !== null);
  const last = withBalance[withBalance.length - 1];
  const spent = totals.reduce((n, m) => n + m.expenseFen, 0n);
  if (!last || last.balanceFen === null || spent <= 0n || totals.length === 0) return undefined;
  return Math.round((Number(last.balanceFen) / (Number(spent) / totals.length)) * 10) / 10;
}

/** 看板: agreements by status and expiring soon, pending approvals, the fund by month with its reserve, the review backlog and overdue deadlines, new alerts by type, referrals overdue, the city's months overdue for payment (拨付时限), institutions ranked by credit risk. */
export function DashboardPage() {
  const { t } = useI18n();
  const { user, region } = useAuth();
  const mayRead = user?.roles.some((r) => READERS.includes(r)) ?? false;
  const counts = useLoad(
    async () =>
      mayRead
        ? Promise.all(
            AGREEMENT_STATUS_CODES.map(async (status) => ({
              status,
              total: (await api.get('/api/v1/agreements', { query: { status, admdvs: region, limit: 1 } })).total,
            })),
          )
        : [],
    [region, mayRead],
  );
  const expiring = useLoad(
    async () => (mayRead ? await api.get('/api/v1/agreements', { query: { status: 'ACTIVE', expiringWithinDays: 90, admdvs: region, limit: 10 } }) : undefined),
    [region, mayRead],
  );
  const pending = useLoad(
    async () =>
      mayRead ? (await api.get('/api/v1/approvals/{context}', { path: { context: 'agreement' }, query: { status: 'PENDING', limit: 1 } })).total : 0,
    [mayRead],
  );
  const mayReadFund = user?.roles.some((r) => FUND_READERS.includes(r)) ?? false;
  const city = cityOf(region || user?.scope);
  const year = shanghaiToday().slice(0, 4);
  const fund = useLoad(
    async () => (mayReadFund && city ? await api.get('/api/v1/fund/reports/{admdvs}/{year}', { path: { admdvs: city, year } }) : undefined),
    [city, year, mayReadFund],
  );
  const fundTotals = useMemo(
    () =>
      fund.data
        ? monthTotals(
            fund.data,
            fund.data.rows.filter((r) => r.region === city),
          )
        : [],
    [fund.data, city],
  );
  const mayReadDeadlines = levelOf(user?.scope ?? '') !== 'county' && (user?.roles.some((r) => DEADLINE_READERS.includes(r)) ?? false);
  const overduePayments = useLoad(
    async () =>
      mayReadDeadlines && city
        ? (await api.get('/api/v1/fund/payment-deadlines', { query: { admdvs: city, ...recentPeriods() } })).months.filter((m) => m.state === 'OVERDUE').length
        : undefined,
    [city, mayReadDeadlines],
  );
  const backlog = useLoad(
    async () =>
      mayRead
        ? {
            stages: await Promise.all(
              OPEN_STAGES.map(async (stage) => ({ stage, total: (await api.get('/api/v1/review/cases', { query: { stage, pageSize: 1 } })).total })),
            ),
            overdue: (await api.get('/api/v1/review/cases', { query: { overdue: true, pageSize: 1 } })).total,
          }
        : undefined,
    [mayRead],
  );
  const alerts = useLoad(async () => (mayRead ? await api.get('/api/v1/kb/alerts', { query: { status: 'NEW', limit: 200 } }) : undefined), [mayRead]);
  const referralsOverdue = useLoad(
    async () => (mayRead ? (await api.get('/api/v1/credit/referrals', { query: { overdue: 'true', limit: 1 } })).total : undefined),
    [mayRead],
  );
  const ranking = useLoad(async () => (mayRead ? await api.get('/api/v1/credit-files/ranking', { query: { limit: 10 } }) : undefined), [mayRead]);
  const typeName = useAlertTypeName();
  const alertBars = useMemo(() => {
    const byType = new Map<string, number>();
    for (const a of alerts.data?.items ?? []) byType.set(a.type, (byType.get(a.type) ?? 0) + 1);
    const types = [...byType.keys()].sort();
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 160, right: 20, top: 10, bottom: 20 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: types.map(typeName) },
      series: [{ type: 'bar', data: types.map((x) => byType.get(x) ?? 0), itemStyle: { color: '#d9822b' } }],
    };
  }, [alerts.data, typeName]);
  const backlogBars = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 60, right: 20, top: 10, bottom: 20 },
      xAxis: { type: 'category', data: OPEN_STAGES.map((x) => t(`stage.${x}`)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', data: (backlog.data?.stages ?? []).map((x) => x.total), itemStyle: { color: '#1f5fa8' } }],
    }),
    [backlog.data, t],
  );
  const reserve = reserveMonths(fundTotals);
  const pie = useMemo(
    () => ({
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['40%', '70%'],
          data: (counts.data ?? []).map((c) => ({ name: t(`status.${c.status}`), value: c.total })),
        },
      ],
    }),
    [counts.data, t],
  );
  const today = shanghaiToday();
  const total = (counts.data ?? []).reduce((n, c) => n + c.total, 0);

  return (
    <>
      <Typography.Title level={4}>{t('nav.dashboard')}</Typography.Title>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col span={8}>
          <Card>
            <Statistic title={t('dashboard.agreements')} value={total} loading={counts.loading} />
          </Card>
        </Col>
        <Col span={8}>
          <Card>
            <Statistic title={t('dashboard.expiring')} value={expiring.data?.total ?? 0} loading={expiring.loading} />
          </Card>
        </Col>
        <Col span={8}>
          <Card>
            <Link to="/approvals">
              <Statistic title={t('dashboard.pending')} value={pending.data ?? 0} loading={pending.loading} />
            </Link>
          </Card>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={10}>
          <Card title={t('dashboard.byStatus')}>
            <EChart option={pie} testId="status-chart" />
          </Card>
        </Col>
        <Col span={14}>
          <Card title={t('dashboard.expiring')}>
            <Table<AgreementView>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={expiring.data?.items}
              columns={[
                {
                  title: t('agreement.institution'),
                  dataIndex: 'institutionName',
                  render: (n: string, a) => <Link to={`/agreements/${a.institutionCode}`}>{n}</Link>,
                },
                { title: t('agreement.validTo'), dataIndex: 'validTo', render: formatDate },
                { title: '', dataIndex: 'validTo', render: (d: string) => t('agreement.expiring', { n: daysUntil(d, today) }) },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col span={14}>
          <Card title={t('dashboard.fund', { year })} data-testid="dashboard-fund">
            {fund.data && fundTotals.length > 0 ? (
              <>
                <Statistic title={t('dashboard.reserve')} value={reserve ?? '—'} suffix={reserve === undefined ? undefined : t('dashboard.months')} />
                <EChart option={fundChartOption(fundTotals, t)} testId="fund-chart" />
              </>
            ) : (
              <Typography.Text type="secondary">
                {!city || !mayReadFund ? t('dashboard.pickCity') : fund.error ? t('dashboard.unavailable') : fund.loading ? '…' : t('dashboard.noFund')}
              </Typography.Text>
            )}
          </Card>
        </Col>
        <Col span={10}>
          <Card title={t('dashboard.backlog')} data-testid="dashboard-backlog">
            <Row gutter={8}>
              <Col span={12}>
                <Link to="/review/cases">
                  <Statistic title={t('dashboard.openCases')} value={(backlog.data?.stages ?? []).reduce((n, x) => n + x.total, 0)} loading={backlog.loading} />
                </Link>
              </Col>
              <Col span={12}>
                <Statistic
                  title={t('dashboard.overdueCases')}
                  value={backlog.data?.overdue ?? 0}
                  loading={backlog.loading}
                  valueStyle={backlog.data?.overdue ? { color: '#cf1322' } : undefined}
                />
              </Col>
            </Row>
            {backlog.error ? (
              <Typography.Text type="secondary">{t('dashboard.unavailable')}</Typography.Text>
            ) : (
              <EChart option={backlogBars} testId="backlog-chart" />
            )}
          </Card>
        </Col>
      </Row>
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col span={14}>
          <Card title={t('dashboard.newAlerts', { n: alerts.data?.total ?? 0 })} data-testid="dashboard-alerts">
            {alerts.data && alerts.data.items.length > 0 ? (
              <EChart option={alertBars} testId="alerts-chart" />
            ) : (
              <Typography.Text type="secondary">{alerts.error ? t('dashboard.unavailable') : alerts.loading ? '…' : t('dashboard.noAlerts')}</Typography.Text>
            )}
          </Card>
        </Col>
        <Col span={10}>
          <Card>
            <Link to="/credit/referrals">
              <Statistic
                title={t('dashboard.referralsOverdue')}
                value={referralsOverdue.data ?? 0}
                loading={referralsOverdue.loading}
                valueStyle={referralsOverdue.data ? { color: '#cf1322' } : undefined}
              />
            </Link>
          </Card>
          {mayReadDeadlines && city && (
            <Card style={{ marginTop: 16 }} data-testid="dashboard-overdue-payments">
              <Link to={`/fund/payment-deadlines?admdvs=${city}`}>
                <Statistic
                  title={t('dashboard.overduePayments')}
                  value={overduePayments.error ? '—' : (overduePayments.data ?? 0)}
                  loading={overduePayments.loading}
                  styles={overduePayments.data ? { content: { color: '#cf1322' } } : undefined}
                />
              </Link>
            </Card>
          )}
        </Col>
      </Row>
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col span={24}>
          <Card title={t('dashboard.ranking')} data-testid="dashboard-ranking">
            {ranking.error ? (
              <Typography.Text type="secondary">{t('dashboard.unavailable')}</Typography.Text>
            ) : (
              <Table<CreditRankingItemView>
                rowKey="subjectCode"
                size="small"
                pagination={false}
                loading={ranking.loading}
                dataSource={ranking.data?.items}
                rowClassName={(r) => (r.level === 'D' || r.level === 'C' ? 'mi-flagged' : '')}
                columns={[
                  { title: '#', dataIndex: 'rank', width: 48 },
                  {
                    title: t('agreement.code'),
                    dataIndex: 'subjectCode',
                    render: (c: string) => <Link to={`/credit/${c}`}>{c}</Link>,
                  },
                  { title: t('dashboard.score'), dataIndex: 'score', align: 'right' },
                  {
                    title: t('credit.level'),
                    dataIndex: 'level',
                    render: (l: string) => <Tag color={l === 'D' ? 'red' : l === 'C' ? 'orange' : l === 'A' ? 'green' : 'blue'}>{l}</Tag>,
                  },
                  { title: t('dashboard.recentLost'), dataIndex: 'recentScoreLost', align: 'right', render: (n: number) => (n > 0 ? `−${n}` : '0') },
                  {
                    title: t('dashboard.lastReason'),
                    dataIndex: 'lastNegative',
                    render: (x: CreditRankingItemView['lastNegative']) => (x ? `${formatDate(x.occurredAt)} ${x.summary}（${x.scoreDelta}）` : '—'),
                  },
                ]}
              />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
