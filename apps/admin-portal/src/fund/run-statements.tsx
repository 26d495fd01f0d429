import type { ApprovalView, MonthlySettlementProposal, StatementItemView } from '@mi/contracts';
import { Descriptions, Space } from 'antd';
import { formatDateTime, formatFen } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { ApiErrorView } from '../shell/api-error-alert';
import { useProposalItems } from './proposal-items';
import { SettlementItems } from './settlement-items';

/** A proposed run's totals and its statements, paged from the server (a big city's run has thousands). */
export function RunStatements({ run }: { run: ApprovalView }) {
  const { t } = useI18n();
  const p = run.payload as MonthlySettlementProposal;
  const statements = useProposalItems<StatementItemView>('fund', run.id);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Descriptions column={4} size="small" bordered data-testid="run-summary">
        <Descriptions.Item label={t('fund.institutions')}>{p.institutions}</Descriptions.Item>
        <Descriptions.Item label={t('fund.statements')}>{p.statements}</Descriptions.Item>
        <Descriptions.Item label={t('fund.due')}>{formatFen(p.totalDueFen)}</Descriptions.Item>
        <Descriptions.Item label={t('fund.prepayment')}>{formatFen(p.totalPrepaymentOffsetFen)}</Descriptions.Item>
        <Descriptions.Item label={t('fund.held')}>
          {formatFen(p.totalHeldFen)}
          {p.heldStatements > 0 && ` (${p.heldStatements})`}
        </Descriptions.Item>
        <Descriptions.Item label={t('fund.carriedOut')}>{formatFen(p.totalCarriedOutFen)}</Descriptions.Item>
        <Descriptions.Item label={t('fund.net')}>{formatFen(p.totalNetFen)}</Descriptions.Item>
        <Descriptions.Item label={t('fund.cutoff')}>{formatDateTime(p.cutoff)}</Descriptions.Item>
      </Descriptions>
      {statements.error ? (
        <ApiErrorView error={statements.error} />
      ) : (
        <SettlementItems items={statements.items} admdvs={p.admdvs} period={p.period} pagination={statements.pagination} loading={statements.loading} />
      )}
    </Space>
  );
}
