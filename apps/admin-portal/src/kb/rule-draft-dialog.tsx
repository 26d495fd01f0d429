import type { RuleVersionView } from '@mi/contracts';
import { App, Checkbox, Form, Input, InputNumber, Select, Switch, Tabs } from 'antd';
import { useState } from 'react';
import { api } from '../api/client';
import { ApiError, errorText } from '../api/problem';
import { useI18n } from '../i18n/i18n';
import { FormDialog } from '../shell/form-dialog';
import { fieldPath } from '../shell/form-errors';
import type { RuleJson } from './rule-dsl';

const RULE_ID = /^[A-Za-z0-9-]{3,40}$/;
const TREATMENT_MODES = ['1', '2', '3', '4'];

/** The part of a definition the form edits; server errors name the same paths (`definition.params.maxVisits`). */
interface DraftValues {
  definition: {
    id: string;
    name: { zh: string; en: string };
    severity: string;
    stage: string[];
    scope: { treatmentModes?: string[]; insutypes?: string[]; regions?: string[] };
    params: Record<string, unknown>;
  };
  json: string;
}

/** The form's paths that the server may name (everything else is shown above the form). */
function formPaths(def: RuleJson): string[] {
  return [
    'definition.id',
    'definition.name.zh',
    'definition.name.en',
    'definition.severity',
    'definition.stage',
    'definition.scope.treatmentModes',
    'definition.scope.insutypes',
    'definition.scope.regions',
    ...Object.keys(def.params ?? {}).map((p) => `definition.params.${p}`),
  ];
}

function formValuesOf(def: RuleJson): DraftValues['definition'] {
  const scope = (def.scope ?? {}) as DraftValues['definition']['scope'];
  return {
    id: def.id,
    name: { ...def.name },
    severity: String(def.severity),
    stage: [...((def.stage as string[]) ?? [])],
    scope: { treatmentModes: scope.treatmentModes, insutypes: scope.insutypes, regions: scope.regions },
    params: { ...(def.params ?? {}) },
  };
}

/** The definition the form describes: the base rule with the form's fields over it (empty scope lists dropped). */
export function mergeDraft(base: RuleJson, v: DraftValues['definition']): RuleJson {
  const scope: Record<string, unknown> = { ...((base.scope as object) ?? {}) };
  for (const [k, list] of Object.entries(v.scope ?? {})) {
    if (Array.isArray(list) && list.length > 0) scope[k] = list;
    else delete scope[k];
  }
  const merged: RuleJson = {
    ...base,
    id: v.id.trim(),
    name: { zh: v.name.zh.trim(), en: v.name.en.trim() },
    severity: v.severity,
    stage: v.stage,
    ...(base.params ? { params: { ...base.params, ...v.params } } : {}),
  };
  if (Object.keys(scope).length > 0) merged.scope = scope;
  else delete merged.scope;
  return merged;
}

/** The input for one parameter, by the type of its current value (money as `{ money: "0.00" }` yuan text). */
function ParamInput({ name, value }: { name: string; value: unknown }) {
  const { t } = useI18n();
  const path = ['definition', 'params', name];
  if (typeof value === 'number')
    return (
      <Form.Item name={path} label={name} rules={[{ required: true, type: 'number', message: t('rule.paramInvalid') }]}>
        <InputNumber style={{ width: 200 }} />
      </Form.Item>
    );
  if (typeof value === 'boolean')
    return (
      <Form.Item name={path} label={name} valuePropName="checked">
        <Switch />
      </Form.Item>
    );
  if (Array.isArray(value))
    return (
      <Form.Item name={path} label={name}>
        <Select mode="tags" />
      </Form.Item>
    );
  if (value !== null && typeof value === 'object' && 'money' in value)
    return (
      <Form.Item
        name={[...path, 'money']}
        label={`${name}（¥）`}
        rules={[{ required: true, pattern: /^-?\d+(\.\d{1,2})?$/, message: t('common.yuanInvalid') }]}
      >
        <Input style={{ width: 200 }} />
      </Form.Item>
    );
  return (
    <Form.Item name={path} label={name} rules={[{ required: true }]}>
      <Input />
    </Form.Item>
  );
}

/**
 * Saves a rule as a draft (a new version, or the open draft overwritten) in a form: names, severity,
 * stages, scope and parameters; the whole definition as JSON in the advanced tab. The server
 * validates the DSL; its errors appear at the form's fields, others above the form.
 */
export function RuleDraftDialog(p: { region: string; base: RuleJson; creating?: boolean; onClose(): void; onSaved(r: RuleVersionView): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<DraftValues>();
  const [tab, setTab] = useState<'form' | 'json'>('form');
  const known = new Set(formPaths(p.base));

  function current(): RuleJson {
    if (tab === 'json') return JSON.parse(form.getFieldValue('json') as string) as RuleJson;
    return mergeDraft(p.base, form.getFieldValue('definition') as DraftValues['definition']);
  }

  function switchTab(next: string) {
    if (next === 'json') form.setFieldValue('json', JSON.stringify(current(), null, 2));
    else {
      const parsed = (() => {
        try {
          return JSON.parse(form.getFieldValue('json') as string) as RuleJson;
        } catch {
          return undefined;
        }
      })();
      if (!parsed) return void form.validateFields(['json']);
      form.setFieldValue('definition', formValuesOf(parsed));
    }
    setTab(next as 'form' | 'json');
  }

  async function submit() {
    const definition = current();
    try {
      const saved = await api.post('/api/v1/kb/rules/{region}/drafts', { path: { region: p.region }, body: { definition } });
      void message.success(t('rule.draftSaved', { ruleId: saved.ruleId, version: saved.version }));
      p.onSaved(saved);
    } catch (e) {
      // A DSL error deep in the condition has no field in the form: it is shown above the form.
      const fields = e instanceof ApiError ? e.fieldErrors() : [];
      if (tab === 'json' || fields.length === 0 || fields.some((f) => !known.has(fieldPath(f.field).join('.')))) throw new Error(errorText(e));
      throw e;
    }
  }

  return (
    <FormDialog<DraftValues>
      title={p.creating ? t('rule.newDraft') : `${t('rule.editDraft')} · ${p.base.id}`}
      testId="rule-draft-form"
      width={760}
      form={form}
      initialValues={{ definition: formValuesOf(p.creating ? { ...p.base, id: '' } : p.base), json: '' }}
      onClose={p.onClose}
      onSubmit={submit}
    >
      <Tabs
        activeKey={tab}
        onChange={switchTab}
        items={[
          {
            key: 'form',
            label: t('rule.formTab'),
            forceRender: true,
            children: (
              <>
                <Form.Item name={['definition', 'id']} label={t('rule.id')} rules={[{ required: true, pattern: RULE_ID, message: t('rule.idInvalid') }]}>
                  <Input disabled={!p.creating} />
                </Form.Item>
                <Form.Item name={['definition', 'name', 'zh']} label={t('rule.nameZh')} rules={[{ required: true, whitespace: true, max: 100 }]}>
                  <Input />
                </Form.Item>
                <Form.Item name={['definition', 'name', 'en']} label={t('rule.nameEn')} rules={[{ required: true, whitespace: true, max: 200 }]}>
                  <Input />
                </Form.Item>
                <Form.Item name={['definition', 'severity']} label={t('rule.severity')} rules={[{ required: true }]}>
                  <Select options={['1', '2', '3'].map((s) => ({ value: s, label: t(`rule.severity.${s as '1' | '2' | '3'}`) }))} />
                </Form.Item>
                <Form.Item name={['definition', 'stage']} label={t('rule.stage')} rules={[{ required: true, type: 'array', min: 1 }]}>
                  <Checkbox.Group options={(['pre', 'in', 'post'] as const).map((s) => ({ value: s, label: t(`rule.stage.${s}`) }))} />
                </Form.Item>
                <Form.Item name={['definition', 'scope', 'treatmentModes']} label={`${t('rule.scope')} · ${t('rule.scope.treatmentModes')}`}>
                  <Select mode="multiple" allowClear options={TREATMENT_MODES.map((m) => ({ value: m, label: t(`alert.mode.${m as '1'}`) }))} />
                </Form.Item>
                <Form.Item name={['definition', 'scope', 'insutypes']} label={`${t('rule.scope')} · ${t('rule.scope.insutypes')}`}>
                  <Select mode="tags" />
                </Form.Item>
                <Form.Item name={['definition', 'scope', 'regions']} label={`${t('rule.scope')} · ${t('rule.scope.regions')}`}>
                  <Select mode="tags" />
                </Form.Item>
                {Object.entries(p.base.params ?? {}).map(([name, value]) => (
                  <ParamInput key={name} name={name} value={value} />
                ))}
              </>
            ),
          },
          {
            key: 'json',
            label: t('rule.jsonTab'),
            forceRender: true,
            children: (
              <Form.Item
                name="json"
                rules={[
                  {
                    validator: async (_, v: string) => {
                      if (tab !== 'json') return;
                      try {
                        JSON.parse(v);
                      } catch (e) {
                        throw new Error(t('rule.jsonInvalid', { message: (e as Error).message }));
                      }
                    },
                  },
                ]}
              >
                <Input.TextArea rows={18} style={{ fontFamily: 'monospace' }} data-testid="rule-json" />
              </Form.Item>
            ),
          },
        ]}
      />
    </FormDialog>
  );
}
