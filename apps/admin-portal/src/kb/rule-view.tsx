import { Descriptions, Tag, Typography } from 'antd';
import { useI18n } from '../i18n/i18n';
import { isMessageKey } from '../i18n/messages';
import { exprText, isNational, type RuleJson, valueText } from './rule-dsl';

const SCOPE_KEYS = ['insutypes', 'medTypes', 'treatmentModes', 'institutionLevels', 'institutionTypes', 'regions', 'triggerScenes'] as const;

export function SeverityTag({ severity }: { severity: unknown }) {
  const { t } = useI18n();
  const key = `rule.severity.${String(severity)}`;
  return <Tag color={severity === '1' ? 'red' : severity === '2' ? 'orange' : 'gold'}>{isMessageKey(key) ? t(key) : String(severity)}</Tag>;
}

export function OriginTag({ def }: { def: Record<string, unknown> }) {
  const { t } = useI18n();
  return isNational(def) ? <Tag color="blue">{t('rule.origin.national')}</Tag> : <Tag color="purple">{t('rule.origin.local')}</Tag>;
}

/** A rule definition as reviewers read it: scope, target, parameters, intermediate values and condition as formulas, severity, templates and policy basis. */
export function RuleView({ def }: { def: RuleJson }) {
  const { t, lang } = useI18n();
  const scope = (def.scope ?? {}) as Record<string, unknown[]>;
  const scoped = SCOPE_KEYS.filter((k) => Array.isArray(scope[k]) && scope[k].length > 0);
  const target = (def.target ?? {}) as Record<string, unknown>;
  const amount = (def.amount ?? {}) as Record<string, unknown>;
  const explanation = (def.explanation ?? {}) as { volaCont?: string; volaEvid?: string };
  const category = def.category as { tier1?: string; tier2?: string } | undefined;
  const modeText = (m: unknown) => {
    const key = `alert.mode.${String(m)}`;
    return isMessageKey(key) ? t(key) : String(m);
  };

  return (
    <Descriptions column={1} size="small" bordered data-testid="rule-view" styles={{ label: { width: 140 } }}>
      <Descriptions.Item label={t('rule.name')}>
        {lang === 'en' ? def.name.en : def.name.zh} <OriginTag def={def} />
        <Typography.Text type="secondary">
          {def.id} · v{def.version}
        </Typography.Text>
      </Descriptions.Item>
      {category && <Descriptions.Item label={t('rule.category')}>{`${category.tier1 ?? ''} / ${category.tier2 ?? ''}`}</Descriptions.Item>}
      <Descriptions.Item label={t('rule.stage')}>
        {((def.stage as string[]) ?? []).map((s) => {
          const key = `rule.stage.${s}`;
          return <Tag key={s}>{isMessageKey(key) ? t(key) : s}</Tag>;
        })}
      </Descriptions.Item>
      <Descriptions.Item label={t('rule.scope')}>
        <span data-testid="rule-scope">
          {scoped.length === 0
            ? t('rule.scope.all')
            : scoped.map((k) => `${t(`rule.scope.${k}`)}: ${(k === 'treatmentModes' ? scope[k].map(modeText) : scope[k].map(String)).join('、')}`).join('；')}
        </span>
      </Descriptions.Item>
      <Descriptions.Item label={t('rule.target')}>
        {target.kind === 'line' ? t('rule.target.line') : t('rule.target.claim')}
        {target.listTypes ? ` · list_type ${(target.listTypes as string[]).join('、')}` : ''}
        {target.itemSet ? ` · ${JSON.stringify(target.itemSet)}` : ''}
        {target.groupBy ? ` · groupBy ${(target.groupBy as string[]).join(', ')}` : ''}
      </Descriptions.Item>
      <Descriptions.Item label={t('rule.params')}>
        <span data-testid="rule-params">
          {Object.entries(def.params ?? {}).map(([k, v]) => (
            <Tag key={k}>{`${k} = ${valueText(v)}`}</Tag>
          ))}
        </span>
      </Descriptions.Item>
      {def.let !== undefined && (
        <Descriptions.Item label={t('rule.let')}>
          {Object.entries(def.let as Record<string, unknown>).map(([k, v]) => (
            <div key={k}>
              <code>{k}</code> = <code>{exprText(v, lang)}</code>
            </div>
          ))}
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('rule.condition')}>
        <code data-testid="rule-condition">{exprText(def.condition, lang)}</code>
      </Descriptions.Item>
      <Descriptions.Item label={t('rule.severity')}>
        <SeverityTag severity={def.severity} />
      </Descriptions.Item>
      <Descriptions.Item label={t('rule.amount')}>
        {amount.kind === 'expr' ? (
          <>
            {t('rule.amount.expr')}: <code>{exprText(amount.value, lang)}</code>
          </>
        ) : amount.kind === 'none' ? (
          t('rule.amount.none')
        ) : (
          t('rule.amount.target')
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('rule.volaCont')}>{explanation.volaCont}</Descriptions.Item>
      <Descriptions.Item label={t('rule.volaEvid')}>
        <span data-testid="rule-basis">{explanation.volaEvid}</span>
      </Descriptions.Item>
      {typeof def.notes === 'string' && <Descriptions.Item label={t('rule.notes')}>{def.notes}</Descriptions.Item>}
    </Descriptions>
  );
}
