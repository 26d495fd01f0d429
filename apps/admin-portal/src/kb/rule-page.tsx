import { Alert, Button, Card, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api } from '../api/client';
import { useAuth } from '../auth/auth';
import { formatDateTime } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { ApiErrorView } from '../shell/api-error-alert';
import { ErrorPage } from '../shell/error-page';
import { regionName } from '../shell/regions';
import { useLoad } from '../shell/use-load';
import type { RuleJson } from './rule-dsl';
import { RuleDraftDialog } from './rule-draft-dialog';
import { RuleView } from './rule-view';
import { mayEditRules } from './rules-page';

/** One rule of a region: its versions, the chosen one readable (conditions, scope, severity, templates, basis), and editing it as a new draft. */
export function RulePage() {
  const { region = '', ruleId = '' } = useParams();
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const list = useLoad(() => api.get('/api/v1/kb/rules/{region}', { path: { region } }), [region]);
  const [chosen, setChosen] = useState<number>();
  const [editing, setEditing] = useState(false);
  if (list.error) return <ApiErrorView error={list.error} />;
  if (!list.data) return <Card loading />;
  const versions = list.data.filter((r) => r.ruleId === ruleId).sort((a, b) => b.version - a.version);
  if (versions.length === 0) return <ErrorPage status={404} />;
  const shown = versions.find((v) => v.version === chosen) ?? versions[0];
  const editor = mayEditRules(user?.roles ?? [], region);

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4}>
        {lang === 'en' ? shown.name.en : shown.name.zh} <Typography.Text type="secondary">{ruleId}</Typography.Text>
      </Typography.Title>
      <Space wrap>
        {regionName(region, lang)}
        {t('rule.version')}
        <Select
          style={{ width: 200 }}
          value={shown.version}
          onChange={setChosen}
          data-testid="rule-version"
          options={versions.map((v) => ({ value: v.version, label: `v${v.version} · ${t(`rule.status.${v.status}`)}` }))}
        />
        <Tag color={shown.status === 'DRAFT' ? 'gold' : 'green'}>{t(`rule.status.${shown.status}`)}</Tag>
        <Typography.Text type="secondary">
          {t('rule.createdBy')} {shown.createdBy} · {formatDateTime(shown.createdAt)}
        </Typography.Text>
        {editor && (
          <Button type="primary" onClick={() => setEditing(true)} data-testid="edit-draft">
            {t('rule.editDraft')}
          </Button>
        )}
      </Space>
      {!editor && region.endsWith('0000') && <Alert type="info" showIcon title={t('rule.readOnlyProvincial')} />}
      <RuleView def={shown.definition as RuleJson} />
      {editing && (
        <RuleDraftDialog
          region={region}
          base={shown.definition as RuleJson}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            setEditing(false);
            setChosen(saved.version);
            list.reload();
          }}
        />
      )}
    </Space>
  );
}
