import type { ApprovalView, MonthlyPrepaymentItemView } from '@mi/contracts';
import { Alert, Button, Card, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../api/client';
import { useAuth } from '../auth/auth';
import { formatFen, shanghaiToday } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { ApiErrorView } from '../shell/api-error-alert';
import { ApprovalNote } from '../shell/approval-note';
import { FormDialog } from '../shell/form-dialog';
import { citiesOf, regionName } from '../shell/regions';
import { useLoad } from '../shell/use-load';
import { useServerPaging } from '../shell/use-server-paging';
import { PERIOD } from './fund-key';

/** 月度预付: a city's prepayment of a month per institution with its working (posted, or what a proposal now would pay), and proposing it. */
export function PrepaymentPage() {
  const { t, lang } = useI18n();
  const { user, region } = useAuth();
  const cities = citiesOf(user?.scope ?? '');
  const [params, setParams] = useSearchParams();
  const admdvs = params.get('admdvs') ?? cities.find((c) => c === region) ?? cities[0] ?? '';
  const period = params.get('period') ?? shanghaiToday().slice(0, 7);
  const paging = useServerPaging(50);
  const view = useLoad(
    () => api.get('/api/v1/fund/monthly-prepayments/{admdvs}/{period}', { path: { admdvs, period }, query: paging.query }),
    [admdvs, period, paging.page],
  );
  const [proposing, setProposing] = useState(false);
  const [proposed, setProposed] = useState<ApprovalView>();
  const officer = user?.roles.includes('city-officer') ?? false;
  const v = view.data;

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={4}>{t('prepay.title')}</Typography.Title>
      <Form
        layout="inline"
        key={`${admdvs}-${period}`}
        initialValues={{ admdvs, period }}
        data-testid="prepayment-key"
        onFinish={(f: { admdvs: string; period: string }) => {
          paging.toFirstPage();
          setParams({ admdvs: f.admdvs, period: f.period.trim() });
        }}
      >
        <Form.Item name="admdvs" label={t('fund.city')} rules={[{ required: true }]}>
          <Select style={{ width: 180 }} options={cities.map((c) => ({ value: c, label: regionName(c, lang) }))} />
        </Form.Item>
        <Form.Item name="period" label={t('prepay.period')} rules={[{ required: true, pattern: PERIOD, message: t('fund.periodInvalid') }]}>
          <Input style={{ width: 110 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('fund.load')}
        </Button>
      </Form>
      {proposed && <ApprovalNote approval={proposed} context="fund" />}
      <Card
        title={
          <Space>
            {t('prepay.title')} · {regionName(admdvs, lang)} · {period}
            {v && (
              <Tag color={v.status === 'POSTED' ? 'green' : 'orange'} data-testid="prepayment-status">
                {t(`prepay.status.${v.status}`)}
              </Tag>
            )}
          </Space>
        }
        extra={
          officer &&
          v?.status === 'PROVISIONAL' && (
            <Button type="primary" onClick={() => setProposing(true)} data-testid="propose-prepayment">
              {t('prepay.propose')}
            </Button>
          )
        }
      >
        {view.error ? (
          <ApiErrorView error={view.error} />
        ) : (
          <Space orientation="vertical" style={{ width: '100%' }}>
            {v && v.itemCount === 0 && <Alert type="info" showIcon title={t('prepay.none')} />}
            <Table<MonthlyPrepaymentItemView>
              rowKey={(i) => `${i.institutionCode}-${i.insutype}`}
              size="small"
              loading={view.loading}
              dataSource={v?.items}
              data-testid="prepayment-items"
              pagination={{ ...paging.pagination(v?.itemCount), hideOnSinglePage: true }}
              rowClassName={(i) => (i.status === 'HELD' ? 'mi-flagged' : '')}
              summary={() =>
                v && (
                  <Table.Summary.Row>
                    <Table.Summary.Cell index={0} colSpan={5}>
                      {t('prepay.total')}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={5} align="right">
                      <span data-testid="prepayment-total">{formatFen(v.totalFen)}</span>
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={6} />
                  </Table.Summary.Row>
                )
              }
              columns={[
                { title: t('agreement.code'), dataIndex: 'institutionCode' },
                { title: t('fund.insutype'), dataIndex: 'insutype' },
                {
                  title: t('common.status'),
                  dataIndex: 'status',
                  render: (s: 'PREPAY' | 'HELD') => <Tag color={s === 'HELD' ? 'orange' : 'blue'}>{t(`prepay.item.${s}`)}</Tag>,
                },
                { title: t('prepay.indicator'), dataIndex: 'indicatorFen', align: 'right', render: (f: string) => formatFen(f) },
                { title: t('prepay.share'), dataIndex: 'sharePercent', align: 'right', render: (p: string) => `${p}%` },
                { title: t('prepay.amount'), dataIndex: 'amountFen', align: 'right', render: (f: string) => formatFen(f) },
                { title: t('prepay.working'), dataIndex: 'explanation' },
              ]}
            />
          </Space>
        )}
      </Card>
      {proposing && (
        <FormDialog<{ reason: string }>
          title={`${t('prepay.propose')} · ${regionName(admdvs, lang)} · ${period}`}
          testId="prepayment-form"
          onClose={() => setProposing(false)}
          onSubmit={async (f) => {
            setProposed(await api.post('/api/v1/fund/monthly-prepayments', { body: { admdvs, period, reason: f.reason.trim() } }));
            setProposing(false);
          }}
        >
          <Form.Item name="reason" label={t('common.reason')} rules={[{ required: true, whitespace: true, min: 2, max: 500 }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </FormDialog>
      )}
    </Space>
  );
}
