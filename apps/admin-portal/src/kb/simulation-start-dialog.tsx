import type { RuleVersionView, SimulationJobView } from '@mi/contracts';
import { DatePicker, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../api/client';
import { ApiError } from '../api/problem';
import { shanghaiToday } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { FormDialog } from '../shell/form-dialog';
import { regionName } from '../shell/regions';
import { useLoad } from '../shell/use-load';
import { provinceOf } from './rules-page';

interface Values {
  from: Dayjs;
  to: Dayjs;
  /** `ruleId@version`. */
  rules?: string[];
  remove?: string[];
  reason: string;
}

/** The server names `rules[2]` or `remove[0]`: the form has one field for each list. */
function listFieldErrors(e: unknown): unknown {
  if (!(e instanceof ApiError)) return e;
  const fields = e.fieldErrors();
  if (!fields.some((f) => /^(rules|remove)\[\d+\]/.test(f.field))) return e;
  return new ApiError({
    ...e.problem,
    details: {
      ...e.problem.details,
      field: undefined,
      fields: fields.map((f) => ({ field: f.field.replace(/^(rules|remove)\[\d+\].*$/, '$1'), reason: f.reason })),
    },
  });
}

/** Versions the city may put in a candidate set: its own and (when visible) its province's, latest first. */
async function candidateVersions(city: string): Promise<{ versions: RuleVersionView[]; provinceHidden: boolean }> {
  const own = await api.get('/api/v1/kb/rules/{region}', { path: { region: city } });
  try {
    const province = await api.get('/api/v1/kb/rules/{region}', { path: { region: provinceOf(city) } });
    return { versions: [...own, ...province], provinceHidden: false };
  } catch (e) {
    if (e instanceof ApiError && (e.status === 403 || e.status === 404)) return { versions: own, provinceHidden: true };
    throw e;
  }
}

/**
 * 发起规则模拟: a period, candidate rule versions (drafts or published) and rules to take out of the
 * set in force, and why. Queued at once (202); the run goes on in the background.
 */
export function StartSimulationDialog({
  city,
  preset,
  onClose,
  onStarted,
}: {
  city: string;
  preset?: { rules?: string[]; remove?: string[] };
  onClose(): void;
  onStarted(job: SimulationJobView): void;
}) {
  const { t, lang } = useI18n();
  const today = shanghaiToday();
  const versions = useLoad(() => candidateVersions(city), [city]);
  const inForce = useLoad(() => api.get('/api/v1/kb/rule-sets/in-force', { query: { poolarea: city, date: today } }), [city]);
  const ruleIds = (inForce.data?.rules ?? []).map((r) => String(r.id)).sort();
  const first = dayjs(`${today.slice(0, 7)}-01`).subtract(2, 'month');

  return (
    <FormDialog<Values>
      title={`${t('sim.start')} · ${regionName(city, lang)}`}
      testId="simulation-form"
      width={640}
      initialValues={{ from: first, to: dayjs(today), rules: preset?.rules ?? [], remove: preset?.remove ?? [] }}
      onClose={onClose}
      onSubmit={async (v) => {
        const rules = (v.rules ?? []).map((r) => {
          const at = r.lastIndexOf('@');
          return { ruleId: r.slice(0, at), version: Number(r.slice(at + 1)) };
        });
        try {
          onStarted(
            await api.post('/api/v1/review/simulations', {
              body: {
                poolarea: city,
                from: v.from.format('YYYY-MM-DD'),
                to: v.to.format('YYYY-MM-DD'),
                ...(rules.length ? { rules } : {}),
                ...(v.remove?.length ? { remove: v.remove } : {}),
                reason: v.reason.trim(),
              },
            }),
          );
        } catch (e) {
          throw listFieldErrors(e);
        }
      }}
    >
      <Form.Item name="from" label={t('sim.from')} rules={[{ required: true }]}>
        <DatePicker format="YYYY-MM-DD" disabledDate={(d) => d.format('YYYY-MM-DD') > today} />
      </Form.Item>
      <Form.Item
        name="to"
        label={t('sim.to')}
        dependencies={['from']}
        rules={[
          { required: true },
          ({ getFieldValue }) => ({
            validator: (_, to?: Dayjs) => {
              const from = getFieldValue('from') as Dayjs | undefined;
              if (!to || !from) return Promise.resolve();
              const days = to.diff(from, 'day');
              return days >= 0 && days <= 365 && to.format('YYYY-MM-DD') <= today ? Promise.resolve() : Promise.reject(new Error(t('sim.periodInvalid')));
            },
          }),
        ]}
      >
        <DatePicker format="YYYY-MM-DD" disabledDate={(d) => d.format('YYYY-MM-DD') > today} />
      </Form.Item>
      <Form.Item name="rules" label={t('sim.rules')} extra={versions.data?.provinceHidden ? t('sim.ruleNotVisible') : t('sim.rulesHint')}>
        <Select
          mode="multiple"
          allowClear
          loading={versions.loading}
          optionFilterProp="label"
          data-testid="sim-rules"
          options={(versions.data?.versions ?? [])
            .slice()
            .sort((a, b) => a.ruleId.localeCompare(b.ruleId) || b.version - a.version)
            .map((r) => ({
              value: `${r.ruleId}@${r.version}`,
              label: `${r.ruleId} v${r.version} · ${lang === 'en' ? r.name.en : r.name.zh} · ${t(`rule.status.${r.status}`)}`,
            }))}
        />
      </Form.Item>
      <Form.Item
        name="remove"
        label={t('sim.remove')}
        dependencies={['rules']}
        rules={[
          ({ getFieldValue }) => ({
            validator: (_, remove?: string[]) =>
              (remove?.length ?? 0) + ((getFieldValue('rules') as string[] | undefined)?.length ?? 0) > 0
                ? Promise.resolve()
                : Promise.reject(new Error(t('sim.nothing'))),
          }),
        ]}
      >
        <Select mode="multiple" allowClear loading={inForce.loading} data-testid="sim-remove" options={ruleIds.map((id) => ({ value: id, label: id }))} />
      </Form.Item>
      <Form.Item name="reason" label={t('sim.reason')} rules={[{ required: true, whitespace: true, min: 4, max: 500, message: t('sim.reasonInvalid') }]}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </FormDialog>
  );
}
