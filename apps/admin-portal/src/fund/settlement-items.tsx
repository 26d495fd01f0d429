import type { StatementItemView } from '@mi/contracts';
import { Table, type TablePaginationConfig } from 'antd';
import { Link } from 'react-router';
import { formatFen } from '../format/format';
import { useI18n } from '../i18n/i18n';

/** A settlement's figures per institution and insurance type, from fen; each institution links to its statement. */
export function SettlementItems({
  items,
  admdvs,
  period,
  pagination = false,
  loading,
}: {
  items: StatementItemView[];
  admdvs: string;
  period: string;
  /** Server-side paging of a proposal's statements; none for a single institution's lines. */
  pagination?: TablePaginationConfig | false;
  loading?: boolean;
}) {
  const { t } = useI18n();
  const fen = (f: string) => formatFen(f);
  return (
    <Table<StatementItemView>
      rowKey={(i) => `${i.institutionCode}-${i.insutype}`}
      size="small"
      pagination={pagination}
      loading={loading}
      dataSource={items}
      data-testid="settlement-items"
      rowClassName={(i) => (i.heldFen !== '0' ? 'mi-flagged' : '')}
      columns={[
        {
          title: t('agreement.code'),
          dataIndex: 'institutionCode',
          render: (c: string) => <Link to={`/fund/statements/${admdvs}/${period}/${c}`}>{c}</Link>,
        },
        { title: t('fund.insutype'), dataIndex: 'insutype' },
        { title: t('fund.due'), dataIndex: 'dueFen', align: 'right', render: fen },
        { title: t('fund.carriedIn'), dataIndex: 'carriedInFen', align: 'right', render: fen },
        { title: t('fund.prepayment'), dataIndex: 'prepaymentOffsetFen', align: 'right', render: fen },
        { title: t('fund.held'), dataIndex: 'heldFen', align: 'right', render: fen },
        { title: t('fund.carriedOut'), dataIndex: 'carriedOutFen', align: 'right', render: fen },
        { title: t('fund.net'), dataIndex: 'netFen', align: 'right', render: fen },
      ]}
    />
  );
}
