import type { InstitutionListItem, InstitutionStatus } from '@mi/contracts';
import { Button, Card, DatePicker, Descriptions, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../api/client';
import { useAuth } from '../auth/auth';
import { formatDate, formatDateTime, shanghaiToday } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { ApiErrorView } from '../shell/api-error-alert';
import { regionName } from '../shell/regions';
import { useLoad } from '../shell/use-load';
import { useServerPaging } from '../shell/use-server-paging';
import { INSTITUTION_STATUS_CODES, LEVEL_CODES, levelLabel, TYPE_CODES, typeLabel } from './labels';

interface Filters {
  type?: string;
  level?: string;
  status?: InstitutionStatus;
  licenceExpiringBefore?: Dayjs;
}

const STATUS_COLORS: Record<InstitutionStatus, string> = {
  UNDESIGNATED: 'default',
  ACTIVE: 'green',
  SUSPENDED: 'orange',
  TERMINATED: 'red',
  EXPIRED: 'default',
};

function InstitutionStatusTag({ status }: { status: InstitutionStatus }) {
  const { t } = useI18n();
  return <Tag color={STATUS_COLORS[status]}>{t(`institution.status.${status}`)}</Tag>;
}

/**
 * 定点机构: the registry of the selected region (the region switcher), filtered by type, level,
 * designation status and licence expiry and paged by the server; an institution looked up by code
 * with links to its agreement, credit file and 进销存.
 */
export function InstitutionsPage() {
  const { code } = useParams();
  const { t, lang } = useI18n();
  const { region } = useAuth();
  const navigate = useNavigate();
  const paging = useServerPaging();
  const [filters, setFilters] = useState<Filters>({});
  const today = shanghaiToday();
  const institution = useLoad(() => (code ? api.get('/api/v1/institutions/{code}', { path: { code } }) : Promise.resolve(undefined)), [code]);
  const registry = useLoad(
    () =>
      api.get('/api/v1/institutions', {
        query: {
          type: filters.type,
          level: filters.level,
          status: filters.status,
          licenceExpiringBefore: filters.licenceExpiringBefore?.format('YYYY-MM-DD'),
          admdvs: region,
          ...paging.query,
        },
      }),
    [filters, region, paging.page],
  );

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={4}>{t('nav.institutions')}</Typography.Title>
      <Input.Search
        placeholder={t('institution.search')}
        defaultValue={code}
        enterButton={t('common.search')}
        style={{ maxWidth: 480 }}
        onSearch={(v) => v.trim() && navigate(`/institutions/${v.trim().toUpperCase()}`)}
        data-testid="institution-search"
      />
      {institution.error ? <ApiErrorView error={institution.error} /> : null}
      {institution.data && (
        <Card title={institution.data.name} data-testid="institution-card">
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label={t('agreement.code')}>{institution.data.code}</Descriptions.Item>
            <Descriptions.Item label={t('institution.uscc')}>{institution.data.uscc}</Descriptions.Item>
            <Descriptions.Item label={t('agreement.type')}>{typeLabel(institution.data.type, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('agreement.level')}>{levelLabel(institution.data.level, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('common.region')}>{regionName(institution.data.admdvs, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('institution.poolarea')}>{regionName(institution.data.poolarea, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('institution.registeredAt')}>{formatDateTime(institution.data.registeredAt)}</Descriptions.Item>
            <Descriptions.Item label={t('common.actions')}>
              <Space>
                <Link to={`/agreements/${institution.data.code}`}>{t('nav.agreements')}</Link>
                <Link to={`/credit/${institution.data.code}`}>{t('institution.credit')}</Link>
                <Link to={`/kb/inventory/${institution.data.code}`}>{t('institution.inventory')}</Link>
              </Space>
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      <Typography.Title level={5}>{t('institution.list')}</Typography.Title>
      <Form
        layout="inline"
        data-testid="institution-filters"
        onFinish={(v: Filters) => {
          setFilters(v);
          paging.toFirstPage();
        }}
      >
        <Form.Item name="type" label={t('agreement.type')}>
          <Select allowClear style={{ width: 160 }} options={TYPE_CODES.map((c) => ({ value: c, label: typeLabel(c, lang) }))} />
        </Form.Item>
        <Form.Item name="level" label={t('agreement.level')}>
          <Select allowClear style={{ width: 130 }} options={LEVEL_CODES.map((c) => ({ value: c, label: levelLabel(c, lang) }))} />
        </Form.Item>
        <Form.Item name="status" label={t('institution.status')}>
          <Select allowClear style={{ width: 130 }} options={INSTITUTION_STATUS_CODES.map((s) => ({ value: s, label: t(`institution.status.${s}`) }))} />
        </Form.Item>
        <Form.Item name="licenceExpiringBefore" label={t('institution.licenceBefore')}>
          <DatePicker format="YYYY-MM-DD" />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="institution-filter-submit">
          {t('common.search')}
        </Button>
      </Form>
      {registry.error ? (
        <ApiErrorView error={registry.error} />
      ) : (
        <Table<InstitutionListItem>
          rowKey="id"
          size="small"
          loading={registry.loading}
          dataSource={registry.data?.items}
          data-testid="institutions-table"
          pagination={paging.pagination(registry.data?.total)}
          columns={[
            { title: t('agreement.code'), dataIndex: 'code', render: (c: string) => <Link to={`/institutions/${c}`}>{c}</Link> },
            { title: t('agreement.institution'), dataIndex: 'name' },
            { title: t('agreement.type'), dataIndex: 'type', render: (c: string) => typeLabel(c, lang) },
            { title: t('agreement.level'), dataIndex: 'level', render: (c: string) => levelLabel(c, lang) },
            { title: t('common.region'), dataIndex: 'admdvs', render: (c: string) => regionName(c, lang) },
            { title: t('institution.status'), dataIndex: 'status', render: (s: InstitutionStatus) => <InstitutionStatusTag status={s} /> },
            {
              title: t('institution.licenceExpiry'),
              dataIndex: 'firstLicenceExpiry',
              render: (d?: string) => (d && d < today ? <Typography.Text type="danger">{formatDate(d)}</Typography.Text> : formatDate(d)),
            },
            {
              title: t('common.actions'),
              render: (_, i) => (
                <Space>
                  <Link to={`/agreements/${i.code}`}>{t('nav.agreements')}</Link>
                  <Link to={`/credit/${i.code}`}>{t('institution.credit')}</Link>
                  <Link to={`/kb/inventory/${i.code}`}>{t('institution.inventory')}</Link>
                </Space>
              ),
            },
          ]}
        />
      )}
    </Space>
  );
}
