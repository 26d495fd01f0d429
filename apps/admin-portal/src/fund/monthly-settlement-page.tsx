import type { ApprovalView, MonthlySettlementProposal } from '@mi/contracts';
import { App, Button, Card, Form, Input, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import { useAuth } from '../auth/auth';
import { formatDateTime, formatFen } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { ApiErrorView } from '../shell/api-error-alert';
import { ApprovalNote } from '../shell/approval-note';
import { FormDialog } from '../shell/form-dialog';
import { citiesOf, regionName } from '../shell/regions';
import { StatusTag } from '../shell/status-tag';
import { useLoad } from '../shell/use-load';
import { useServerPaging } from '../shell/use-server-paging';
import { RunStatements } from './run-statements';

type Run = ApprovalView<MonthlySettlementProposal>;
const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
/** The maker-checker action of a monthly run (context `fund`). */
const RUN_ACTION = 'fund.monthly-settlement';

/** 月度结算: the runs proposed per city and month (with their statements), proposing a run, and opening an institution's statement. */
export function MonthlySettlementPage() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const paging = useServerPaging(10);
  const runs = useLoad(() => api.get('/api/v1/approvals/{context}', { path: { context: 'fund' }, query: paging.query }), [paging.page]);
  const [proposing, setProposing] = useState(false);
  const [shown, setShown] = useState<Run>();
  const cities = citiesOf(user?.scope ?? '');
  const mayPropose = user?.roles.includes('city-officer') ?? false;
  const items = (runs.data?.items ?? []).filter((a) => a.action === RUN_ACTION) as Run[];

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={4}>{t('nav.fund')}</Typography.Title>
      <Card title={t('fund.statement')}>
        <Form
          layout="inline"
          name="lookup"
          data-testid="statement-lookup"
          initialValues={{ admdvs: cities[0] }}
          onFinish={(v: { admdvs: string; period: string; institutionCode: string }) =>
            navigate(`/fund/statements/${v.admdvs}/${v.period.trim()}/${v.institutionCode.trim()}`)
          }
        >
          <Form.Item name="admdvs" label={t('fund.city')} rules={[{ required: true }]}>
            <Select style={{ width: 180 }} options={cities.map((c) => ({ value: c, label: regionName(c, lang) }))} />
          </Form.Item>
          <Form.Item name="period" label={t('fund.period')} rules={[{ required: true, pattern: PERIOD, message: t('fund.periodInvalid') }]}>
            <Input style={{ width: 120 }} placeholder="2026-10" />
          </Form.Item>
          <Form.Item name="institutionCode" label={t('agreement.code')} rules={[{ required: true, pattern: /^[A-Za-z0-9]{3,40}$/ }]}>
            <Input style={{ width: 180 }} />
          </Form.Item>
          <Button htmlType="submit" data-testid="open-statement">
            {t('fund.openStatement')}
          </Button>
        </Form>
      </Card>
      <Card
        title={t('fund.runs')}
        extra={
          mayPropose && (
            <Button type="primary" onClick={() => setProposing(true)} data-testid="propose-run">
              {t('fund.propose')}
            </Button>
          )
        }
      >
        {runs.error ? (
          <ApiErrorView error={runs.error} />
        ) : (
          <Table<Run>
            rowKey="id"
            size="small"
            loading={runs.loading}
            dataSource={items}
            data-testid="runs-table"
            pagination={paging.pagination(runs.data?.total)}
            onRow={(a) => ({ onClick: () => setShown(a), style: { cursor: 'pointer' } })}
            columns={[
              { title: t('fund.city'), render: (_, a) => regionName(a.payload.admdvs, lang) },
              { title: t('fund.period'), render: (_, a) => a.payload.period },
              { title: t('fund.totalNet'), align: 'right', render: (_, a) => formatFen(a.payload.totalNetFen) },
              { title: t('fund.cutoff'), render: (_, a) => formatDateTime(a.payload.cutoff) },
              { title: t('approval.proposedBy'), render: (_, a) => a.proposedBy.name },
              { title: t('common.status'), render: (_, a) => <StatusTag status={a.status} /> },
            ]}
          />
        )}
      </Card>
      {shown && <RunCard run={shown} />}
      {proposing && (
        <ProposeRunDialog
          cities={cities}
          onClose={() => setProposing(false)}
          onDone={(run) => {
            setProposing(false);
            setShown(run);
            runs.reload();
          }}
        />
      )}
    </Space>
  );
}

/** One run: its approval (who proposed, who must approve), its totals and the statements it pays, a page at a time. */
function RunCard({ run }: { run: Run }) {
  const { t, lang } = useI18n();
  const p = run.payload;
  return (
    <Card title={`${regionName(p.admdvs, lang)} · ${p.period} · ${t('fund.totalNet')} ${formatFen(p.totalNetFen)}`} data-testid="run">
      <ApprovalNote approval={run} context="fund" />
      <RunStatements run={run} />
    </Card>
  );
}

function ProposeRunDialog({ cities, onClose, onDone }: { cities: string[]; onClose(): void; onDone(run: Run): void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();

  async function submit(v: { admdvs: string; period: string; reason: string }) {
    const run = await api.post('/api/v1/fund/monthly-settlements', { body: { admdvs: v.admdvs, period: v.period.trim(), reason: v.reason.trim() } });
    void message.success(t('fund.proposed', { id: run.id.slice(0, 8) }));
    onDone(run);
  }

  return (
    <FormDialog<{ admdvs: string; period: string; reason: string }>
      title={t('fund.propose')}
      testId="run-form"
      initialValues={{ admdvs: cities[0] }}
      onClose={onClose}
      onSubmit={submit}
    >
      <Form.Item name="admdvs" label={t('fund.city')} rules={[{ required: true }]}>
        <Select options={cities.map((c) => ({ value: c, label: regionName(c, lang) }))} />
      </Form.Item>
      <Form.Item name="period" label={t('fund.period')} rules={[{ required: true, pattern: PERIOD, message: t('fund.periodInvalid') }]}>
        <Input placeholder="2026-10" />
      </Form.Item>
      <Form.Item name="reason" label={t('common.reason')} rules={[{ required: true, whitespace: true, min: 2, max: 500 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </FormDialog>
  );
}
