import type { PenaltySubjectType, PenaltyView } from '@mi/contracts';
import { Alert, Button, Descriptions, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api/client';
import { useAuth } from '../auth/auth';
import { formatDate, formatDateTime, formatFen } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { ApiErrorView } from '../shell/api-error-alert';
import { regionName } from '../shell/regions';
import { useLoad } from '../shell/use-load';
import { useServerPaging } from '../shell/use-server-paging';
import { mayRecordPenalties } from './credit-labels';
import { RecordPenaltyDialog } from './record-penalty-dialog';

const SUBJECT_TYPES: readonly PenaltySubjectType[] = ['institution', 'practitioner'];

/** A score change as `-50` / `+0`. */
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/**
 * 行政处罚: the penalty decisions of the user's region, newest first, paged by the server and
 * filtered by subject (`?subjectType=&subjectCode=`, which the credit file links to); officers record
 * a decision and see what it did to the subject's credit score.
 */
export function PenaltiesPage() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const subjectType = (params.get('subjectType') ?? undefined) as PenaltySubjectType | undefined;
  const subjectCode = params.get('subjectCode') ?? undefined;
  const [recording, setRecording] = useState(false);
  const [recorded, setRecorded] = useState<PenaltyView>();
  const paging = useServerPaging();
  const list = useLoad(
    () => api.get('/api/v1/credit/penalties', { query: { subjectType, subjectCode, ...paging.query } }),
    [subjectType, subjectCode, paging.page],
  );
  const filter = (name: 'subjectType' | 'subjectCode', value?: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
    paging.toFirstPage();
  };

  return (
    <>
      <Typography.Title level={4}>{t('nav.penalties')}</Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        {t('ref.subjectType')}
        <Select
          allowClear
          style={{ width: 160 }}
          value={subjectType}
          onChange={(v?: string) => filter('subjectType', v)}
          options={SUBJECT_TYPES.map((s) => ({ value: s, label: t(`ref.subjectType.${s}`) }))}
          data-testid="subject-type-filter"
        />
        <Input.Search
          allowClear
          key={subjectCode ?? ''}
          defaultValue={subjectCode}
          placeholder={t('penalty.filterCode')}
          style={{ width: 240 }}
          onSearch={(v) => filter('subjectCode', v.trim().toUpperCase())}
          data-testid="subject-code-filter"
        />
        {mayRecordPenalties(user?.roles ?? []) && (
          <Button type="primary" onClick={() => setRecording(true)} data-testid="record-penalty">
            {t('penalty.record')}
          </Button>
        )}
      </Space>
      <Typography.Paragraph type="secondary">{t('penalty.scopeNote')}</Typography.Paragraph>
      {recorded && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setRecorded(undefined)}
          style={{ marginBottom: 12 }}
          data-testid="penalty-recorded"
          title={t('penalty.recorded', { decisionNo: recorded.decisionNo, delta: signed(recorded.scoreDelta), after: recorded.scoreAfter })}
          description={
            recorded.subjectType === 'institution' ? (
              <Link to={`/credit/${recorded.subjectCode}`}>{`${t('nav.credit')} ${recorded.subjectCode}`}</Link>
            ) : undefined
          }
        />
      )}
      {list.error ? (
        <ApiErrorView error={list.error} />
      ) : (
        <Table<PenaltyView>
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={list.data?.items}
          data-testid="penalties-table"
          pagination={paging.pagination(list.data?.total)}
          expandable={{ expandedRowRender: (p) => <PenaltyDetail p={p} /> }}
          columns={[
            { title: t('penalty.decisionNo'), dataIndex: 'decisionNo' },
            { title: t('penalty.decidedOn'), dataIndex: 'decidedOn', render: formatDate },
            {
              title: t('ref.subject'),
              render: (_, p) => (
                <span>
                  {p.subjectName} {p.subjectType === 'institution' ? <Link to={`/credit/${p.subjectCode}`}>{p.subjectCode}</Link> : p.subjectCode}
                  <div>
                    <Typography.Text type="secondary">{t(`ref.subjectType.${p.subjectType}`)}</Typography.Text>
                  </div>
                </span>
              ),
            },
            { title: t('common.region'), dataIndex: 'admdvs', render: (c: string) => regionName(c, lang) },
            { title: t('penalty.measures'), render: (_, p) => <Measures p={p} /> },
            { title: t('penalty.total'), dataIndex: 'totalFen', align: 'right', render: (f: string) => formatFen(f) },
            {
              title: t('penalty.scoreDelta'),
              align: 'right',
              render: (_, p) => (
                <Typography.Text type={p.scoreDelta < 0 ? 'danger' : undefined}>
                  {signed(p.scoreDelta)} → {p.scoreAfter}
                </Typography.Text>
              ),
            },
          ]}
        />
      )}
      {recording && (
        <RecordPenaltyDialog
          onClose={() => setRecording(false)}
          onDone={(p) => {
            setRecording(false);
            setRecorded(p);
            list.reload();
          }}
        />
      )}
    </>
  );
}

function Measures({ p }: { p: PenaltyView }) {
  const { t } = useI18n();
  return (
    <Space size={[4, 4]} wrap>
      {p.measures.map((m) => (
        <Tag key={m.kind} color={m.amountFen ? 'volcano' : 'default'}>
          {t(`measure.${m.kind}`)}
          {m.amountFen ? ` ${formatFen(m.amountFen)}` : ''}
        </Tag>
      ))}
    </Space>
  );
}

function PenaltyDetail({ p }: { p: PenaltyView }) {
  const { t } = useI18n();
  return (
    <Descriptions column={1} size="small" data-testid="penalty-detail">
      <Descriptions.Item label={t('penalty.legalBasis')}>{p.legalBasis}</Descriptions.Item>
      <Descriptions.Item label={t('penalty.facts')}>
        <span style={{ whiteSpace: 'pre-wrap' }}>{p.facts}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('penalty.evidence')}>
        {p.evidence.length ? p.evidence.map((e) => `${e.title}${e.pages ? `（${e.pages}页）` : ''}`).join('；') : '—'}
      </Descriptions.Item>
      {p.caseRef && <Descriptions.Item label={t('penalty.caseRef')}>{p.caseRef}</Descriptions.Item>}
      <Descriptions.Item label={t('penalty.recordedBy')}>
        {p.recordedBy}（{formatDateTime(p.recordedAt)}）
      </Descriptions.Item>
    </Descriptions>
  );
}
