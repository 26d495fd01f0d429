import type { SimulationDiffRow, SimulationInstitutionRow, SimulationReport, SimulationRuleRow, SimulationShadowRow, SimulationTally } from '@mi/contracts';
import { Alert, Card, Descriptions, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useParams } from 'react-router';
import { api } from '../api/client';
import { formatDateTime, formatFen } from '../format/format';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { ApiErrorView } from '../shell/api-error-alert';
import { regionName } from '../shell/regions';
import { useLoad } from '../shell/use-load';
import { usePoll } from '../shell/use-poll';
import { candidateText, isRunning, SimulationProgress, SimulationStatusTag } from './simulations-page';

const SIDES = ['candidate', 'published', 'added', 'removed'] as const;

/** Columns of one tally (settlements, lines, amount ¥ from fen) under a side's heading. */
function tallyColumns<R>(t: (k: MessageKey) => string, title: MessageKey, get: (r: R) => SimulationTally, key: string): TableColumnsType<R>[number] {
  return {
    title: t(title),
    key,
    children: [
      { title: t('sim.count'), key: `${key}-s`, align: 'right', render: (_: unknown, r: R) => get(r).settlements },
      { title: t('sim.lines'), key: `${key}-l`, align: 'right', render: (_: unknown, r: R) => get(r).lines },
      { title: t('sim.amount'), key: `${key}-a`, align: 'right', render: (_: unknown, r: R) => formatFen(get(r).amountFen) },
    ],
  };
}

function diffColumns<R extends SimulationDiffRow>(t: (k: MessageKey) => string): TableColumnsType<R> {
  return SIDES.map((side) => tallyColumns<R>(t, `sim.side.${side}`, (r) => r[side], side));
}

/** One simulation: its request, progress (refreshed while it runs; the page may be left and revisited), and when DONE the report per rule and per institution against the published set. */
export function SimulationPage({ pollMs = 2000 }: { pollMs?: number }) {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const job = useLoad(() => api.get('/api/v1/review/simulations/{id}', { path: { id } }), [id]);
  usePoll(job, (j) => isRunning(j.status), pollMs);
  if (job.error) return <ApiErrorView error={job.error} />;
  const j = job.data;
  if (!j) return <Card loading />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Card
        title={
          <Space>
            {t('sim.title')} · {regionName(j.poolarea, lang)}
            <SimulationStatusTag status={j.status} />
          </Space>
        }
      >
        <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
          <Descriptions.Item label={t('sim.period')}>
            {j.from} ~ {j.to}
          </Descriptions.Item>
          <Descriptions.Item label={t('sim.base')}>{j.baseRuleSet}</Descriptions.Item>
          <Descriptions.Item label={t('sim.candidate')}>{candidateText(j)}</Descriptions.Item>
          <Descriptions.Item label={t('sim.reason')}>{j.reason}</Descriptions.Item>
          <Descriptions.Item label={t('sim.requestedBy')}>
            {j.requestedBy} · {formatDateTime(j.requestedAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('sim.progress')}>
            <span data-testid="simulation-progress">
              <SimulationProgress job={j} />
            </span>
            {j.attempts > 1 && ` · ${t('sim.attempts')} ${j.attempts}`}
          </Descriptions.Item>
        </Descriptions>
        {isRunning(j.status) && <Alert style={{ marginTop: 12 }} type="info" showIcon title={t('sim.leave')} />}
        {j.status === 'FAILED' && <Alert style={{ marginTop: 12 }} type="error" showIcon title={`${t('sim.error')}: ${j.error ?? ''}`} />}
      </Card>
      {j.report && <ReportView report={j.report} />}
    </Space>
  );
}

/** Rows that change first (added + removed), then those with hits, then the rest by id: a set holds dozens of rules, most of which flag nothing. */
export function byImpact<R extends SimulationDiffRow>(rows: readonly R[], id: (r: R) => string): R[] {
  const changed = (r: R) => r.added.settlements + r.removed.settlements;
  const hits = (r: R) => r.candidate.settlements + r.published.settlements;
  return [...rows].sort((a, b) => changed(b) - changed(a) || hits(b) - hits(a) || id(a).localeCompare(id(b)));
}

function ReportView({ report: r }: { report: SimulationReport }) {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large" data-testid="simulation-report">
      <Card title={`${t('sim.report')} · ${t('sim.settlements', { n: r.settlements })}`} size="small">
        <Table<SimulationDiffRow & { key: string }>
          rowKey="key"
          size="small"
          bordered
          pagination={false}
          dataSource={[{ key: 'totals', ...r.totals }]}
          data-testid="sim-totals"
          columns={[{ title: t('sim.totals'), key: 'label', render: () => t('sim.totals') }, ...diffColumns<SimulationDiffRow & { key: string }>(t)]}
        />
      </Card>
      <Card title={t('sim.byRule')} size="small">
        <Table<SimulationRuleRow>
          rowKey="ruleId"
          size="small"
          bordered
          scroll={{ x: true }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          dataSource={byImpact(r.byRule, (x) => x.ruleId)}
          data-testid="sim-by-rule"
          rowClassName={(row) => (row.added.settlements > 0 || row.removed.settlements > 0 ? 'mi-flagged' : '')}
          columns={[
            { title: t('sim.rule'), dataIndex: 'ruleId', fixed: 'left' },
            {
              title: t('sim.presence'),
              dataIndex: 'presence',
              render: (p: SimulationRuleRow['presence']) => (
                <Tag color={p === 'both' ? 'default' : p === 'candidate' ? 'blue' : 'orange'}>{t(`sim.presence.${p}`)}</Tag>
              ),
            },
            ...diffColumns<SimulationRuleRow>(t),
          ]}
        />
      </Card>
      <Card title={t('sim.byInstitution')} size="small">
        <Table<SimulationInstitutionRow>
          rowKey="institutionCode"
          size="small"
          bordered
          scroll={{ x: true }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          dataSource={byImpact(r.byInstitution, (x) => x.institutionCode)}
          data-testid="sim-by-institution"
          rowClassName={(row) => (row.added.settlements > 0 || row.removed.settlements > 0 ? 'mi-flagged' : '')}
          columns={[{ title: t('agreement.code'), dataIndex: 'institutionCode', fixed: 'left' }, ...diffColumns<SimulationInstitutionRow>(t)]}
        />
      </Card>
      {r.shadow.length > 0 && (
        <Card title={t('sim.shadow')} size="small">
          <Table<SimulationShadowRow>
            rowKey="ruleId"
            size="small"
            bordered
            pagination={false}
            dataSource={r.shadow}
            data-testid="sim-shadow"
            columns={[{ title: t('sim.rule'), dataIndex: 'ruleId' }, tallyColumns<SimulationShadowRow>(t, 'sim.side.flagged', (row) => row.flagged, 'flagged')]}
          />
        </Card>
      )}
      {r.byRule.length === 0 && <Typography.Text type="secondary">{t('common.none')}</Typography.Text>}
    </Space>
  );
}
