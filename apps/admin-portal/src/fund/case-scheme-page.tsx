import type { ApprovalView, CasePaymentMethod, CasePaymentSchemeItem, CasePaymentSchemeProposal, CasePaymentSchemeView } from '@mi/contracts';
import { Alert, Button, Card, Descriptions, Form, Input, Select, Space, Table, Typography } from 'antd';
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
import { citiesOf, regionName } from '../shell/regions';
import { useLoad } from '../shell/use-load';
import { useServerPaging } from '../shell/use-server-paging';
import { atLines, COEFFICIENT, errorLines, parseGroups } from './case-payment-lines';
import { refusedAtField } from './field-refusal';
import { INSTITUTION, YEAR } from './fund-key';
import { useProposalItems } from './proposal-items';

export const METHODS: readonly CasePaymentMethod[] = ['DRG', 'DIP', 'BED_DAY'];
/** The special-case cap when none is given (the server's default): DRG and bed-day 5 %, DIP 5 ‰. */
const DEFAULT_PERMILLE: Record<CasePaymentMethod, number> = { DRG: 50, DIP: 5, BED_DAY: 50 };

interface SchemeKey {
  admdvs: string;
  year: string;
  method: CasePaymentMethod;
}

/** The city, year and method in the query string: the user's first city, this year, DRG by default. */
function useSchemeKey(): [SchemeKey, (k: SchemeKey) => void] {
  const { user, region } = useAuth();
  const [params, setParams] = useSearchParams();
  const cities = citiesOf(user?.scope ?? '');
  const method = params.get('method');
  const key: SchemeKey = {
    admdvs: params.get('admdvs') ?? cities.find((c) => c === region) ?? cities[0] ?? '',
    year: params.get('year') ?? shanghaiToday().slice(0, 4),
    method: METHODS.find((m) => m === method) ?? 'DRG',
  };
  return [key, (k) => setParams({ admdvs: k.admdvs, year: k.year, method: k.method })];
}

/** The scheme in force with a page of its groups, or undefined when none is approved (404). */
async function schemeOf(k: SchemeKey, page: { limit: number; offset: number }): Promise<CasePaymentSchemeView | undefined> {
  try {
    return await api.get('/api/v1/fund/case-payment/schemes/{admdvs}/{year}/{method}', { path: k, query: page });
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return undefined;
    throw e;
  }
}

/** `¥12,000.00` → `12,000.00`: an amount as the yuan fields take it. */
const yuanOf = (fen: string | null) => (fen === null ? undefined : formatFen(fen).replace(/^¥/, ''));

/**
 * 病种付费方案 (DRG/DIP): a city's scheme of a year and method in force — version, the rate in words,
 * the special-case cap, the institutions with their coefficients and a page of the groups — and,
 * for city officers, proposing a new version (approved by another officer in 待我审批 · 基金结算).
 */
export function CaseSchemePage() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const [key, setKey] = useSchemeKey();
  const paging = useServerPaging(50);
  const scheme = useLoad(() => schemeOf(key, paging.query), [key.admdvs, key.year, key.method, paging.page]);
  const [proposing, setProposing] = useState(false);
  const [proposed, setProposed] = useState<ApprovalView<CasePaymentSchemeProposal>>();
  const officer = user?.roles.includes('city-officer') ?? false;
  const cities = citiesOf(user?.scope ?? '');
  const s = scheme.data;

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={4}>{t('nav.caseSchemes')}</Typography.Title>
      <Form<SchemeKey>
        layout="inline"
        name="scheme-key"
        data-testid="scheme-key"
        key={`${key.admdvs}-${key.year}-${key.method}`}
        initialValues={key}
        onFinish={(v) => {
          paging.toFirstPage();
          setKey({ ...v, year: v.year.trim() });
        }}
      >
        <Form.Item name="admdvs" label={t('fund.city')} rules={[{ required: true }]}>
          <Select style={{ width: 180 }} options={cities.map((c) => ({ value: c, label: regionName(c, lang) }))} />
        </Form.Item>
        <Form.Item name="year" label={t('fund.year')} rules={[{ required: true, pattern: YEAR, message: t('fund.yearInvalid') }]}>
          <Input style={{ width: 90 }} />
        </Form.Item>
        <Form.Item name="method" label={t('casePay.method')} rules={[{ required: true }]}>
          <Select style={{ width: 240 }} options={METHODS.map((m) => ({ value: m, label: t(`casePay.method.${m}`) }))} />
        </Form.Item>
        <Button htmlType="submit" type="primary" data-testid="scheme-key-submit">
          {t('fund.load')}
        </Button>
      </Form>
      {proposed && (
        <Card title={t('casePay.proposed', { n: proposed.payload.version })} data-testid="scheme-proposed">
          <Space orientation="vertical" style={{ width: '100%' }}>
            <ApprovalNote approval={proposed} context="fund" />
            <SchemeFigures scheme={proposed.payload} digest={proposed.payload.digest} />
          </Space>
        </Card>
      )}
      <Card
        title={t('casePay.scheme', { method: key.method, city: regionName(key.admdvs, lang), year: key.year })}
        loading={scheme.loading && !scheme.data}
        extra={
          officer &&
          !scheme.error &&
          !(scheme.loading && !s) && (
            <Button type="primary" onClick={() => setProposing(true)} data-testid="propose-scheme">
              {s ? t('casePay.propose') : t('casePay.proposeFirst')}
            </Button>
          )
        }
      >
        {scheme.error ? (
          <ApiErrorView error={scheme.error} />
        ) : !s ? (
          <Alert type="info" showIcon title={t('casePay.none', { year: key.year, method: key.method })} data-testid="no-scheme" />
        ) : (
          <Space orientation="vertical" style={{ width: '100%' }} size="middle">
            <SchemeFigures scheme={s} />
            <Typography.Text type="secondary">{t('fund.approvedBy', { name: s.approvedBy, at: formatDateTime(s.approvedAt) })}</Typography.Text>
            <Table
              rowKey="institutionCode"
              size="small"
              dataSource={s.institutionList}
              data-testid="scheme-institutions"
              title={() => t('casePay.institutions')}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              columns={[
                { title: t('indicator.institution'), dataIndex: 'institutionCode' },
                { title: t('casePay.coefficient'), dataIndex: 'coefficientPercent', align: 'right', render: (p: string) => `${p}%` },
              ]}
            />
            <Table
              rowKey="code"
              size="small"
              loading={scheme.loading}
              dataSource={s.groupPage.items}
              data-testid="scheme-groups"
              title={() => t('casePay.groups')}
              pagination={{ ...paging.pagination(s.groupPage.total), hideOnSinglePage: true }}
              columns={[
                { title: t('casePay.groupCode'), dataIndex: 'code' },
                { title: t('casePay.groupName'), dataIndex: 'name' },
                { title: t(`casePay.weight.${s.method}`), dataIndex: 'weight', align: 'right' },
              ]}
            />
          </Space>
        )}
      </Card>
      {proposing && (
        <ProposeSchemeDialog
          k={key}
          current={s}
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

type SchemeFiguresOf = Pick<
  CasePaymentSchemeProposal,
  | 'admdvs'
  | 'year'
  | 'method'
  | 'version'
  | 'rate'
  | 'rateFen'
  | 'dipBudgetFen'
  | 'dipReserveFen'
  | 'dipExpectedPoints'
  | 'specialCasePermille'
  | 'institutions'
  | 'groups'
>;

/** A scheme's figures (in force, or as proposed): version, the rate in words and its parts in ¥, the special-case cap, counts. */
export function SchemeFigures({ scheme: s, digest }: { scheme: SchemeFiguresOf; digest?: string }) {
  const { t, lang } = useI18n();
  return (
    <Descriptions column={{ xs: 1, md: 3 }} size="small" bordered data-testid="scheme-figures">
      <Descriptions.Item label={t('casePay.method')}>
        {regionName(s.admdvs, lang)} · {s.year} · {t(`casePay.method.${s.method}`)}
      </Descriptions.Item>
      <Descriptions.Item label={t('casePay.version')}>
        <span data-testid="scheme-version">{t('casePay.versionN', { n: s.version })}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('casePay.specialCap')}>
        <span data-testid="scheme-special-cap">{t('casePay.permille', { n: s.specialCasePermille, percent: s.specialCasePermille / 10 })}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('casePay.rate')} span={3}>
        <span data-testid="scheme-rate">{s.rate}</span>
      </Descriptions.Item>
      {s.method !== 'DIP' ? (
        <Descriptions.Item label={t(s.method === 'DRG' ? 'casePay.rateFen' : 'casePay.bedDayRateFen')}>{formatFen(s.rateFen)}</Descriptions.Item>
      ) : (
        <>
          <Descriptions.Item label={t('casePay.dipBudget')}>{formatFen(s.dipBudgetFen)}</Descriptions.Item>
          <Descriptions.Item label={t('casePay.dipReserve')}>{formatFen(s.dipReserveFen ?? '0')}</Descriptions.Item>
          <Descriptions.Item label={t('casePay.dipExpectedPoints')}>{s.dipExpectedPoints ?? '—'}</Descriptions.Item>
        </>
      )}
      <Descriptions.Item label={t('casePay.institutionCount')}>{s.institutions}</Descriptions.Item>
      <Descriptions.Item label={t('casePay.groupCount')} span={s.method === 'DIP' ? 2 : 1}>
        {s.groups}
      </Descriptions.Item>
      {digest && (
        <Descriptions.Item label={t('casePay.digest')} span={3}>
          <Typography.Text code copyable>
            {digest}
          </Typography.Text>
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

/** A scheme proposal in the approvals inbox: its figures and its items (institutions and groups), a page at a time from the server. */
export function SchemeProposalPayload({ approval }: { approval: ApprovalView }) {
  const { t } = useI18n();
  const p = approval.payload as CasePaymentSchemeProposal;
  const items = useProposalItems<CasePaymentSchemeItem>('fund', approval.id, 20);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="approval-payload">
      <SchemeFigures scheme={p} digest={p.digest} />
      {items.error ? (
        <ApiErrorView error={items.error} />
      ) : (
        <Table<CasePaymentSchemeItem>
          rowKey={(i) => (i.kind === 'group' ? `group/${i.code}` : `institution/${i.institutionCode}`)}
          size="small"
          loading={items.loading}
          pagination={items.pagination}
          dataSource={items.items}
          data-testid="scheme-items"
          columns={[
            { title: t('casePay.itemKind'), dataIndex: 'kind', render: (k: CasePaymentSchemeItem['kind']) => t(`casePay.item.${k}`) },
            { title: t('casePay.itemCode'), render: (_, i) => (i.kind === 'group' ? i.code : i.institutionCode) },
            { title: t('casePay.groupName'), render: (_, i) => (i.kind === 'group' ? i.name : '—') },
            {
              title: `${t(`casePay.weight.${p.method}`)} / ${t('casePay.coefficient')}`,
              align: 'right',
              render: (_, i) => (i.kind === 'group' ? i.weight : `${i.coefficientPercent}%`),
            },
          ]}
        />
      )}
    </Space>
  );
}

interface SchemeValues {
  rate?: string;
  dipBudget?: string;
  dipReserve?: string;
  dipExpectedPoints?: string;
  specialCasePermille?: string;
  institutions: { institutionCode: string; coefficientPercent: string }[];
  groupsText: string;
  reason: string;
}

/**
 * 提出病种付费方案: the rate of the method (DRG base rate, or the DIP budget, reserve and expected
 * points; yuan typed, sent as fen), the special-case cap, the institutions with their coefficients
 * and the groups pasted as `编码,名称,权重` lines — read here first, a bad line named by its number
 * and nothing sent. The server's field errors appear at their field (a group's at its line).
 */
function ProposeSchemeDialog({
  k,
  current,
  onClose,
  onDone,
}: {
  k: SchemeKey;
  current?: CasePaymentSchemeView;
  onClose(): void;
  onDone(a: ApprovalView<CasePaymentSchemeProposal>): void;
}) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<SchemeValues>();
  const groupsText = Form.useWatch('groupsText', form) as string | undefined;
  const read = groupsText ? parseGroups(groupsText) : undefined;
  const initial: Partial<SchemeValues> = {
    rate: yuanOf(current?.rateFen ?? null),
    dipBudget: yuanOf(current?.dipBudgetFen ?? null),
    dipReserve: yuanOf(current?.dipReserveFen ?? null),
    dipExpectedPoints: current?.dipExpectedPoints ?? undefined,
    specialCasePermille: current ? String(current.specialCasePermille) : undefined,
    institutions: current?.institutionList.length ? current.institutionList.map((i) => ({ ...i })) : [{ institutionCode: '', coefficientPercent: '100' }],
  };

  return (
    <FormDialog<SchemeValues>
      title={`${current ? t('casePay.propose') : t('casePay.proposeFirst')} · ${regionName(k.admdvs, lang)} · ${k.year} · ${k.method}`}
      testId="scheme-form"
      width={760}
      form={form}
      initialValues={initial}
      renames={{ rateFen: 'rate', dipBudgetFen: 'dipBudget', dipReserveFen: 'dipReserve', groups: 'groupsText' }}
      onClose={onClose}
      onSubmit={async (v) => {
        const groups = parseGroups(v.groupsText);
        const body = {
          admdvs: k.admdvs,
          year: Number(k.year),
          method: k.method,
          ...(k.method !== 'DIP'
            ? { rateFen: yuanToFen(v.rate) }
            : {
                dipBudgetFen: yuanToFen(v.dipBudget),
                ...(v.dipReserve?.trim() ? { dipReserveFen: yuanToFen(v.dipReserve) } : {}),
                dipExpectedPoints: v.dipExpectedPoints?.trim(),
              }),
          ...(v.specialCasePermille?.trim() ? { specialCasePermille: Number(v.specialCasePermille.trim()) } : {}),
          institutions: v.institutions.map((i) => ({
            institutionCode: i.institutionCode.trim().toUpperCase(),
            coefficientPercent: i.coefficientPercent.trim(),
          })),
          groups: groups.items,
          reason: v.reason.trim(),
        };
        try {
          onDone(await refusedAtField(api.post('/api/v1/fund/case-payment/schemes', { body })));
        } catch (e) {
          throw atLines(e, 'groups', 'groupsText', groups.lines, t);
        }
      }}
    >
      {current && <Alert type="info" showIcon title={t('casePay.replacesHint', { n: current.version })} style={{ marginBottom: 12 }} />}
      {k.method !== 'DIP' ? (
        <Form.Item name="rate" label={t(k.method === 'DRG' ? 'casePay.rateYuan' : 'casePay.bedDayRateYuan')} rules={yuanRules(t('common.yuanInvalid'))}>
          <Input inputMode="decimal" style={{ width: 220 }} />
        </Form.Item>
      ) : (
        <Space wrap align="start">
          <Form.Item name="dipBudget" label={t('casePay.dipBudgetYuan')} rules={yuanRules(t('common.yuanInvalid'))}>
            <Input inputMode="decimal" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item
            name="dipReserve"
            label={t('casePay.dipReserveYuan')}
            rules={[
              {
                validator: (_, v?: string) =>
                  !v?.trim() || yuanToFen(v) !== undefined ? Promise.resolve() : Promise.reject(new Error(t('casePay.reserveInvalid'))),
              },
            ]}
          >
            <Input inputMode="decimal" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item
            name="dipExpectedPoints"
            label={t('casePay.dipExpectedPointsHint')}
            rules={[{ required: true, pattern: /^[1-9]\d{0,11}$/, message: t('casePay.pointsInvalid') }]}
          >
            <Input inputMode="numeric" style={{ width: 200 }} />
          </Form.Item>
        </Space>
      )}
      <Form.Item
        name="specialCasePermille"
        label={t('casePay.permilleField', { n: DEFAULT_PERMILLE[k.method] })}
        rules={[{ pattern: /^(100|\d{1,2})$/, message: t('casePay.permilleInvalid') }]}
      >
        <Input inputMode="numeric" style={{ width: 120 }} placeholder={String(DEFAULT_PERMILLE[k.method])} />
      </Form.Item>
      <Typography.Text strong>{t('casePay.institutions')}</Typography.Text>
      <Form.List name="institutions">
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((f) => (
              <Space key={f.key} align="baseline" wrap data-testid="scheme-institution-row">
                <Form.Item
                  name={[f.name, 'institutionCode']}
                  label={t('indicator.institution')}
                  rules={[{ required: true, pattern: INSTITUTION, message: t('fund.codeInvalid') }]}
                >
                  <Input style={{ width: 180 }} placeholder="H43010200001" />
                </Form.Item>
                <Form.Item
                  name={[f.name, 'coefficientPercent']}
                  label={t('casePay.coefficient')}
                  rules={[{ required: true, pattern: COEFFICIENT, message: t('casePay.coefficientInvalid') }]}
                >
                  <Input style={{ width: 120 }} inputMode="decimal" />
                </Form.Item>
                {fields.length > 1 && (
                  <Button type="link" danger onClick={() => remove(f.name)}>
                    ×
                  </Button>
                )}
              </Space>
            ))}
            <Form.ErrorList errors={errors} />
            <Button type="dashed" onClick={() => add({ institutionCode: '', coefficientPercent: '100' })} data-testid="add-scheme-institution">
              {t('casePay.addInstitution')}
            </Button>
          </>
        )}
      </Form.List>
      <Form.Item
        name="groupsText"
        label={t('casePay.groupsText')}
        required
        style={{ marginTop: 12 }}
        extra={read && read.errors.length === 0 ? t('casePay.groupsParsed', { n: read.items.length }) : undefined}
        rules={[
          {
            validator: (_, text?: string) => {
              const parsed = parseGroups(text ?? '');
              return parsed.errors.length === 0 ? Promise.resolve() : Promise.reject(errorLines(parsed.errors, t).map((m) => new Error(m)));
            },
          },
        ]}
      >
        <Input.TextArea rows={8} placeholder={t('casePay.groupsPlaceholder')} style={{ fontFamily: 'monospace' }} />
      </Form.Item>
      <Form.Item name="reason" label={t('common.reason')} rules={[{ required: true, whitespace: true, min: 2, max: 500, message: t('plan.textInvalid') }]}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </FormDialog>
  );
}
