import type { AnnualBudgetView, ApprovalView, TotalControlIndicatorView } from '@mi/contracts';
import { Alert, Button, Card, Descriptions, Form, Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../api/client';
import { ApiError } from '../api/problem';
import { useAuth } from '../auth/auth';
import { formatDateTime, formatFen, yuanToFen } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { ApiErrorView } from '../shell/api-error-alert';
import { ApprovalNote } from '../shell/approval-note';
import { FormDialog } from '../shell/form-dialog';
import { yuanRules } from '../shell/money-rules';
import { useLoad } from '../shell/use-load';
import { BandList, type FundKey, FundKeyForm, INSTITUTION, PERCENT, useFundKey } from './fund-key';

/** The budget of a key, or undefined when none is approved (404). */
async function budgetOf(k: FundKey): Promise<AnnualBudgetView | undefined> {
  try {
    return await api.get('/api/v1/fund/budgets/{admdvs}/{year}/{insutype}', { path: k });
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return undefined;
    throw e;
  }
}

/** 年度预算与总额控制指标: a city's budget of a year and insurance type, explained, its institutions' indicators, and proposing either (approved in 待我审批 · fund). */
export function BudgetPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const [key, setKey] = useFundKey();
  const budget = useLoad(() => budgetOf(key), [key.admdvs, key.year, key.insutype]);
  const [filter, setFilter] = useState<string>();
  const indicators = useLoad(
    () => api.get('/api/v1/fund/budgets/{admdvs}/{year}/{insutype}/indicators', { path: key, query: { institutionCode: filter } }),
    [key.admdvs, key.year, key.insutype, filter],
  );
  const [dialog, setDialog] = useState<'budget' | 'indicators'>();
  const [proposed, setProposed] = useState<ApprovalView>();
  const officer = user?.roles.includes('city-officer') ?? false;
  const b = budget.data;

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={4}>{t('nav.fundBudgets')}</Typography.Title>
      <FundKeyForm value={key} onChange={setKey} />
      {proposed && <ApprovalNote approval={proposed} context="fund" />}
      <Card
        title={t('budget.title')}
        loading={budget.loading && !budget.data}
        extra={
          officer && (
            <Button type="primary" onClick={() => setDialog('budget')} data-testid="propose-budget">
              {t('budget.propose')}
            </Button>
          )
        }
      >
        {budget.error ? (
          <ApiErrorView error={budget.error} />
        ) : !b ? (
          <Alert type="info" showIcon title={t('budget.none')} data-testid="no-budget" />
        ) : (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Descriptions column={{ xs: 1, md: 3 }} size="small" bordered data-testid="budget">
              <Descriptions.Item label={t('budget.income')}>{formatFen(b.incomeFen)}</Descriptions.Item>
              <Descriptions.Item label={t('budget.expenditure')}>{formatFen(b.expenditureFen)}</Descriptions.Item>
              <Descriptions.Item label={t('budget.reserveShare')}>{b.reserveSharePercent}%</Descriptions.Item>
              <Descriptions.Item label={t('budget.reserve')}>{formatFen(b.reserveFen)}</Descriptions.Item>
              <Descriptions.Item label={t('budget.available')}>{formatFen(b.availableFen)}</Descriptions.Item>
              <Descriptions.Item label={t('budget.indicatorsTake')}>
                {formatFen(b.indicatorsFen ?? '0')}（{t('budget.indicatorCount', { n: b.indicatorCount ?? 0 })}）
              </Descriptions.Item>
              <Descriptions.Item label={t('budget.prepaymentShare')}>{b.prepaymentSharePercent}%</Descriptions.Item>
              <Descriptions.Item label={t('band.overspend')}>
                <BandList bands={b.clearingBands} side="overspend" />
              </Descriptions.Item>
              <Descriptions.Item label={t('band.surplus')}>
                <BandList bands={b.clearingBands} side="surplus" />
              </Descriptions.Item>
            </Descriptions>
            <Typography.Text strong>{t('budget.explanation')}</Typography.Text>
            <ol style={{ margin: 0 }} data-testid="budget-explanation">
              {b.explanation.map((line, i) => (
                <li key={i}>{line}</li>
              ))}
            </ol>
            {b.approvedBy && (
              <Typography.Text type="secondary">{t('fund.approvedBy', { name: b.approvedBy, at: formatDateTime(b.approvedAt) })}</Typography.Text>
            )}
          </Space>
        )}
      </Card>
      <Card
        title={t('indicator.title')}
        extra={
          <Space>
            <Input.Search
              allowClear
              placeholder={t('agreement.code')}
              style={{ width: 200 }}
              onSearch={(v) => setFilter(INSTITUTION.test(v.trim()) ? v.trim().toUpperCase() : undefined)}
              data-testid="indicator-filter"
            />
            {officer && (
              <Button onClick={() => setDialog('indicators')} data-testid="propose-indicators">
                {t('indicator.propose')}
              </Button>
            )}
          </Space>
        }
      >
        {indicators.error ? (
          <ApiErrorView error={indicators.error} />
        ) : (
          <Table<TotalControlIndicatorView>
            rowKey="institutionCode"
            size="small"
            loading={indicators.loading}
            dataSource={indicators.data?.items}
            data-testid="indicators-table"
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            summary={() =>
              indicators.data && (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>{t('indicator.total')}</Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">
                    {formatFen(indicators.data.totalFen)}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2} colSpan={2} />
                </Table.Summary.Row>
              )
            }
            columns={[
              { title: t('indicator.institution'), dataIndex: 'institutionCode' },
              { title: t('indicator.amount'), dataIndex: 'indicatorFen', align: 'right', render: (f: string) => formatFen(f) },
              { title: t('indicator.approvedBy'), dataIndex: 'approvedBy' },
              { title: t('indicator.approvedAt'), dataIndex: 'approvedAt', render: formatDateTime },
            ]}
          />
        )}
      </Card>
      {dialog === 'budget' && (
        <ProposeBudgetDialog
          k={key}
          onClose={() => setDialog(undefined)}
          onDone={(a) => {
            setProposed(a);
            setDialog(undefined);
          }}
        />
      )}
      {dialog === 'indicators' && (
        <ProposeIndicatorsDialog
          k={key}
          onClose={() => setDialog(undefined)}
          onDone={(a) => {
            setProposed(a);
            setDialog(undefined);
          }}
        />
      )}
    </Space>
  );
}

interface BudgetValues {
  income: string;
  expenditure: string;
  reserveSharePercent: string;
  prepaymentSharePercent?: string;
  reason: string;
}

/** 提出年度预算: amounts typed in yuan, sent as fen; an unbalanced budget is refused at the expenditure with the server's figures. */
function ProposeBudgetDialog({ k, onClose, onDone }: { k: FundKey; onClose(): void; onDone(a: ApprovalView): void }) {
  const { t } = useI18n();
  return (
    <FormDialog<BudgetValues>
      title={`${t('budget.propose')} · ${k.admdvs} · ${k.year} · ${k.insutype}`}
      testId="budget-form"
      initialValues={{ reserveSharePercent: '5' }}
      renames={{ incomeFen: 'income', expenditureFen: 'expenditure' }}
      onClose={onClose}
      onSubmit={async (v) => {
        try {
          onDone(
            await api.post('/api/v1/fund/budgets', {
              body: {
                admdvs: k.admdvs,
                year: Number(k.year),
                insutype: k.insutype,
                incomeFen: yuanToFen(v.income),
                expenditureFen: yuanToFen(v.expenditure),
                reserveSharePercent: v.reserveSharePercent.trim(),
                ...(v.prepaymentSharePercent?.trim() ? { prepaymentSharePercent: v.prepaymentSharePercent.trim() } : {}),
                reason: v.reason.trim(),
              },
            }),
          );
        } catch (e) {
          // The server's sentence names the figures (income, reserve, what expenditure may reach): show it at the field, not its short reason.
          if (e instanceof ApiError && e.problem.details?.field === 'expenditureFen') {
            throw new ApiError({ ...e.problem, details: { ...e.problem.details, reason: e.message.replace(/^expenditureFen:\s*/, '') } });
          }
          throw e;
        }
      }}
    >
      <Form.Item name="income" label={t('budget.incomeYuan')} rules={yuanRules(t('common.yuanInvalid'))}>
        <Input inputMode="decimal" />
      </Form.Item>
      <Form.Item name="expenditure" label={t('budget.expenditureYuan')} rules={yuanRules(t('common.yuanInvalid'))}>
        <Input inputMode="decimal" />
      </Form.Item>
      <Form.Item name="reserveSharePercent" label={t('budget.reserveShare')} rules={[{ required: true, pattern: PERCENT, message: t('fund.percentInvalid') }]}>
        <Input style={{ width: 120 }} />
      </Form.Item>
      <Form.Item name="prepaymentSharePercent" label={t('budget.prepaymentShareOptional')} rules={[{ pattern: PERCENT, message: t('fund.percentInvalid') }]}>
        <Input style={{ width: 120 }} />
      </Form.Item>
      <Form.Item name="reason" label={t('common.reason')} rules={[{ required: true, whitespace: true, min: 2, max: 500 }]}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </FormDialog>
  );
}

interface IndicatorValues {
  indicators: { institutionCode: string; indicator: string }[];
  reason: string;
}

/** 提出总额控制指标: a table of institutions and their indicators in yuan (sent as fen); a row the server refuses shows its error at that row. */
function ProposeIndicatorsDialog({ k, onClose, onDone }: { k: FundKey; onClose(): void; onDone(a: ApprovalView): void }) {
  const { t } = useI18n();
  return (
    <FormDialog<IndicatorValues>
      title={`${t('indicator.propose')} · ${k.admdvs} · ${k.year} · ${k.insutype}`}
      testId="indicators-form"
      width={720}
      initialValues={{ indicators: [{ institutionCode: '', indicator: '' }] }}
      renames={{ indicatorFen: 'indicator' }}
      onClose={onClose}
      onSubmit={async (v) =>
        onDone(
          await api.post('/api/v1/fund/total-control-indicators', {
            body: {
              admdvs: k.admdvs,
              year: Number(k.year),
              insutype: k.insutype,
              indicators: v.indicators.map((i) => ({ institutionCode: i.institutionCode.trim().toUpperCase(), indicatorFen: yuanToFen(i.indicator) })),
              reason: v.reason.trim(),
            },
          }),
        )
      }
    >
      <Form.List name="indicators">
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((f) => (
              <Space key={f.key} align="baseline" wrap data-testid="indicator-row">
                <Form.Item
                  name={[f.name, 'institutionCode']}
                  label={t('indicator.institution')}
                  rules={[{ required: true, pattern: INSTITUTION, message: t('fund.codeInvalid') }]}
                >
                  <Input style={{ width: 180 }} placeholder="H43010200001" />
                </Form.Item>
                <Form.Item name={[f.name, 'indicator']} label={t('indicator.amountYuan')} rules={yuanRules(t('common.yuanInvalid'))}>
                  <Input style={{ width: 180 }} inputMode="decimal" />
                </Form.Item>
                {fields.length > 1 && (
                  <Button type="link" danger onClick={() => remove(f.name)}>
                    ×
                  </Button>
                )}
              </Space>
            ))}
            <Form.ErrorList errors={errors} />
            <Button type="dashed" onClick={() => add({ institutionCode: '', indicator: '' })} data-testid="add-indicator">
              {t('indicator.add')}
            </Button>
          </>
        )}
      </Form.List>
      <Form.Item name="reason" label={t('indicator.reason')} rules={[{ required: true, whitespace: true, min: 2, max: 500 }]} style={{ marginTop: 12 }}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </FormDialog>
  );
}
