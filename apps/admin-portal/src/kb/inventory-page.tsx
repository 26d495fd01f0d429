import type { StockLineView } from '@mi/contracts';
import { Alert, Input, Space, Switch, Table, Typography } from 'antd';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../api/client';
import { ApiError } from '../api/problem';
import { formatDate } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { ApiErrorView } from '../shell/api-error-alert';
import { useLoad } from '../shell/use-load';
import { useServerPaging } from '../shell/use-server-paging';

/** A quantity (exact decimal string from the server), red when negative: sold beyond what was in stock. */
export function Quantity({ value }: { value: string | null }) {
  if (value === null) return <>—</>;
  return value.startsWith('-') ? (
    <Typography.Text type="danger" strong className="mi-negative">
      {value}
    </Typography.Text>
  ) : (
    <>{value}</>
  );
}

/**
 * 进销存 of an institution from its HIS uploads (3501–3506): per item since its last stocktake —
 * counted, purchased, returned, sold, the balance now and the lowest running balance — paged by the
 * server; `?shortOnly=true` keeps only the items sold beyond stock (an alert links there).
 */
export function InventoryPage() {
  const { code } = useParams();
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const shortOnly = params.get('shortOnly') === 'true';
  const paging = useServerPaging();
  const stock = useLoad(
    () =>
      code
        ? api.get('/api/v1/kb/inventory/{institutionCode}', {
            path: { institutionCode: code },
            query: { shortOnly: shortOnly ? 'true' : undefined, ...paging.query },
          })
        : Promise.resolve(undefined),
    [code, shortOnly, paging.page],
  );

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4}>
        {t('inventory.title')}
        {code ? ` · ${code}` : ''}
      </Typography.Title>
      <Space wrap>
        <Input.Search
          key={code}
          placeholder={t('inventory.search')}
          defaultValue={code}
          enterButton={t('common.search')}
          style={{ width: 360 }}
          onSearch={(v) => v.trim() && navigate(`/kb/inventory/${v.trim().toUpperCase()}${shortOnly ? '?shortOnly=true' : ''}`)}
          data-testid="inventory-search"
        />
        <Space>
          <Switch
            checked={shortOnly}
            data-testid="short-only"
            onChange={(v) => {
              setParams(v ? { shortOnly: 'true' } : {}, { replace: true });
              paging.toFirstPage();
            }}
          />
          {t('inventory.shortOnly')}
        </Space>
      </Space>
      {stock.error instanceof ApiError && stock.error.status === 404 ? (
        // The service answers 404 both for an institution with no 35xx upload and for one outside the user's region.
        <Alert type="info" showIcon title={t('inventory.none', { code: code ?? '' })} data-testid="inventory-none" />
      ) : stock.error ? (
        <ApiErrorView error={stock.error} />
      ) : null}
      {code && !stock.error && (
        <Table<StockLineView>
          rowKey="medListCodg"
          size="small"
          loading={stock.loading}
          dataSource={stock.data?.items}
          data-testid="inventory-table"
          pagination={paging.pagination(stock.data?.total)}
          scroll={{ x: 'max-content' }}
          rowClassName={(l) => (l.lowest.startsWith('-') ? 'mi-flagged' : '')}
          columns={[
            { title: t('inventory.code'), dataIndex: 'medListCodg' },
            { title: t('inventory.item'), dataIndex: 'name' },
            { title: t('inventory.stocktakeAt'), dataIndex: 'stocktakeAt', render: (at: string | null) => (at ? formatDate(at) : t('inventory.noStocktake')) },
            { title: t('inventory.stocktake'), dataIndex: 'stocktake', align: 'right', render: (v: string | null) => <Quantity value={v} /> },
            { title: t('inventory.purchased'), dataIndex: 'purchased', align: 'right', render: (v: string) => <Quantity value={v} /> },
            { title: t('inventory.purchaseReturned'), dataIndex: 'purchaseReturned', align: 'right', render: (v: string) => <Quantity value={v} /> },
            { title: t('inventory.sold'), dataIndex: 'sold', align: 'right', render: (v: string) => <Quantity value={v} /> },
            { title: t('inventory.saleReturned'), dataIndex: 'saleReturned', align: 'right', render: (v: string) => <Quantity value={v} /> },
            { title: t('inventory.balance'), dataIndex: 'balance', align: 'right', render: (v: string) => <Quantity value={v} /> },
            { title: t('inventory.lowest'), dataIndex: 'lowest', align: 'right', render: (v: string) => <Quantity value={v} /> },
          ]}
        />
      )}
    </Space>
  );
}
