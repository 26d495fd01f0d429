import type { AgreementView, SuspensionView } from '@mi/contracts';
import { App, Button, Card, Collapse, DatePicker, Descriptions, Form, Input, InputNumber, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../api/client';
import { ApiError } from '../api/problem';
import { useAuth } from '../auth/auth';
import { formatDate, formatFen } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { ApiErrorView } from '../shell/api-error-alert';
import { ApprovalNote } from '../shell/approval-note';
import { FormDialog } from '../shell/form-dialog';
import { regionName } from '../shell/regions';
import { StatusTag } from '../shell/status-tag';
import { useLoad } from '../shell/use-load';
import { typeLabel } from './labels';

const OFFICER_ROLES = ['province-admin', 'city-officer', 'county-officer'];

/** One agreement: its terms and suspensions, pending proposals on it, and the officer's actions. */
export function AgreementDetailPage() {
  const { code = '' } = useParams();
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const agreement = useLoad(() => api.get('/api/v1/agreements/{code}', { path: { code } }), [code]);
  const pending = useLoad(() => api.get('/api/v1/approvals/{context}', { path: { context: 'agreement' }, query: { status: 'PENDING', limit: 200 } }), [code]);
  const [dialog, setDialog] = useState<'suspend' | 'terminate'>();
  const isOfficer = user?.roles.some((r) => OFFICER_ROLES.includes(r)) ?? false;
  const [resuming, setResuming] = useState(false);

  if (agreement.error) return <ApiErrorView error={agreement.error} />;
  const a = agreement.data;
  if (!a) return <Card loading />;
  const mine = (pending.data?.items ?? []).filter((p) => p.targetId === a.id);

  // 恢复: ends the institution's own (voluntary) suspension at once; no second officer needed.
  const voluntaryRunning = a.suspensions.some((x) => x.kind === 'VOLUNTARY' && x.status === 'ACTIVE');
  const { institutionCode } = a;
  async function resume() {
    setResuming(true);
    try {
      await api.post('/api/v1/agreements/{code}/resumption', { path: { code: institutionCode } });
      agreement.reload();
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setResuming(false);
    }
  }

  function proposed(approvalId: string) {
    setDialog(undefined);
    void message.success(t('agreement.proposed', { id: approvalId.slice(0, 8) }));
    pending.reload();
  }

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Card
        title={
          <Space>
            {a.institutionName} <StatusTag status={a.status} />
          </Space>
        }
        extra={
          isOfficer && (
            <Space>
              {voluntaryRunning && (
                <Button onClick={() => void resume()} loading={resuming}>
                  {t('agreement.resume')}
                </Button>
              )}
              <Button danger onClick={() => setDialog('suspend')} disabled={a.status !== 'ACTIVE'} data-testid="propose-suspension">
                {t('agreement.suspend')}
              </Button>
              <Button danger type="primary" onClick={() => setDialog('terminate')} disabled={a.status === 'TERMINATED'}>
                {t('agreement.terminate')}
              </Button>
            </Space>
          )
        }
      >
        <Descriptions column={2} size="small" bordered>
          <Descriptions.Item label={t('agreement.number')}>{a.number}</Descriptions.Item>
          <Descriptions.Item label={t('agreement.code')}>{a.institutionCode}</Descriptions.Item>
          <Descriptions.Item label={t('agreement.type')}>{typeLabel(a.institutionType, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('agreement.level')}>{a.institutionLevel}</Descriptions.Item>
          <Descriptions.Item label={t('common.region')}>{regionName(a.admdvs, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('institution.poolarea')}>{regionName(a.poolarea, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('agreement.validFrom')}>{formatDate(a.validFrom)}</Descriptions.Item>
          <Descriptions.Item label={t('agreement.validTo')}>{formatDate(a.validTo)}</Descriptions.Item>
          <Descriptions.Item label={t('agreement.indicators')} span={2}>
            {Object.entries(a.indicators ?? {})
              .map(([k, v]) => `${k}: ${k.endsWith('Fen') ? formatFen(v as string) : String(v)}`)
              .join('；') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('agreement.institutionSignatory')} span={2}>
            {a.institutionSignatory
              ? `${a.institutionSignatory.name}（${a.institutionSignatory.position}）${formatDate(a.institutionSignatory.signedOn)}`
              : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('institution.credit')} span={2}>
            <Link to={`/credit/${a.institutionCode}`}>{t('institution.credit')}</Link>
          </Descriptions.Item>
        </Descriptions>
      </Card>

      {a.terms && (
        <Card title={`${t('agreement.terms')} · ${a.terms.title}（${a.terms.version}）`} data-testid="agreement-terms">
          <Collapse
            size="small"
            items={a.terms.articles.map((x) => ({
              key: x.key,
              label: `${x.no} ${x.title}`,
              children: <Typography.Paragraph style={{ marginBottom: 0 }}>{x.text}</Typography.Paragraph>,
            }))}
          />
          {a.clauses && (
            <Typography.Paragraph style={{ marginTop: 12 }}>
              <Typography.Text strong>{t('agreement.clauses')}：</Typography.Text>
              {a.clauses}
            </Typography.Paragraph>
          )}
        </Card>
      )}

      {mine.length > 0 && (
        <Card title={t('status.PENDING')} data-testid="pending-proposals">
          {mine.map((p) => (
            <ApprovalNote key={p.id} approval={p} context="agreement" />
          ))}
        </Card>
      )}

      <Card title={t('agreement.suspensions')}>
        <Table<SuspensionView>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={a.suspensions}
          columns={[
            { title: t('common.status'), dataIndex: 'status' },
            { title: t('agreement.suspensionKind'), dataIndex: 'kind' },
            { title: t('common.reason'), dataIndex: 'reason' },
            { title: t('agreement.legalBasis'), dataIndex: 'legalBasis' },
            { title: t('agreement.startsOn'), dataIndex: 'startsOn', render: formatDate },
            { title: t('agreement.endsOn'), dataIndex: 'endsOn', render: formatDate },
          ]}
        />
      </Card>
      {dialog === 'suspend' && <SuspendDialog agreement={a} onClose={() => setDialog(undefined)} onProposed={proposed} />}
      {dialog === 'terminate' && <TerminateDialog agreement={a} onClose={() => setDialog(undefined)} onProposed={proposed} />}
    </Space>
  );
}

interface DialogProps {
  agreement: AgreementView;
  onClose(): void;
  onProposed(approvalId: string): void;
}

function SuspendDialog({ agreement, onClose, onProposed }: DialogProps) {
  const { t } = useI18n();

  async function submit(v: { reason: string; legalBasis: string; startsOn: Dayjs; endsOn: Dayjs }) {
    const r = await api.post('/api/v1/agreements/{code}/suspensions', {
      path: { code: agreement.institutionCode },
      body: { reason: v.reason, legalBasis: v.legalBasis, startsOn: v.startsOn.format('YYYY-MM-DD'), endsOn: v.endsOn.format('YYYY-MM-DD') },
    });
    onProposed(r.approvalId);
  }

  return (
    <FormDialog title={`${t('agreement.suspend')} · ${agreement.institutionName}`} testId="suspension-form" onClose={onClose} onSubmit={submit}>
      <Form.Item name="reason" label={t('common.reason')} rules={[{ required: true, whitespace: true, max: 2000 }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.Item name="legalBasis" label={t('agreement.legalBasis')} rules={[{ required: true, whitespace: true, max: 500 }]}>
        <Input placeholder="《医疗机构医疗保障定点管理暂行办法》第四十二条" />
      </Form.Item>
      <Space>
        <Form.Item name="startsOn" label={t('agreement.startsOn')} rules={[{ required: true }]}>
          <DatePicker format="YYYY-MM-DD" />
        </Form.Item>
        <Form.Item
          name="endsOn"
          label={t('agreement.endsOn')}
          dependencies={['startsOn']}
          rules={[
            { required: true },
            ({ getFieldValue }) => ({
              validator: (_, value?: Dayjs) => {
                const start = getFieldValue('startsOn') as Dayjs | undefined;
                return !value || !start || !value.isBefore(start, 'day') ? Promise.resolve() : Promise.reject(new Error(t('agreement.datesOrder')));
              },
            }),
          ]}
        >
          <DatePicker format="YYYY-MM-DD" />
        </Form.Item>
      </Space>
    </FormDialog>
  );
}

function TerminateDialog({ agreement, onClose, onProposed }: DialogProps) {
  const { t } = useI18n();

  async function submit(v: { ground: number; reason: string }) {
    const r = await api.post('/api/v1/agreements/{code}/termination', {
      path: { code: agreement.institutionCode },
      body: { ground: v.ground, reason: v.reason },
    });
    onProposed(r.approvalId);
  }

  return (
    <FormDialog title={`${t('agreement.terminate')} · ${agreement.institutionName}`} testId="termination-form" onClose={onClose} onSubmit={submit}>
      <Form.Item name="ground" label={t('agreement.ground')} rules={[{ required: true, type: 'integer', min: 1, max: 14 }]}>
        <InputNumber min={1} max={14} />
      </Form.Item>
      <Form.Item name="reason" label={t('common.reason')} rules={[{ required: true, whitespace: true, max: 2000 }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Typography.Text type="secondary">《医疗机构医疗保障定点管理暂行办法》第四十三条</Typography.Text>
    </FormDialog>
  );
}
