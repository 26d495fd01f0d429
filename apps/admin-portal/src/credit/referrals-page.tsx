import type { ReferralDirection, ReferralStatus, ReferralView } from '@mi/contracts';
import { App, Button, DatePicker, Form, Input, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../api/client';
import { useAuth } from '../auth/auth';
import { formatDate } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { ApiErrorView } from '../shell/api-error-alert';
import { FormDialog } from '../shell/form-dialog';
import { childrenOf, regionName } from '../shell/regions';
import { useLoad } from '../shell/use-load';
import { useServerPaging } from '../shell/use-server-paging';
import { departmentOf, mayActOnReferrals, REFERRAL_DIRECTIONS, REFERRAL_STATUSES } from './referral-labels';

/** A referral's deadline: the 7-working-day date until sent (`always`: also after), and red markers for a missed referral or completion deadline. */
export function ReferralDeadline({ r, always }: { r: ReferralView; always?: boolean }) {
  const { t } = useI18n();
  return (
    <span data-testid="deadline" className={r.referralOverdue || r.completionOverdue ? 'mi-overdue' : undefined}>
      {(always || r.status === 'DRAFT') && <div>{formatDate(r.dueOn)}</div>}
      {r.completionDueOn && !r.completedOn && <div>{t('ref.completionDue', { date: formatDate(r.completionDueOn) })}</div>}
      {r.referralOverdue && <Tag color="red">{t('ref.referralOverdue')}</Tag>}
      {r.completionOverdue && <Tag color="red">{t('ref.completionOverdue')}</Tag>}
    </span>
  );
}

/** 线索移送台账: the region's referrals between the bureau and the health commission, from registration to result. */
export function ReferralsPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const [direction, setDirection] = useState<ReferralDirection>();
  const [status, setStatus] = useState<ReferralStatus>();
  const [overdue, setOverdue] = useState(false);
  const [creating, setCreating] = useState(false);
  const paging = useServerPaging();
  const list = useLoad(
    () => api.get('/api/v1/credit/referrals', { query: { direction, status, overdue: overdue ? 'true' : undefined, ...paging.query } }),
    [direction, status, overdue, paging.page],
  );
  const refilter = (f: () => void) => {
    f();
    paging.toFirstPage();
  };

  return (
    <>
      <Typography.Title level={4}>{t('nav.referrals')}</Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        {t('ref.direction')}
        <Select
          allowClear
          style={{ width: 200 }}
          value={direction}
          onChange={(v?: ReferralDirection) => refilter(() => setDirection(v))}
          options={REFERRAL_DIRECTIONS.map((d) => ({ value: d, label: t(`ref.direction.${d}`) }))}
        />
        {t('common.status')}
        <Select
          allowClear
          style={{ width: 180 }}
          value={status}
          onChange={(v?: ReferralStatus) => refilter(() => setStatus(v))}
          options={REFERRAL_STATUSES.map((s) => ({ value: s, label: t(`ref.status.${s}`) }))}
        />
        <Space>
          <Switch checked={overdue} onChange={(v) => refilter(() => setOverdue(v))} data-testid="overdue-filter" />
          {t('review.overdueOnly')}
        </Space>
        {mayActOnReferrals(user?.roles ?? []) && (
          <Button type="primary" onClick={() => setCreating(true)} data-testid="create-referral">
            {t('ref.create')}
          </Button>
        )}
      </Space>
      {list.error ? (
        <ApiErrorView error={list.error} />
      ) : (
        <Table<ReferralView>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items}
          data-testid="referrals-table"
          pagination={paging.pagination(list.data?.total)}
          columns={[
            {
              title: t('ref.documentNumber'),
              dataIndex: 'documentNumber',
              render: (n: string | null, r) => <Link to={`/credit/referrals/${r.id}`}>{n ?? t('ref.noNumber')}</Link>,
            },
            { title: t('ref.direction'), dataIndex: 'direction', render: (d: ReferralDirection) => t(`ref.direction.${d}`) },
            { title: t('ref.subject'), render: (_, r) => `${r.subjectName} ${r.subjectCode}` },
            { title: t('ref.reasons'), render: (_, r) => r.reasons.map((x) => x.code).join('、') },
            { title: t('common.status'), dataIndex: 'status', render: (s: ReferralStatus) => t(`ref.status.${s}`) },
            { title: t('ref.triggerDate'), dataIndex: 'triggerDate', render: formatDate },
            { title: t('ref.dueOn'), key: 'due', render: (_, r) => <ReferralDeadline r={r} /> },
          ]}
        />
      )}
      {creating && (
        <CreateReferralDialog
          onClose={() => setCreating(false)}
          onDone={(r) => {
            setCreating(false);
            navigate(`/credit/referrals/${r.id}`);
          }}
        />
      )}
    </>
  );
}

interface CreateValues {
  admdvs: string;
  subjectType: 'institution' | 'practitioner';
  subjectCode: string;
  subjectName: string;
  reasonCodes: string[];
  facts: string;
  triggerDate: Dayjs;
  penaltyDecisionNo?: string;
}

/** 登记移送: the issuing department (the user's) registers what must be referred; the number comes when it is sent. */
function CreateReferralDialog({ onClose, onDone }: { onClose(): void; onDone(r: ReferralView): void }) {
  const { t, lang } = useI18n();
  const { user, region } = useAuth();
  const { message } = App.useApp();
  const reference = useLoad(() => api.get('/api/v1/credit/reference'), []);
  const scope = user?.scope ?? '';
  const direction: ReferralDirection = departmentOf(user?.roles ?? []) === 'COMMISSION' ? 'COMMISSION_TO_BUREAU' : 'BUREAU_TO_COMMISSION';
  const reasons = (reference.data?.referralReasons ?? []).filter((r) => r.direction === direction);

  async function submit(v: CreateValues) {
    const r = await api.post('/api/v1/credit/referrals', {
      body: {
        direction,
        admdvs: v.admdvs,
        subjectType: v.subjectType,
        subjectCode: v.subjectCode.trim(),
        subjectName: v.subjectName.trim(),
        reasonCodes: v.reasonCodes,
        facts: v.facts.trim(),
        triggerDate: v.triggerDate.format('YYYY-MM-DD'),
        ...(v.penaltyDecisionNo?.trim() ? { penaltyDecisionNo: v.penaltyDecisionNo.trim() } : {}),
      },
    });
    void message.success(t('ref.created'));
    onDone(r);
  }

  return (
    <FormDialog<CreateValues>
      title={`${t('ref.create')} · ${t(`ref.direction.${direction}`)}`}
      testId="referral-form"
      width={720}
      initialValues={{ admdvs: region ?? scope, subjectType: 'institution', reasonCodes: [] }}
      onClose={onClose}
      onSubmit={submit}
    >
      <Typography.Paragraph type="secondary">{t('ref.numberAssigned')}</Typography.Paragraph>
      <Space wrap>
        <Form.Item name="admdvs" label={t('common.region')} rules={[{ required: true }]}>
          <Select style={{ width: 200 }} options={[scope, ...childrenOf(scope)].map((c) => ({ value: c, label: regionName(c, lang) }))} />
        </Form.Item>
        <Form.Item name="subjectType" label={t('ref.subjectType')} rules={[{ required: true }]}>
          <Select style={{ width: 160 }} options={(['institution', 'practitioner'] as const).map((s) => ({ value: s, label: t(`ref.subjectType.${s}`) }))} />
        </Form.Item>
        <Form.Item name="subjectCode" label={t('ref.subjectCode')} rules={[{ required: true, whitespace: true, max: 50 }]}>
          <Input style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="subjectName" label={t('ref.subjectName')} rules={[{ required: true, whitespace: true, max: 200 }]}>
          <Input style={{ width: 220 }} />
        </Form.Item>
      </Space>
      <Form.Item name="reasonCodes" label={t('ref.reasons')} rules={[{ required: true, type: 'array', min: 1 }]}>
        <Select mode="multiple" loading={reference.loading} options={reasons.map((r) => ({ value: r.code, label: `${r.code} ${r.text}` }))} />
      </Form.Item>
      <Form.Item name="facts" label={t('ref.facts')} rules={[{ required: true, whitespace: true, max: 4000 }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Space wrap>
        <Form.Item name="triggerDate" label={t('ref.triggerDate')} rules={[{ required: true }]}>
          <DatePicker format="YYYY-MM-DD" />
        </Form.Item>
        {direction === 'BUREAU_TO_COMMISSION' && (
          <Form.Item name="penaltyDecisionNo" label={t('ref.penaltyDecisionNo')} rules={[{ max: 100 }]}>
            <Input style={{ width: 260 }} />
          </Form.Item>
        )}
      </Space>
    </FormDialog>
  );
}
