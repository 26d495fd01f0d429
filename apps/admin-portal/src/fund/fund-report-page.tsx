import type { FundReportRowView, FundReportView } from '@mi/contracts';
import { App, Button, Card, Select, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api, download } from '../api/client';
import { errorText } from '../api/problem';
import { formatFen } from '../format/format';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { ApiErrorView } from '../shell/api-error-alert';
import { EChart } from '../shell/echart';
import { regionName } from '../shell/regions';
import { useLoad } from '../shell/use-load';
import { FundKeyForm, INSUTYPES, useFundKey } from './fund-key';

const ALL = '';

/** Month totals of `rows` (one region): income, expense and, from the city rows, the fund balance (null when none). */
export function monthTotals(report: FundReportView, rows: readonly FundReportRowView[]) {
  return report.months.map((period) => {
    const of = rows.filter((r) => r.period === period);
    const sum = (f: (r: FundReportRowView) => string | null) => of.reduce((n, r) => n + BigInt(f(r) ?? '0'), 0n);
    const balances = of.filter((r) => r.balanceFen !== null);
    return { period, incomeFen: sum((r) => r.incomeFen), expenseFen: sum((r) => r.expenseFen), balanceFen: balances.length ? sum((r) => r.balanceFen) : null };
  });
}

/** Months × income/expense bars and the balance line, in yuan (display only; the table shows fen exactly). */
export function fundChartOption(totals: ReturnType<typeof monthTotals>, t: (k: MessageKey) => string) {
  const yuan = (f: bigint | null) => (f === null ? null : Number(f) / 100);
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [t('report.income'), t('report.expense'), t('report.balance')] },
    grid: { left: 90, right: 90, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: totals.map((m) => m.period) },
    yAxis: [
      { type: 'value', name: t('report.income') },
      { type: 'value', name: t('report.balance') },
    ],
    series: [
      { name: t('report.income'), type: 'bar', data: totals.map((m) => yuan(m.incomeFen)), itemStyle: { color: '#52a36b' } },
      { name: t('report.expense'), type: 'bar', data: totals.map((m) => yuan(m.expenseFen)), itemStyle: { color: '#d9822b' } },
      { name: t('report.balance'), type: 'line', yAxisIndex: 1, data: totals.map((m) => yuan(m.balanceFen)), itemStyle: { color: '#1f5fa8' } },
    ],
  };
}

/** 基金运行报表: a city's fund by month — income, expense, balance and months of reserve — for the city or one county and one or all insurance types, as a chart, a table, CSV and Excel. */
export function FundReportPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [key, setKey] = useFundKey();
  const [insutype, setInsutype] = useState<string>(ALL);
  const [region, setRegion] = useState<string>(key.admdvs);
  const query = { insutype: insutype || undefined };
  const report = useLoad(
    () => api.get('/api/v1/fund/reports/{admdvs}/{year}', { path: { admdvs: key.admdvs, year: key.year }, query }),
    [key.admdvs, key.year, insutype],
  );
  const r = report.data;
  const regions = useMemo(() => [...new Set((r?.rows ?? []).map((x) => x.region))].sort(), [r]);
  const shown = region && regions.includes(region) ? region : key.admdvs;
  const rows = useMemo(() => (r?.rows ?? []).filter((x) => x.region === shown), [r, shown]);
  const option = useMemo(() => (r ? fundChartOption(monthTotals(r, rows), t) : undefined), [r, rows, t]);

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={4}>{t('report.title')}</Typography.Title>
      <FundKeyForm value={key} onChange={(k) => (setKey(k), setRegion(k.admdvs))} withInsutype={false} />
      <Space wrap>
        {t('report.region')}
        <Select
          style={{ width: 200 }}
          value={shown}
          onChange={setRegion}
          data-testid="report-region"
          options={(regions.length ? regions : [key.admdvs]).map((c) => ({
            value: c,
            label: c === key.admdvs ? `${regionName(c, lang)} · ${t('report.allRegions')}` : regionName(c, lang),
          }))}
        />
        {t('fund.insutype')}
        <Select
          style={{ width: 260 }}
          value={insutype}
          onChange={setInsutype}
          data-testid="report-insutype"
          options={[{ value: ALL, label: t('report.allTypes') }, ...INSUTYPES.map((i) => ({ value: i, label: t(`fund.insutypeName.${i}`) }))]}
        />
        <Button
          data-testid="report-csv"
          onClick={() =>
            void download(
              '/api/v1/fund/reports/{admdvs}/{year}/csv',
              { admdvs: key.admdvs, year: key.year },
              `fund-report-${key.admdvs}-${key.year}${insutype ? `-${insutype}` : ''}.csv`,
              query,
            ).catch((e: unknown) => message.error(errorText(e)))
          }
        >
          {t('report.csv')}
        </Button>
        <Button
          data-testid="report-xlsx"
          onClick={() =>
            void download(
              '/api/v1/fund/reports/{admdvs}/{year}/xlsx',
              { admdvs: key.admdvs, year: key.year },
              `fund-report-${key.admdvs}-${key.year}${insutype ? `-${insutype}` : ''}.xlsx`,
              query,
            ).catch((e: unknown) => message.error(errorText(e)))
          }
        >
          {t('report.xlsx')}
        </Button>
      </Space>
      {report.error ? (
        <ApiErrorView error={report.error} />
      ) : (
        <>
          <Card title={t('report.chart')} size="small" loading={!r}>
            {option && <EChart option={option} height={300} testId="fund-chart" />}
          </Card>
          <Card size="small">
            <Table<FundReportRowView>
              rowKey={(x) => `${x.period}-${x.region}-${x.insutype}`}
              size="small"
              loading={report.loading}
              dataSource={rows}
              data-testid="report-rows"
              pagination={false}
              columns={[
                { title: t('report.month'), dataIndex: 'period' },
                { title: t('fund.insutype'), dataIndex: 'insutype' },
                { title: t('report.income'), dataIndex: 'incomeFen', align: 'right', render: (f: string) => formatFen(f) },
                { title: t('report.expense'), dataIndex: 'expenseFen', align: 'right', render: (f: string) => formatFen(f) },
                { title: t('report.net'), dataIndex: 'netFen', align: 'right', render: (f: string) => formatFen(f) },
                { title: t('report.ytd'), dataIndex: 'ytdNetFen', align: 'right', render: (f: string) => formatFen(f) },
                { title: t('report.balance'), dataIndex: 'balanceFen', align: 'right', render: (f: string | null) => formatFen(f) },
                { title: t('report.reserve'), dataIndex: 'monthsOfReserve', align: 'right', render: (m: string | null) => m ?? '—' },
              ]}
            />
          </Card>
          {r && r.notes.length > 0 && (
            <Card title={t('report.notes')} size="small">
              <ul style={{ margin: 0 }} data-testid="report-notes">
                {r.notes.map((n, i) => (
                  <li key={i}>{n}</li>
                ))}
              </ul>
            </Card>
          )}
        </>
      )}
    </Space>
  );
}
