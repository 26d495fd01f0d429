import type { AnomalyType, ThresholdsView } from '@mi/contracts';
import { App, Button, Form, Input, InputNumber, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../api/client';
import { useAuth } from '../auth/auth';
import { formatFen, yuanToFen } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { isMessageKey } from '../i18n/messages';
import { ApiErrorView } from '../shell/api-error-alert';
import { FormDialog } from '../shell/form-dialog';
import { regionName } from '../shell/regions';
import { useLoad } from '../shell/use-load';
import { AlertTypeTag, useAlertTypeName } from './alert-labels';
import { mayEditRules, ruleRegionsOf } from './rules-page';

type Detector = ThresholdsView['detectors'][number];
const MODES = ['1', '2', '3', '4'] as const;

/** A parameter as it reads: the amount in yuan from fen, treatment modes by name. */
function useParamText() {
  const { t } = useI18n();
  return (name: string, v: unknown): string => {
    if (name === 'minAmountFen') return formatFen(String(v));
    if (name === 'treatmentModes' && Array.isArray(v)) return v.map((m) => t(`alert.mode.${m as '1'}`)).join('、');
    if (typeof v === 'boolean') return v ? '✓' : '✗';
    return String(v);
  };
}

function useParamLabel() {
  const { t } = useI18n();
  return (name: string) => {
    const key = `threshold.param.${name}`;
    return isMessageKey(key) ? t(key) : name;
  };
}

/** 预警阈值: the detector thresholds in force for a city (defaults ← province ← city, with the source of each); editors change one detector with a reason. */
export function ThresholdsPage() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const regions = ruleRegionsOf(user?.scope ?? '');
  const [region, setRegion] = useState(regions[0]);
  const [editing, setEditing] = useState<Detector>();
  const list = useLoad(() => api.get('/api/v1/kb/anomaly-thresholds/{region}', { path: { region } }), [region]);
  const editor = mayEditRules(user?.roles ?? [], region);
  const paramText = useParamText();
  const label = useParamLabel();

  return (
    <>
      <Typography.Title level={4}>{t('nav.thresholds')}</Typography.Title>
      <Space style={{ marginBottom: 16 }}>
        {t('rule.region')}
        <Select style={{ width: 200 }} value={region} onChange={setRegion} options={regions.map((r) => ({ value: r, label: regionName(r, lang) }))} />
      </Space>
      {list.error ? (
        <ApiErrorView error={list.error} />
      ) : (
        <Table<Detector>
          rowKey="type"
          loading={list.loading}
          dataSource={list.data?.detectors}
          pagination={false}
          data-testid="thresholds-table"
          columns={[
            { title: t('threshold.detector'), dataIndex: 'type', render: (x: AnomalyType) => <AlertTypeTag type={x} /> },
            {
              title: t('threshold.params'),
              render: (_, d) =>
                Object.entries(d.params).map(([k, v]) => (
                  <div key={k}>
                    {label(k)}: <b>{paramText(k, v)}</b>
                  </div>
                )),
            },
            {
              title: t('threshold.source'),
              dataIndex: 'source',
              render: (s: string) => (s === 'default' ? <Tag>{t('threshold.source.default')}</Tag> : <Tag color="blue">{regionName(s, lang)}</Tag>),
            },
            ...(editor
              ? [
                  {
                    title: t('common.actions'),
                    render: (_: unknown, d: Detector) => (
                      <Button size="small" onClick={() => setEditing(d)} data-testid={`edit-${d.type}`}>
                        {t('threshold.edit')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {editing && (
        <ThresholdDialog
          region={region}
          detector={editing}
          onClose={() => setEditing(undefined)}
          onDone={() => {
            setEditing(undefined);
            list.reload();
          }}
        />
      )}
    </>
  );
}

interface ThresholdValues {
  params: Record<string, unknown>;
  reason: string;
}

/** One detector's parameters (the amount asked in yuan, sent in fen); only changed parameters are sent, so the rest keep following the province or the defaults. */
function ThresholdDialog({ region, detector, onClose, onDone }: { region: string; detector: Detector; onClose(): void; onDone(): void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const label = useParamLabel();
  const typeName = useAlertTypeName();
  const shown = Object.fromEntries(Object.entries(detector.params).map(([k, v]) => [k, k === 'minAmountFen' ? formatFen(String(v)).replace(/[¥,]/g, '') : v]));

  async function submit(v: ThresholdValues) {
    const params: Record<string, unknown> = {};
    for (const [k, value] of Object.entries(v.params)) {
      const sent = k === 'minAmountFen' ? Number(yuanToFen(String(value))) : value;
      if (JSON.stringify(sent) !== JSON.stringify(detector.params[k])) params[k] = sent;
    }
    await api.put('/api/v1/kb/anomaly-thresholds/{region}/{type}', { path: { region, type: detector.type }, body: { params, reason: v.reason.trim() } });
    void message.success(t('threshold.saved'));
    onDone();
  }

  return (
    <FormDialog<ThresholdValues>
      title={`${t('threshold.edit')} · ${typeName(detector.type)} · ${regionName(region, lang)}`}
      testId="threshold-form"
      initialValues={{ params: shown }}
      onClose={onClose}
      onSubmit={submit}
    >
      {Object.entries(detector.params).map(([k, v]) => {
        const name = ['params', k];
        if (k === 'minAmountFen')
          return (
            <Form.Item key={k} name={name} label={label(k)} rules={[{ required: true, pattern: /^\d+(\.\d{1,2})?$/, message: t('common.yuanInvalid') }]}>
              <Input />
            </Form.Item>
          );
        if (k === 'treatmentModes')
          return (
            <Form.Item key={k} name={name} label={label(k)} rules={[{ required: true, type: 'array', min: 1 }]}>
              <Select mode="multiple" options={MODES.map((m) => ({ value: m, label: t(`alert.mode.${m}`) }))} />
            </Form.Item>
          );
        if (typeof v === 'boolean')
          return (
            <Form.Item key={k} name={name} label={label(k)} valuePropName="checked">
              <Switch />
            </Form.Item>
          );
        return (
          <Form.Item key={k} name={name} label={label(k)} rules={[{ required: true, type: 'number' }]}>
            <InputNumber style={{ width: 200 }} />
          </Form.Item>
        );
      })}
      <Form.Item name="reason" label={t('common.reason')} rules={[{ required: true, whitespace: true, min: 4, max: 500 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </FormDialog>
  );
}
