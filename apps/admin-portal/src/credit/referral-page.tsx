import type { ReferralView } from '@mi/contracts';
import { App, Button, Card, Descriptions, Form, Input, InputNumber, Space, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api } from '../api/client';
import { useAuth } from '../auth/auth';
import { formatDate, formatDateTime } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { ApiErrorView } from '../shell/api-error-alert';
import { FormDialog } from '../shell/form-dialog';
import { regionName } from '../shell/regions';
import { useLoad } from '../shell/use-load';
import { type ReferralStep, referralStepsFor } from './referral-labels';
import { ReferralDeadline } from './referrals-page';

/** One referral: subject, reasons, facts, the document number once sent, the receipt, and its ledger; the steps of the user's department. */
export function ReferralPage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const loaded = useLoad(() => api.get('/api/v1/credit/referrals/{id}', { path: { id } }), [id]);
  const [step, setStep] = useState<ReferralStep>();
  if (loaded.error) return <ApiErrorView error={loaded.error} />;
  const r = loaded.data;
  if (!r) return <Card loading />;

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Card
        title={
          <Space>
            {r.documentNumber ?? t('ref.numberAssigned')} <Typography.Text type="secondary">{t(`ref.status.${r.status}`)}</Typography.Text>
          </Space>
        }
        extra={
          <Space data-testid="referral-actions">
            {referralStepsFor(r, user?.roles ?? []).map((s) => (
              <Button key={s} type="primary" onClick={() => setStep(s)} data-testid={`step-${s}`}>
                {t(`ref.${s}`)}
              </Button>
            ))}
          </Space>
        }
      >
        <Descriptions column={2} size="small" bordered data-testid="referral">
          <Descriptions.Item label={t('ref.direction')}>{t(`ref.direction.${r.direction}`)}</Descriptions.Item>
          <Descriptions.Item label={t('common.region')}>{regionName(r.admdvs, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('ref.subject')}>
            {t(`ref.subjectType.${r.subjectType}`)} · {r.subjectName} {r.subjectCode}
          </Descriptions.Item>
          <Descriptions.Item label={t('ref.penaltyDecisionNo')}>{r.penaltyDecisionNo ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('ref.triggerDate')}>{formatDate(r.triggerDate)}</Descriptions.Item>
          <Descriptions.Item label={t('ref.dueOn')}>
            <ReferralDeadline r={r} always />
          </Descriptions.Item>
          <Descriptions.Item label={t('ref.reasons')} span={2}>
            {r.reasons.map((x) => (
              <div key={x.code}>
                {x.code} {x.text}
              </div>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('ref.facts')} span={2}>
            {r.facts}
          </Descriptions.Item>
          <Descriptions.Item label={t('ref.signedBy')}>
            {r.receiptSignedBy ? `${r.receiptSignedBy}（${formatDateTime(r.receiptSignedAt)}）` : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('ref.missing')}>{r.completionMissing ?? '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('ref.ledger')}>
        <Timeline
          data-testid="referral-ledger"
          items={r.ledger.map((e, i) => ({
            key: i,
            color: e.kind === 'OVERDUE' ? 'red' : undefined,
            children: (
              <>
                <Typography.Text strong>{e.kind}</Typography.Text> · {e.department} · {e.by} · {formatDateTime(e.at)}
                {e.note && <div>{e.note}</div>}
              </>
            ),
          }))}
        />
      </Card>
      {step && (
        <ReferralStepDialog
          r={r}
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
  issuerShortName?: string;
  pages?: number;
  evidence?: string;
  signedBy?: string;
  note?: string;
  missing?: string;
}

function ReferralStepDialog({ r, step, onClose, onDone }: { r: ReferralView; step: ReferralStep; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const path = { id: r.id };

  async function submit(v: StepValues) {
    if (step === 'issue') {
      const evidence = (v.evidence ?? '')
        .split('\n')
        .map((s) => s.trim())
        .filter((s) => s !== '')
        .map((title) => ({ title }));
      await api.post('/api/v1/credit/referrals/{id}/issue', { path, body: { issuerShortName: v.issuerShortName?.trim(), pages: v.pages, evidence } });
    } else if (step === 'receipt') {
      await api.post('/api/v1/credit/referrals/{id}/receipt', {
        path,
        body: { signedBy: v.signedBy?.trim(), ...(v.note?.trim() ? { note: v.note.trim() } : {}) },
      });
    } else {
      await api.post('/api/v1/credit/referrals/{id}/completion-request', { path, body: { missing: v.missing?.trim() } });
    }
    void message.success(t('ref.done'));
    onDone();
  }

  return (
    <FormDialog<StepValues> title={`${t(`ref.${step}`)} · ${r.subjectName}`} testId="referral-step-form" onClose={onClose} onSubmit={submit}>
      {step === 'issue' && (
        <>
          <Form.Item name="issuerShortName" label={t('ref.issuerShortName')} rules={[{ required: true, pattern: /^[\u4e00-\u9fff]{1,10}$/ }]}>
            <Input placeholder="榕医保" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="pages" label={t('ref.pages')} rules={[{ required: true, type: 'integer', min: 1, max: 100000 }]}>
            <InputNumber min={1} />
          </Form.Item>
          <Form.Item name="evidence" label={t('ref.evidence')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={4} placeholder="行政处罚决定书" />
          </Form.Item>
        </>
      )}
      {step === 'receipt' && (
        <>
          <Form.Item name="signedBy" label={t('ref.signedBy')} rules={[{ required: true, whitespace: true, max: 100 }]}>
            <Input style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name="note" label={t('ref.note')} rules={[{ max: 1000 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </>
      )}
      {step === 'completion' && (
        <Form.Item name="missing" label={t('ref.missing')} rules={[{ required: true, whitespace: true, max: 2000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      )}
    </FormDialog>
  );
}
