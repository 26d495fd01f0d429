import type { AlertDetailView, AlertSettlementView } from '@mi/contracts';
import { Alert, App, Button, Card, Descriptions, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../api/client';
import { useAuth } from '../auth/auth';
import { formatDate, formatDateTime, formatFen } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { isMessageKey } from '../i18n/messages';
import { ApiErrorView } from '../shell/api-error-alert';
import { EChart } from '../shell/echart';
import { FormDialog } from '../shell/form-dialog';
import { regionName } from '../shell/regions';
import { useLoad } from '../shell/use-load';
import { windowChartOption, windowSeries } from './alert-chart';
import { AlertStatusTag, figureText, useAlertTypeName } from './alert-labels';
import { Quantity } from './inventory-page';

type Decision = 'CONFIRM' | 'DISMISS';
/** Who confirms or dismisses alerts (the gateway allows the same; the service also checks the region). */
const DECIDERS = ['province-admin', 'city-officer', 'county-officer'];

/** One anomaly alert: why it fired, the window as a chart against its threshold, its settlements, and the officer's decision. */
export function AlertPage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const alert = useLoad(() => api.get('/api/v1/kb/alerts/{id}', { path: { id } }), [id]);
  const [deciding, setDeciding] = useState<Decision>();
  const typeName = useAlertTypeName();
  const a = alert.data;
  if (alert.error) return <ApiErrorView error={alert.error} />;
  if (!a) return <Card loading />;
  const mayDecide = a.status === 'NEW' && DECIDERS.some((r) => user?.roles.includes(r as never));
  // A 进销存 alert links no settlements: its figures are the item's stock since the stocktake.
  const inventory = a.type === 'INVENTORY_SALES_EXCEED_STOCK';

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={4}>
        {typeName(a.type)} <AlertStatusTag status={a.status} />
      </Typography.Title>
      <Alert
        type={a.status === 'DISMISSED' ? 'info' : 'warning'}
        showIcon
        title={t('alert.explanation')}
        description={a.explanation}
        data-testid="explanation"
      />
      <Card
        title={t('common.detail')}
        extra={
          mayDecide && (
            <Space>
              <Button type="primary" danger onClick={() => setDeciding('CONFIRM')} data-testid="confirm-alert">
                {t('alert.confirm')}
              </Button>
              <Button onClick={() => setDeciding('DISMISS')} data-testid="dismiss-alert">
                {t('alert.dismiss')}
              </Button>
            </Space>
          )
        }
      >
        <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small" data-testid="alert-facts">
          <Descriptions.Item label={t('alert.city')}>{regionName(a.poolarea, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('common.region')}>{regionName(a.admdvs, lang)}</Descriptions.Item>
          {a.institutionCode && <Descriptions.Item label={t('alert.institution')}>{a.institutionCode}</Descriptions.Item>}
          {a.psnNo && <Descriptions.Item label={t('alert.person')}>{a.psnNo}</Descriptions.Item>}
          <Descriptions.Item label={t('alert.window')}>
            {formatDateTime(a.from)} ~ {formatDateTime(a.to)}
          </Descriptions.Item>
          <Descriptions.Item label={t('alert.detectedAt')}>{formatDateTime(a.detectedAt)}</Descriptions.Item>
          <Descriptions.Item label={`${t('alert.measured')} / ${t('alert.threshold')}`}>
            <Typography.Text strong data-testid="alert-figure">
              {figureText(a, 'measured')} / {figureText(a, 'threshold')}
            </Typography.Text>
          </Descriptions.Item>
          {!inventory && hasFigures(a) && (
            <Descriptions.Item label={t('alert.figures')}>
              <Figures alert={a} />
            </Descriptions.Item>
          )}
          {a.decidedBy && (
            <Descriptions.Item label={t('alert.decidedBy')}>
              {a.decidedBy}（{formatDateTime(a.decidedAt)}）
            </Descriptions.Item>
          )}
          {a.note && (
            <Descriptions.Item label={t('alert.note')} span={2}>
              <span data-testid="alert-note">{a.note}</span>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      {inventory ? (
        <InventoryFigures alert={a} />
      ) : (
        <>
          <WindowChart alert={a} />
          <Card title={`${t('alert.settlements')}（${a.settlements.length}）`}>
            <SettlementsTable settlements={a.settlements} />
          </Card>
        </>
      )}
      {deciding && (
        <DecisionDialog
          id={a.id}
          decision={deciding}
          onClose={() => setDeciding(undefined)}
          onDone={() => {
            setDeciding(undefined);
            alert.reload();
          }}
        />
      )}
    </Space>
  );
}

const extraFigures = (f: Record<string, unknown>) => Object.entries(f).filter(([k]) => k !== 'value' && k !== 'fen');
const hasFigures = (a: AlertDetailView) => extraFigures(a.measured).length + extraFigures(a.threshold).length > 0;

/** Every figure the detector measured and every threshold parameter, labelled where the portal knows the name. */
function Figures({ alert: a }: { alert: AlertDetailView }) {
  const { t } = useI18n();
  const label = (k: string) => {
    const key = `threshold.param.${k}`;
    return isMessageKey(key) && k !== 'minAmountFen' ? t(key) : k;
  };
  const list = (f: Record<string, unknown>) =>
    extraFigures(f)
      .map(([k, v]) => `${label(k)} ${String(v)}`)
      .join('，');
  return (
    <span>
      {list(a.measured) && `${t('alert.measured')}：${list(a.measured)}`} {list(a.threshold) && `${t('alert.threshold')}：${list(a.threshold)}`}
    </span>
  );
}

const text = (v: unknown) => (v === undefined || v === null ? null : String(v));

/** The measured stock of a 进销存 alert's item, as the detector saw it, and a link to the institution's stock. */
function InventoryFigures({ alert: a }: { alert: AlertDetailView }) {
  const { t } = useI18n();
  const m = a.measured;
  const row = {
    key: text(m.medListCodg) ?? a.id,
    item: `${text(m.name) ?? ''}（${text(m.medListCodg) ?? '—'}）`,
    stocktake: text(m.stocktake),
    purchased: text(m.purchased),
    purchaseReturned: text(m.purchaseReturned),
    sold: text(m.sold),
    saleReturned: text(m.saleReturned),
    balance: text(m.balance),
    tolerance: text(a.threshold.value),
  };
  const q = (v: string | null) => <Quantity value={v} />;
  return (
    <Card
      title={t('inventory.figures')}
      extra={a.institutionCode && <Link to={`/kb/inventory/${a.institutionCode}?shortOnly=true`}>{t('inventory.open')}</Link>}
    >
      <Table
        size="small"
        pagination={false}
        dataSource={[row]}
        data-testid="inventory-figures"
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('inventory.item'), dataIndex: 'item' },
          { title: `${t('inventory.stocktake')}（${formatDate(a.from)}）`, dataIndex: 'stocktake', align: 'right', render: q },
          { title: t('inventory.purchased'), dataIndex: 'purchased', align: 'right', render: q },
          { title: t('inventory.purchaseReturned'), dataIndex: 'purchaseReturned', align: 'right', render: q },
          { title: t('inventory.sold'), dataIndex: 'sold', align: 'right', render: q },
          { title: t('inventory.saleReturned'), dataIndex: 'saleReturned', align: 'right', render: q },
          { title: t('inventory.balance'), dataIndex: 'balance', align: 'right', render: q },
          { title: t('inventory.tolerance'), dataIndex: 'tolerance', align: 'right', render: q },
        ]}
      />
    </Card>
  );
}

function WindowChart({ alert: a }: { alert: AlertDetailView }) {
  const { t } = useI18n();
  const series = useMemo(() => windowSeries(a), [a]);
  const option = useMemo(
    () => windowChartOption(a, series, { series: t(series.label), threshold: t('alert.chart.thresholdLine', { value: String(series.threshold ?? '') }) }),
    [a, series, t],
  );
  return (
    <Card title={t('alert.chart')}>
      <EChart option={option} height={260} testId="window-chart" />
    </Card>
  );
}

function SettlementsTable({ settlements }: { settlements: AlertSettlementView[] }) {
  const { t } = useI18n();
  const code = (prefix: string, value: string | null) => {
    const key = `${prefix}.${value}`;
    return value !== null && isMessageKey(key) ? t(key) : (value ?? '—');
  };
  return (
    <Table<AlertSettlementView>
      rowKey="settlementId"
      size="small"
      dataSource={settlements}
      pagination={settlements.length > 20 ? { pageSize: 20 } : false}
      data-testid="alert-settlements"
      rowClassName={(s) => (s.reversed ? 'mi-reversed' : '')}
      columns={[
        { title: t('review.setlId'), dataIndex: 'setlId', render: (v: string, s) => (s.reversed ? <Tag>{`${v} · ${t('alert.reversed')}`}</Tag> : v) },
        { title: t('alert.person'), dataIndex: 'psnNo' },
        { title: t('alert.institution'), dataIndex: 'institutionCode' },
        { title: t('alert.setlTime'), render: (_, s) => (s.setlTime ? formatDateTime(s.setlTime) : formatDate(s.setlDate)) },
        { title: t('alert.mode'), dataIndex: 'treatmentMode', render: (m: string | null) => code('alert.mode', m) },
        { title: t('alert.gender'), dataIndex: 'gend', render: (g: string | null) => code('alert.gender', g) },
        { title: t('alert.age'), dataIndex: 'ageYears', render: (n: number | null) => n ?? '—' },
        { title: t('alert.stay'), render: (_, s) => (s.begndate ? `${formatDate(s.begndate)} ~ ${formatDate(s.enddate)}` : '—') },
        { title: t('alert.amount'), dataIndex: 'medfeeSumamtFen', align: 'right', render: (f: string) => formatFen(f) },
      ]}
    />
  );
}

function DecisionDialog(p: { id: string; decision: Decision; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  return (
    <FormDialog<{ note: string }>
      title={t(p.decision === 'CONFIRM' ? 'alert.confirm' : 'alert.dismiss')}
      testId="decision-form"
      onClose={p.onClose}
      onSubmit={async (v) => {
        await api.post('/api/v1/kb/alerts/{id}/decision', { path: { id: p.id }, body: { decision: p.decision, note: v.note.trim() } });
        void message.success(t('alert.decided'));
        p.onDone();
      }}
    >
      <Form.Item name="note" label={t('alert.note')} rules={[{ required: true, whitespace: true, min: 2, max: 1000 }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormDialog>
  );
}
