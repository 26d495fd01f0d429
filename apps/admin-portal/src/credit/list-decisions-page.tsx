import type { CreditList, ListDecisionStatus, ListDecisionView, ListSubjectType } from '@mi/contracts';
import { App, Button, DatePicker, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../api/client';
import { useAuth } from '../auth/auth';
import { formatDate } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { ApiErrorView } from '../shell/api-error-alert';
import { FormDialog } from '../shell/form-dialog';
import { childrenOf, regionName } from '../shell/regions';
import { useLoad } from '../shell/use-load';
import { useServerPaging } from '../shell/use-server-paging';

const LISTS: readonly CreditList[] = ['red', 'black'];
const STATUSES: readonly ListDecisionStatus[] = ['IN_FORCE', 'ENDED', 'REPAIRED'];
const SUBJECT_TYPES: readonly ListSubjectType[] = ['institution', 'practitioner', 'legal-representative', 'controller'];
/** Listing is proposed by officers and approved by another officer (the gateway allows the same). */
const PROPOSERS = ['province-admin', 'city-officer', 'county-officer'];

/** 红黑名单: the region's listing decisions (publication list); officers propose a listing for a second officer's approval. */
export function ListDecisionsPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const [list, setList] = useState<CreditList>();
  const [status, setStatus] = useState<ListDecisionStatus>();
  const [proposing, setProposing] = useState(false);
  const paging = useServerPaging();
  const loaded = useLoad(() => api.get('/api/v1/credit/list-decisions', { query: { list, status, ...paging.query } }), [list, status, paging.page]);

  return (
    <>
      <Typography.Title level={4}>{t('nav.listDecisions')}</Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        {t('ld.list')}
        <Select
          allowClear
          style={{ width: 200 }}
          value={list}
          onChange={(v?: CreditList) => {
            setList(v);
            paging.toFirstPage();
          }}
          options={LISTS.map((l) => ({ value: l, label: t(`ld.list.${l}`) }))}
        />
        {t('common.status')}
        <Select
          allowClear
          style={{ width: 180 }}
          value={status}
          onChange={(v?: ListDecisionStatus) => {
            setStatus(v);
            paging.toFirstPage();
          }}
          options={STATUSES.map((s) => ({ value: s, label: t(`ld.status.${s}`) }))}
        />
        {user?.roles.some((r) => PROPOSERS.includes(r)) && (
          <Button type="primary" onClick={() => setProposing(true)} data-testid="propose-listing">
            {t('ld.propose')}
          </Button>
        )}
      </Space>
      {loaded.error ? (
        <ApiErrorView error={loaded.error} />
      ) : (
        <Table<ListDecisionView>
          rowKey="id"
          loading={loaded.loading}
          dataSource={loaded.data?.items}
          data-testid="decisions-table"
          pagination={paging.pagination(loaded.data?.total)}
          columns={[
            { title: t('ld.list'), dataIndex: 'list', render: (l: CreditList) => <Tag color={l === 'black' ? 'black' : 'red'}>{t(`ld.list.${l}`)}</Tag> },
            { title: t('ref.subject'), render: (_, d) => `${d.subjectName} ${d.subjectCode}` },
            { title: t('ref.subjectType'), dataIndex: 'subjectType', render: (s: ListSubjectType) => t(`ld.subjectType.${s}`) },
            { title: t('ld.decisionNo'), dataIndex: 'decisionNo' },
            { title: t('agreement.legalBasis'), dataIndex: 'legalBasis' },
            { title: t('ld.period'), render: (_, d) => `${formatDate(d.periodStart)} – ${formatDate(d.periodEnd)}` },
            { title: t('common.status'), dataIndex: 'status', render: (s: ListDecisionStatus) => t(`ld.status.${s}`) },
          ]}
        />
      )}
      {proposing && <ProposeListingDialog onClose={() => setProposing(false)} />}
    </>
  );
}

interface ProposeValues {
  list: CreditList;
  subjectType: ListSubjectType;
  subjectCode: string;
  subjectName: string;
  uscc?: string;
  admdvs: string;
  decisionNo: string;
  legalBasis: string;
  reason: string;
  periodStart: Dayjs;
  periodEnd: Dayjs;
  publicationText: string;
}

function ProposeListingDialog({ onClose }: { onClose(): void }) {
  const { t, lang } = useI18n();
  const { user, region } = useAuth();
  const { message } = App.useApp();
  const scope = user?.scope ?? '';
  const text = (s: string) => s.trim();

  async function submit(v: ProposeValues) {
    const r = await api.post('/api/v1/credit/list-decisions', {
      body: {
        list: v.list,
        subjectType: v.subjectType,
        subjectCode: text(v.subjectCode),
        subjectName: text(v.subjectName),
        ...(v.uscc?.trim() ? { uscc: v.uscc.trim() } : {}),
        admdvs: v.admdvs,
        decisionNo: text(v.decisionNo),
        legalBasis: text(v.legalBasis),
        reason: text(v.reason),
        periodStart: v.periodStart.format('YYYY-MM-DD'),
        periodEnd: v.periodEnd.format('YYYY-MM-DD'),
        publicationText: text(v.publicationText),
      },
    });
    void message.success(t('ld.proposed', { id: r.approvalId.slice(0, 8) }));
    onClose();
  }

  const required = (max: number) => [{ required: true, whitespace: true, max }];
  return (
    <FormDialog<ProposeValues>
      title={t('ld.propose')}
      testId="listing-form"
      width={720}
      initialValues={{ list: 'black', subjectType: 'institution', admdvs: region ?? scope }}
      onClose={onClose}
      onSubmit={submit}
    >
      <Space wrap>
        <Form.Item name="list" label={t('ld.list')} rules={[{ required: true }]}>
          <Select style={{ width: 200 }} options={LISTS.map((l) => ({ value: l, label: t(`ld.list.${l}`) }))} />
        </Form.Item>
        <Form.Item name="subjectType" label={t('ref.subjectType')} rules={[{ required: true }]}>
          <Select style={{ width: 160 }} options={SUBJECT_TYPES.map((s) => ({ value: s, label: t(`ld.subjectType.${s}`) }))} />
        </Form.Item>
        <Form.Item name="admdvs" label={t('common.region')} rules={[{ required: true }]}>
          <Select style={{ width: 200 }} options={[scope, ...childrenOf(scope)].map((c) => ({ value: c, label: regionName(c, lang) }))} />
        </Form.Item>
      </Space>
      <Space wrap>
        <Form.Item name="subjectCode" label={t('ref.subjectCode')} rules={required(50)}>
          <Input style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="subjectName" label={t('ref.subjectName')} rules={required(200)}>
          <Input style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="uscc" label={t('ld.uscc')}>
          <Input style={{ width: 220 }} />
        </Form.Item>
      </Space>
      <Space wrap>
        <Form.Item name="decisionNo" label={t('ld.decisionNo')} rules={required(100)}>
          <Input style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="legalBasis" label={t('agreement.legalBasis')} rules={required(500)}>
          <Input style={{ width: 360 }} />
        </Form.Item>
      </Space>
      <Form.Item name="reason" label={t('common.reason')} rules={required(2000)}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Space wrap>
        <Form.Item name="periodStart" label={t('ld.periodStart')} rules={[{ required: true }]}>
          <DatePicker format="YYYY-MM-DD" />
        </Form.Item>
        <Form.Item name="periodEnd" label={t('ld.periodEnd')} rules={[{ required: true }]}>
          <DatePicker format="YYYY-MM-DD" />
        </Form.Item>
      </Space>
      <Form.Item name="publicationText" label={t('ld.publicationText')} rules={required(4000)}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormDialog>
  );
}
