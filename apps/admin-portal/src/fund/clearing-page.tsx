import type { ApprovalView, ClearingBandsView, ClearingSummaryView, YearEndClearingProposal } from '@mi/contracts';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, InputNumber, Row, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import { errorText } from '../api/problem';
import { useAuth } from '../auth/auth';
import { formatFen } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { ApiErrorView } from '../shell/api-error-alert';
import { ApprovalNote } from '../shell/approval-note';
import { applyFieldErrors } from '../shell/form-errors';
import { FormDialog } from '../shell/form-dialog';
import { useLoad } from '../shell/use-load';
import { BandList, FundKeyForm, INSTITUTION, useFundKey } from './fund-key';

/** 年终清算: what a region's clearing comes to with the budget's bands beside a what-if with other bands (nothing posted), proposing the clearing, and opening an institution's statement. */
export function ClearingPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const [key, setKey] = useFundKey();
  const body = { admdvs: key.admdvs, year: Number(key.year), insutype: key.insutype };
  const base = useLoad(() => api.post('/api/v1/fund/year-end-clearings/what-if', { body }), [key.admdvs, key.year, key.insutype]);
  const [proposing, setProposing] = useState(false);
  const [proposed, setProposed] = useState<ApprovalView<YearEndClearingProposal>>();
  const mayPropose = user?.roles.includes('city-officer') ?? false;

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={4}>{t('clearing.title')}</Typography.Title>
      <FundKeyForm value={key} onChange={setKey} />
      <Card title={t('clearing.statement')} size="small">
        <Form
          layout="inline"
          name="clearing-lookup"
          data-testid="clearing-lookup"
          onFinish={(v: { institutionCode: string }) =>
            navigate(`/fund/clearing/${key.admdvs}/${key.year}/${key.insutype}/statements/${v.institutionCode.trim().toUpperCase()}`)
          }
        >
          <Form.Item name="institutionCode" label={t('agreement.code')} rules={[{ required: true, pattern: INSTITUTION, message: t('fund.codeInvalid') }]}>
            <Input style={{ width: 200 }} placeholder="H43010200001" />
          </Form.Item>
          <Button htmlType="submit" data-testid="open-clearing-statement">
            {t('clearing.openStatement')}
          </Button>
        </Form>
      </Card>
      {base.error ? (
        <ApiErrorView error={base.error} />
      ) : (
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Card
              title={t('clearing.budgetBands')}
              loading={!base.data}
              data-testid="clearing-base"
              extra={
                mayPropose && (
                  <Button type="primary" onClick={() => setProposing(true)} data-testid="propose-clearing">
                    {t('clearing.propose')}
                  </Button>
                )
              }
            >
              {base.data && <SummaryView summary={base.data.summary} />}
              {proposed && <ApprovalNote approval={proposed} context="fund" />}
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            {base.data && <WhatIf key={base.data.summary.digest} body={body} base={base.data.summary} />}
          </Col>
        </Row>
      )}
      {proposing && (
        <FormDialog<{ reason: string }>
          title={`${t('clearing.propose')} · ${key.year} · ${key.insutype}`}
          testId="clearing-form"
          onClose={() => setProposing(false)}
          onSubmit={async (v) => {
            setProposed(await api.post('/api/v1/fund/year-end-clearings', { body: { ...body, reason: v.reason.trim() } }));
            setProposing(false);
          }}
        >
          <Form.Item name="reason" label={t('common.reason')} rules={[{ required: true, whitespace: true, min: 2, max: 500 }]}>
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </FormDialog>
      )}
    </Space>
  );
}

/** The clearing computed with bands the user types; the same digest as the budget's means the same result for every institution. */
function WhatIf({ body, base }: { body: { admdvs: string; year: number; insutype: string }; base: ClearingSummaryView }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ clearingBands: ClearingBandsView }>();
  const [result, setResult] = useState<ClearingSummaryView>();
  const [busy, setBusy] = useState(false);

  async function run() {
    const v = await form.validateFields().catch(() => undefined);
    if (!v) return;
    setBusy(true);
    try {
      setResult((await api.post('/api/v1/fund/year-end-clearings/what-if', { body: { ...body, clearingBands: normalised(v.clearingBands) } })).summary);
    } catch (e) {
      if (!applyFieldErrors(form, e)) void message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card
      title={t('clearing.whatIfBands')}
      data-testid="clearing-what-if"
      extra={
        <Button onClick={() => void run()} loading={busy} data-testid="run-what-if">
          {t('clearing.runWhatIf')}
        </Button>
      }
    >
      <Form form={form} layout="vertical" initialValues={{ clearingBands: base.clearingBands }} data-testid="bands-form">
        <BandsFields side="overspend" />
        <BandsFields side="surplus" />
      </Form>
      {result && (
        <>
          <Alert
            style={{ margin: '12px 0' }}
            type={result.digest === base.digest ? 'info' : 'warning'}
            showIcon
            title={t(result.digest === base.digest ? 'clearing.sameDigest' : 'clearing.otherDigest')}
            data-testid="what-if-compare"
          />
          <SummaryView summary={result} />
        </>
      )}
    </Card>
  );
}

/** The bands as sent: an empty "up to" is the rest (null). */
function normalised(b: ClearingBandsView): ClearingBandsView {
  const up = (v: number | null | undefined) => (v === undefined || v === null ? null : v);
  return {
    overspend: b.overspend.map((x) => ({ upToPercent: up(x.upToPercent), fundSharePercent: x.fundSharePercent })),
    surplus: b.surplus.map((x) => ({ upToPercent: up(x.upToPercent), retainedPercent: x.retainedPercent })),
  };
}

function BandsFields({ side }: { side: 'overspend' | 'surplus' }) {
  const { t } = useI18n();
  const share = side === 'overspend' ? 'fundSharePercent' : 'retainedPercent';
  return (
    <Form.List name={['clearingBands', side]}>
      {(fields, { add, remove }) => (
        <>
          <Typography.Paragraph strong style={{ margin: '8px 0 4px' }}>
            {t(side === 'overspend' ? 'band.overspend' : 'band.surplus')}
          </Typography.Paragraph>
          {fields.map((f) => (
            <Space key={f.key} align="baseline" wrap>
              <Form.Item name={[f.name, 'upToPercent']} label={t('band.upToPercent')} tooltip={t('band.upToHint')} style={{ marginBottom: 8 }}>
                <InputNumber min={0.01} max={1000} step={1} precision={2} style={{ width: 110 }} />
              </Form.Item>
              <Form.Item
                name={[f.name, share]}
                label={t(side === 'overspend' ? 'band.fundShare' : 'band.retained')}
                rules={[{ required: true, type: 'number', min: 0, max: 100 }]}
              >
                <InputNumber min={0} max={100} precision={2} style={{ width: 110 }} />
              </Form.Item>
              {fields.length > 1 && (
                <Button size="small" type="link" danger onClick={() => remove(f.name)}>
                  ×
                </Button>
              )}
            </Space>
          ))}
          <div>
            <Button size="small" type="dashed" onClick={() => add({ upToPercent: null, [share]: 0 })} disabled={fields.length >= 10}>
              {t('band.add')}
            </Button>
          </div>
        </>
      )}
    </Form.List>
  );
}

export function SummaryView({ summary: s }: { summary: ClearingSummaryView }) {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Descriptions column={2} size="small" bordered data-testid="clearing-summary">
        <Descriptions.Item label={t('clearing.institutions')}>{s.institutions}</Descriptions.Item>
        <Descriptions.Item label={`${t('clearing.surplusCount')} / ${t('clearing.overspendCount')} / ${t('clearing.onTargetCount')}`}>
          {s.surplus} / {s.overspend} / {s.onTarget}
        </Descriptions.Item>
        <Descriptions.Item label={t('clearing.indicators')}>{formatFen(s.indicatorsFen)}</Descriptions.Item>
        <Descriptions.Item label={t('clearing.actual')}>{formatFen(s.actualFen)}</Descriptions.Item>
        <Descriptions.Item label={t('clearing.paid')}>
          <span data-testid="summary-paid">{formatFen(s.paidFen)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('clearing.recovered')}>
          <span data-testid="summary-recovered">{formatFen(s.recoveredFen)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('band.overspend')}>
          <BandList bands={s.clearingBands} side="overspend" />
        </Descriptions.Item>
        <Descriptions.Item label={t('band.surplus')}>
          <BandList bands={s.clearingBands} side="surplus" />
        </Descriptions.Item>
        <Descriptions.Item label={t('clearing.digest')} span={2}>
          <Typography.Text code copyable style={{ fontSize: 12 }} data-testid="summary-digest">
            {s.digest.slice(0, 16)}…
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
    </Space>
  );
}
