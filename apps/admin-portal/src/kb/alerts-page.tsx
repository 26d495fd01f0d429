import type { AlertStatus, AlertView, AnomalyType } from '@mi/contracts';
import { DatePicker, Input, Select, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../api/client';
import { useAuth } from '../auth/auth';
import { formatDate } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { ApiErrorView } from '../shell/api-error-alert';
import { citiesOf, levelOf, regionName } from '../shell/regions';
import { useLoad } from '../shell/use-load';
import { useServerPaging } from '../shell/use-server-paging';
import { ALERT_STATUSES, ANOMALY_TYPES, AlertStatusTag, AlertTypeTag, figureText, useAlertTypeName } from './alert-labels';

/** 智能监控预警: the anomaly alerts of the user's region, newest window first, filtered and paged by the server. */
export function AlertsPage() {
  const { t, lang } = useI18n();
  const { user, region } = useAuth();
  const scope = user?.scope ?? '';
  const cities = levelOf(scope) === 'province' ? citiesOf(scope) : [];
  // The region switcher's city is the starting filter of a province user.
  const [poolarea, setPoolarea] = useState<string | undefined>(region && levelOf(region) === 'city' && region !== scope ? region : undefined);
  const [type, setType] = useState<AnomalyType>();
  const [status, setStatus] = useState<AlertStatus>();
  const [institutionCode, setInstitutionCode] = useState<string>();
  const [dates, setDates] = useState<[string, string]>();
  const paging = useServerPaging();
  const typeName = useAlertTypeName();
  const list = useLoad(
    () => api.get('/api/v1/kb/alerts', { query: { type, status, poolarea, institutionCode, from: dates?.[0], to: dates?.[1], ...paging.query } }),
    [type, status, poolarea, institutionCode, dates, paging.page],
  );
  const refilter = (f: () => void) => {
    f();
    paging.toFirstPage();
  };

  return (
    <>
      <Typography.Title level={4}>{t('nav.alerts')}</Typography.Title>
      <Space wrap style={{ marginBottom: 16 }} data-testid="alert-filters">
        {t('alert.type')}
        <Select
          allowClear
          style={{ width: 200 }}
          value={type}
          onChange={(v?: AnomalyType) => refilter(() => setType(v))}
          options={ANOMALY_TYPES.map((x) => ({ value: x, label: typeName(x) }))}
          data-testid="type-filter"
        />
        {t('alert.status')}
        <Select
          allowClear
          style={{ width: 120 }}
          value={status}
          onChange={(v?: AlertStatus) => refilter(() => setStatus(v))}
          options={ALERT_STATUSES.map((s) => ({ value: s, label: t(`alert.status.${s}`) }))}
          data-testid="status-filter"
        />
        {cities.length > 0 && (
          <>
            {t('alert.city')}
            <Select
              allowClear
              placeholder={t('alert.allCities')}
              style={{ width: 160 }}
              value={poolarea}
              onChange={(v?: string) => refilter(() => setPoolarea(v))}
              options={cities.map((c) => ({ value: c, label: regionName(c, lang) }))}
            />
          </>
        )}
        {t('alert.dates')}
        <DatePicker.RangePicker
          format="YYYY-MM-DD"
          onChange={(v) => {
            const [from, to] = (v ?? []) as (Dayjs | null)[];
            refilter(() => setDates(from && to ? [from.format('YYYY-MM-DD'), to.format('YYYY-MM-DD')] : undefined));
          }}
        />
        <Input.Search
          allowClear
          placeholder={t('alert.institutionFilter')}
          style={{ width: 200 }}
          onSearch={(v) => refilter(() => setInstitutionCode(v.trim() || undefined))}
        />
      </Space>
      {list.error ? (
        <ApiErrorView error={list.error} />
      ) : (
        <Table<AlertView>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items}
          data-testid="alerts-table"
          pagination={paging.pagination(list.data?.total)}
          columns={[
            { title: t('alert.type'), dataIndex: 'type', render: (x: AnomalyType, a) => <Link to={`/kb/alerts/${a.id}`}>{<AlertTypeTag type={x} />}</Link> },
            {
              title: t('alert.subject'),
              render: (_, a) => [a.institutionCode, a.psnNo].filter(Boolean).join(' · '),
            },
            { title: t('common.region'), dataIndex: 'admdvs', render: (c: string) => regionName(c, lang) },
            {
              title: t('alert.window'),
              render: (_, a) => (formatDate(a.from) === formatDate(a.to) ? formatDate(a.from) : `${formatDate(a.from)} ~ ${formatDate(a.to)}`),
            },
            { title: `${t('alert.measured')} / ${t('alert.threshold')}`, render: (_, a) => `${figureText(a, 'measured')} / ${figureText(a, 'threshold')}` },
            { title: t('alert.settlements'), align: 'right', render: (_, a) => a.settlementIds.length },
            { title: t('alert.status'), dataIndex: 'status', render: (s: AlertStatus) => <AlertStatusTag status={s} /> },
            { title: t('alert.detectedAt'), dataIndex: 'detectedAt', render: formatDate },
          ]}
        />
      )}
    </>
  );
}
