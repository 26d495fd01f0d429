import type { AgreementView } from '@mi/contracts';
import { Card, Descriptions, Input, Space, Table, Typography } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../api/client';
import { useAuth } from '../auth/auth';
import { formatDateTime } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { ApiErrorView } from '../shell/api-error-alert';
import { regionName } from '../shell/regions';
import { StatusTag } from '../shell/status-tag';
import { useLoad } from '../shell/use-load';
import { useServerPaging } from '../shell/use-server-paging';
import { typeLabel } from './labels';

/**
 * 定点机构: look an institution up in the registry by code (the registry API answers by code only),
 * and the designated institutions of the selected region (from their agreements, paged by the server).
 */
export function InstitutionsPage() {
  const { code } = useParams();
  const { t, lang } = useI18n();
  const { region } = useAuth();
  const navigate = useNavigate();
  const paging = useServerPaging();
  const institution = useLoad(() => (code ? api.get('/api/v1/institutions/{code}', { path: { code } }) : Promise.resolve(undefined)), [code]);
  const designated = useLoad(() => api.get('/api/v1/agreements', { query: { admdvs: region, ...paging.query } }), [region, paging.page]);

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
            <Descriptions.Item label={t('agreement.level')}>{institution.data.level}</Descriptions.Item>
            <Descriptions.Item label={t('common.region')}>{regionName(institution.data.admdvs, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('institution.poolarea')}>{regionName(institution.data.poolarea, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('institution.registeredAt')}>{formatDateTime(institution.data.registeredAt)}</Descriptions.Item>
            <Descriptions.Item label={t('common.actions')}>
              <Space>
                <Link to={`/agreements/${institution.data.code}`}>{t('nav.agreements')}</Link>
                <Link to={`/credit/${institution.data.code}`}>{t('institution.credit')}</Link>
              </Space>
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      {designated.error ? (
        <ApiErrorView error={designated.error} />
      ) : (
        <Table<AgreementView>
          rowKey="id"
          loading={designated.loading}
          dataSource={designated.data?.items}
          data-testid="institutions-table"
          pagination={paging.pagination(designated.data?.total)}
          columns={[
            { title: t('agreement.code'), dataIndex: 'institutionCode', render: (c: string) => <Link to={`/institutions/${c}`}>{c}</Link> },
            { title: t('agreement.institution'), dataIndex: 'institutionName' },
            { title: t('agreement.type'), dataIndex: 'institutionType', render: (c: string) => typeLabel(c, lang) },
            { title: t('common.region'), dataIndex: 'admdvs', render: (c: string) => regionName(c, lang) },
            { title: t('common.status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
          ]}
        />
      )}
    </Space>
  );
}
