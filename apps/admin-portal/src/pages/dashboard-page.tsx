import type { AgreementView } from '@mi/contracts';
import { Alert, Card, Col, Row, Statistic, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { api } from '../api/client';
import { useAuth } from '../auth/auth';
import { daysUntil, formatDate, shanghaiToday } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { EChart } from '../shell/echart';
import { useLoad } from '../shell/use-load';
import { AGREEMENT_STATUS_CODES } from './labels';

const READERS = ['province-admin', 'city-officer', 'county-officer', 'reviewer', 'auditor'];

/** 看板: what the APIs offer today — agreements by status, expiring soon, pending approvals. */
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
      <Alert style={{ marginTop: 16 }} type="info" showIcon title={t('dashboard.more')} />
    </>
  );
}
