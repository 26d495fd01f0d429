import type { CreditFileEntryView } from '@mi/contracts';
import { Card, Descriptions, Input, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../api/client';
import { entryKindKey } from '../credit/credit-labels';
import { formatDate, formatDateTime } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { ApiErrorView } from '../shell/api-error-alert';
import { EChart } from '../shell/echart';
import { regionName } from '../shell/regions';
import { useLoad } from '../shell/use-load';

/** 信用档案 (一户一档) of an institution: score, level, score history and its entries. */
export function CreditFilePage() {
  const { code } = useParams();
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const file = useLoad(
    () =>
      code
        ? api.get('/api/v1/credit-files/{subjectType}/{subjectCode}', { path: { subjectType: 'institution', subjectCode: code } })
        : Promise.resolve(undefined),
    [code],
  );
  const history = useMemo(() => {
    const f = file.data;
    const points = f ? scoreHistory(f.score, f.entries) : [];
    return {
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: points.map((p) => formatDate(p.at)) },
      yAxis: { type: 'value', min: 0, max: 1000 },
      series: [{ type: 'line', step: 'end', data: points.map((p) => p.score) }],
    };
  }, [file.data]);

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4}>{t('nav.credit')}</Typography.Title>
      <Input.Search
        placeholder={t('agreement.code')}
        defaultValue={code}
        enterButton={t('common.search')}
        style={{ maxWidth: 420 }}
        onSearch={(v) => v.trim() && navigate(`/credit/${v.trim().toUpperCase()}`)}
      />
      {file.error ? <ApiErrorView error={file.error} /> : null}
      {file.data && (
        <>
          <Card>
            <Space size={48}>
              <Statistic title={t('credit.score')} value={file.data.score} />
              <Statistic title={t('credit.level')} value={file.data.level} />
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('agreement.code')}>{file.data.subjectCode}</Descriptions.Item>
                <Descriptions.Item label={t('common.region')}>{regionName(file.data.admdvs, lang)}</Descriptions.Item>
                <Descriptions.Item label={t('credit.opened')}>{formatDate(file.data.openedAt)}</Descriptions.Item>
                <Descriptions.Item label={t('penalty.ofSubject')}>
                  <Link to={`/credit/penalties?subjectType=${file.data.subjectType}&subjectCode=${file.data.subjectCode}`} data-testid="subject-penalties">
                    {t('nav.penalties')}
                  </Link>
                </Descriptions.Item>
              </Descriptions>
            </Space>
          </Card>
          <Card title={t('credit.score')}>
            <EChart option={history} height={220} />
          </Card>
          <Table<CreditFileEntryView>
            rowKey="sourceEventId"
            size="small"
            dataSource={file.data.entries}
            columns={[
              { title: t('audit.at'), dataIndex: 'occurredAt', render: formatDateTime },
              { title: t('credit.kind'), dataIndex: 'kind', render: (k: string) => <EntryKindTag kind={k} /> },
              { title: t('approval.summary'), dataIndex: 'summary' },
              { title: t('credit.delta'), dataIndex: 'scoreDelta' },
              { title: t('credit.score'), dataIndex: 'scoreAfter' },
            ]}
          />
        </>
      )}
    </Space>
  );
}

const KIND_COLORS: Record<string, string> = { PENALTY: 'volcano', BLACKLISTED: 'red', RED_LISTED: 'green', DELISTED: 'blue' };

/** A credit-file entry's kind, labelled (a kind the portal does not name yet shows its code). */
export function EntryKindTag({ kind }: { kind: string }) {
  const { t } = useI18n();
  const key = entryKindKey(kind);
  return <Tag color={KIND_COLORS[kind] ?? 'default'}>{key ? t(key) : kind}</Tag>;
}

/**
 * The score after each entry, oldest first, rebuilt from the current score and the entries' deltas
 * (entries that do not score carry `scoreAfter: null` but still mark a point in time).
 */
export function scoreHistory(current: number, entries: CreditFileEntryView[]): { at: string; score: number }[] {
  const sorted = [...entries].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  let score = current - sorted.reduce((sum, e) => sum + e.scoreDelta, 0);
  return sorted.map((e) => {
    score += e.scoreDelta;
    return { at: e.occurredAt, score };
  });
}
