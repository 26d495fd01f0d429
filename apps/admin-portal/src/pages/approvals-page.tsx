import type { ApprovalView } from '@mi/contracts';
import { App, Button, Input, Modal, Select, Space, Table, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../api/client';
import { ApiError } from '../api/problem';
import { useAuth } from '../auth/auth';
import { formatDateTime } from '../format/format';
import { FundApprovalPayload, isFundAction } from '../fund/fund-approval';
import { useI18n } from '../i18n/i18n';
import { isMessageKey } from '../i18n/messages';
import { ApiErrorView } from '../shell/api-error-alert';
import { regionName } from '../shell/regions';
import { StatusTag } from '../shell/status-tag';
import { useLoad } from '../shell/use-load';
import { useServerPaging } from '../shell/use-server-paging';

const CONTEXTS = ['agreement', 'review', 'kb', 'credit', 'fund', 'gateway'] as const;
const STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN'] as const;

/** 审批 (maker-checker): proposals in the user's region; a second person approves or rejects them. */
export function ApprovalsPage() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  // `?context=review` opens another service's proposals (links from where they were proposed).
  const [params] = useSearchParams();
  const asked = CONTEXTS.find((c) => c === params.get('context'));
  const [context, setContext] = useState<(typeof CONTEXTS)[number]>(asked ?? 'agreement');
  const [status, setStatus] = useState<string>('PENDING');
  const paging = useServerPaging();
  const [deciding, setDeciding] = useState<{ approval: ApprovalView; decision: 'approve' | 'reject' }>();
  const [note, setNote] = useState('');
  const list = useLoad(() => api.get('/api/v1/approvals/{context}', { path: { context }, query: { status, ...paging.query } }), [context, status, paging.page]);

  async function decide() {
    if (!deciding) return;
    try {
      await api.post('/api/v1/approvals/{context}/{id}/decide', {
        path: { context, id: deciding.approval.id },
        body: { decision: deciding.decision, ...(note.trim() ? { note: note.trim() } : {}) },
      });
      void message.success(t('approval.decided'));
      setDeciding(undefined);
      setNote('');
      list.reload();
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : String(e));
    }
  }

  return (
    <>
      <Typography.Title level={4}>{t('nav.approvals')}</Typography.Title>
      <Space style={{ marginBottom: 16 }}>
        {t('approval.context')}
        <Select
          value={context}
          onChange={setContext}
          data-testid="approval-context"
          style={{ width: 160 }}
          options={CONTEXTS.map((c) => ({ value: c, label: t(`approval.contexts.${c}`) }))}
        />
        {t('common.status')}
        <Select value={status} onChange={setStatus} style={{ width: 140 }} options={STATUSES.map((s) => ({ value: s, label: <StatusTag status={s} /> }))} />
      </Space>
      {list.error ? (
        <ApiErrorView error={list.error} />
      ) : (
        <Table<ApprovalView>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items}
          data-testid="approvals-table"
          pagination={paging.pagination(list.data?.total)}
          expandable={{ rowExpandable: (a) => isFundAction(a.action), expandedRowRender: (a) => <FundApprovalPayload approval={a} /> }}
          columns={[
            {
              title: t('approval.action'),
              dataIndex: 'action',
              render: (action: string) => {
                const key = `approval.action.${action}`;
                return isMessageKey(key) ? t(key) : action;
              },
            },
            { title: t('approval.summary'), dataIndex: 'summary' },
            { title: t('common.reason'), dataIndex: 'reason' },
            { title: t('common.region'), dataIndex: 'admdvs', render: (c: string) => regionName(c, lang) },
            {
              title: t('approval.proposedBy'),
              render: (_, a) => (
                <>
                  {a.proposedBy.name}
                  <div>
                    <Typography.Text type="secondary">{formatDateTime(a.proposedAt)}</Typography.Text>
                  </div>
                </>
              ),
            },
            { title: t('approval.mustApprove'), render: (_, a) => a.requiredRoles.map((r) => t(`role.${r}`)).join(' / ') },
            {
              title: t('common.status'),
              render: (_, a) => (
                <>
                  <StatusTag status={a.status} />
                  {a.decidedBy && <div>{a.decidedBy.name}</div>}
                </>
              ),
            },
            {
              title: t('common.actions'),
              render: (_, a) => {
                if (a.status !== 'PENDING') return null;
                const self = a.proposedBy.id === user?.id;
                const mayDecide = !self && a.requiredRoles.some((r) => user?.roles.includes(r));
                return (
                  <Tooltip title={self ? t('approval.self') : undefined}>
                    <Space>
                      <Button
                        size="small"
                        type="primary"
                        disabled={!mayDecide}
                        onClick={() => setDeciding({ approval: a, decision: 'approve' })}
                        data-testid="approve"
                      >
                        {t('approval.approve')}
                      </Button>
                      <Button size="small" danger disabled={!mayDecide} onClick={() => setDeciding({ approval: a, decision: 'reject' })}>
                        {t('approval.reject')}
                      </Button>
                    </Space>
                  </Tooltip>
                );
              },
            },
          ]}
        />
      )}
      <Modal
        open={!!deciding}
        title={deciding && `${t(deciding.decision === 'approve' ? 'approval.approve' : 'approval.reject')} · ${deciding.approval.summary}`}
        onCancel={() => setDeciding(undefined)}
        onOk={() => void decide()}
        okButtonProps={{ danger: deciding?.decision === 'reject' }}
      >
        <Input.TextArea rows={3} maxLength={500} placeholder={t('approval.note')} value={note} onChange={(e) => setNote(e.target.value)} />
      </Modal>
    </>
  );
}
