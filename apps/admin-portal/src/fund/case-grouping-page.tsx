import type { CaseGroupingReply, CaseGroupingResult, GroupedCaseView } from '@mi/contracts';
import { Alert, Button, Card, Checkbox, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../api/client';
import { errorText } from '../api/problem';
import { useAuth } from '../auth/auth';
import { formatDate, formatFen, shanghaiToday } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { isMessageKey } from '../i18n/messages';
import { ApiErrorView } from '../shell/api-error-alert';
import { applyFieldErrors } from '../shell/form-errors';
import { citiesOf, regionName } from '../shell/regions';
import { useLoad } from '../shell/use-load';
import { useServerPaging } from '../shell/use-server-paging';
import { atLines, errorLines, parseGroupings } from './case-payment-lines';
import { refusedAtField } from './field-refusal';
import { INSTITUTION, PERIOD } from './fund-key';

const STATUS_COLORS: Record<CaseGroupingResult['status'], string> = { GROUPED: 'green', SPECIAL_CASE: 'orange', REPLAY: 'default', REFUSED: 'red' };

/** Fen with its sign: `+¥12.00` paid to the institution, `-¥3.00` recovered from it. */
export function signedFen(fen: string): string {
  return BigInt(fen) > 0n ? `+${formatFen(fen)}` : formatFen(fen);
}

/** A case's working, step by step (the server's words), and the entry its adjustment was posted as. */
export function CaseSteps({ c }: { c: GroupedCaseView }) {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid={`case-steps-${c.setlId}`}>
      <Typography.Text strong>{t('cases.steps')}</Typography.Text>
      <ol style={{ margin: 0 }}>
        {c.steps.map((s, i) => (
          <li key={i}>{s}</li>
        ))}
      </ol>
      <Typography.Text type="secondary">{c.entryId ? t('cases.entry', { id: c.entryId }) : t('cases.noEntry')}</Typography.Text>
    </Space>
  );
}

/** The group of a case in words: `ES23 呼吸系统感染` or 特例单议. */
function GroupOf({ c }: { c: GroupedCaseView }) {
  const { t } = useI18n();
  if (c.specialCase) return <Tag color="orange">{t('cases.special')}</Tag>;
  return (
    <>
      {c.groupCode} {c.groupName}
    </>
  );
}

interface MonthKey {
  admdvs: string;
  period: string;
}

/**
 * 病种分组结果: a city officer pastes the grouper's results (`结算编号,分组编码` or `结算编号,特例`) —
 * read here first, a bad line named by its number and nothing sent — and sees each case's result
 * (已分组 / 特例单议 / 重复提交 / 拒绝 with its reason); below, the grouped cases of a settlement month,
 * filtered by institution or to the special cases, each opened to its working.
 */
export function CaseGroupingPage() {
  const { t, lang } = useI18n();
  const { user, region } = useAuth();
  const cities = citiesOf(user?.scope ?? '');
  const [params, setParams] = useSearchParams();
  const key: MonthKey = {
    admdvs: params.get('admdvs') ?? cities.find((c) => c === region) ?? cities[0] ?? '',
    period: params.get('period') ?? shanghaiToday().slice(0, 7),
  };
  const [institutionCode, setInstitutionCode] = useState<string>();
  const [specialOnly, setSpecialOnly] = useState(false);
  const paging = useServerPaging(20);
  const cases = useLoad(
    () =>
      api.get('/api/v1/fund/case-payment/cases', {
        query: { admdvs: key.admdvs, period: key.period, institutionCode, specialOnly: specialOnly || undefined, ...paging.query },
      }),
    [key.admdvs, key.period, institutionCode, specialOnly, paging.page],
  );
  const officer = user?.roles.includes('city-officer') ?? false;
  const page = cases.data;

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={4}>{t('nav.caseGroupings')}</Typography.Title>
      <Form<MonthKey>
        layout="inline"
        name="cases-key"
        data-testid="cases-key"
        key={`${key.admdvs}-${key.period}`}
        initialValues={key}
        onFinish={(f) => {
          paging.toFirstPage();
          setParams({ admdvs: f.admdvs, period: f.period.trim() });
        }}
      >
        <Form.Item name="admdvs" label={t('fund.city')} rules={[{ required: true }]}>
          <Select style={{ width: 180 }} options={cities.map((c) => ({ value: c, label: regionName(c, lang) }))} />
        </Form.Item>
        <Form.Item name="period" label={t('cases.period')} rules={[{ required: true, pattern: PERIOD, message: t('plan.periodInvalid') }]}>
          <Input style={{ width: 110 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="cases-key-submit">
          {t('fund.load')}
        </Button>
      </Form>
      {officer && <GroupingCard admdvs={key.admdvs} onGrouped={() => cases.reload()} />}
      <Card
        title={`${t('cases.title')} · ${regionName(key.admdvs, lang)} · ${key.period}`}
        extra={
          <Space wrap>
            <Input.Search
              allowClear
              placeholder={t('cases.institutionFilter')}
              style={{ width: 200 }}
              data-testid="cases-institution"
              onSearch={(v) => {
                paging.toFirstPage();
                setInstitutionCode(INSTITUTION.test(v.trim()) ? v.trim().toUpperCase() : undefined);
              }}
            />
            <Checkbox
              checked={specialOnly}
              data-testid="cases-special-only"
              onChange={(e) => {
                paging.toFirstPage();
                setSpecialOnly(e.target.checked);
              }}
            >
              {t('cases.specialOnly')}
            </Checkbox>
          </Space>
        }
      >
        {cases.error ? (
          <ApiErrorView error={cases.error} />
        ) : (
          <Table<GroupedCaseView>
            rowKey="setlId"
            size="small"
            loading={cases.loading}
            dataSource={page?.items}
            data-testid="cases-table"
            locale={{ emptyText: t('cases.none') }}
            pagination={{ ...paging.pagination(page?.total), hideOnSinglePage: true }}
            rowClassName={(c) => (c.specialCase || c.reversed ? 'mi-flagged' : '')}
            expandable={{ expandedRowRender: (c) => <CaseSteps c={c} /> }}
            summary={() =>
              page && (
                <Table.Summary.Row>
                  {/* The first column is the expand button's. */}
                  <Table.Summary.Cell index={0} colSpan={11}>
                    {t('cases.totalAdjustment')}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={11} align="right">
                    <span data-testid="cases-total-adjustment">{signedFen(page.totalAdjustmentFen)}</span>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={12} />
                </Table.Summary.Row>
              )
            }
            columns={[
              { title: t('cases.setlId'), dataIndex: 'setlId' },
              { title: t('indicator.institution'), dataIndex: 'institutionCode' },
              { title: t('fund.insutype'), dataIndex: 'insutype' },
              { title: t('cases.setlDate'), dataIndex: 'setlDate', render: formatDate },
              { title: t('cases.scheme'), render: (_, c) => `${c.method} ${t('casePay.versionN', { n: c.schemeVersion })}` },
              { title: t('cases.group'), render: (_, c) => <GroupOf c={c} /> },
              { title: t('cases.medfee'), dataIndex: 'medfeeSumamtFen', align: 'right', render: (f: string) => formatFen(f) },
              { title: t('cases.hifpPay'), dataIndex: 'hifpPayFen', align: 'right', render: (f: string) => formatFen(f) },
              { title: t('cases.standard'), dataIndex: 'standardFen', align: 'right', render: (f: string) => formatFen(f) },
              { title: t('cases.casePayment'), dataIndex: 'casePaymentFen', align: 'right', render: (f: string) => formatFen(f) },
              { title: t('cases.adjustment'), dataIndex: 'adjustmentFen', align: 'right', render: (f: string) => signedFen(f) },
              { title: t('common.status'), render: (_, c) => c.reversed && <Tag>{t('cases.reversed')}</Tag> },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}

/** 录入分组结果: the pasted lines read and sent as one request; the reply's result per case in a table. */
function GroupingCard({ admdvs, onGrouped }: { admdvs: string; onGrouped(): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ lines: string }>();
  const text = Form.useWatch('lines', form);
  const read = text ? parseGroupings(text) : undefined;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [reply, setReply] = useState<{ reply: CaseGroupingReply; lines: number[] }>();

  async function submit(v: { lines: string }) {
    const parsed = parseGroupings(v.lines);
    setBusy(true);
    setError(undefined);
    try {
      const r = await refusedAtField(api.post('/api/v1/fund/case-payment/groupings', { body: { admdvs, cases: parsed.items } }));
      setReply({ reply: r, lines: parsed.lines });
      onGrouped();
    } catch (e) {
      const shown = atLines(e, 'cases', 'lines', parsed.lines, t);
      if (!applyFieldErrors(form, shown)) setError(errorText(shown));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t('grouping.title')} data-testid="grouping-card">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('grouping.hint')}
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} data-testid="grouping-error" />}
        <Form form={form} layout="vertical" name="grouping" data-testid="grouping-form" onFinish={(v) => void submit(v)}>
          <Form.Item
            name="lines"
            label={t('grouping.lines')}
            required
            extra={read && read.errors.length === 0 ? t('grouping.linesParsed', { n: read.items.length }) : undefined}
            rules={[
              {
                validator: (_, value?: string) => {
                  const parsed = parseGroupings(value ?? '');
                  return parsed.errors.length === 0 ? Promise.resolve() : Promise.reject(errorLines(parsed.errors, t).map((m) => new Error(m)));
                },
              },
            ]}
          >
            <Input.TextArea rows={6} placeholder={'Y430100000123,ES23\nY430100000124,特例'} style={{ fontFamily: 'monospace' }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="grouping-submit">
            {t('grouping.submit')}
          </Button>
        </Form>
        {reply && <GroupingResults reply={reply.reply} lines={reply.lines} />}
      </Space>
    </Card>
  );
}

/** What became of each case sent: its status in words, its group and adjustment, or why it was refused. */
function GroupingResults({ reply: r, lines }: { reply: CaseGroupingReply; lines: number[] }) {
  const { t } = useI18n();
  const rows = r.results.map((result, i) => ({ ...result, line: lines[i] ?? i + 1 }));
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="grouping-results">
      <Typography.Text strong>{t('grouping.results')}</Typography.Text>
      <Alert
        type={r.refused > 0 ? 'warning' : 'success'}
        showIcon
        data-testid="grouping-summary"
        title={t('grouping.summary', { grouped: r.grouped, special: r.special, replays: r.replays, refused: r.refused, amount: signedFen(r.adjustmentFen) })}
      />
      <Table<CaseGroupingResult & { line: number }>
        rowKey="setlId"
        size="small"
        dataSource={rows}
        data-testid="grouping-results-table"
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        rowClassName={(x) => (x.status === 'REFUSED' ? 'mi-flagged' : '')}
        expandable={{ rowExpandable: (x) => !!x.case, expandedRowRender: (x) => x.case && <CaseSteps c={x.case} /> }}
        columns={[
          { title: t('grouping.line'), dataIndex: 'line', width: 60 },
          { title: t('cases.setlId'), dataIndex: 'setlId' },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: CaseGroupingResult['status']) => <Tag color={STATUS_COLORS[s]}>{t(`grouping.status.${s}`)}</Tag>,
          },
          { title: t('indicator.institution'), render: (_, x) => x.case?.institutionCode ?? '—' },
          { title: t('cases.group'), render: (_, x) => (x.case ? <GroupOf c={x.case} /> : '—') },
          { title: t('cases.adjustment'), align: 'right', render: (_, x) => (x.case ? signedFen(x.case.adjustmentFen) : '—') },
          { title: t('grouping.reason'), render: (_, x) => x.error && <RefusalReason error={x.error} /> },
        ]}
      />
    </Space>
  );
}

/** A refused case's reason: the code in words where the portal knows it, and the server's sentence. */
function RefusalReason({ error }: { error: NonNullable<CaseGroupingResult['error']> }) {
  const { t } = useI18n();
  const key = `grouping.refused.${error.code}`;
  return (
    <span data-testid="refusal-reason">
      {isMessageKey(key) ? t(key) : error.code}
      <div>
        <Typography.Text type="secondary">{error.message}</Typography.Text>
      </div>
    </span>
  );
}
