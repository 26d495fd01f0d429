import type { CaseAction, CaseStage, CaseSummaryView } from '@mi/contracts';
import { Alert, App, Button, Form, Input, Modal, Segmented, Space, Switch, Table, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../api/client';
import { useAuth } from '../auth/auth';
import { formatDate, formatFen } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { ApiErrorView } from '../shell/api-error-alert';
import { applyFieldErrors } from '../shell/form-errors';
import { useLoad } from '../shell/use-load';
import { useServerPaging } from '../shell/use-server-paging';
import { CaseCountdown } from './case-countdown';
import { errorText, isCaseMoved } from './case-action-error';
import { bulkActionsAt, mayWorkCases, STAGES } from './case-stage';
import { StageTag } from './stage-tag';

type StageTab = CaseStage | 'ALL';

/** 审核案件: the region's review cases per stage with working-day countdowns; bulk actions on one stage at a time. */
export function ReviewCasesPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const [stage, setStage] = useState<StageTab>('INITIAL');
  const [overdue, setOverdue] = useState(false);
  const [mine, setMine] = useState(false);
  const [institutionCode, setInstitutionCode] = useState<string>();
  const paging = useServerPaging();
  const [selected, setSelected] = useState<CaseSummaryView[]>([]);
  const [acting, setActing] = useState<CaseAction>();
  const [moved, setMoved] = useState<string>();
  const list = useLoad(
    () =>
      api.get('/api/v1/review/cases', {
        query: {
          stage: stage === 'ALL' ? undefined : stage,
          overdue: overdue || undefined,
          assignee: mine ? user?.username : undefined,
          institutionCode,
          page: paging.page.current,
          pageSize: paging.page.pageSize,
        },
      }),
    [stage, overdue, mine, institutionCode, paging.page, user?.username],
  );
  const roles = user?.roles ?? [];
  const worker = mayWorkCases(roles);
  // A bulk action names the one stage the reviewer saw; mixed stages are not acted on together.
  const selectedStages = [...new Set(selected.map((c) => c.stage))];
  const bulkStage = selectedStages.length === 1 ? selectedStages[0] : undefined;
  const ids = selected.map((c) => c.id);

  function refilter(f: () => void) {
    f();
    setSelected([]);
    paging.toFirstPage();
  }

  function done(e?: unknown) {
    setActing(undefined);
    setSelected([]);
    if (isCaseMoved(e)) setMoved(errorText(e));
    list.reload();
  }

  async function assignToMe() {
    try {
      await api.post('/api/v1/review/cases/assign', { body: { caseIds: ids, assignee: user?.username } });
      void message.success(t('review.assigned', { n: ids.length }));
      done();
    } catch (e) {
      if (isCaseMoved(e)) done(e);
      else void message.error(errorText(e));
    }
  }

  return (
    <>
      <Typography.Title level={4}>{t('nav.review')}</Typography.Title>
      <Tabs
        activeKey={stage}
        onChange={(k) => refilter(() => setStage(k as StageTab))}
        items={[...STAGES, 'ALL' as const].map((s) => ({ key: s, label: s === 'ALL' ? t('review.allStages') : t(`stage.${s}`) }))}
        data-testid="stage-tabs"
      />
      <Space wrap style={{ marginBottom: 16 }}>
        <Space>
          <Switch checked={overdue} onChange={(v) => refilter(() => setOverdue(v))} data-testid="overdue-filter" />
          {t('review.overdueOnly')}
        </Space>
        <Segmented
          value={mine ? 'mine' : 'all'}
          onChange={(v) => refilter(() => setMine(v === 'mine'))}
          options={[
            { value: 'all', label: t('review.allAssignees') },
            { value: 'mine', label: t('review.mine') },
          ]}
        />
        <Input.Search
          allowClear
          placeholder={t('agreement.code')}
          style={{ width: 220 }}
          onSearch={(v) => refilter(() => setInstitutionCode(v.trim() || undefined))}
        />
      </Space>
      {moved && (
        <Alert
          type="warning"
          showIcon
          closable
          title={t('review.caseMoved')}
          description={moved}
          onClose={() => setMoved(undefined)}
          style={{ marginBottom: 12 }}
          data-testid="case-moved"
        />
      )}
      {worker && selected.length > 0 && (
        <Space style={{ marginBottom: 12 }} data-testid="bulk-actions">
          {t('review.selected', { n: selected.length })}
          <Button onClick={() => void assignToMe()}>{t('review.assignToMe')}</Button>
          {bulkStage ? (
            bulkActionsAt(bulkStage, roles).map((a) => (
              <Button key={a} danger={a === 'dismiss' || a === 'overturn'} onClick={() => setActing(a)} data-testid={`bulk-${a}`}>
                {t(`review.action.${a}`)}
              </Button>
            ))
          ) : (
            <Typography.Text type="secondary">{t('review.mixedStages')}</Typography.Text>
          )}
        </Space>
      )}
      {list.error ? (
        <ApiErrorView error={list.error} />
      ) : (
        <Table<CaseSummaryView>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items}
          data-testid="cases-table"
          pagination={paging.pagination(list.data?.total)}
          rowSelection={worker ? { selectedRowKeys: ids, onChange: (_, rows) => setSelected(rows) } : undefined}
          columns={[
            { title: t('review.caseNo'), dataIndex: 'caseNo', render: (no: string, c) => <Link to={`/review/cases/${c.id}`}>{no}</Link> },
            { title: t('agreement.institution'), dataIndex: 'institutionCode' },
            { title: t('review.setlId'), dataIndex: 'setlId' },
            { title: t('review.amount'), dataIndex: 'amountFen', align: 'right', render: (f: string) => formatFen(f) },
            { title: t('review.stage'), dataIndex: 'stage', render: (s: CaseStage, c) => <StageTag stage={s} outcome={c.outcome} /> },
            { title: t('review.assignee'), dataIndex: 'assignee', render: (a: string | null) => a ?? '—' },
            { title: t('review.openedAt'), dataIndex: 'openedAt', render: formatDate },
            { title: t('review.deadline'), key: 'due', render: (_, c) => <CaseCountdown c={c} /> },
          ]}
        />
      )}
      {acting && bulkStage && <BulkActionDialog action={acting} stage={bulkStage} caseIds={ids} onClose={() => setActing(undefined)} onDone={done} />}
    </>
  );
}

function BulkActionDialog(p: { action: CaseAction; stage: CaseStage; caseIds: string[]; onClose(): void; onDone(e?: unknown): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note: string }>();
  const [error, setError] = useState<string>();

  async function submit() {
    const v = await form.validateFields().catch(() => undefined);
    if (!v) return;
    setError(undefined);
    try {
      const r = await api.post('/api/v1/review/cases/actions', { body: { caseIds: p.caseIds, action: p.action, expectedStage: p.stage, note: v.note.trim() } });
      void message.success(t('review.acted', { n: r.cases.length }));
      p.onDone();
    } catch (e) {
      if (isCaseMoved(e)) p.onDone(e);
      else if (!applyFieldErrors(form, e)) setError(errorText(e));
    }
  }

  return (
    <Modal
      open
      title={`${t(`review.action.${p.action}`)} · ${t('review.selected', { n: p.caseIds.length })}`}
      onCancel={p.onClose}
      onOk={() => void submit()}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="form-error" />}
      <Form form={form} layout="vertical" data-testid="bulk-form">
        <Form.Item name="note" label={t('review.note')} rules={[{ required: true, whitespace: true, min: 2, max: 2000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
