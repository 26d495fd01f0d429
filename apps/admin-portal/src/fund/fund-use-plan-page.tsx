import type {
  ApprovalView,
  DisbursementRequestView,
  DisbursementSummaryView,
  FundUsePlanMonthView,
  FundUsePlanStatus,
  FundUsePlanView,
  FundUsePlanVersionView,
  RecentFundUseView,
} from '@mi/contracts';
import { Alert, Button, Card, Col, Descriptions, Form, Input, Radio, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../api/client';
import { useAuth } from '../auth/auth';
import { formatDateTime, formatFen, shanghaiToday, yuanToFen } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { ApiErrorView } from '../shell/api-error-alert';
import { ApprovalNote } from '../shell/approval-note';
import { FormDialog } from '../shell/form-dialog';
import { yuanRules } from '../shell/money-rules';
import { citiesOf, levelOf, regionName } from '../shell/regions';
import { useLoad } from '../shell/use-load';
import { refusedAtField } from './field-refusal';
import { INSUTYPES, PERIOD } from './fund-key';

export const PLAN_STATUS_COLORS: Record<FundUsePlanStatus, string> = { SUBMITTED: 'blue', RETURNED: 'orange', ACCEPTED: 'green', INCLUDED: 'cyan' };
const COUNTY = /^\d{4}(?!00)\d{2}$/;

/** The regions whose month a user reads: a county officer's own county, else the pooling regions (cities) of the scope. */
export function planRegionsOf(scope: string): string[] {
  return levelOf(scope) === 'county' ? [scope] : citiesOf(scope);
}

interface PlanKey {
  admdvs: string;
  period: string;
  insutype: string;
}

/**
 * 月度资金使用计划 and 拨款申请 (统收统支): a month and insurance type of a city's county plans (or a
 * county officer's own county), each beside the county's recent fund use; county officers submit
 * and resubmit their plan, city officers accept (optionally adjusted) or return it and propose the
 * month's disbursement request to the finance bureau (approved in 待我审批 · 基金结算).
 */
export function FundUsePlanPage() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const regions = planRegionsOf(user?.scope ?? '');
  const [params, setParams] = useSearchParams();
  const key: PlanKey = {
    admdvs: params.get('admdvs') ?? regions[0] ?? '',
    period: params.get('period') ?? shanghaiToday().slice(0, 7),
    insutype: params.get('insutype') ?? '310',
  };
  const month = useLoad(() => api.get('/api/v1/fund/fund-use-plans', { query: { ...key } }), [key.admdvs, key.period, key.insutype]);
  const roles = user?.roles ?? [];
  const cityOfficer = roles.includes('city-officer');
  const countyOfficer = roles.includes('county-officer');
  const [dialog, setDialog] = useState<
    { kind: 'submit' } | { kind: 'review'; plan: FundUsePlanView } | { kind: 'disburse'; pending: DisbursementSummaryView }
  >();
  const [submitted, setSubmitted] = useState<FundUsePlanView>();
  const [proposed, setProposed] = useState<ApprovalView>();
  const m = month.data;
  const county = levelOf(key.admdvs) === 'county' ? key.admdvs : undefined;
  const sameKey = (p: FundUsePlanView) => p.county === county && p.period === key.period && p.insutype === key.insutype;
  const listed = county ? m?.plans.find(sameKey) : undefined;
  // The reply of a submission is newer than a list read before it.
  const own = submitted && sameKey(submitted) && (!listed || submitted.version >= listed.version) ? submitted : listed;
  const maySubmit = countyOfficer && !!county && (!own || own.status === 'SUBMITTED' || own.status === 'RETURNED');

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={4}>{t('nav.fundUsePlans')}</Typography.Title>
      <Form<PlanKey>
        layout="inline"
        key={`${key.admdvs}-${key.period}-${key.insutype}`}
        initialValues={key}
        name="plan-key"
        data-testid="plan-key"
        onFinish={(f) => setParams({ admdvs: f.admdvs, period: f.period.trim(), insutype: f.insutype })}
      >
        <Form.Item name="admdvs" label={t('common.region')} rules={[{ required: true }]}>
          <Select style={{ width: 180 }} options={regions.map((c) => ({ value: c, label: regionName(c, lang) }))} />
        </Form.Item>
        <Form.Item name="period" label={t('plan.period')} rules={[{ required: true, pattern: PERIOD, message: t('plan.periodInvalid') }]}>
          <Input style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="insutype" label={t('fund.insutype')} rules={[{ required: true }]}>
          <Select style={{ width: 240 }} options={INSUTYPES.map((i) => ({ value: i, label: t(`fund.insutypeName.${i}`) }))} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('fund.load')}
        </Button>
      </Form>
      {proposed && <ApprovalNote approval={proposed} context="fund" />}
      {month.error ? (
        <ApiErrorView error={month.error} />
      ) : county ? (
        <Card
          title={`${t('plan.own')} · ${regionName(county, lang)} · ${key.period} · ${key.insutype}`}
          loading={month.loading && !m}
          data-testid="own-plan"
          extra={
            maySubmit && (
              <Button type="primary" onClick={() => setDialog({ kind: 'submit' })} data-testid="submit-plan">
                {own ? t('plan.resubmit') : t('plan.submit')}
              </Button>
            )
          }
        >
          {own ? (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {own.replayed && <Alert type="info" showIcon title={t('plan.replayed')} />}
              {own.status === 'RETURNED' && (
                <Alert type="warning" showIcon title={t('plan.returnedBecause', { reason: own.reviewNote ?? '—' })} data-testid="returned" />
              )}
              <PlanBesideUse plan={own} />
              <PlanHistory plan={own} />
            </Space>
          ) : (
            <Alert type="info" showIcon title={t('plan.noneYet')} data-testid="no-plan" />
          )}
          {m && m.requests.length > 0 && <Requests requests={m.requests} />}
        </Card>
      ) : (
        <>
          <Card
            title={
              <Space wrap>
                {t('plan.month')} · {regionName(key.admdvs, lang)} · {key.period} · {key.insutype}
                {m &&
                  (Object.keys(PLAN_STATUS_COLORS) as FundUsePlanStatus[]).map((s) => (
                    <Tag key={s} color={PLAN_STATUS_COLORS[s]} data-testid={`count-${s}`}>
                      {t(`plan.status.${s}`)} {m.counts[s]}
                    </Tag>
                  ))}
              </Space>
            }
          >
            <PlansTable month={m} loading={month.loading} mayReview={cityOfficer} onReview={(plan) => setDialog({ kind: 'review', plan })} />
          </Card>
          {m?.pending && (
            <DisbursementCard month={m} pending={m.pending} mayPropose={cityOfficer} onPropose={(pending) => setDialog({ kind: 'disburse', pending })} />
          )}
        </>
      )}
      {dialog?.kind === 'submit' && county && (
        <SubmitPlanDialog
          k={{ ...key, admdvs: county }}
          current={own}
          onClose={() => setDialog(undefined)}
          onDone={(plan) => {
            setSubmitted(plan);
            setDialog(undefined);
            month.reload();
          }}
        />
      )}
      {dialog?.kind === 'review' && (
        <ReviewPlanDialog
          plan={dialog.plan}
          onClose={() => setDialog(undefined)}
          onDone={() => {
            setDialog(undefined);
            month.reload();
          }}
        />
      )}
      {dialog?.kind === 'disburse' && (
        <DisbursementDialog
          pending={dialog.pending}
          onClose={() => setDialog(undefined)}
          onDone={(a) => {
            setProposed(a);
            setDialog(undefined);
            month.reload();
          }}
        />
      )}
    </Space>
  );
}

/** Signed percent as the server writes it (`19.76`, `-5.00`) with a sign shown for a rise. */
function deviation(p: string | null): string {
  if (p === null) return '—';
  return `${p.startsWith('-') ? '' : '+'}${p}%`;
}

/** The county's fund use of the last ended months the plan was compared with, and the comparison in words. */
export function RecentUse({ use }: { use: RecentFundUseView }) {
  const { t } = useI18n();
  const rows = use.months.map((period, i) => ({ period, usedFen: use.usedFen[i] ?? '0' }));
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="recent-use">
      <Typography.Text strong>{t('plan.recentUse', { n: use.months.length })}</Typography.Text>
      <Table
        rowKey="period"
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: t('report.month'), dataIndex: 'period' },
          { title: t('plan.used'), dataIndex: 'usedFen', align: 'right', render: (f: string) => formatFen(f) },
        ]}
        summary={() => (
          <>
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>{t('plan.average')}</Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                {formatFen(use.averageFen)}
              </Table.Summary.Cell>
            </Table.Summary.Row>
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>{t('plan.deviation')}</Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                <span data-testid="deviation">{deviation(use.deviationPercent)}</span>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          </>
        )}
      />
      <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="recent-use-explanation">
        {use.explanation.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ul>
    </Space>
  );
}

/** A plan (amount, basis, status, review) beside the county's recent fund use it was compared with. */
export function PlanBesideUse({ plan }: { plan: FundUsePlanView }) {
  const { t, lang } = useI18n();
  return (
    <Row gutter={16}>
      <Col xs={24} lg={12}>
        <Descriptions column={1} size="small" bordered data-testid="plan">
          <Descriptions.Item label={t('plan.county')}>{regionName(plan.county, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('common.status')}>
            <Tag color={PLAN_STATUS_COLORS[plan.status]} data-testid="plan-status">
              {t(`plan.status.${plan.status}`)}
            </Tag>
            {t('plan.versionN', { n: plan.version })}
          </Descriptions.Item>
          <Descriptions.Item label={t('plan.planned')}>
            <span data-testid="plan-planned">{formatFen(plan.plannedFen)}</span>
          </Descriptions.Item>
          {plan.acceptedFen !== null && (
            <Descriptions.Item label={t('plan.accepted')}>
              <span data-testid="plan-accepted">{formatFen(plan.acceptedFen)}</span>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('plan.basis')}>{plan.basis}</Descriptions.Item>
          <Descriptions.Item label={t('plan.submittedBy')}>
            {plan.submittedBy}（{formatDateTime(plan.submittedAt)}）
          </Descriptions.Item>
          {plan.reviewedBy && (
            <Descriptions.Item label={t('plan.reviewedBy')}>
              {plan.reviewedBy}（{formatDateTime(plan.reviewedAt)}）{plan.reviewNote ? ` · ${plan.reviewNote}` : ''}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Col>
      <Col xs={24} lg={12}>
        <RecentUse use={plan.recentUse} />
      </Col>
    </Row>
  );
}

/** Every version of a plan with the city's review of it, read from the server when opened. */
function PlanHistory({ plan }: { plan: FundUsePlanView }) {
  const { t } = useI18n();
  const detail = useLoad(
    () => api.get('/api/v1/fund/fund-use-plans/{county}/{period}/{insutype}', { path: { county: plan.county, period: plan.period, insutype: plan.insutype } }),
    [plan.county, plan.period, plan.insutype, plan.version, plan.status],
  );
  if (detail.error) return <ApiErrorView error={detail.error} />;
  const reviews = new Map((detail.data?.reviews ?? []).map((r) => [r.version, r]));
  return (
    <Table<FundUsePlanVersionView>
      rowKey="version"
      size="small"
      loading={detail.loading}
      pagination={false}
      dataSource={detail.data?.versions}
      data-testid="plan-history"
      title={() => t('plan.history')}
      columns={[
        { title: t('plan.version'), dataIndex: 'version' },
        { title: t('plan.planned'), dataIndex: 'plannedFen', align: 'right', render: (f: string) => formatFen(f) },
        { title: t('plan.basis'), dataIndex: 'basis' },
        { title: t('plan.submittedBy'), render: (_, v) => `${v.submittedBy}（${formatDateTime(v.submittedAt)}）` },
        {
          title: t('plan.review'),
          render: (_, v) => {
            const r = reviews.get(v.version);
            if (!r) return '—';
            return (
              <>
                <Tag color={r.decision === 'accept' ? 'green' : 'orange'}>{t(`plan.decision.${r.decision}`)}</Tag>
                {r.acceptedFen !== null && formatFen(r.acceptedFen)}
                {r.note ? ` · ${r.note}` : ''}
                <div>
                  <Typography.Text type="secondary">
                    {r.reviewedBy}（{formatDateTime(r.reviewedAt)}）
                  </Typography.Text>
                </div>
              </>
            );
          },
        },
      ]}
    />
  );
}

/** The month's plans of a city's counties; a submitted one is reviewed from its row, any is opened beside its recent fund use and history. */
function PlansTable(p: { month?: FundUsePlanMonthView; loading: boolean; mayReview: boolean; onReview(plan: FundUsePlanView): void }) {
  const { t, lang } = useI18n();
  return (
    <Table<FundUsePlanView>
      rowKey="county"
      size="small"
      loading={p.loading}
      dataSource={p.month?.plans}
      data-testid="plans-table"
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: t('plan.noneInMonth') }}
      expandable={{
        expandedRowRender: (plan) => (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <PlanBesideUse plan={plan} />
            <PlanHistory plan={plan} />
          </Space>
        ),
      }}
      summary={() =>
        p.month &&
        p.month.plans.length > 0 && (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={4}>
              {t('indicator.total')}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={4} align="right">
              {formatFen(p.month.plans.reduce((n, x) => n + BigInt(x.plannedFen), 0n))}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={5} align="right">
              {formatFen(p.month.plans.reduce((n, x) => n + BigInt(x.acceptedFen ?? '0'), 0n))}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={6} colSpan={4} />
          </Table.Summary.Row>
        )
      }
      columns={[
        { title: t('plan.county'), dataIndex: 'county', render: (c: string) => regionName(c, lang) },
        { title: t('plan.version'), dataIndex: 'version' },
        {
          title: t('common.status'),
          dataIndex: 'status',
          render: (s: FundUsePlanStatus) => <Tag color={PLAN_STATUS_COLORS[s]}>{t(`plan.status.${s}`)}</Tag>,
        },
        { title: t('plan.planned'), dataIndex: 'plannedFen', align: 'right', render: (f: string) => formatFen(f) },
        { title: t('plan.accepted'), dataIndex: 'acceptedFen', align: 'right', render: (f: string | null) => formatFen(f) },
        { title: t('plan.average'), align: 'right', render: (_, x) => formatFen(x.recentUse.averageFen) },
        { title: t('plan.deviation'), align: 'right', render: (_, x) => deviation(x.recentUse.deviationPercent) },
        { title: t('plan.basis'), dataIndex: 'basis', ellipsis: true },
        { title: t('plan.reviewNote'), dataIndex: 'reviewNote', render: (n: string | null) => n ?? '—' },
        {
          title: t('common.actions'),
          render: (_, x) =>
            p.mayReview &&
            x.status === 'SUBMITTED' && (
              <Button size="small" type="primary" onClick={() => p.onReview(x)} data-testid={`review-${x.county}`}>
                {t('plan.reviewAction')}
              </Button>
            ),
        },
      ]}
    />
  );
}

/** Disbursement requests approved for the month. */
function Requests({ requests }: { requests: DisbursementRequestView[] }) {
  const { t } = useI18n();
  return (
    <Table<DisbursementRequestView>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={requests}
      data-testid="requests-table"
      title={() => t('plan.requests')}
      columns={[
        { title: t('plan.seq'), dataIndex: 'seq', render: (n: number) => (n === 1 ? t('plan.seqFirst') : t('plan.seqMore', { n })) },
        { title: t('plan.plans'), dataIndex: 'plans', align: 'right' },
        { title: t('plan.requested'), dataIndex: 'totalFen', align: 'right', render: (f: string) => formatFen(f) },
        { title: t('approval.proposedBy'), dataIndex: 'proposedBy' },
        { title: t('approval.decidedBy'), render: (_, r) => `${r.approvedBy}（${formatDateTime(r.approvedAt)}）` },
      ]}
    />
  );
}

/** What a disbursement request proposed now would include, the requests approved, and proposing one. */
function DisbursementCard(p: {
  month: FundUsePlanMonthView;
  pending: DisbursementSummaryView;
  mayPropose: boolean;
  onPropose(s: DisbursementSummaryView): void;
}) {
  const { t } = useI18n();
  const s = p.pending;
  return (
    <Card
      title={t('plan.disbursement')}
      data-testid="disbursement"
      extra={
        p.mayPropose && (
          <Button type="primary" disabled={s.plans === 0} onClick={() => p.onPropose(s)} data-testid="propose-disbursement">
            {t('plan.proposeDisbursement')}
          </Button>
        )
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <DisbursementSummary summary={s} />
        {s.plans === 0 && <Alert type="info" showIcon title={t('plan.nothingToRequest')} />}
        {p.month.requests.length > 0 && <Requests requests={p.month.requests} />}
      </Space>
    </Card>
  );
}

/** A disbursement request's figures (the page's pending one, or a proposal's in the inbox). */
export function DisbursementSummary({ summary: s }: { summary: DisbursementSummaryView }) {
  const { t } = useI18n();
  return (
    <Descriptions column={{ xs: 1, md: 3 }} size="small" bordered data-testid="disbursement-summary">
      <Descriptions.Item label={t('plan.plans')}>{s.plans}</Descriptions.Item>
      <Descriptions.Item label={t('plan.plannedSum')}>{formatFen(s.plannedFen)}</Descriptions.Item>
      <Descriptions.Item label={t('plan.requested')}>
        <span data-testid="requested-total">{formatFen(s.totalFen)}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('plan.adjusted')}>{s.adjusted}</Descriptions.Item>
      <Descriptions.Item label={t('plan.notAccepted')}>{s.notAccepted}</Descriptions.Item>
      <Descriptions.Item label={t('clearing.digest')}>
        <Typography.Text code>{s.digest.slice(0, 12)}</Typography.Text>
      </Descriptions.Item>
    </Descriptions>
  );
}

interface SubmitValues {
  county: string;
  period: string;
  insutype: string;
  planned: string;
  basis: string;
}

/** 提交/重新提交月度资金使用计划: the amount typed in yuan and sent as fen; a resubmission shows what it replaces and the recent fund use. */
function SubmitPlanDialog({ k, current, onClose, onDone }: { k: PlanKey; current?: FundUsePlanView; onClose(): void; onDone(p: FundUsePlanView): void }) {
  const { t } = useI18n();
  return (
    <FormDialog<SubmitValues>
      title={`${current ? t('plan.resubmit') : t('plan.submit')} · ${k.admdvs} · ${k.period} · ${k.insutype}`}
      testId="plan-form"
      width={current ? 880 : 560}
      initialValues={{ county: k.admdvs, period: k.period, insutype: k.insutype }}
      renames={{ plannedFen: 'planned' }}
      onClose={onClose}
      onSubmit={async (v) =>
        onDone(
          await refusedAtField(
            api.post('/api/v1/fund/fund-use-plans', {
              body: { county: v.county.trim(), period: v.period.trim(), insutype: v.insutype, plannedFen: yuanToFen(v.planned), basis: v.basis.trim() },
            }),
          ),
        )
      }
    >
      <Row gutter={16}>
        <Col span={current ? 12 : 24}>
          {current && (
            <Alert
              type={current.status === 'RETURNED' ? 'warning' : 'info'}
              showIcon
              style={{ marginBottom: 12 }}
              title={t('plan.replaces', { n: current.version, amount: formatFen(current.plannedFen) })}
              description={current.status === 'RETURNED' ? t('plan.returnedBecause', { reason: current.reviewNote ?? '—' }) : undefined}
            />
          )}
          <Form.Item name="county" label={t('plan.county')} rules={[{ required: true, pattern: COUNTY, message: t('plan.countyInvalid') }]}>
            <Input disabled />
          </Form.Item>
          <Space>
            <Form.Item name="period" label={t('plan.period')}>
              <Input disabled style={{ width: 120 }} />
            </Form.Item>
            <Form.Item name="insutype" label={t('fund.insutype')}>
              <Input disabled style={{ width: 80 }} />
            </Form.Item>
          </Space>
          <Form.Item name="planned" label={t('plan.plannedYuan')} rules={yuanRules(t('common.yuanInvalid'))}>
            <Input inputMode="decimal" />
          </Form.Item>
          <Form.Item
            name="basis"
            label={t('plan.basis')}
            extra={t('plan.basisHint')}
            rules={[{ required: true, whitespace: true, min: 2, max: 500, message: t('plan.textInvalid') }]}
          >
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Col>
        {current && (
          <Col span={12}>
            <RecentUse use={current.recentUse} />
          </Col>
        )}
      </Row>
    </FormDialog>
  );
}

interface ReviewValues {
  decision: 'accept' | 'return';
  accepted?: string;
  note?: string;
}

/** 审核: accept at the planned amount or an adjusted one in yuan (then with a note), or return with a reason; the version reviewed is sent. */
function ReviewPlanDialog({ plan, onClose, onDone }: { plan: FundUsePlanView; onClose(): void; onDone(p: FundUsePlanView): void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<ReviewValues>();
  const decision = Form.useWatch('decision', form) ?? 'accept';
  const adjusted = (v: ReviewValues) => {
    const fen = v.decision === 'accept' && v.accepted?.trim() ? yuanToFen(v.accepted) : undefined;
    return fen !== undefined && fen !== plan.plannedFen ? fen : undefined;
  };
  return (
    <FormDialog<ReviewValues>
      form={form}
      title={`${t('plan.reviewAction')} · ${regionName(plan.county, lang)} · ${plan.period} · ${t('plan.versionN', { n: plan.version })}`}
      testId="review-form"
      width={880}
      initialValues={{ decision: 'accept' }}
      renames={{ acceptedFen: 'accepted' }}
      onClose={onClose}
      onSubmit={async (v) => {
        const acceptedFen = adjusted(v);
        onDone(
          await refusedAtField(
            api.post('/api/v1/fund/fund-use-plans/{county}/{period}/{insutype}/review', {
              path: { county: plan.county, period: plan.period, insutype: plan.insutype },
              body: {
                version: plan.version,
                decision: v.decision,
                ...(acceptedFen ? { acceptedFen } : {}),
                ...(v.note?.trim() ? { note: v.note.trim() } : {}),
              },
            }),
          ),
        );
      }}
    >
      <Row gutter={16}>
        <Col span={12}>
          <Descriptions column={1} size="small" bordered style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('plan.planned')}>{formatFen(plan.plannedFen)}</Descriptions.Item>
            <Descriptions.Item label={t('plan.basis')}>{plan.basis}</Descriptions.Item>
          </Descriptions>
          <Form.Item name="decision" label={t('plan.decision')} rules={[{ required: true }]}>
            <Radio.Group options={(['accept', 'return'] as const).map((d) => ({ value: d, label: t(`plan.decision.${d}`) }))} />
          </Form.Item>
          {decision === 'accept' && (
            <Form.Item
              name="accepted"
              label={t('plan.acceptedYuan')}
              extra={t('plan.acceptedHint')}
              rules={[
                {
                  validator: (_, v?: string) => {
                    if (!v?.trim()) return Promise.resolve();
                    const fen = yuanToFen(v);
                    return fen !== undefined && fen !== '0' ? Promise.resolve() : Promise.reject(new Error(t('common.yuanInvalid')));
                  },
                },
              ]}
            >
              <Input inputMode="decimal" />
            </Form.Item>
          )}
          <Form.Item
            name="note"
            label={decision === 'return' ? t('plan.returnReason') : t('plan.reviewNote')}
            dependencies={['decision', 'accepted']}
            rules={[
              ({ getFieldsValue }) => ({
                validator: (_, v?: string) => {
                  const values = getFieldsValue(true) as ReviewValues;
                  const needed = values.decision === 'return' || adjusted(values) !== undefined;
                  const text = v?.trim() ?? '';
                  if ((needed && text.length < 2) || (text.length > 0 && text.length < 2) || text.length > 500) {
                    return Promise.reject(new Error(values.decision === 'return' ? t('plan.returnReasonRequired') : t('plan.noteRequired')));
                  }
                  return Promise.resolve();
                },
              }),
            ]}
          >
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <RecentUse use={plan.recentUse} />
        </Col>
      </Row>
    </FormDialog>
  );
}

/** 提出拨款申请: the month's accepted plans as one request to the city finance bureau; a different city officer approves. */
function DisbursementDialog({ pending, onClose, onDone }: { pending: DisbursementSummaryView; onClose(): void; onDone(a: ApprovalView): void }) {
  const { t, lang } = useI18n();
  return (
    <FormDialog<{ reason: string }>
      title={`${t('plan.proposeDisbursement')} · ${regionName(pending.city, lang)} · ${pending.period} · ${pending.insutype}`}
      testId="disbursement-form"
      width={720}
      onClose={onClose}
      onSubmit={async (v) =>
        onDone(
          await api.post('/api/v1/fund/disbursement-requests', {
            body: { admdvs: pending.city, period: pending.period, insutype: pending.insutype, reason: v.reason.trim() },
          }),
        )
      }
    >
      <div style={{ marginBottom: 12 }}>
        <DisbursementSummary summary={pending} />
      </div>
      {pending.notAccepted > 0 && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('plan.notAcceptedLeftOut', { n: pending.notAccepted })} />
      )}
      <Form.Item name="reason" label={t('common.reason')} rules={[{ required: true, whitespace: true, min: 2, max: 500, message: t('plan.textInvalid') }]}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </FormDialog>
  );
}
