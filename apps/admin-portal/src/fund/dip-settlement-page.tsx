import type { ApprovalView, DipSettlementItemView, DipSettlementProposal, DipSettlementView } from '@mi/contracts';
import { Alert, Button, Card, Descriptions, Form, Input, Space, Table, type TablePaginationConfig, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../api/client';
import { ApiError } from '../api/problem';
import { useAuth } from '../auth/auth';
import { formatFen, shanghaiToday } from '../format/format';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { ApiErrorView } from '../shell/api-error-alert';
import { ApprovalNote } from '../shell/approval-note';
import { FormDialog } from '../shell/form-dialog';
import { regionName } from '../shell/regions';
import { useLoad } from '../shell/use-load';
import { useServerPaging } from '../shell/use-server-paging';
import { signedFen } from './case-grouping-page';
import { refusedAtField } from './field-refusal';
import { type FundKey, FundKeyForm, useFundKey, YEAR } from './fund-key';
import { useProposalItems } from './proposal-items';

type DipSummary = DipSettlementView['summary'];

const thisYear = () => Number(shanghaiToday().slice(0, 4));

/** Why a year has nothing to settle, said as information rather than as a failure: no DIP scheme that year (404), or no grouped DIP case. */
function nothingToSettle(e: unknown): MessageKey | undefined {
  if (!(e instanceof ApiError)) return undefined;
  if (e.status === 404) return 'dip.noScheme';
  if (e.code === 'FUND.NO_DIP_CASES') return 'dip.noCases';
  return undefined;
}

/**
 * DIP 年终结算 (结算点值): after the year, every grouped DIP case of a city is paid again at the
 * settlement point value (what the budget leaves after the reserve ÷ the year's points) and the
 * difference to what its grouping paid at the budget point value goes to or comes back from each
 * institution. Shown as posted, or provisional (what a proposal would compute now); city officers
 * propose it, another officer approves it in 待我审批 · 基金结算.
 */
export function DipSettlementPage() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  // Only an ended year is settled: the last one by default.
  const [key, setKey] = useFundKey(String(thisYear() - 1));
  const paging = useServerPaging(50);
  const settlement = useLoad(
    () => api.get('/api/v1/fund/case-payment/dip-settlements/{admdvs}/{year}', { path: { admdvs: key.admdvs, year: key.year }, query: paging.query }),
    [key.admdvs, key.year, paging.page],
  );
  const [proposing, setProposing] = useState(false);
  const [proposed, setProposed] = useState<ApprovalView<DipSettlementProposal>>();
  const view = settlement.data;
  const none = nothingToSettle(settlement.error);
  const ended = Number(key.year) < thisYear();
  const mayPropose = (user?.roles.includes('city-officer') ?? false) && !settlement.error && view?.status === 'PROVISIONAL' && ended;

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={4}>{t('nav.dipSettlements')}</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('dip.hint')}
      </Typography.Paragraph>
      <FundKeyForm
        value={key}
        withInsutype={false}
        onChange={(k) => {
          paging.toFirstPage();
          setKey(k);
        }}
      />
      {proposed && (
        <Card title={t('dip.proposed', { year: proposed.payload.year })} data-testid="dip-proposed">
          <Space orientation="vertical" style={{ width: '100%' }}>
            <ApprovalNote approval={proposed} context="fund" />
            <DipSettlementFigures summary={proposed.payload} />
          </Space>
        </Card>
      )}
      <Card
        title={t('dip.title', { city: regionName(key.admdvs, lang), year: key.year })}
        loading={settlement.loading && !view && !settlement.error}
        extra={
          mayPropose && (
            <Button type="primary" onClick={() => setProposing(true)} data-testid="propose-dip">
              {t('dip.propose')}
            </Button>
          )
        }
      >
        {none ? (
          <Alert type="info" showIcon title={t(none, { year: key.year })} data-testid="dip-none" />
        ) : settlement.error ? (
          <ApiErrorView error={settlement.error} />
        ) : (
          view && (
            <Space orientation="vertical" style={{ width: '100%' }} size="middle">
              {!ended && <Alert type="warning" showIcon title={t('dip.notEnded', { year: key.year })} data-testid="dip-not-ended" />}
              <DipSettlementFigures summary={view.summary} status={view.status} approvalId={view.approvalId} />
              <DipItemsTable
                items={view.items}
                loading={settlement.loading}
                posted={view.status === 'POSTED'}
                pagination={{ ...paging.pagination(view.total), hideOnSinglePage: true }}
              />
            </Space>
          )
        )}
      </Card>
      {proposing && (
        <ProposeDipDialog
          k={key}
          onClose={() => setProposing(false)}
          onDone={(a) => {
            setProposed(a);
            setProposing(false);
          }}
        />
      )}
    </Space>
  );
}

/** A DIP settlement's figures (posted, provisional or as proposed): both point values in the server's words, what they divide, the cases and the total difference. */
export function DipSettlementFigures({
  summary: s,
  status,
  approvalId,
}: {
  summary: DipSummary;
  status?: DipSettlementView['status'];
  approvalId?: string | null;
}) {
  const { t, lang } = useI18n();
  return (
    <Descriptions column={{ xs: 1, md: 3 }} size="small" bordered data-testid="dip-figures">
      <Descriptions.Item label={t('dip.settlement')} span={status ? 1 : 3}>
        {regionName(s.admdvs, lang)} · {s.year} · {t('casePay.versionN', { n: s.schemeVersion })}
      </Descriptions.Item>
      {status && (
        <Descriptions.Item label={t('common.status')} span={2}>
          <span data-testid="dip-status">
            <Tag color={status === 'POSTED' ? 'green' : 'orange'}>{t(`dip.status.${status}`)}</Tag>
            {approvalId && t('dip.approval', { id: approvalId })}
          </span>
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('dip.budgetPointValue')} span={3}>
        <span data-testid="dip-budget-point-value">{s.budgetPointValue}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('dip.available')}>
        <span data-testid="dip-available">{formatFen(s.availableFen)}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('dip.totalPoints')}>
        <span data-testid="dip-total-points">{s.totalPoints}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('dip.cases')}>
        <span data-testid="dip-cases">{t('dip.casesOf', { cases: s.cases, institutions: s.institutions })}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('dip.settlementPointValue')} span={3}>
        <span data-testid="dip-settlement-point-value">{s.settlementPointValue}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('dip.totalAdjustment')} span={3}>
        <span data-testid="dip-total-adjustment">{signedFen(s.totalAdjustmentFen)}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('casePay.digest')} span={3}>
        <Typography.Text code copyable>
          {s.digest}
        </Typography.Text>
      </Descriptions.Item>
    </Descriptions>
  );
}

/** Each institution and insurance type: its cases and points, paid at the budget point value, due at the settlement point value, the difference (and, posted, its entry). */
function DipItemsTable({
  items,
  loading,
  pagination,
  posted = false,
}: {
  items: DipSettlementItemView[];
  loading: boolean;
  pagination: TablePaginationConfig;
  posted?: boolean;
}) {
  const { t } = useI18n();
  const fen = (f: string) => formatFen(f);
  return (
    <Table<DipSettlementItemView>
      rowKey={(i) => `${i.institutionCode}/${i.insutype}`}
      size="small"
      loading={loading}
      dataSource={items}
      data-testid="dip-items"
      title={() => t('dip.items')}
      pagination={pagination}
      columns={[
        { title: t('indicator.institution'), dataIndex: 'institutionCode' },
        { title: t('fund.insutype'), dataIndex: 'insutype' },
        { title: t('dip.itemCases'), dataIndex: 'cases', align: 'right' },
        { title: t('dip.points'), dataIndex: 'points', align: 'right' },
        { title: t('dip.paid'), dataIndex: 'paidFen', align: 'right', render: fen },
        { title: t('dip.settled'), dataIndex: 'settledFen', align: 'right', render: fen },
        { title: t('cases.adjustment'), dataIndex: 'adjustmentFen', align: 'right', render: (f: string) => signedFen(f) },
        ...(posted ? [{ title: t('dip.entry'), dataIndex: 'entryId', render: (id?: string | null) => id ?? '—' }] : []),
      ]}
    />
  );
}

/** A DIP settlement proposal in the approvals inbox: its figures and its institutions, a page at a time from the approval's items. */
export function DipSettlementProposalPayload({ approval }: { approval: ApprovalView }) {
  const p = approval.payload as DipSettlementProposal;
  const items = useProposalItems<DipSettlementItemView>('fund', approval.id, 20);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="approval-payload">
      <DipSettlementFigures summary={p} />
      {items.error ? <ApiErrorView error={items.error} /> : <DipItemsTable items={items.items} loading={items.loading} pagination={items.pagination} />}
    </Space>
  );
}

interface ProposeValues {
  year: string;
  reason: string;
}

/**
 * 提出 DIP 年终结算: an ended year and a reason. The server computes the figures again when the
 * proposal is approved and refuses it if the year's cases changed since; its refusals (year not
 * ended, already posted, no cases) appear at the year.
 */
function ProposeDipDialog({ k, onClose, onDone }: { k: FundKey; onClose(): void; onDone(a: ApprovalView<DipSettlementProposal>): void }) {
  const { t, lang } = useI18n();
  return (
    <FormDialog<ProposeValues>
      title={`${t('dip.propose')} · ${regionName(k.admdvs, lang)}`}
      testId="dip-form"
      initialValues={{ year: k.year }}
      onClose={onClose}
      onSubmit={async (v) => {
        const body = { admdvs: k.admdvs, year: Number(v.year.trim()), reason: v.reason.trim() };
        onDone(await refusedAtField(api.post('/api/v1/fund/case-payment/dip-settlements', { body })));
      }}
    >
      <Alert type="info" showIcon title={t('dip.proposeHint')} style={{ marginBottom: 12 }} />
      <Form.Item
        name="year"
        label={t('fund.year')}
        rules={[
          { required: true, pattern: YEAR, message: t('fund.yearInvalid') },
          {
            validator: (_, v?: string) =>
              !YEAR.test(v?.trim() ?? '') || Number(v) < thisYear() ? Promise.resolve() : Promise.reject(new Error(t('dip.yearNotEnded'))),
          },
        ]}
      >
        <Input style={{ width: 120 }} />
      </Form.Item>
      <Form.Item name="reason" label={t('common.reason')} rules={[{ required: true, whitespace: true, min: 2, max: 500, message: t('plan.textInvalid') }]}>
        <Input.TextArea rows={3} maxLength={500} />
      </Form.Item>
    </FormDialog>
  );
}
