import type { ManualClaimStatus, ManualClaimView } from '@mi/contracts';
import { Button, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../api/client';
import { useAuth } from '../auth/auth';
import { formatDate, formatFen } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { ApiErrorView } from '../shell/api-error-alert';
import { DeadlineCountdown } from '../shell/deadline-countdown';
import { useLoad } from '../shell/use-load';
import { useServerPaging } from '../shell/use-server-paging';
import { isFinished, MANUAL_CLAIM_STATUS_COLORS, MANUAL_CLAIM_STATUSES, mayWorkManualClaims } from './manual-claim-labels';
import { RegisterManualClaimDialog } from './register-manual-claim-dialog';

export function ManualClaimStatusTag({ status }: { status: ManualClaimStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={MANUAL_CLAIM_STATUS_COLORS[status]} data-testid="claim-status">
      {t(`mc.status.${status}`)}
    </Tag>
  );
}

/** 大额手工报销: the working group's files of the region with the 10-working-day countdown; registering a claim. */
export function ManualClaimsPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const [status, setStatus] = useState<ManualClaimStatus>();
  const [overdue, setOverdue] = useState(false);
  const [registering, setRegistering] = useState(false);
  const paging = useServerPaging();
  const list = useLoad(
    () =>
      api.get('/api/v1/review/manual-claims', {
        query: { status, overdue: overdue || undefined, page: paging.page.current, pageSize: paging.page.pageSize },
      }),
    [status, overdue, paging.page],
  );

  function refilter(f: () => void) {
    f();
    paging.toFirstPage();
  }

  return (
    <>
      <Typography.Title level={4}>{t('nav.manualClaims')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('mc.threshold')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        {t('common.status')}
        <Select
          allowClear
          value={status}
          onChange={(v?: ManualClaimStatus) => refilter(() => setStatus(v))}
          style={{ width: 160 }}
          data-testid="status-filter"
          options={MANUAL_CLAIM_STATUSES.map((s) => ({ value: s, label: t(`mc.status.${s}`) }))}
        />
        <Space>
          <Switch checked={overdue} onChange={(v) => refilter(() => setOverdue(v))} data-testid="overdue-filter" />
          {t('review.overdueOnly')}
        </Space>
        {mayWorkManualClaims(user?.roles ?? []) && (
          <Button type="primary" onClick={() => setRegistering(true)} data-testid="register-claim">
            {t('mc.register')}
          </Button>
        )}
      </Space>
      {list.error ? (
        <ApiErrorView error={list.error} />
      ) : (
        <Table<ManualClaimView>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items}
          data-testid="claims-table"
          pagination={paging.pagination(list.data?.total)}
          columns={[
            { title: t('mc.claimNo'), dataIndex: 'claimNo', render: (no: string, c) => <Link to={`/review/manual-claims/${c.id}`}>{no}</Link> },
            { title: t('review.psnNo'), dataIndex: 'psnNo' },
            { title: t('mc.institutionName'), dataIndex: 'institutionName' },
            { title: t('mc.amount'), dataIndex: 'medfeeSumamtFen', align: 'right', render: (f: string) => formatFen(f) },
            { title: t('mc.route'), dataIndex: 'route', render: (r: ManualClaimView['route']) => t(`mc.route.${r}`) },
            { title: t('common.status'), dataIndex: 'status', render: (s: ManualClaimStatus) => <ManualClaimStatusTag status={s} /> },
            { title: t('mc.receivedOn'), dataIndex: 'receivedOn', render: formatDate },
            { title: t('mc.deadline'), key: 'due', render: (_, c) => <DeadlineCountdown d={c} done={isFinished(c)} /> },
          ]}
        />
      )}
      {registering && (
        <RegisterManualClaimDialog
          onClose={() => setRegistering(false)}
          onDone={(c) => {
            setRegistering(false);
            navigate(`/review/manual-claims/${c.id}`);
          }}
        />
      )}
    </>
  );
}
