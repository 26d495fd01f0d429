import type { ApprovalView, CountyIncomePlanView, CountyIncomeRecordedView, CountyShortfallView } from '@mi/contracts';
import { Alert, AutoComplete, Button, Card, Descriptions, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../api/client';
import { ApiError } from '../api/problem';
import { useAuth } from '../auth/auth';
import { formatDateTime, formatFen, shanghaiToday, yuanToFen } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { ApiErrorView } from '../shell/api-error-alert';
import { ApprovalNote } from '../shell/approval-note';
import { FormDialog } from '../shell/form-dialog';
import { yuanRules } from '../shell/money-rules';
import { childrenOf, citiesOf, levelOf, regionName } from '../shell/regions';
import { useLoad } from '../shell/use-load';
import { refusedAtField } from './field-refusal';
import { INSUTYPES, PERIOD, YEAR } from './fund-key';

const COUNTY = /^\d{4}(?!00)\d{2}$/;
export const COVERED_BY_COLORS: Record<CountyShortfallView['coveredBy'], string> = { none: 'green', city: 'blue', county: 'red' };

/** The counties a user works with: a county officer's own, else the known counties of the scope's cities. */
export function countiesOf(scope: string): string[] {
  return levelOf(scope) === 'county' ? [scope] : citiesOf(scope).flatMap(childrenOf);
}

interface CountyKey {
  county: string;
  year: string;
  insutype: string;
}

/** The shortfall of a key, or why there is none to show: no plan (404) or a year not ended yet. */
type Shortfall = { view: CountyShortfallView } | { missing: true } | { notEnded: string };

async function shortfallOf(k: CountyKey): Promise<Shortfall | undefined> {
  if (!COUNTY.test(k.county)) return undefined;
  try {
    return { view: await api.get('/api/v1/fund/county-shortfall/{county}/{year}/{insutype}', { path: k }) };
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return { missing: true };
    if (e instanceof ApiError && e.code === 'FUND.YEAR_NOT_ENDED') return { notEnded: e.message };
    throw e;
  }
}

/**
 * 县级收入计划与年终缺口 (统收统支): a county's year-end shortfall rule explained (who covers the gap and
 * why) with proposing its posting; city officers set a county's annual income plan; county and city
 * officers record a remittance (收入上解). Postings are approved in 待我审批 · 基金结算.
 */
export function CountyFundPage() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const counties = countiesOf(user?.scope ?? '');
  const [params, setParams] = useSearchParams();
  const key: CountyKey = {
    county: params.get('county') ?? counties[0] ?? '',
    year: params.get('year') ?? String(Number(shanghaiToday().slice(0, 4)) - 1),
    insutype: params.get('insutype') ?? '310',
  };
  const shortfall = useLoad(() => shortfallOf(key), [key.county, key.year, key.insutype]);
  const roles = user?.roles ?? [];
  const cityOfficer = roles.includes('city-officer');
  const mayRecord = cityOfficer || roles.includes('county-officer');
  const [dialog, setDialog] = useState<'plan' | 'posting' | 'income'>();
  const [planSet, setPlanSet] = useState<CountyIncomePlanView>();
  const [recorded, setRecorded] = useState<CountyIncomeRecordedView>();
  const [proposed, setProposed] = useState<ApprovalView>();
  const s = shortfall.data;
  const view = s && 'view' in s ? s.view : undefined;

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={4}>{t('nav.countyFund')}</Typography.Title>
      <Form<CountyKey>
        layout="inline"
        key={`${key.county}-${key.year}-${key.insutype}`}
        initialValues={key}
        name="county-key"
        data-testid="county-key"
        onFinish={(f) => setParams({ county: f.county.trim(), year: f.year.trim(), insutype: f.insutype })}
      >
        <Form.Item name="county" label={t('plan.county')} rules={[{ required: true, pattern: COUNTY, message: t('plan.countyInvalid') }]}>
          <AutoComplete style={{ width: 200 }} options={counties.map((c) => ({ value: c, label: regionName(c, lang) }))} />
        </Form.Item>
        <Form.Item name="year" label={t('fund.year')} rules={[{ required: true, pattern: YEAR, message: t('fund.yearInvalid') }]}>
          <Input style={{ width: 90 }} />
        </Form.Item>
        <Form.Item name="insutype" label={t('fund.insutype')} rules={[{ required: true }]}>
          <Select style={{ width: 240 }} options={INSUTYPES.map((i) => ({ value: i, label: t(`fund.insutypeName.${i}`) }))} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('fund.load')}
        </Button>
      </Form>
      {proposed && <ApprovalNote approval={proposed} context="fund" />}
      <Card
        title={`${t('county.shortfall')} · ${key.county ? regionName(key.county, lang) : '—'} · ${key.year} · ${key.insutype}`}
        loading={shortfall.loading && !s}
        extra={
          cityOfficer &&
          view && (
            <Button type="primary" disabled={view.coveredBy === 'none'} onClick={() => setDialog('posting')} data-testid="propose-posting">
              {t('county.proposePosting')}
            </Button>
          )
        }
      >
        {shortfall.error ? (
          <ApiErrorView error={shortfall.error} />
        ) : !s ? (
          <Alert type="info" showIcon title={t('county.pick')} />
        ) : 'missing' in s ? (
          <Alert type="info" showIcon title={t('county.noPlan')} data-testid="no-county-plan" />
        ) : 'notEnded' in s ? (
          <Alert type="info" showIcon title={t('county.notEnded')} description={s.notEnded} data-testid="year-not-ended" />
        ) : (
          <ShortfallView view={s.view} />
        )}
      </Card>
      <Card
        title={t('county.planTitle')}
        extra={
          <Space>
            {mayRecord && (
              <Button onClick={() => setDialog('income')} data-testid="record-income">
                {t('county.recordIncome')}
              </Button>
            )}
            {cityOfficer && (
              <Button type="primary" onClick={() => setDialog('plan')} data-testid="set-plan">
                {t('county.setPlan')}
              </Button>
            )}
          </Space>
        }
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('county.planHint')}
          </Typography.Paragraph>
          {planSet && (
            <Descriptions column={{ xs: 1, md: 3 }} size="small" bordered data-testid="plan-set">
              <Descriptions.Item label={t('plan.county')}>{regionName(planSet.county, lang)}</Descriptions.Item>
              <Descriptions.Item label={t('fund.year')}>
                {planSet.year} · {planSet.insutype}
              </Descriptions.Item>
              <Descriptions.Item label={t('county.plan')}>{formatFen(planSet.planFen)}</Descriptions.Item>
              <Descriptions.Item label={t('county.setBy')} span={3}>
                {planSet.setBy}（{formatDateTime(planSet.setAt)}）
              </Descriptions.Item>
            </Descriptions>
          )}
          {recorded && (
            <Alert
              type={recorded.replayed ? 'info' : 'success'}
              showIcon
              data-testid="income-recorded"
              title={t(recorded.replayed ? 'county.incomeReplayed' : 'county.incomeRecorded', {
                amount: formatFen(recorded.amountFen),
                period: recorded.period,
                account: recorded.incomeAccount,
              })}
            />
          )}
        </Space>
      </Card>
      {dialog === 'plan' && (
        <SetPlanDialog
          k={key}
          onClose={() => setDialog(undefined)}
          onDone={(p) => {
            setPlanSet(p);
            setDialog(undefined);
            shortfall.reload();
          }}
        />
      )}
      {dialog === 'income' && (
        <RecordIncomeDialog
          k={key}
          onClose={() => setDialog(undefined)}
          onDone={(r) => {
            setRecorded(r);
            setDialog(undefined);
            shortfall.reload();
          }}
        />
      )}
      {dialog === 'posting' && view && (
        <FormDialog<{ reason: string }>
          title={`${t('county.proposePosting')} · ${regionName(view.county, lang)} · ${view.year} · ${view.insutype}`}
          testId="posting-form"
          width={720}
          onClose={() => setDialog(undefined)}
          onSubmit={async (v) => {
            setProposed(
              await api.post('/api/v1/fund/county-shortfall-postings', {
                body: { county: view.county, year: view.year, insutype: view.insutype, reason: v.reason.trim() },
              }),
            );
            setDialog(undefined);
          }}
        >
          <div style={{ marginBottom: 12 }}>
            <ShortfallView view={view} />
          </div>
          <Form.Item name="reason" label={t('common.reason')} rules={[{ required: true, whitespace: true, min: 2, max: 500, message: t('plan.textInvalid') }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </FormDialog>
      )}
    </Space>
  );
}

/** The year-end rule for a county: plan, income, fund use, gap, who covers it, and why in words. */
export function ShortfallView({ view: v }: { view: CountyShortfallView }) {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="shortfall">
      <Descriptions column={{ xs: 1, md: 3 }} size="small" bordered>
        <Descriptions.Item label={t('county.plan')}>{formatFen(v.planFen)}</Descriptions.Item>
        <Descriptions.Item label={t('county.collected')}>{formatFen(v.collectedFen)}</Descriptions.Item>
        <Descriptions.Item label={t('county.spent')}>{formatFen(v.spentFen)}</Descriptions.Item>
        <Descriptions.Item label={t('county.gap')}>
          <span data-testid="shortfall-gap">{formatFen(v.gapFen)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('county.coveredBy')} span={2}>
          <Tag color={COVERED_BY_COLORS[v.coveredBy]} data-testid="covered-by">
            {t(`county.coveredBy.${v.coveredBy}`)}
          </Tag>
        </Descriptions.Item>
      </Descriptions>
      <ol style={{ margin: 0 }} data-testid="shortfall-explanation">
        {v.explanation.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ol>
    </Space>
  );
}

interface PlanValues {
  county: string;
  year: string;
  plan: string;
  reason: string;
}

/** 下达年度收入计划: the plan in yuan sent as fen, for this year or a later one (an ended year's plan is fixed: the server says so at the year). */
function SetPlanDialog({ k, onClose, onDone }: { k: CountyKey; onClose(): void; onDone(p: CountyIncomePlanView): void }) {
  const { t } = useI18n();
  return (
    <FormDialog<PlanValues>
      title={`${t('county.setPlan')} · ${k.insutype}`}
      testId="county-plan-form"
      initialValues={{ county: COUNTY.test(k.county) ? k.county : '', year: shanghaiToday().slice(0, 4) }}
      renames={{ planFen: 'plan' }}
      onClose={onClose}
      onSubmit={async (v) =>
        onDone(
          await refusedAtField(
            api.put('/api/v1/fund/county-plans', {
              body: { county: v.county.trim(), year: Number(v.year.trim()), insutype: k.insutype, planFen: yuanToFen(v.plan), reason: v.reason.trim() },
            }),
          ),
        )
      }
    >
      <Form.Item name="county" label={t('plan.county')} rules={[{ required: true, pattern: COUNTY, message: t('plan.countyInvalid') }]}>
        <Input />
      </Form.Item>
      <Form.Item name="year" label={t('fund.year')} rules={[{ required: true, pattern: YEAR, message: t('fund.yearInvalid') }]}>
        <Input style={{ width: 100 }} />
      </Form.Item>
      <Form.Item name="plan" label={t('county.planYuan')} rules={yuanRules(t('common.yuanInvalid'))}>
        <Input inputMode="decimal" />
      </Form.Item>
      <Form.Item name="reason" label={t('common.reason')} rules={[{ required: true, whitespace: true, min: 2, max: 500, message: t('plan.textInvalid') }]}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </FormDialog>
  );
}

interface IncomeValues {
  county: string;
  period: string;
  amount: string;
  reference: string;
}

/** 收入上解: one remittance of the county to the city fund account, in yuan sent as fen; the same reference again is a replay. */
function RecordIncomeDialog({ k, onClose, onDone }: { k: CountyKey; onClose(): void; onDone(r: CountyIncomeRecordedView): void }) {
  const { t } = useI18n();
  return (
    <FormDialog<IncomeValues>
      title={`${t('county.recordIncome')} · ${k.insutype}`}
      testId="income-form"
      initialValues={{ county: COUNTY.test(k.county) ? k.county : '', period: shanghaiToday().slice(0, 7) }}
      renames={{ amountFen: 'amount' }}
      onClose={onClose}
      onSubmit={async (v) =>
        onDone(
          await refusedAtField(
            api.post('/api/v1/fund/county-income', {
              body: { county: v.county.trim(), insutype: k.insutype, period: v.period.trim(), amountFen: yuanToFen(v.amount), reference: v.reference.trim() },
            }),
          ),
        )
      }
    >
      <Form.Item name="county" label={t('plan.county')} rules={[{ required: true, pattern: COUNTY, message: t('plan.countyInvalid') }]}>
        <Input />
      </Form.Item>
      <Form.Item name="period" label={t('plan.period')} rules={[{ required: true, pattern: PERIOD, message: t('plan.periodInvalid') }]}>
        <Input style={{ width: 120 }} />
      </Form.Item>
      <Form.Item name="amount" label={t('county.amountYuan')} rules={yuanRules(t('common.yuanInvalid'))}>
        <Input inputMode="decimal" />
      </Form.Item>
      <Form.Item
        name="reference"
        label={t('county.reference')}
        rules={[{ required: true, pattern: /^[A-Za-z0-9-]{3,40}$/, message: t('county.referenceInvalid') }]}
      >
        <Input />
      </Form.Item>
    </FormDialog>
  );
}
