import type {
  AnnualBudgetProposal,
  ApprovalView,
  CountyShortfallPostingProposal,
  DisbursementRequestProposal,
  MonthlyPrepaymentItemView,
  MonthlyPrepaymentProposal,
  TerminatedHoldDecisionProposal,
  TotalControlIndicatorsProposal,
  YearEndClearingProposal,
} from '@mi/contracts';
import { Descriptions, Table, Typography } from 'antd';
import { formatDateTime, formatFen } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { ApiErrorView } from '../shell/api-error-alert';
import { regionName } from '../shell/regions';
import { SchemeProposalPayload } from './case-scheme-page';
import { SummaryView } from './clearing-page';
import { ShortfallView } from './county-fund-page';
import { DipSettlementProposalPayload } from './dip-settlement-page';
import { DisbursementSummary } from './fund-use-plan-page';
import { useProposalItems } from './proposal-items';
import { RunStatements } from './run-statements';
import { HeldAmounts } from './terminated-hold-page';

/** The fund's maker-checker actions whose payload the inbox can show. */
export const FUND_ACTIONS = [
  'fund.monthly-settlement',
  'fund.annual-budget',
  'fund.total-control-indicators',
  'fund.monthly-prepayment',
  'fund.year-end-clearing',
  'fund.disbursement-request',
  'fund.county-shortfall-posting',
  'fund.terminated-hold-decision',
  'fund.case-payment-scheme',
  'fund.dip-settlement',
] as const;

export const isFundAction = (action: string) => (FUND_ACTIONS as readonly string[]).includes(action);

/** What a fund proposal asks the approver to approve, in figures (¥ from fen), beside the inbox row. */
export function FundApprovalPayload({ approval }: { approval: ApprovalView }) {
  const { t, lang } = useI18n();
  const fen = (f: string | null | undefined) => formatFen(f);
  switch (approval.action) {
    case 'fund.annual-budget': {
      const p = approval.payload as AnnualBudgetProposal;
      const b = p.budget;
      return (
        <Descriptions column={3} size="small" bordered data-testid="approval-payload">
          <Descriptions.Item label={t('budget.income')}>
            {fen(b.incomeFen)}
            {p.before && ` ← ${fen(p.before.incomeFen)}`}
          </Descriptions.Item>
          <Descriptions.Item label={t('budget.expenditure')}>
            {fen(b.expenditureFen)}
            {p.before && ` ← ${fen(p.before.expenditureFen)}`}
          </Descriptions.Item>
          <Descriptions.Item label={t('budget.reserveShare')}>{b.reserveSharePercent}%</Descriptions.Item>
          <Descriptions.Item label={t('budget.reserve')}>{fen(b.reserveFen)}</Descriptions.Item>
          <Descriptions.Item label={t('budget.available')}>{fen(b.availableFen)}</Descriptions.Item>
          <Descriptions.Item label={t('budget.prepaymentShare')}>{b.prepaymentSharePercent}%</Descriptions.Item>
          <Descriptions.Item label={t('budget.explanation')} span={3}>
            {b.explanation.join('；')}
          </Descriptions.Item>
        </Descriptions>
      );
    }
    case 'fund.total-control-indicators': {
      const p = approval.payload as TotalControlIndicatorsProposal;
      return (
        <Table
          rowKey="institutionCode"
          size="small"
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          dataSource={p.indicators}
          data-testid="approval-payload"
          title={() => `${t('indicator.after')} ${fen(p.indicatorsAfterFen)} / ${t('budget.expenditure')} ${fen(p.expenditureFen)}`}
          columns={[
            { title: t('indicator.institution'), dataIndex: 'institutionCode' },
            { title: t('indicator.amount'), dataIndex: 'indicatorFen', align: 'right', render: fen },
            { title: t('indicator.before'), dataIndex: 'beforeFen', align: 'right', render: fen },
          ]}
        />
      );
    }
    case 'fund.monthly-prepayment':
      return <PrepaymentItems approval={approval} />;
    case 'fund.year-end-clearing': {
      const p = approval.payload as YearEndClearingProposal;
      return (
        <div data-testid="approval-payload">
          {t('fund.cutoff')}: {formatDateTime(p.cutoff)}
          <SummaryView summary={p.summary} />
        </div>
      );
    }
    case 'fund.monthly-settlement':
      return (
        <div data-testid="approval-payload">
          <RunStatements run={approval} />
        </div>
      );
    case 'fund.disbursement-request': {
      const p = approval.payload as DisbursementRequestProposal;
      return (
        <div data-testid="approval-payload">
          <Typography.Paragraph>
            {regionName(p.summary.city, lang)} · {p.summary.period} · {p.summary.insutype}
          </Typography.Paragraph>
          <DisbursementSummary summary={p.summary} />
        </div>
      );
    }
    case 'fund.county-shortfall-posting': {
      const p = approval.payload as CountyShortfallPostingProposal;
      return (
        <div data-testid="approval-payload">
          <Typography.Paragraph>
            {regionName(p.shortfall.county, lang)} · {p.shortfall.year} · {p.shortfall.insutype}
          </Typography.Paragraph>
          <ShortfallView view={p.shortfall} />
        </div>
      );
    }
    case 'fund.terminated-hold-decision': {
      const p = approval.payload as TerminatedHoldDecisionProposal;
      return (
        <div data-testid="approval-payload">
          <Descriptions column={3} size="small" bordered style={{ marginBottom: 8 }}>
            <Descriptions.Item label={t('indicator.institution')}>{p.institutionCode}</Descriptions.Item>
            <Descriptions.Item label={t('hold.outcome')}>{t(`hold.outcome.${p.outcome}`)}</Descriptions.Item>
            <Descriptions.Item label={t('hold.legalBasis')}>{p.legalBasis}</Descriptions.Item>
          </Descriptions>
          <HeldAmounts heldFen={p.heldFen} />
        </div>
      );
    }
    case 'fund.case-payment-scheme':
      return <SchemeProposalPayload approval={approval} />;
    case 'fund.dip-settlement':
      return <DipSettlementProposalPayload approval={approval} />;
    default:
      return null;
  }
}

/** A proposed prepayment's total and its items with their working, paged from the server. */
function PrepaymentItems({ approval }: { approval: ApprovalView }) {
  const { t } = useI18n();
  const p = approval.payload as MonthlyPrepaymentProposal;
  const items = useProposalItems<MonthlyPrepaymentItemView>('fund', approval.id, 10);
  const fen = (f: string) => formatFen(f);
  if (items.error) return <ApiErrorView error={items.error} />;
  return (
    <Table<MonthlyPrepaymentItemView>
      rowKey={(i) => `${i.institutionCode}-${i.insutype}`}
      size="small"
      loading={items.loading}
      pagination={items.pagination}
      dataSource={items.items}
      data-testid="approval-payload"
      title={() => `${p.period} · ${t('prepay.items')} ${p.itemCount} · ${t('prepay.total')} ${fen(p.totalFen)}`}
      columns={[
        { title: t('agreement.code'), dataIndex: 'institutionCode' },
        { title: t('fund.insutype'), dataIndex: 'insutype' },
        { title: t('prepay.amount'), dataIndex: 'amountFen', align: 'right', render: fen },
        { title: t('prepay.working'), dataIndex: 'explanation' },
      ]}
    />
  );
}
