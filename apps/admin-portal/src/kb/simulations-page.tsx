import type { SimulationJobView, SimulationStatus } from '@mi/contracts';
import { Alert, Button, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../api/client';
import { useAuth } from '../auth/auth';
import { formatDateTime } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { ApiErrorView } from '../shell/api-error-alert';
import { citiesOf, regionName } from '../shell/regions';
import { useLoad } from '../shell/use-load';
import { usePoll } from '../shell/use-poll';
import { useServerPaging } from '../shell/use-server-paging';
import { StartSimulationDialog } from './simulation-start-dialog';

type JobSummary = Omit<SimulationJobView, 'report'>;
const COLORS: Record<SimulationStatus, string> = { QUEUED: 'default', RUNNING: 'processing', DONE: 'green', FAILED: 'red' };
export const isRunning = (s: SimulationStatus) => s === 'QUEUED' || s === 'RUNNING';

export function SimulationStatusTag({ status }: { status: SimulationStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={COLORS[status]} data-testid="simulation-status">
      {t(`sim.status.${status}`)}
    </Tag>
  );
}

export function SimulationProgress({ job }: { job: JobSummary }) {
  const { total, done } = job.progress;
  const percent = job.status === 'DONE' ? 100 : total > 0 ? Math.floor((done * 100) / total) : 0;
  return (
    <Space size="small">
      <Progress
        percent={percent}
        size="small"
        style={{ width: 120 }}
        status={job.status === 'FAILED' ? 'exception' : isRunning(job.status) ? 'active' : undefined}
      />
      <Typography.Text type="secondary">
        {done}/{total}
      </Typography.Text>
    </Space>
  );
}

/** A candidate set in a few words: `+R1 v2, −R3`. */
export function candidateText(job: JobSummary): string {
  return [...job.rules.map((r) => `+${r.ruleId} v${r.version}`), ...job.remove.map((id) => `−${id}`)].join('，');
}

/** 规则模拟: a city's simulation jobs, newest first (paged by the server), refreshed while one runs; starting one. */
export function SimulationsPage({ pollMs = 3000 }: { pollMs?: number }) {
  const { t, lang } = useI18n();
  const { user, region } = useAuth();
  const navigate = useNavigate();
  const cities = citiesOf(user?.scope ?? '');
  const [city, setCity] = useState(cities.find((c) => c === region) ?? cities[0] ?? '');
  const paging = useServerPaging(10);
  const jobs = useLoad(() => api.get('/api/v1/review/simulations', { query: { poolarea: city, ...paging.query } }), [city, paging.page]);
  usePoll(jobs, (d) => d.items.some((j) => isRunning(j.status)), pollMs);
  const [starting, setStarting] = useState(false);

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4}>{t('sim.title')}</Typography.Title>
      <Space wrap>
        {t('sim.city')}
        <Select
          style={{ width: 180 }}
          value={city}
          onChange={setCity}
          options={cities.map((c) => ({ value: c, label: regionName(c, lang) }))}
          data-testid="sim-city"
        />
        <Button type="primary" onClick={() => setStarting(true)} data-testid="start-simulation">
          {t('sim.start')}
        </Button>
      </Space>
      <Alert type="info" showIcon title={t('sim.leave')} />
      {jobs.error ? (
        <ApiErrorView error={jobs.error} />
      ) : (
        <Table<JobSummary>
          rowKey="id"
          size="small"
          loading={jobs.loading && !jobs.data}
          dataSource={jobs.data?.items}
          data-testid="simulations-table"
          pagination={paging.pagination(jobs.data?.total)}
          columns={[
            {
              title: t('sim.requestedAt'),
              dataIndex: 'requestedAt',
              render: (at: string, j) => <Link to={`/kb/simulations/${j.id}`}>{formatDateTime(at)}</Link>,
            },
            { title: t('sim.period'), render: (_, j) => `${j.from} ~ ${j.to}` },
            { title: t('sim.base'), dataIndex: 'baseRuleSet' },
            { title: t('sim.candidate'), render: (_, j) => candidateText(j) },
            { title: t('sim.reason'), dataIndex: 'reason', ellipsis: true },
            { title: t('sim.requestedBy'), dataIndex: 'requestedBy' },
            { title: t('common.status'), dataIndex: 'status', render: (s: SimulationStatus) => <SimulationStatusTag status={s} /> },
            { title: t('sim.progress'), render: (_, j) => <SimulationProgress job={j} /> },
          ]}
        />
      )}
      {starting && <StartSimulationDialog city={city} onClose={() => setStarting(false)} onStarted={(job) => navigate(`/kb/simulations/${job.id}`)} />}
    </Space>
  );
}
