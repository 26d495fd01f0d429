import type { ClearingLineView, ClearingStatementView } from '@mi/contracts';
import { Card, Descriptions, Space, Table, Tag } from 'antd';
import { useParams } from 'react-router';
import { api } from '../api/client';
import { formatFen } from '../format/format';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { ApiErrorView } from '../shell/api-error-alert';
import { EChart } from '../shell/echart';
import { regionName } from '../shell/regions';
import { useLoad } from '../shell/use-load';

/** Lines that are the band working, shown apart from the figures they come from. */
const WORKING: readonly ClearingLineView['code'][] = ['BAND', 'RETAINED', 'FUND_SHARE', 'INSTITUTION_SHARE'];
const STATUS_COLOR = { POSTED: 'green', PROVISIONAL: 'orange', WHAT_IF: 'blue' } as const;

/** Yuan as a chart number (display only: the table shows the exact amounts from fen). */
const yuan = (fen: string) => Number(BigInt(fen)) / 100;

/**
 * The chart of a clearing statement: indicator beside actual payable, and the gap split into what
 * the fund bears (retained surplus or the fund's share of the overspend) and what falls to the
 * institution (the rest of the overspend, recovered, or the surplus not retained).
 */
export function clearingChartOption(s: ClearingStatementView, t: (k: MessageKey) => string) {
  const gap = BigInt(s.actualFen) - BigInt(s.indicatorFen);
  const abs = gap < 0n ? -gap : gap;
  const fundPart = s.kind === 'on-target' ? 0n : BigInt(s.adjustmentFen);
  const institutionPart = s.kind === 'on-target' ? 0n : abs - fundPart;
  const cats = [t('clearing.chart.indicator'), t('clearing.chart.actual'), t(`clearing.kind.${s.kind}`)];
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [t('clearing.chart.indicator'), t('clearing.chart.fund'), t('clearing.chart.institution')] },
    grid: { left: 90, right: 20, top: 48, bottom: 30, containLabel: true },
    xAxis: { type: 'category', data: cats },
    yAxis: { type: 'value', name: '¥' },
    series: [
      { name: t('clearing.chart.indicator'), type: 'bar', stack: 'a', data: [yuan(s.indicatorFen), yuan(s.actualFen), null], itemStyle: { color: '#1f5fa8' } },
      { name: t('clearing.chart.fund'), type: 'bar', stack: 'a', data: [null, null, yuan(fundPart.toString())], itemStyle: { color: '#52a36b' } },
      { name: t('clearing.chart.institution'), type: 'bar', stack: 'a', data: [null, null, yuan(institutionPart.toString())], itemStyle: { color: '#d9822b' } },
    ],
  };
}

/** 机构清算单: an institution's year-end clearing line by line (INDICATOR … CLEARING_AMOUNT), as posted or provisional, with a chart. */
export function ClearingStatementPage() {
  const { admdvs = '', year = '', insutype = '', code = '' } = useParams();
  const { t, lang } = useI18n();
  const path = { admdvs, year, insutype, institutionCode: code };
  const loaded = useLoad(
    () => api.get('/api/v1/fund/year-end-clearings/{admdvs}/{year}/{insutype}/statements/{institutionCode}', { path }),
    [admdvs, year, insutype, code],
  );
  if (loaded.error) return <ApiErrorView error={loaded.error} />;
  const s = loaded.data;
  if (!s) return <Card loading />;
  return (
    <ClearingStatementCard
      statement={s}
      title={`${t('clearing.statement')} ${code} · ${year} · ${t(`fund.insutypeName.${insutype as '310'}`)} · ${regionName(admdvs, lang)}`}
    />
  );
}

/** A clearing statement (posted, provisional or what-if): figures, chart and lines. */
export function ClearingStatementCard({ statement: s, title }: { statement: ClearingStatementView; title: string }) {
  const { t } = useI18n();
  const clearing = BigInt(s.clearingFen);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Card
        title={
          <Space wrap>
            {title}
            <Tag color={STATUS_COLOR[s.status]} data-testid="clearing-status">
              {t(`clearing.status.${s.status}`)}
            </Tag>
          </Space>
        }
      >
        <Descriptions column={{ xs: 1, md: 3 }} size="small" bordered>
          <Descriptions.Item label={t('clearing.indicator')}>{formatFen(s.indicatorFen)}</Descriptions.Item>
          <Descriptions.Item label={t('clearing.actualOne')}>{formatFen(s.actualFen)}</Descriptions.Item>
          <Descriptions.Item label={t('clearing.kind')}>
            <Tag color={s.kind === 'overspend' ? 'red' : s.kind === 'surplus' ? 'green' : 'default'} data-testid="clearing-kind">
              {t(`clearing.kind.${s.kind}`)}
            </Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('clearing.adjustment')}>{formatFen(s.adjustmentFen)}</Descriptions.Item>
          <Descriptions.Item label={t('clearing.amount')}>
            <span data-testid="clearing-amount" style={{ color: clearing < 0n ? '#cf1322' : undefined, fontWeight: 600 }}>
              {formatFen(s.clearingFen)}
            </span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('clearing.chart')} size="small">
        <EChart option={clearingChartOption(s, t)} height={260} testId="clearing-chart" />
      </Card>
      <Card size="small">
        <Table<ClearingLineView>
          rowKey={(l) => `${l.code}-${s.lines.indexOf(l)}`}
          size="small"
          pagination={false}
          dataSource={s.lines}
          data-testid="clearing-lines"
          rowClassName={(l) => (WORKING.includes(l.code) ? 'mi-working' : l.code === 'CLEARING_AMOUNT' ? 'mi-total' : '')}
          columns={[
            {
              title: t('fund.line'),
              dataIndex: 'label',
              render: (label: string, l) => (WORKING.includes(l.code) ? <span style={{ paddingInlineStart: 16 }}>{label}</span> : label),
            },
            { title: t('fund.count'), dataIndex: 'count', align: 'right', render: (n?: number) => n ?? '' },
            { title: t('fund.amount'), dataIndex: 'amountFen', align: 'right', render: (f: string) => formatFen(f) },
          ]}
        />
      </Card>
    </Space>
  );
}
