import type { AgreementView } from '@mi/contracts';
import { Button, Form, InputNumber, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../api/client';
import { useAuth } from '../auth/auth';
import { formatDate } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { ApiErrorView } from '../shell/api-error-alert';
import { regionName } from '../shell/regions';
import { StatusTag } from '../shell/status-tag';
import { useLoad } from '../shell/use-load';
import { useServerPaging } from '../shell/use-server-paging';
import { AGREEMENT_STATUS_CODES, TYPE_CODES, typeLabel } from './labels';

interface Filters {
  status?: string;
  type?: string;
  expiringWithinDays?: number;
}

/** 协议管理: the agreements in the selected region, filtered and paged by the server. */
export function AgreementsPage() {
  const { t, lang } = useI18n();
  const { region } = useAuth();
  const [filters, setFilters] = useState<Filters>({});
  const paging = useServerPaging();
  const list = useLoad(() => api.get('/api/v1/agreements', { query: { ...filters, admdvs: region, ...paging.query } }), [filters, region, paging.page]);

  return (
    <>
      <Typography.Title level={4}>{t('nav.agreements')}</Typography.Title>
      <Form
        layout="inline"
        style={{ marginBottom: 16 }}
        onFinish={(v: Filters) => {
          setFilters(v);
          paging.toFirstPage();
        }}
      >
        <Form.Item name="status" label={t('common.status')}>
          <Select allowClear style={{ width: 120 }} options={AGREEMENT_STATUS_CODES.map((s) => ({ value: s, label: <StatusTag status={s} /> }))} />
        </Form.Item>
        <Form.Item name="type" label={t('agreement.type')}>
          <Select allowClear style={{ width: 160 }} options={TYPE_CODES.map((c) => ({ value: c, label: typeLabel(c, lang) }))} />
        </Form.Item>
        <Form.Item name="expiringWithinDays" label={t('agreement.validTo')}>
          <InputNumber min={0} max={366} placeholder="≤ 天" style={{ width: 100 }} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('common.search')}
          </Button>
        </Space>
      </Form>
      {list.error ? (
        <ApiErrorView error={list.error} />
      ) : (
        <Table<AgreementView>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items}
          data-testid="agreements-table"
          pagination={paging.pagination(list.data?.total)}
          columns={[
            { title: t('agreement.number'), dataIndex: 'number' },
            {
              title: t('agreement.institution'),
              dataIndex: 'institutionName',
              render: (name: string, a) => <Link to={`/agreements/${a.institutionCode}`}>{name}</Link>,
            },
            { title: t('agreement.code'), dataIndex: 'institutionCode' },
            { title: t('agreement.type'), dataIndex: 'institutionType', render: (c: string) => typeLabel(c, lang) },
            { title: t('common.region'), dataIndex: 'admdvs', render: (c: string) => regionName(c, lang) },
            { title: t('common.status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
            { title: t('agreement.validTo'), dataIndex: 'validTo', render: formatDate },
          ]}
        />
      )}
    </>
  );
}
