import type { ApprovalView, RuleSetView, RuleVersionView } from '@mi/contracts';
import { Alert, Button, Card, Checkbox, DatePicker, Form, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../api/client';
import { ApiError } from '../api/problem';
import { useAuth } from '../auth/auth';
import { formatDate, formatDateTime, shanghaiToday } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { ApiErrorView } from '../shell/api-error-alert';
import { ApprovalNote } from '../shell/approval-note';
import { FormDialog } from '../shell/form-dialog';
import { citiesOf, levelOf, regionName } from '../shell/regions';
import { useLoad } from '../shell/use-load';
import { latestVersions, overrideDiff, type RuleJson, type RuleOverrideJson } from './rule-dsl';
import { RuleDraftDialog } from './rule-draft-dialog';
import { StartSimulationDialog } from './simulation-start-dialog';
import { OriginTag, RuleView, SeverityTag } from './rule-view';

/** A rule base holds a few dozen rules: one page shows them all (the routes answer whole lists). */
const RULE_PAGING = { pageSize: 50, hideOnSinglePage: true };

/** The maker-checker action that publishes a rule set (context `kb`). */
const PUBLISH_ACTION = 'kb.publish-rule-set';

/** The regions that keep rules in a user's scope: the province (its admin) and the cities. */
export function ruleRegionsOf(scope: string): string[] {
  return levelOf(scope) === 'province' ? [scope, ...citiesOf(scope)] : citiesOf(scope);
}

export const provinceOf = (region: string) => `${region.slice(0, 2)}0000`;

/** Who may simulate a candidate set (the gateway allows the same). */
export function maySimulate(roles: readonly string[]): boolean {
  return ['city-officer', 'reviewer', 'province-admin'].some((r) => roles.includes(r));
}

export function mayEditRules(roles: readonly string[], region: string): boolean {
  return roles.includes('province-admin') || (levelOf(region) === 'city' && roles.includes('city-officer'));
}

/** 规则库: the rules in force in a city (with its overrides as a diff against the province), the region's rule versions and rule sets, drafts and publishing. */
export function RulesPage() {
  const { t, lang } = useI18n();
  const { user, region: switched } = useAuth();
  const regions = ruleRegionsOf(user?.scope ?? '');
  const [region, setRegion] = useState(regions.includes(switched ?? '') ? (switched as string) : regions[0]);
  const editor = mayEditRules(user?.roles ?? [], region);
  const isCity = levelOf(region) === 'city';
  const [tab, setTab] = useState(isCity ? 'in-force' : 'versions');
  const navigate = useNavigate();
  const simulator = maySimulate(user?.roles ?? []);
  // A simulation runs over a city's settlements: the region picked, or the user's first city.
  const simCity = isCity ? region : (citiesOf(user?.scope ?? '')[0] ?? region);
  const [simulating, setSimulating] = useState<{ rules?: string[] }>();

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4}>{t('nav.rules')}</Typography.Title>
      <Space>
        {t('rule.region')}
        <Select
          style={{ width: 200 }}
          value={region}
          data-testid="rule-region"
          onChange={(r: string) => {
            setRegion(r);
            setTab(levelOf(r) === 'city' ? 'in-force' : 'versions');
          }}
          options={regions.map((r) => ({ value: r, label: `${regionName(r, lang)} · ${t(`rule.level.${levelOf(r) === 'city' ? 'city' : 'province'}`)}` }))}
        />
        {simulator && (
          <>
            <Button onClick={() => setSimulating({})} data-testid="simulate">
              {t('sim.start')}
            </Button>
            <Link to="/kb/simulations">{t('sim.jobs')}</Link>
          </>
        )}
      </Space>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={[
          {
            key: 'in-force',
            label: t('rule.inForce'),
            children: isCity ? <InForce city={region} /> : <Alert type="info" showIcon title={t('rule.provinceInForce')} />,
          },
          ...(levelOf(user?.scope ?? '') === 'county'
            ? []
            : [
                {
                  key: 'versions',
                  label: t('rule.versions'),
                  children: <Versions region={region} editor={editor} onSimulate={simulator ? (r) => setSimulating({ rules: [r] }) : undefined} />,
                },
              ]),
          ...(levelOf(user?.scope ?? '') === 'county' ? [] : [{ key: 'sets', label: t('rule.sets'), children: <RuleSets region={region} editor={editor} /> }]),
        ]}
      />
      {simulating && (
        <StartSimulationDialog
          city={simCity}
          preset={simulating}
          onClose={() => setSimulating(undefined)}
          onStarted={(job) => navigate(`/kb/simulations/${job.id}`)}
        />
      )}
    </Space>
  );
}

/** The set in force today for a city, its rules readable row by row, and the city's overrides against the provincial rules. */
function InForce({ city }: { city: string }) {
  const { t, lang } = useI18n();
  const set = useLoad(() => api.get('/api/v1/kb/rule-sets/in-force', { query: { poolarea: city, date: shanghaiToday() } }), [city]);
  if (set.error)
    return set.error instanceof ApiError && set.error.status === 404 ? (
      <Alert type="warning" showIcon title={t('rule.noInForce')} />
    ) : (
      <ApiErrorView error={set.error} />
    );
  const s = set.data;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      {s && (
        <Typography.Text data-testid="set-in-force">
          {regionName(s.region, lang)} · {t('rule.set.version')} {s.version} · {t('rule.set.effectiveFrom')} {formatDate(s.effectiveFrom)}
          {s.region !== city && ` · ${t('rule.set.inherits')}`}
        </Typography.Text>
      )}
      {s && <OverridesDiff set={s} />}
      <RuleTable rules={(s?.rules ?? []) as RuleJson[]} loading={set.loading} testId="in-force-table" />
    </Space>
  );
}

/** A city's overrides, provincial value beside the city's (the provincial rules read from the province, when this account may). */
function OverridesDiff({ set }: { set: RuleSetView }) {
  const { t, lang } = useI18n();
  const province = provinceOf(set.region);
  const provincial = useLoad(
    () =>
      set.overrides.length === 0 ? Promise.resolve([]) : api.get('/api/v1/kb/rules/{region}', { path: { region: province }, query: { status: 'PUBLISHED' } }),
    [province, set.overrides.length],
  );
  const rows = useMemo(() => {
    // The provincial version the city's rule is based on: the version in force, else the latest published.
    const inForce = new Map((set.rules as RuleJson[]).map((r) => [r.id, r.version]));
    const byId = new Map<string, RuleVersionView>();
    for (const r of provincial.data ?? []) {
      const wanted = inForce.get(r.ruleId);
      const have = byId.get(r.ruleId);
      if (wanted !== undefined ? r.version === wanted : !have || have.version < r.version) byId.set(r.ruleId, r);
    }
    const defs = new Map([...byId].map(([id, r]) => [id, r.definition as RuleJson]));
    return overrideDiff(set.overrides as RuleOverrideJson[], provincial.error ? undefined : defs);
  }, [set, provincial.data, provincial.error]);
  return (
    <Card size="small" title={t('rule.overrides')} data-testid="overrides-diff">
      {set.overrides.length === 0 ? (
        <Typography.Text type="secondary">{t('rule.override.none')}</Typography.Text>
      ) : (
        <>
          {provincial.error !== undefined && <Alert type="info" showIcon title={t('rule.override.provincialHidden')} style={{ marginBottom: 8 }} />}
          <Table
            rowKey="key"
            size="small"
            pagination={false}
            loading={provincial.loading}
            dataSource={rows}
            columns={[
              { title: t('rule.id'), render: (_, r) => `${r.ruleId} ${r.name ? (lang === 'en' ? r.name.en : r.name.zh) : ''}` },
              { title: t('rule.override.param'), render: (_, r) => (r.kind === 'disabled' ? <Tag color="red">{t('rule.override.disabled')}</Tag> : r.param) },
              {
                title: t('rule.override.provincial'),
                render: (_, r) => (r.kind === 'disabled' ? '' : <del className="mi-diff-old">{r.provincial ?? '—'}</del>),
              },
              { title: t('rule.override.city'), render: (_, r) => (r.kind === 'disabled' ? '' : <ins className="mi-diff-new">{r.city}</ins>) },
            ]}
          />
        </>
      )}
    </Card>
  );
}

/** Rules with their definition readable in an expanded row. */
function RuleTable({ rules, loading, testId, link }: { rules: RuleJson[]; loading?: boolean; testId: string; link?: (r: RuleJson) => string }) {
  const { t, lang } = useI18n();
  return (
    <Table<RuleJson>
      rowKey={(r) => `${r.id}@${r.version}`}
      size="small"
      loading={loading}
      dataSource={rules}
      data-testid={testId}
      pagination={RULE_PAGING}
      expandable={{ expandedRowRender: (r) => <RuleView def={r} /> }}
      columns={[
        { title: t('rule.id'), dataIndex: 'id', render: (id: string, r) => (link ? <Link to={link(r)}>{id}</Link> : id) },
        { title: t('rule.name'), render: (_, r) => (lang === 'en' ? r.name.en : r.name.zh) },
        { title: t('rule.origin'), render: (_, r) => <OriginTag def={r} /> },
        { title: t('rule.version'), dataIndex: 'version' },
        { title: t('rule.severity'), dataIndex: 'severity', render: (s: unknown) => <SeverityTag severity={s} /> },
        {
          title: t('rule.stage'),
          dataIndex: 'stage',
          render: (stages: ('pre' | 'in' | 'post')[]) => (stages ?? []).map((s) => t(`rule.stage.${s}`)).join('、'),
        },
      ]}
    />
  );
}

/** The region's own rule versions (drafts and published), latest first per rule. */
function Versions({ region, editor, onSimulate }: { region: string; editor: boolean; onSimulate?: (ref: string) => void }) {
  const { t } = useI18n();
  const list = useLoad(() => api.get('/api/v1/kb/rules/{region}', { path: { region } }), [region]);
  const [copying, setCopying] = useState<RuleJson>();
  const latest = latestVersions(list.data ?? []);
  if (list.error) return <ApiErrorView error={list.error} />;
  return (
    <>
      <Table<RuleVersionView>
        rowKey={(r) => `${r.ruleId}@${r.version}`}
        size="small"
        loading={list.loading}
        dataSource={latest}
        data-testid="versions-table"
        pagination={RULE_PAGING}
        columns={[
          { title: t('rule.id'), dataIndex: 'ruleId', render: (id: string) => <Link to={`/kb/rules/${region}/${encodeURIComponent(id)}`}>{id}</Link> },
          { title: t('rule.name'), render: (_, r) => r.name.zh },
          { title: t('rule.origin'), render: (_, r) => <OriginTag def={r.definition} /> },
          { title: t('rule.version'), dataIndex: 'version' },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: 'DRAFT' | 'PUBLISHED') => <Tag color={s === 'DRAFT' ? 'gold' : 'green'}>{t(`rule.status.${s}`)}</Tag>,
          },
          { title: t('rule.severity'), render: (_, r) => <SeverityTag severity={r.definition.severity} /> },
          { title: t('rule.createdBy'), dataIndex: 'createdBy' },
          { title: t('rule.createdAt'), dataIndex: 'createdAt', render: formatDate },
          ...(editor || onSimulate
            ? [
                {
                  title: t('common.actions'),
                  render: (_: unknown, r: RuleVersionView) => (
                    <Space size="small">
                      {editor && (
                        <Button size="small" onClick={() => setCopying(r.definition as RuleJson)}>
                          {t('rule.copyAsNew')}
                        </Button>
                      )}
                      {onSimulate && (
                        <Button size="small" onClick={() => onSimulate(`${r.ruleId}@${r.version}`)} data-testid="simulate-version">
                          {t('sim.title')}
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {copying && (
        <RuleDraftDialog
          region={region}
          base={copying}
          creating
          onClose={() => setCopying(undefined)}
          onSaved={() => {
            setCopying(undefined);
            list.reload();
          }}
        />
      )}
    </>
  );
}

/** Published rule sets of the region, proposals awaiting approval, and proposing a new one. */
function RuleSets({ region, editor }: { region: string; editor: boolean }) {
  const { t } = useI18n();
  const sets = useLoad(() => api.get('/api/v1/kb/rule-sets/{region}', { path: { region } }), [region]);
  const pending = useLoad(() => api.get('/api/v1/approvals/{context}', { path: { context: 'kb' }, query: { status: 'PENDING', limit: 50 } }), [region]);
  const [proposing, setProposing] = useState(false);
  const [proposed, setProposed] = useState<ApprovalView>();
  const waiting = (pending.data?.items ?? []).filter((a) => a.action === PUBLISH_ACTION && a.admdvs === region && a.id !== proposed?.id);
  if (sets.error) return <ApiErrorView error={sets.error} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {editor && (
        <Button type="primary" onClick={() => setProposing(true)} data-testid="propose-set">
          {t('rule.set.propose')}
        </Button>
      )}
      {proposed && <ApprovalNote approval={proposed} context="kb" />}
      {waiting.length > 0 && (
        <Card size="small" title={t('rule.set.pending')}>
          {waiting.map((a) => (
            <ApprovalNote key={a.id} approval={a} context="kb" />
          ))}
        </Card>
      )}
      <Table
        rowKey="version"
        size="small"
        loading={sets.loading}
        dataSource={sets.data}
        data-testid="sets-table"
        pagination={false}
        columns={[
          { title: t('rule.set.version'), dataIndex: 'version' },
          { title: t('rule.set.effectiveFrom'), dataIndex: 'effectiveFrom', render: formatDate },
          { title: t('rule.set.publishedAt'), dataIndex: 'publishedAt', render: formatDateTime },
          { title: t('rule.set.overrides'), render: (_, s) => s.overrides.length },
        ]}
      />
      {proposing && (
        <ProposeSetDialog
          region={region}
          onClose={() => setProposing(false)}
          onDone={(a) => {
            setProposing(false);
            setProposed(a);
            pending.reload();
          }}
        />
      )}
    </Space>
  );
}

interface ProposeValues {
  effectiveFrom: Dayjs;
  reason: string;
  enabled: string[];
}

/**
 * 提交规则集发布: a province chooses the rule versions of its set (the latest of each, drafts
 * included); a city keeps the provincial set and switches rules off (override `disabled`), its
 * parameter overrides carried over. A second officer approves it in the approvals inbox.
 */
function ProposeSetDialog({ region, onClose, onDone }: { region: string; onClose(): void; onDone(a: ApprovalView): void }) {
  const { t, lang } = useI18n();
  const isCity = levelOf(region) === 'city';
  const candidates = useLoad(async () => {
    if (!isCity)
      return { rules: latestVersions(await api.get('/api/v1/kb/rules/{region}', { path: { region } })).map((r) => r.definition as RuleJson), overrides: [] };
    const set = await api.get('/api/v1/kb/rule-sets/in-force', { query: { poolarea: region, date: shanghaiToday() } });
    const overrides = set.overrides as RuleOverrideJson[];
    const disabled = overrides.filter((o) => o.disabled).map((o) => ({ id: o.ruleId, version: 0, name: { zh: o.ruleId, en: o.ruleId } }) as RuleJson);
    return { rules: [...(set.rules as RuleJson[]), ...disabled], overrides };
  }, [region]);
  const rules = candidates.data?.rules ?? [];

  async function submit(v: ProposeValues) {
    const on = new Set(v.enabled);
    const body = isCity
      ? {
          region,
          effectiveFrom: v.effectiveFrom.format('YYYY-MM-DD'),
          rules: [],
          overrides: rules.flatMap((r): RuleOverrideJson[] => {
            const params = candidates.data?.overrides.find((o) => o.ruleId === r.id)?.params;
            if (!on.has(r.id)) return [{ ruleId: r.id, disabled: true }];
            return params ? [{ ruleId: r.id, params }] : [];
          }),
          reason: v.reason.trim(),
        }
      : {
          region,
          effectiveFrom: v.effectiveFrom.format('YYYY-MM-DD'),
          rules: rules.filter((r) => on.has(r.id)).map((r) => ({ ruleId: r.id, version: r.version })),
          reason: v.reason.trim(),
        };
    onDone(await api.post('/api/v1/kb/rule-sets', { body }));
  }

  if (candidates.error) return <ApiErrorView error={candidates.error} />;
  if (!candidates.data) return null;
  const disabledNow = new Set(candidates.data.overrides.filter((o) => o.disabled).map((o) => o.ruleId));
  return (
    <FormDialog<ProposeValues>
      title={`${t('rule.set.propose')} · ${regionName(region, lang)}`}
      testId="propose-set-form"
      width={720}
      renames={{ rules: 'enabled', overrides: 'enabled' }}
      initialValues={{ enabled: rules.filter((r) => !disabledNow.has(r.id)).map((r) => r.id), effectiveFrom: dayjs(shanghaiToday(new Date(), 1)) }}
      onClose={onClose}
      onSubmit={submit}
    >
      <Form.Item
        name="effectiveFrom"
        label={t('rule.set.effectiveFrom')}
        rules={[
          { required: true },
          {
            validator: async (_, d?: Dayjs) => {
              if (d && d.format('YYYY-MM-DD') < shanghaiToday()) throw new Error(t('rule.set.effectiveInvalid'));
            },
          },
        ]}
      >
        <DatePicker format="YYYY-MM-DD" />
      </Form.Item>
      <Form.Item name="reason" label={t('common.reason')} rules={[{ required: true, whitespace: true, min: 4, max: 500 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item name="enabled" label={t('rule.set.enabled')} rules={[{ required: true, type: 'array', min: 1, message: t('rule.set.noneEnabled') }]}>
        <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', maxHeight: 280, overflowY: 'auto' }}>
          {rules.map((r) => (
            <Checkbox key={r.id} value={r.id}>
              {r.id} {lang === 'en' ? r.name.en : r.name.zh}
              {r.version > 0 && ` · v${r.version}`}
            </Checkbox>
          ))}
        </Checkbox.Group>
      </Form.Item>
    </FormDialog>
  );
}
