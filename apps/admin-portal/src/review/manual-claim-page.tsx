import type { ApprovalView, ManualClaimView } from '@mi/contracts';
import { Alert, App, Button, Card, Descriptions, Form, Input, Radio, Select, Space, Table, Timeline, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api } from '../api/client';
import { useAuth } from '../auth/auth';
import { formatDate, formatDateTime, formatFen } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { ApiErrorView } from '../shell/api-error-alert';
import { ApprovalNote } from '../shell/approval-note';
import { DeadlineCountdown } from '../shell/deadline-countdown';
import { FormDialog } from '../shell/form-dialog';
import { regionName } from '../shell/regions';
import { useLoad } from '../shell/use-load';
import { INVESTIGATION_METHODS, isFinished, mayWorkManualClaims } from './manual-claim-labels';
import { ManualClaimStatusTag } from './manual-claims-page';

type Step = 'refer' | 'record' | 'conclude';

/** The conclusion's approval: the decided one named on the file, else a pending proposal on it. */
async function conclusionOf(c: ManualClaimView): Promise<ApprovalView | undefined> {
  if (c.approvalId) return api.get('/api/v1/approvals/{context}/{id}', { path: { context: 'review', id: c.approvalId } });
  const pending = await api.get('/api/v1/approvals/{context}', { path: { context: 'review' }, query: { status: 'PENDING', limit: 200 } });
  return pending.items.find((a) => a.targetId === c.id);
}

/** 一案一档: one manual claim — the claim, invoices, the working group's records, its conclusion and who must approve it. */
export function ManualClaimPage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const loaded = useLoad(async () => {
    const c = await api.get('/api/v1/review/manual-claims/{id}', { path: { id } });
    return { c, approval: await conclusionOf(c).catch(() => undefined) };
  }, [id]);
  const [step, setStep] = useState<Step>();

  if (loaded.error) return <ApiErrorView error={loaded.error} />;
  if (!loaded.data) return <Card loading />;
  const { c, approval } = loaded.data;
  const worker = mayWorkManualClaims(user?.roles ?? []);
  const pending = approval?.status === 'PENDING';
  const steps: Step[] = !worker ? [] : c.status === 'UNDER_REVIEW' ? ['refer'] : c.status === 'INVESTIGATING' ? ['record', 'conclude'] : [];

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Card
        title={
          <Space>
            {c.claimNo} <ManualClaimStatusTag status={c.status} />
          </Space>
        }
        extra={
          <Space data-testid="claim-actions">
            {steps.map((s) => {
              const blocked = s === 'conclude' && (pending ? t('status.PENDING') : c.records.length === 0 ? t('mc.needsRecord') : undefined);
              return (
                <Tooltip key={s} title={blocked || undefined}>
                  <Button type={s === 'conclude' ? 'primary' : 'default'} disabled={!!blocked} onClick={() => setStep(s)} data-testid={`step-${s}`}>
                    {t(`mc.${s}`)}
                  </Button>
                </Tooltip>
              );
            })}
          </Space>
        }
      >
        <Descriptions column={3} size="small" bordered data-testid="claim">
          <Descriptions.Item label={t('review.psnNo')}>{c.psnNo}</Descriptions.Item>
          <Descriptions.Item label={t('review.insutype')}>{c.insutype}</Descriptions.Item>
          <Descriptions.Item label={t('common.region')}>{regionName(c.admdvs, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('mc.institutionName')}>
            {c.institutionName}
            {c.institutionCode && <Typography.Text type="secondary"> {c.institutionCode}</Typography.Text>}
          </Descriptions.Item>
          <Descriptions.Item label={t('mc.period')}>
            {formatDate(c.begndate)} – {formatDate(c.enddate)}
          </Descriptions.Item>
          <Descriptions.Item label={t('mc.amount')}>{formatFen(c.medfeeSumamtFen)}</Descriptions.Item>
          <Descriptions.Item label={t('mc.route')}>{t(`mc.route.${c.route}`)}</Descriptions.Item>
          <Descriptions.Item label={t('mc.receivedOn')}>{formatDate(c.receivedOn)}</Descriptions.Item>
          <Descriptions.Item label={t('mc.deadline')}>
            <DeadlineCountdown d={c} done={isFinished(c)} />
          </Descriptions.Item>
          <Descriptions.Item label={t('mc.registeredBy')}>{c.registeredBy}</Descriptions.Item>
          <Descriptions.Item label={t('mc.groupReason')} span={2}>
            {c.groupReason ?? '—'}
          </Descriptions.Item>
          {c.conclusion && (
            <Descriptions.Item label={t('mc.conclusion')} span={3}>
              {c.conclusion}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      {approval && <ApprovalNote approval={approval} context="review" />}
      <Card title={t('mc.invoices')}>
        <Table<ManualClaimView['invoices'][number]>
          rowKey="invoiceNo"
          size="small"
          pagination={false}
          dataSource={c.invoices}
          data-testid="claim-invoices"
          columns={[
            { title: t('mc.invoiceNo'), dataIndex: 'invoiceNo' },
            { title: t('review.lineAmount'), dataIndex: 'amountFen', align: 'right', render: (f: string) => formatFen(f) },
          ]}
        />
      </Card>
      <Card title={t('mc.records')}>
        {c.records.length === 0 ? (
          <Typography.Text type="secondary">{t('mc.noRecords')}</Typography.Text>
        ) : (
          <Timeline
            data-testid="claim-records"
            items={c.records.map((r) => ({
              key: r.seq,
              children: (
                <>
                  <Typography.Text strong>{t(`mc.method.${r.method}`)}</Typography.Text> · {r.recordedBy} · {formatDateTime(r.at)}
                  <div>{r.note}</div>
                </>
              ),
            }))}
          />
        )}
      </Card>
      {step && (
        <StepDialog
          c={c}
          step={step}
          onClose={() => setStep(undefined)}
          onDone={() => {
            setStep(undefined);
            loaded.reload();
          }}
        />
      )}
    </Space>
  );
}

interface StepValues {
  reason?: string;
  method?: string;
  note?: string;
  outcome?: 'APPROVE' | 'REJECT';
  conclusion?: string;
}

function StepDialog({ c, step, onClose, onDone }: { c: ManualClaimView; step: Step; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const path = { id: c.id };

  async function submit(v: StepValues) {
    if (step === 'refer') await api.post('/api/v1/review/manual-claims/{id}/refer', { path, body: { reason: v.reason?.trim() } });
    else if (step === 'record') await api.post('/api/v1/review/manual-claims/{id}/records', { path, body: { method: v.method, note: v.note?.trim() } });
    else await api.post('/api/v1/review/manual-claims/{id}/conclusion', { path, body: { outcome: v.outcome, conclusion: v.conclusion?.trim() } });
    void message.success(step === 'conclude' ? t('mc.concludeProposed') : t('mc.done'));
    onDone();
  }

  const text = (name: keyof StepValues, label: string, max: number) => (
    <Form.Item name={name} label={label} rules={[{ required: true, whitespace: true, min: 4, max }]}>
      <Input.TextArea rows={4} />
    </Form.Item>
  );

  return (
    <FormDialog<StepValues>
      title={`${t(`mc.${step}`)} · ${c.claimNo}`}
      testId="step-form"
      initialValues={step === 'record' ? { method: 'letter', note: '' } : step === 'conclude' ? { outcome: 'APPROVE', conclusion: '' } : { reason: '' }}
      onClose={onClose}
      onSubmit={submit}
    >
      {step === 'refer' && text('reason', t('mc.referReason'), 1000)}
      {step === 'record' && (
        <>
          <Form.Item name="method" label={t('mc.method')} rules={[{ required: true }]}>
            <Select options={INVESTIGATION_METHODS.map((m) => ({ value: m, label: t(`mc.method.${m}`) }))} />
          </Form.Item>
          {text('note', t('mc.note'), 4000)}
        </>
      )}
      {step === 'conclude' && (
        <>
          <Alert type="info" showIcon title={t('mc.concludeProposed')} style={{ marginBottom: 12 }} />
          <Form.Item name="outcome" label={t('mc.outcome')} rules={[{ required: true }]}>
            <Radio.Group options={(['APPROVE', 'REJECT'] as const).map((o) => ({ value: o, label: t(`mc.outcome.${o}`) }))} />
          </Form.Item>
          {text('conclusion', t('mc.conclusionText'), 4000)}
        </>
      )}
    </FormDialog>
  );
}
