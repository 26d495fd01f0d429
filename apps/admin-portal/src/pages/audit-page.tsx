import type { AuditRecordView, AuditVerification } from '@mi/contracts';
import { Alert, Button, Form, Input, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../api/client';
import { formatDateTime } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { ApiErrorView } from '../shell/api-error-alert';
import { useLoad } from '../shell/use-load';

const PAGE = 50;
const CONTEXTS = ['gateway', 'agreement', 'review', 'kb', 'fund', 'credit'] as const;
type Context = (typeof CONTEXTS)[number];

interface Filters {
  action?: string;
  targetType?: string;
  targetId?: string;
}

/** 审计日志: search one service's hash-chained audit trail and verify the chain. */
export function AuditPage() {
  const { t } = useI18n();
  const [context, setContext] = useState<Context>('gateway');
  const [filters, setFilters] = useState<Filters>({});
  const [verification, setVerification] = useState<AuditVerification>();
  const [verifyError, setVerifyError] = useState<unknown>();
  // Keyset paging, newest first: `beforeSeq` is the last record of the page before.
  const [beforeSeq, setBeforeSeq] = useState<string[]>([]);
  const records = useLoad(
    () => api.get('/api/v1/audit/{context}', { path: { context }, query: { ...filters, beforeSeq: beforeSeq.at(-1), limit: PAGE } }),
    [context, filters, beforeSeq],
  );

  async function verify() {
    setVerification(undefined);
    setVerifyError(undefined);
    try {
      setVerification(await api.get('/api/v1/audit/{context}/verify', { path: { context } }));
    } catch (e) {
      setVerifyError(e);
    }
  }

  return (
    <>
      <Typography.Title level={4}>{t('nav.audit')}</Typography.Title>
      <Form
        layout="inline"
        style={{ marginBottom: 16 }}
        onFinish={(v: Filters) => {
          setFilters(Object.fromEntries(Object.entries(v).filter(([, x]) => x)));
          setBeforeSeq([]);
        }}
      >
        <Form.Item label={t('audit.context')}>
          <Select
            value={context}
            onChange={(c) => {
              setContext(c);
              setBeforeSeq([]);
              setVerification(undefined);
            }}
            style={{ width: 130 }}
            options={CONTEXTS.map((c) => ({ value: c, label: c }))}
          />
        </Form.Item>
        <Form.Item name="action" label={t('audit.action')}>
          <Input allowClear placeholder="auth.login" />
        </Form.Item>
        <Form.Item name="targetType" label={t('audit.target')}>
          <Input allowClear style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="targetId">
          <Input allowClear placeholder="id" style={{ width: 160 }} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('common.search')}
          </Button>
          <Button onClick={() => void verify()} data-testid="verify-chain">
            {t('audit.verify')}
          </Button>
        </Space>
      </Form>
      {verification && (
        <Alert
          style={{ marginBottom: 16 }}
          showIcon
          type={verification.ok ? 'success' : 'error'}
          title={
            verification.ok
              ? t('audit.ok', { n: verification.records })
              : t('audit.broken', { seq: verification.brokenAt?.seq ?? '?', reason: verification.brokenAt?.reason ?? '' })
          }
          data-testid="chain-result"
        />
      )}
      {verifyError !== undefined && <ApiErrorView error={verifyError} />}
      {records.error ? (
        <ApiErrorView error={records.error} />
      ) : (
        <Table<AuditRecordView>
          rowKey="id"
          size="small"
          loading={records.loading}
          dataSource={records.data}
          pagination={false}
          footer={() => (
            <Space>
              <Button disabled={beforeSeq.length === 0} onClick={() => setBeforeSeq((s) => s.slice(0, -1))}>
                {t('audit.newer')}
              </Button>
              <Button
                disabled={(records.data?.length ?? 0) < PAGE}
                onClick={() => setBeforeSeq((s) => [...s, records.data?.at(-1)?.seq ?? ''])}
                data-testid="audit-older"
              >
                {t('audit.older')}
              </Button>
            </Space>
          )}
          columns={[
            { title: '#', dataIndex: 'seq', width: 70 },
            { title: t('audit.at'), dataIndex: 'at', render: formatDateTime },
            { title: t('audit.actor'), render: (_, r) => `${r.actor.id}（${r.actor.role}，${r.actor.scope}）` },
            { title: t('audit.action'), dataIndex: 'action' },
            { title: t('audit.target'), render: (_, r) => `${r.target.type} ${r.target.id}` },
            { title: t('common.region'), dataIndex: 'admdvs' },
            { title: 'hash', dataIndex: 'hash', render: (h: string) => <Typography.Text code>{h.slice(0, 12)}</Typography.Text> },
          ]}
        />
      )}
    </>
  );
}
