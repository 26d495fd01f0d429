import type { StatementItemView, StatementLineView } from '@mi/contracts';
import { App, Button, Card, Descriptions, Space, Table, Tag } from 'antd';
import { useParams } from 'react-router';
import { api, download } from '../api/client';
import { errorText } from '../api/problem';
import { formatFen } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { ApiErrorView } from '../shell/api-error-alert';
import { regionName } from '../shell/regions';
import { useLoad } from '../shell/use-load';
import { SettlementItems } from './settlement-items';

/** Lines shown apart: late items of earlier months, carry-forward and payment holds. */
const MARKED: readonly StatementLineView['code'][] = ['LATE_SETTLEMENTS', 'LATE_DEDUCTIONS', 'CARRIED_IN', 'CARRIED_OUT', 'HELD'];

/** 机构结算单: one institution's statement of a month, line by line per insurance type, and its CSV or Excel workbook. */
export function StatementPage() {
  const { admdvs = '', period = '', code = '' } = useParams();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const path = { admdvs, period, institutionCode: code };
  const loaded = useLoad(() => api.get('/api/v1/fund/monthly-settlements/{admdvs}/{period}/statements/{institutionCode}', { path }), [admdvs, period, code]);
  if (loaded.error) return <ApiErrorView error={loaded.error} />;
  const s = loaded.data;
  if (!s) return <Card loading />;
  const total = s.items.reduce((n, i) => n + BigInt(i.netFen), 0n);

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Card
        title={
          <Space>
            {t('fund.statement')} {code} · {period}
            <Tag color={s.status === 'SETTLED' ? 'green' : 'orange'} data-testid="statement-status">
              {t(`fund.status.${s.status}`)}
            </Tag>
          </Space>
        }
        extra={
          <Space>
            <Button
              data-testid="csv"
              onClick={() =>
                void download('/api/v1/fund/monthly-settlements/{admdvs}/{period}/statements/{institutionCode}/csv', path, `${code}-${period}.csv`).catch(
                  (e: unknown) => message.error(errorText(e)),
                )
              }
            >
              {t('fund.csv')}
            </Button>
            <Button
              data-testid="xlsx"
              onClick={() =>
                void download('/api/v1/fund/monthly-settlements/{admdvs}/{period}/statements/{institutionCode}/xlsx', path, `${code}-${period}.xlsx`).catch(
                  (e: unknown) => message.error(errorText(e)),
                )
              }
            >
              {t('fund.xlsx')}
            </Button>
          </Space>
        }
      >
        <Descriptions column={3} size="small" bordered>
          <Descriptions.Item label={t('fund.city')}>{regionName(s.admdvs, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('fund.period')}>{s.period}</Descriptions.Item>
          <Descriptions.Item label={t('fund.totalNet')}>
            <span data-testid="statement-total">{formatFen(total)}</span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <SettlementItems items={s.items} admdvs={s.admdvs} period={s.period} />
      {s.items.map((i) => (
        <StatementLines key={i.insutype} item={i} />
      ))}
    </Space>
  );
}

function StatementLines({ item }: { item: StatementItemView }) {
  const { t } = useI18n();
  return (
    <Card title={`${t('fund.insutype')} ${item.insutype}`} size="small">
      <Table<StatementLineView>
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={item.lines}
        data-testid={`lines-${item.insutype}`}
        rowClassName={(l) => (MARKED.includes(l.code) && l.amountFen !== '0' ? 'mi-flagged' : '')}
        columns={[
          { title: t('fund.line'), dataIndex: 'label' },
          { title: t('fund.count'), dataIndex: 'count', align: 'right', render: (n?: number) => n ?? '' },
          { title: t('fund.amount'), dataIndex: 'amountFen', align: 'right', render: (f: string) => formatFen(f) },
        ]}
      />
    </Card>
  );
}
